"""Turns a practitioner's answer into a triage category, or None when it names none."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.vocabulary import match_answer

YES_NO = ("yes", "no", "unsure")
INTENT_ANSWERS = {"affirm": "yes", "deny": "no", "not_sure": "unsure"}


def category(session: Session, slot: str, value, tracker: Tracker) -> Optional[str]:
    """The category ``value`` stands for in ``slot``.

    Buttons send the category itself. A typed reply to this slot's question is read
    through its intent first (yes / no / not sure), then through the vocabulary.
    """
    if value is None:
        return None
    value = str(value)
    asked = tracker.get_slot("requested_slot") == slot
    intent = (tracker.latest_message or {}).get("intent", {}).get("name")
    terms = repository.vocabulary(session)
    if value in {t.value for t in terms if t.slot == slot}:
        return value
    if asked and intent in INTENT_ANSWERS:
        mapped = INTENT_ANSWERS[intent]
        if mapped in {t.value for t in terms if t.slot == slot}:
            return mapped
    return match_answer(terms, slot, value, asked=asked)
