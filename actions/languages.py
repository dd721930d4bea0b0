"""Choosing the conversation's language on request ("in German please", the language
button, Telegram's /language): the next question comes in the new language."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.reading import language_of, typed_text
from actions.texts import say
from knowledge.models import LANGUAGES
from language.detect import requested


class ActionSetLanguage(Action):
    """Switches to the language asked for, or offers the four when none was named."""

    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        entities = (tracker.latest_message or {}).get("entities") or []
        chosen = next((e.get("value") for e in entities if e.get("entity") == "language"), None)
        wanted = chosen or requested(typed_text(tracker) or "")
        if wanted not in LANGUAGES:
            say(dispatcher, domain, "utter_choose_language", language_of(tracker))
            return []
        say(dispatcher, domain, "utter_language_set", wanted)
        return [SlotSet("language", wanted)]


class ActionSessionStart(Action):
    """A new session after a long pause (``session_config``) forgets every answer, as
    before, but keeps the language: the practitioner who comes back is answered in the
    language they chose or were read in, on either channel."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        language = tracker.get_slot("language")
        kept = [SlotSet("language", language)] if language in LANGUAGES else []
        return [SessionStarted(), *kept, ActionExecuted("action_listen")]
