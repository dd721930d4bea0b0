"""Widget conversations: server-made, unguessable ids, and their history as widget messages.

The browser holds only a signed random id; Rasa sees a keyed hash of it, so the
tracker store never holds what the browser holds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Dict, List, Optional

ID_BYTES = 24
GREETING = "/greet"  # sent by the server when a conversation starts; not the user's words


def new_id(secret: bytes) -> str:
    """A fresh conversation id: random part plus its signature."""
    random_part = secrets.token_urlsafe(ID_BYTES)
    return f"{random_part}.{_sign(secret, random_part)}"


def is_valid(secret: bytes, conversation_id: str) -> bool:
    """True for ids this server made (any other string is refused)."""
    random_part, _, signature = conversation_id.partition(".")
    if not random_part or len(conversation_id) > 100:
        return False
    return hmac.compare_digest(signature, _sign(secret, random_part))


def sender_id(secret: bytes, conversation_id: str) -> str:
    """The pseudonymous id Rasa stores for this conversation."""
    digest = hmac.new(secret, f"web:{conversation_id}".encode(), hashlib.sha256).hexdigest()
    return f"web-{digest[:40]}"


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]


def history(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The conversation as the widget shows it: a tapped button shows its title, and a
    recommendation shows as its card (its plain-text twin is for channels without cards)."""
    messages: List[Dict[str, Any]] = []
    titles: Dict[str, str] = {}
    for event in tracker.get("events") or []:
        if event.get("event") == "user":
            text = event.get("text") or ""
            if text != GREETING:
                messages.append({"role": "user", "text": titles.get(text, text)})
        elif event.get("event") == "bot":
            data = event.get("data") or {}
            buttons = data.get("buttons") or []
            if buttons:
                titles = {b.get("payload"): b.get("title") for b in buttons}
            messages.append(_bot_message(event.get("text"), buttons, data.get("custom")))
    return messages


def latest_replies(tracker: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The bot's messages after the last message sent to it."""
    events = tracker.get("events") or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    return history({"events": events[last_user + 1 :]})


def _bot_message(text: Optional[str], buttons: list, custom: Any) -> Dict[str, Any]:
    if isinstance(custom, dict) and custom.get("type") == "recommendation":
        return {"role": "bot", "card": custom}
    message: Dict[str, Any] = {"role": "bot", "text": text or ""}
    if buttons:
        message["buttons"] = [
            {"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons
        ]
    return message
