"""The one-time reminder that Signpost needs no names, the first time a practitioner types
something that looks like one (``actions.reading`` calls it for every message)."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.texts import say
from privacy.redaction import redact_with_kinds


def name_reminder(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, language: str
) -> List[EventType]:
    """Remind once, when the latest message looks like it holds a name."""
    text = (tracker.latest_message or {}).get("text") or ""
    if tracker.get_slot("name_reminded") or not text or text.startswith("/"):
        return []
    if "name" in redact_with_kinds(text)[1]:
        say(dispatcher, domain, "utter_name_reminder", language)
        return [SlotSet("name_reminded", True)]
    return []
