"""The practitioner's language on Telegram: guessed from the Telegram app's language, told
to the assistant once when a conversation starts, chosen anew with /language."""

from __future__ import annotations

from typing import Optional

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, User
from telegram.ext import ContextTypes

from bot.channels.languages import NAMES, chosen_by, of_conversation, set_language, supported
from bot.rasa.client import RasaClient

DEFAULT_LANGUAGE = "en"
CALLBACK_PREFIX = "language:"  # callback data of the /language buttons


def guess(user: Optional[User]) -> str:
    """The Telegram app's language if Signpost speaks it ("de-AT" -> "de"), else English."""
    return supported(user.language_code if user else None) or DEFAULT_LANGUAGE


def of_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The language to speak in: the conversation's, else the one chosen, else the guess."""
    chat_data = context.chat_data or {}
    return chat_data.get("language") or chat_data.get("chosen") or guess(update.effective_user)


async def tell_assistant(
    update: Update, context: ContextTypes.DEFAULT_TYPE, rasa: RasaClient, sender: str, message: str
) -> None:
    """Before ``message``: tell the assistant the practitioner's language if its conversation
    has none yet (so it greets in it), unless ``message`` chooses one itself."""
    if context.chat_data.get("language") or chosen_by(message):
        return
    language = of_conversation(await rasa.tracker(sender))
    if language is None:
        language = context.chat_data.get("chosen") or guess(update.effective_user)
        await rasa.send(sender, set_language(language))
    context.chat_data["language"] = language


def keyboard() -> InlineKeyboardMarkup:
    """One button per language, each named in its own language."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=CALLBACK_PREFIX + code)]
            for code, name in NAMES.items()
        ]
    )


def chosen_in(callback_data: Optional[str]) -> Optional[str]:
    """The language a tapped /language button chooses."""
    return supported((callback_data or "")[len(CALLBACK_PREFIX) :])
