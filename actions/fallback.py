"""When no intent is clear: a question the knowledge base answers is answered; a message
that still stated something the triage asks about (a long pasted paragraph, an unusual
description) starts the triage with what it said; anything else gets the fallback's
offer of what Signpost can do."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import answer_question
from actions.reading import TRIAGE_SLOTS
from actions.triage import start_triage


class ActionFallback(Action):
    """Starts the triage when the message was read into any of its answers."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if answer_question(dispatcher, tracker):
            return []
        if read_from_latest_message(tracker) and tracker.get_slot("course_of_action") is None:
            start_triage(dispatcher, tracker)
            return [FollowupAction("triage_form")]
        dispatcher.utter_message(response="utter_fallback")
        return []


def read_from_latest_message(tracker: Tracker) -> List[str]:
    """The triage slots the latest message filled."""
    filled: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if (
            event.get("event") == "slot"
            and event.get("name") in TRIAGE_SLOTS
            and event.get("value")
        ):
            filled.append(event["name"])
    return filled
