"""Explains extremist symbols, numbers and phrases from the knowledge base's glossary."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import kb_session
from knowledge import repository


class ValidateGlossaryForm(FormValidationAction):
    """Asks for the term when the question named none (a tapped button, "what's this?")."""

    def name(self) -> str:
        return "validate_glossary_form"

    def validate_glossary_term(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        named = str(value or "").strip()
        return {"glossary_term": None if not named or named.startswith("/") else named}


class ActionExplainSymbol(Action):
    """Says what a symbol means, who uses it, and when it is innocent (context decides)."""

    def name(self) -> str:
        return "action_explain_symbol"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asked_about = tracker.get_slot("glossary_term") or (tracker.latest_message or {}).get(
            "text"
        )
        with kb_session() as session:
            entry = repository.find_glossary_entry(session, asked_about)
        if entry is None:
            dispatcher.utter_message(response="utter_glossary_unknown")
        else:
            caveat = (
                entry.innocent_use or "No common innocent use is known, but context still matters."
            )
            dispatcher.utter_message(
                response="utter_glossary_entry",
                term=entry.term,
                meaning=entry.meaning,
                ideology=entry.ideology,
                caveat=caveat,
                source=entry.source,
            )
        return [SlotSet("glossary_term", None)]
