"""Starting again, only when the practitioner means it.

Starting again throws the conversation away, so a message the intent classifier only
half takes for "start again" ("recruitment, they are trying to get them to join") must
not do it: inside a question it is an answer, and the form goes on; outside, it is a
message like any unclear one (``action_fallback``). A button's payload, or a confident
reading, starts again, in the conversation's language.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.reading import language_of, read_this_turn
from actions.texts import say

# "start over", "reset", "new case": the classifier is this sure of what it was trained on
SURE = 0.8


class ActionStartAgain(Action):
    """Restarts on a clear request; otherwise carries on where the conversation was."""

    def name(self) -> str:
        return "action_start_again"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        message = tracker.latest_message or {}
        confidence = (message.get("intent") or {}).get("confidence") or 0.0
        button = (message.get("text") or "").startswith("/")
        if button or (confidence >= SURE and not read_this_turn(tracker)):
            say(dispatcher, domain, "utter_restart", language_of(tracker))
            chosen = tracker.get_slot("language")
            return [Restarted()] + ([SlotSet("language", chosen)] if chosen else [])
        form = (tracker.active_loop or {}).get("name")
        return [FollowupAction(form or "action_fallback")]
