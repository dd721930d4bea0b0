"""The triage: validating the form's answers, the recommendation, and the danger override."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import category
from actions.formatting import recommendation_text
from actions.jurisdiction import validate_jurisdiction
from actions.kb import kb_session
from actions.referral import referral_offer
from knowledge.db import default_sessionmaker
from knowledge.outcomes import record_outcome
from knowledge.policy import Triage
from knowledge.recommendation import Recommendation, recommend

logger = logging.getLogger(__name__)


class ValidateTriageForm(FormValidationAction):
    """Reads each answer into a category and decides which questions are still needed."""

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        """Danger ends the form at once; other agencies matter only for a legal post by
        someone the practitioner knows (engage or refer)."""
        if tracker.get_slot("danger") == "yes":
            return ["danger"]
        needs_agencies = (
            tracker.get_slot("poster") == "known_person" and tracker.get_slot("illegal") == "no"
        )
        return [s for s in domain_slots if s != "other_agencies" or needs_agencies]

    def _answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[str, Any]:
        with kb_session() as session:
            answer = category(session, slot, value, tracker)
        if answer is None and tracker.get_slot("requested_slot") == slot:
            dispatcher.utter_message(response="utter_not_understood")
        return {slot: answer}

    def validate_danger(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        result = self._answer("danger", value, dispatcher, tracker)
        if result["danger"] == "unsure":
            dispatcher.utter_message(response="utter_danger_unsure")
        return result

    def validate_content_type(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._answer("content_type", value, dispatcher, tracker)

    def validate_platform(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._answer("platform", value, dispatcher, tracker)

    def validate_illegal(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._answer("illegal", value, dispatcher, tracker)

    def validate_poster(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._answer("poster", value, dispatcher, tracker)

    def validate_other_agencies(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return self._answer("other_agencies", value, dispatcher, tracker)

    def validate_jurisdiction(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return validate_jurisdiction(value, dispatcher, tracker)


class ActionRecommendCourse(Action):
    """Answers the completed triage with a course of action from the knowledge base."""

    def name(self) -> str:
        return "action_recommend_course"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        triage = Triage.from_slots(tracker.current_slot_values())
        return send_recommendation(dispatcher, triage, offer_referral=True)


class ActionEmergency(Action):
    """The danger override: stop whatever was asked and give 112 and the police number."""

    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        triage = Triage(danger="yes", jurisdiction=tracker.get_slot("jurisdiction"))
        events = send_recommendation(dispatcher, triage)
        return [
            SlotSet("danger", "yes"),
            *events,
            ActiveLoop(None),
            SlotSet("requested_slot", None),
        ]


def send_recommendation(
    dispatcher: CollectingDispatcher, triage: Triage, *, offer_referral: bool = False
) -> List[EventType]:
    """Send the recommendation as text plus a ``custom`` card; set the outcome slots and,
    when asked, whether to offer the anonymous referral (from the same decision)."""
    with kb_session() as session:
        rec = recommend(session, triage)
        offer = referral_offer(session, rec, triage.jurisdiction) if offer_referral else []
    count_outcome(triage, rec)
    dispatcher.utter_message(text=recommendation_text(rec), json_message=rec.payload())
    return [
        SlotSet("course_of_action", rec.course_of_action),
        SlotSet("urgency", rec.urgency),
        *offer,
    ]


def count_outcome(triage: Triage, rec: Recommendation) -> None:
    """Add the recommendation to the week's anonymous counts, in its own short transaction.

    Counting must never cost the practitioner their answer: a failure is logged (the
    error's kind only, no answer or text) and the recommendation goes out all the same.
    """
    try:
        with default_sessionmaker().begin() as session:
            record_outcome(
                session,
                jurisdiction_key=rec.jurisdiction or "EU",
                course_of_action=rec.course_of_action,
                content_type=triage.content_type,
                platform=triage.platform,
                day=dt.date.today(),
            )
    except Exception as error:  # whatever broke, the answer still goes out
        logger.warning("Could not count a triage outcome (%s)", type(error).__name__)
