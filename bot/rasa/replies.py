"""Rasa's replies as channels show them: one message per bot reply, keeping its text,
buttons and recommendation card together, for a turn just answered and for a stored
conversation read back.

Shared by the web widget and the Telegram bot.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

GREETING = "/greet"  # sent by a channel when a conversation starts; not the user's words
UNAVAILABLE = "unavailable"  # see bot/rasa/process.py


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
            if _unanswered(data.get("custom")):
                continue  # the channel said "not answered, send again" when it happened
            buttons = data.get("buttons") or []
            if buttons:
                titles = {b.get("payload"): b.get("title") for b in buttons}
            messages.append(_bot_message(event.get("text"), buttons, data.get("custom")))
    return messages


def new_replies(answered: List[Dict[str, Any]]) -> Optional[List[Dict[str, Any]]]:
    """The replies to the message just sent, as the widget shows them (``answered``: what
    Signpost's channel in Rasa said, each reply whole), or None when Rasa did not process
    it. The channel says [] when Rasa failed, and Rasa's adapter sends the "unavailable"
    marker when the action server is down (Rasa took the message back unanswered): either
    way the practitioner must hear that the message was not answered, never silence.
    Every turn of this assistant answers something, so [] always means a failure."""
    if not answered or any(_unanswered(reply.get("custom")) for reply in answered):
        return None
    return [
        _bot_message(reply.get("text"), reply.get("buttons") or [], reply.get("custom"))
        for reply in answered
    ]


def _unanswered(custom: Any) -> bool:
    """The marker Rasa's adapter (bot/rasa/process.py) sends when the action server could
    not run an action and the message was taken back unanswered."""
    return isinstance(custom, dict) and custom.get("type") == UNAVAILABLE


def _bot_message(text: Optional[str], buttons: list, custom: Any) -> Dict[str, Any]:
    if isinstance(custom, dict) and custom.get("type") == "recommendation":
        return {"role": "bot", "card": custom}
    if isinstance(custom, dict) and custom.get("type") == "notice":
        return {"role": "bot", "notice": custom}
    message: Dict[str, Any] = {"role": "bot", "text": text or ""}
    if buttons:
        message["buttons"] = [
            {"title": b.get("title", ""), "payload": b.get("payload", "")} for b in buttons
        ]
    return message
