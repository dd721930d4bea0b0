"""Reads the place a practitioner works in, shared by every form that asks for it."""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.kb import kb_session
from knowledge import repository
from knowledge.places import Place, PlaceResolver
from knowledge.vocabulary import is_unsure

NOT_SURE = "EU"


def validate_jurisdiction(
    value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
) -> Dict[str, Any]:
    """Resolve a typed place to a knowledge-base key; say which place was understood."""
    intent = (tracker.latest_message or {}).get("intent", {}).get("name")
    asked = tracker.get_slot("requested_slot") == "jurisdiction"
    with kb_session() as session:
        unsure = intent == "not_sure" or is_unsure(repository.vocabulary(session), str(value))
        if asked and unsure:
            dispatcher.utter_message(response="utter_place_unsure")
            return {"jurisdiction": NOT_SURE}
        known = repository.get_jurisdiction(session, str(value))
        if known is not None:
            return {"jurisdiction": known.key}
        place = resolve_place(session, str(value))
    if place is None:
        if asked:  # a place picked out of a longer first message is dropped quietly
            dispatcher.utter_message(response="utter_place_not_found")
        return {"jurisdiction": None}
    if place.outside_eu:
        dispatcher.utter_message(response="utter_place_outside_eu", place=place.name)
    else:
        dispatcher.utter_message(response="utter_place_confirmed", place=place.name)
    return {"jurisdiction": place.key}


def resolve_place(session, typed: str) -> Optional[Place]:
    """The place ``typed`` names, against the knowledge base's current jurisdictions."""
    return PlaceResolver(repository.jurisdictions(session)).resolve(typed)
