"""Explains extremist symbols, numbers and phrases from the knowledge base's glossary."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import answer_question, say_if_untranslated
from actions.kb import kb_session
from actions.reading import language_of
from knowledge import repository
from knowledge.models import GlossaryEntry
from knowledge.translations import localise
from language.reader.grammar import grammar
from language.reader.text import clean


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
            if entry is not None:
                explain(dispatcher, session, entry, language_of(tracker))
        if entry is None and not answer_question(
            dispatcher, tracker
        ):  # "what do you mean by agency?"
            dispatcher.utter_message(response="utter_glossary_unknown")
        return [SlotSet("glossary_term", None)]


def explain(dispatcher: CollectingDispatcher, session, entry: GlossaryEntry, language: str) -> None:
    """What ``entry`` means, who uses it, and when it is innocent (context decides), in
    ``language`` where the glossary has it translated."""
    local = localise(session, "glossary", entry, language)
    if entry.innocent_use:
        dispatcher.utter_message(
            response="utter_glossary_entry",
            term=entry.term,
            meaning=local.text("meaning"),
            ideology=local.text("ideology"),
            caveat=local.text("innocent_use"),
            source=entry.source,
        )
    else:
        dispatcher.utter_message(
            response="utter_glossary_entry_no_innocent_use",
            term=entry.term,
            meaning=local.text("meaning"),
            ideology=local.text("ideology"),
            source=entry.source,
        )
    say_if_untranslated(dispatcher, local)


def explain_if_asked(dispatcher: CollectingDispatcher, session, text: str, language: str) -> bool:
    """Explain a symbol a message asks about on the way ("a pupil has 18 on his shirt, what
    does it mean?"): when it asks for a meaning and names a glossary term."""
    if not text or not grammar().meaning.search(clean(text)):
        return False
    entry = repository.find_glossary_entry(session, text)
    if entry is None:
        return False
    explain(dispatcher, session, entry, language)
    return True


def answer_from_knowledge(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Answer what ``text`` asks from the knowledge base: a symbol's meaning (glossary),
    else one of its questions and answers (faq). True when something was answered."""
    with kb_session() as session:
        if explain_if_asked(dispatcher, session, text, language_of(tracker)):
            return True
    return answer_question(dispatcher, tracker)
