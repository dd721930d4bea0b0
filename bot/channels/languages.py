"""The conversation's language as the channels handle it: which of Signpost's languages a
browser or Telegram asks for, the ``set_language`` payload that tells the assistant, and
the language a stored conversation is in (its ``language`` slot).

Shared by the web widget and the Telegram bot, so both speak to Rasa the same way.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from knowledge.models import LANGUAGES

# Each language by its own name: what a practitioner looks for in a language menu.
NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "nl": "Nederlands"}
PAYLOAD_PREFIX = "/set_language"


def supported(code: Optional[str]) -> Optional[str]:
    """The language of a tag such as "de-AT" or "fr", if Signpost speaks it, else None."""
    prefix = (code or "").strip()[:2].lower()
    return prefix if prefix in LANGUAGES else None


def set_language(language: str) -> str:
    """The payload that switches the conversation to ``language`` (as the domain's buttons)."""
    return PAYLOAD_PREFIX + json.dumps({"language": language}, separators=(",", ":"))


def chosen_by(message: Optional[str]) -> Optional[str]:
    """The language a ``set_language`` payload chooses; None for any other message."""
    if not (message or "").startswith(PAYLOAD_PREFIX + "{"):
        return None
    try:
        entities = json.loads(message[len(PAYLOAD_PREFIX) :])
    except ValueError:
        return None
    return supported(entities.get("language")) if isinstance(entities, dict) else None


def of_conversation(tracker: Dict[str, Any]) -> Optional[str]:
    """The language a stored conversation is in, if it has one yet."""
    return supported((tracker.get("slots") or {}).get("language"))
