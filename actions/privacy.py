"""Runs after every message, before anything else answers: the one-time reminder that
Signpost needs no names, the first time a practitioner types something that looks like one."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from privacy.redaction import redact_with_kinds


class ValidatePredefinedSlots(ValidationAction):
    """Rasa's global slot-validation hook, used to notice names in any turn of any form."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        text = (tracker.latest_message or {}).get("text") or ""
        if tracker.get_slot("name_reminded") or not text or text.startswith("/"):
            return events
        if "name" in redact_with_kinds(text)[1]:
            dispatcher.utter_message(response="utter_name_reminder")
            events.append(SlotSet("name_reminded", True))
        return events
