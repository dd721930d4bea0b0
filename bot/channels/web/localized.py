"""The conversation's language on the widget's side: cards carry their labels, and the
language chosen when the conversation opened is not shown back as something said.

The labels come from ``language/labels.yml`` with the card, so the widget holds no second
copy of them and a card reads in the language it was written in.
"""

from __future__ import annotations

from typing import Any, Dict, List

from bot.channels.languages import NAMES, chosen_by
from bot.rasa import replies
from language.labels import label

HEADINGS = ("urgency", "who_acts", "what_to_do", "contacts", "sources", "offers")
# the words a drafted notice is drawn with around its own texts
NOTICE_WORDS = (
    "copy",
    "copied",
    "copy_failed",
    "show",
    "notice_url",
    "in_app",
    "dsa_contact",
    "reporting_points",
    "next",
)


def with_labels(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """``messages`` with each card's and notice's labels (urgency, headings) in its language, and
    a language chosen from the widget's menu shown by that language's name."""
    shown = []
    for message in messages:
        if "card" in message:
            message = {**message, "card": {**message["card"], "labels": labels(message["card"])}}
        elif "notice" in message:
            notice = message["notice"]
            words = {key: label("notice", key, notice.get("language")) for key in NOTICE_WORDS}
            message = {**message, "notice": {**notice, "labels": words}}
        elif message.get("role") == "user" and chosen_by(message.get("text")):
            message = {**message, "text": NAMES[chosen_by(message["text"])]}
        shown.append(message)
    return shown


def labels(card: Dict[str, Any]) -> Dict[str, Any]:
    """The words a card is drawn with, in the card's language (its contacts' roles and
    places come named in the card itself: knowledge/recommendation.py)."""
    language = card.get("language")
    return {
        "urgency": label("urgency", card.get("urgency"), language),
        "headings": {key: label("headings", key, language) for key in HEADINGS},
    }


def without_opening_choice(tracker: Dict[str, Any]) -> Dict[str, Any]:
    """The conversation without the language the widget set before the greeting (and the
    assistant's confirmation of it): the practitioner never typed it."""
    events = tracker.get("events") or []
    said = [i for i, event in enumerate(events) if event.get("event") == "user"]
    if not said or not chosen_by(events[said[0]].get("text")):
        return tracker
    greeting = said[1] if len(said) > 1 else len(events)
    if greeting < len(events) and events[greeting].get("text") != replies.GREETING:
        return tracker
    return {**tracker, "events": events[: said[0]] + events[greeting:]}
