"""Who the practitioner's local coordinator is, and the form that asks where they work."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formatting import contact_line
from actions.kb import kb_session
from actions.reading import answered_on_the_way, is_question, language_of, typed_text
from actions.repair import ask_next
from knowledge import repository
from knowledge.places import resolver_for
from knowledge.recommendation import localised_contact
from language.labels import country_name


class ValidateCoordinatorForm(FormValidationAction):
    """Asks where the practitioner works for "who is my coordinator?" (the answer is read by
    ``actions.reading``), at most twice: then the EU's contacts."""

    def name(self) -> str:
        return "validate_coordinator_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        candidates = tracker.slots_to_validate()
        if (
            "jurisdiction" not in candidates
            and is_question(tracker)
            and not answered_on_the_way(tracker)
        ):
            return []
        return await ask_next(self, dispatcher, tracker, domain, candidates)


class ActionShowCoordinator(Action):
    """Shows the coordinator for the practitioner's municipality, or how to find one."""

    def name(self) -> str:
        return "action_show_coordinator"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        key = tracker.get_slot("jurisdiction")
        with kb_session() as session:
            if not key:  # "who is the coordinator in Graz?" asked during the triage
                text = typed_text(tracker)
                place = resolver_for(session).resolve(text) if text else None
                key = place.key if place else None
            if not key:
                dispatcher.utter_message(response="utter_coordinator_needs_place")
                return []
            chain = repository.jurisdiction_chain(session, key)
            coordinators = [
                c
                for c in repository.coordinators_for(session, key)
                if c.jurisdiction_key == chain[0].key
            ]
            language = language_of(tracker)
            coordinators = [localised_contact(session, c, language) for c in coordinators]
            counselling = [
                localised_contact(session, c, language)
                for c in repository.contacts_for(session, key, "refer_coordinator")
            ]
            place = country_name(chain[0].key, chain[0].name, language)
        if coordinators:
            lines = "\n".join(f"- {contact_line(c, language)}" for c in coordinators)
            dispatcher.utter_message(
                response="utter_coordinator_found", place=place, contacts=lines
            )
        else:
            dispatcher.utter_message(response="utter_coordinator_unknown", place=place)
            if counselling:
                lines = "\n".join(f"- {contact_line(c, language)}" for c in counselling)
                dispatcher.utter_message(response="utter_coordinator_advice", contacts=lines)
        return []
