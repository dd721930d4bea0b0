"""Who the practitioner's local coordinator is, and the form that asks where they work."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.formatting import contact_line
from actions.jurisdiction import resolve_place, validate_jurisdiction
from actions.kb import kb_session
from knowledge import repository
from knowledge.recommendation import contact_dict


class ValidateCoordinatorForm(FormValidationAction):
    """Reads the place asked for by "who is my coordinator?"."""

    def name(self) -> str:
        return "validate_coordinator_form"

    def validate_jurisdiction(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return validate_jurisdiction(value, dispatcher, tracker)


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
                places = [
                    e.get("value")
                    for e in tracker.latest_message.get("entities", [])
                    if e.get("entity") == "place"
                ]
                place = resolve_place(session, places[0]) if places else None
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
            counselling = repository.contacts_for(session, key, "refer_coordinator")
            place = chain[0].name
        if coordinators:
            lines = "\n".join(f"- {contact_line(contact_dict(c))}" for c in coordinators)
            dispatcher.utter_message(
                response="utter_coordinator_found", place=place, contacts=lines
            )
        else:
            dispatcher.utter_message(response="utter_coordinator_unknown", place=place)
            if counselling:
                lines = "\n".join(f"- {contact_line(contact_dict(c))}" for c in counselling)
                dispatcher.utter_message(response="utter_coordinator_advice", contacts=lines)
        return []
