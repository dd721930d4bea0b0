"""Telegram update handlers: commands, text, button taps, and everything that is refused."""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Optional

from sqlalchemy.orm import sessionmaker
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.channels.languages import NAMES, of_conversation, set_language
from bot.channels.telegram import languages, render, texts
from bot.channels.typed_text import cleaned
from bot.rasa import conversation_store, replies
from bot.rasa.client import RasaUnavailable
from knowledge import access
from privacy.pseudonyms import pseudonym

logger = logging.getLogger(__name__)


def sender_of(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> str:
    """The pseudonym Rasa and the database know this Telegram user by."""
    return pseudonym(context.bot_data["secret"], "tg", str(user_id))


async def send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, **kwargs):
    """Send one HTML message; if Telegram refuses it, the same words as plain text, so
    nothing is lost. Flood control (``retry_after``) is waited out by the bot's rate limiter."""
    try:
        return await context.bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, disable_web_page_preview=True, **kwargs
        )
    except BadRequest as refused:
        logger.warning("Telegram refused an HTML message (%s); sent as plain text", refused)
        return await context.bot.send_message(
            chat_id, render.plain(text), disable_web_page_preview=True, **kwargs
        )


async def tell(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, **kwargs):
    """Send the bot's own text ``name`` (texts.yml) in the practitioner's language."""
    language = languages.of_chat(update, context)
    return await send(context, update.effective_chat.id, texts.text(name, language), **kwargs)


def private_chats_only(handler):
    """Refuse groups and channels: nothing about a case is shared with a group."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat = update.effective_chat
        if chat is None or chat.type != "private":
            if chat is not None and update.effective_message is not None:
                await tell(update, context, "groups_refused")
            return
        await handler(update, context)

    return wrapper


def members_only(handler):
    """Only admitted practitioners get further; others are refused and nothing is stored."""

    @functools.wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE):
        if not await is_admitted(context, update.effective_user.id):
            await tell(update, context, "not_admitted")
            return
        await handler(update, context)

    return private_chats_only(wrapper)


async def is_admitted(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    if user_id in context.bot_data["settings"].telegram_allowed_users:
        return True
    member = sender_of(context, user_id)
    return await asyncio.to_thread(_with_session, context.bot_data["kb"], access.is_member, member)


async def redeem(context: ContextTypes.DEFAULT_TYPE, code: str, user_id: int) -> bool:
    code_hash = access.invite_hash(context.bot_data["secret"], code)
    member = sender_of(context, user_id)
    return await asyncio.to_thread(
        _in_transaction, context.bot_data["kb"], access.redeem_invite, code_hash, member
    )


def _with_session(kb: sessionmaker, function, *args):
    with kb() as session:
        return function(session, *args)


def _in_transaction(kb: sessionmaker, function, *args):
    with kb.begin() as session:
        return function(session, *args)


async def converse(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """Pass ``message`` to Rasa (in the practitioner's language) and send its replies, a
    typing action while waiting."""
    chat_id = update.effective_chat.id
    sender = sender_of(context, update.effective_user.id)
    rasa = context.bot_data["rasa"]
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    try:
        await languages.tell_assistant(update, context, rasa, sender, message)
        answered = await rasa.send(sender, message)
        tracker = await rasa.tracker(sender)
    except RasaUnavailable:
        await tell(update, context, "unreachable")
        return
    answers = replies.new_replies(answered)
    if answers is None:  # not processed: never the previous turn's replies as new
        await tell(update, context, "unreachable")
        return
    # the conversation's language may have changed (a choice, or the assistant read it)
    context.chat_data["language"] = of_conversation(tracker)
    for answer in answers:
        await send_answer(context, chat_id, answer)


async def send_answer(context: ContextTypes.DEFAULT_TYPE, chat_id: int, answer: dict) -> None:
    """One reply: a recommendation card, a drafted notice, or text with its buttons as an
    inline keyboard."""
    if "card" in answer or "notice" in answer:
        drawn = render.card_html(answer["card"]) if "card" in answer else None
        for piece in render.split(drawn or render.notice_html(answer["notice"])):
            await send(context, chat_id, piece)
        return
    pieces = render.split(render.escape(answer.get("text")))
    markup = None
    if answer.get("buttons"):
        markup, choices = render.keyboard(answer["buttons"])
        context.chat_data["choices"] = choices
    for n, piece in enumerate(pieces):
        last = n == len(pieces) - 1
        await send(context, chat_id, piece, reply_markup=markup if last else None)


@private_chats_only
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admit with an invite code (/start CODE), then say what Signpost is."""
    if not await is_admitted(context, update.effective_user.id):
        if not context.args:
            await tell(update, context, "not_admitted")
            return
        if not await redeem(context, context.args[0], update.effective_user.id):
            await tell(update, context, "bad_code")
            return
        await tell(update, context, "welcome")
    await tell(update, context, "intro")
    await converse(update, context, replies.GREETING)


@members_only
async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What Signpost can do."""
    await converse(update, context, "/help")


@members_only
async def new_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a fresh case."""
    context.chat_data.pop("choices", None)
    await converse(update, context, "/start_again")


@private_chats_only
async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The privacy notice (for anyone: it stores nothing)."""
    await tell(update, context, "privacy")


@members_only
async def forget_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase every stored event of this user's conversation."""
    sender = sender_of(context, update.effective_user.id)
    url = context.bot_data["settings"].tracker_store_url
    await asyncio.to_thread(conversation_store.erase, url, sender)
    language = languages.of_chat(update, context)  # said in the language just forgotten
    context.chat_data.clear()
    await send(context, update.effective_chat.id, texts.text("forgotten", language))


@members_only
async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the four languages, each by its own name."""
    await tell(update, context, "choose_language", reply_markup=languages.keyboard())


@members_only
async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message: on to Rasa."""
    await converse(update, context, cleaned(update.effective_message.text))


@members_only
async def button_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tapped answer: mark the keyboard with the choice, then answer it like a message."""
    query = update.callback_query
    choice: Optional[dict] = (context.chat_data.get("choices") or {}).get(query.data)
    if choice is None:
        await query.answer(texts.text("button_expired", languages.of_chat(update, context)))
        return
    await query.answer()
    context.chat_data.pop("choices", None)
    await mark_answered(query, choice.get("title", ""))
    await converse(update, context, choice.get("payload") or choice.get("title", ""))


@members_only
async def language_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A language chosen from /language: the conversation goes on in it (the assistant
    confirms, and asks its open question again in that language)."""
    query = update.callback_query
    language = languages.chosen_in(query.data)
    await query.answer()
    if language is None:
        return
    await mark_answered(query, NAMES[language])
    context.chat_data["chosen"] = language
    await converse(update, context, set_language(language))


async def mark_answered(query, title: str) -> None:
    """Replace a tapped keyboard by the one answer chosen, so it can't be tapped again."""
    marked = InlineKeyboardMarkup([[InlineKeyboardButton(f"✓ {title}", callback_data="answered")]])
    try:
        await query.edit_message_reply_markup(reply_markup=marked)
    except TelegramError:  # the old message may be gone; the answer still counts
        logger.info("could not mark the answered keyboard")


@private_chats_only
async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, voice, files, stickers: never downloaded, politely refused."""
    await tell(update, context, "text_only")


@private_chats_only
async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message is not re-read; the practitioner is told so."""
    await tell(update, context, "edited")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error (never the user's text) and keep polling for everyone else."""
    logger.error("Telegram update failed: %s", type(context.error).__name__)
    if isinstance(update, Update) and update.effective_chat is not None:
        language = languages.of_chat(update, context)
        try:
            await context.bot.send_message(
                update.effective_chat.id, texts.text("unreachable", language)
            )
        except TelegramError:
            pass
