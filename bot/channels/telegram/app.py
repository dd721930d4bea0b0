"""Wiring of the Telegram bot: one ``build_application`` and its start-up and shutdown."""

from __future__ import annotations

from typing import Optional

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels.languages import LANGUAGES
from bot.channels.telegram import handlers, languages, texts
from bot.config.settings import Settings
from bot.rasa.client import RasaClient, client_session
from knowledge.db import default_sessionmaker

NOT_TEXT = (
    filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.Sticker.ALL
    | filters.LOCATION
    | filters.CONTACT
    | filters.ANIMATION
)
# how often a call refused by Telegram's flood control (HTTP 429) is tried again, each time
# after the ``retry_after`` Telegram asks for
MAX_RETRIES = 2


def build_application(
    settings: Settings, *, secret: bytes, request: Optional[BaseRequest] = None
) -> Application:
    """The bot for ``settings``: handlers wired, Rasa client opened on start-up, and every
    call to Telegram paced within its flood limits by python-telegram-bot's rate limiter."""
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_url.replace("/bot", "/file/bot"))
        .post_init(connect)  # run_polling() calls these; servers call them themselves
        .post_shutdown(disconnect)
        .rate_limiter(AIORateLimiter(max_retries=MAX_RETRIES))
    )
    if request is not None:
        builder = builder.request(request)
    application = builder.build()
    # the knowledge base of these settings (not of the environment): invites are made and
    # checked in the same database as the admin pages use
    application.bot_data.update(
        settings=settings, secret=secret, kb=default_sessionmaker(settings.database_url)
    )
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    application.add_handler(CommandHandler("start", handlers.start))
    application.add_handler(CommandHandler("help", handlers.help_command))
    application.add_handler(CommandHandler("new", handlers.new_command))
    application.add_handler(CommandHandler("privacy", handlers.privacy_command))
    application.add_handler(CommandHandler("forget", handlers.forget_command))
    application.add_handler(CommandHandler("language", handlers.language_command))
    application.add_handler(
        CallbackQueryHandler(handlers.language_tap, pattern=f"^{languages.CALLBACK_PREFIX}")
    )
    application.add_handler(CallbackQueryHandler(handlers.button_tap))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, handlers.edited))
    application.add_handler(MessageHandler(NOT_TEXT, handlers.not_text))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, handlers.text_message))
    application.add_error_handler(handlers.on_error)


async def connect(application: Application) -> None:
    """Open the Rasa client and register the commands, described in English for everyone
    and in each other language for Telegram apps set to it (after ``initialize()``)."""
    settings: Settings = application.bot_data["settings"]
    session = client_session()
    application.bot_data["http"] = session
    application.bot_data["rasa"] = RasaClient(settings.rasa_url, settings.rasa_token, session)
    for language in LANGUAGES:
        default = language == languages.DEFAULT_LANGUAGE
        await application.bot.set_my_commands(
            [BotCommand(c, d) for c, d in texts.commands(language)],
            language_code=None if default else language,
        )


async def disconnect(application: Application) -> None:
    """Close the Rasa client (after ``shutdown()``)."""
    session = application.bot_data.pop("http", None)
    if session is not None:
        await session.close()
