"""When no intent is clear: a question the knowledge base answers is answered; a message
that stated something the triage asks about (a long pasted paragraph, an unusual
description) or names what concerns are about (a post, a pupil) starts the triage with
what it said; anything else gets the fallback's offer of what Signpost can do."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.glossary import answer_from_knowledge
from actions.reading import looks_like_a_question, read_this_turn, typed_text
from actions.triage import about_a_concern, start_triage
from language.questions import asks_about_privacy


class ActionFallback(Action):
    """Starts the triage when the message was read into any of its answers."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = typed_text(tracker) or ""
        if answer_from_knowledge(dispatcher, tracker, text):
            return []
        if looks_like_a_question(text) and asks_about_privacy(text):
            dispatcher.utter_message(response="utter_privacy")
            return []
        triage_started = tracker.get_slot("course_of_action") is not None
        if not triage_started and (read_this_turn(tracker) or about_a_concern(text)):
            start_triage(dispatcher, tracker)
            return [FollowupAction("triage_form")]
        dispatcher.utter_message(response="utter_fallback")
        return []
