"""The triage: validating the form's answers, the recommendation, and the danger override."""

from __future__ import annotations

import datetime as dt
import logging
from typing import List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import floods
from actions.formatting import recommendation_text
from actions.glossary import answer_from_knowledge
from actions.kb import kb_session, kb_sessions
from actions.notice import follow_advice
from actions.reading import (
    TRIAGE_SLOTS,
    answered_on_the_way,
    is_question,
    language_of,
    read_this_turn,
    typed_text,
)
from actions.referral import referral_offer
from actions.repair import ask_next, checked
from knowledge import repository
from knowledge.outcomes import record_outcome
from knowledge.policy import Triage, questions_to_ask
from knowledge.recommendation import Recommendation, recommend
from language.reader.grammar import grammar
from language.reader.text import clean

logger = logging.getLogger(__name__)


class ValidateTriageForm(FormValidationAction):
    """Decides which questions are still needed, and repairs a misunderstood answer.

    The answers themselves are read before the form runs (``actions.reading``), from
    every message; this action sees them as the slots the latest message set.
    """

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        """Danger ends the form at once; otherwise the questions whose answer can still
        change the decision rules' decision (``knowledge.policy.questions_to_ask``), so a
        coordinator's rule change never leaves a question unasked or asked in vain."""
        if tracker.get_slot("danger") == "yes":
            return ["danger"]
        triage = Triage.from_slots(tracker.current_slot_values())
        with kb_session() as session:
            rules = repository.rules_for(session, triage.jurisdiction)
        return questions_to_ask(rules, triage, domain_slots)

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        candidates = {k: v for k, v in tracker.slots_to_validate().items() if k in TRIAGE_SLOTS}
        if not candidates and is_question(tracker) and not answered_on_the_way(tracker):
            return []  # the form steps aside: the question is answered, then it goes on
        with kb_session() as session:
            events = [SlotSet(s, checked(session, s, v)) for s, v in candidates.items()]
        tracker.add_slots(events)
        return events + await ask_next(self, dispatcher, tracker, domain, candidates)


class ActionStartTriage(Action):
    """Starts the triage: first explains a symbol the opening asks about, then says how
    the questions work (the form asks the first one that is still open)."""

    def name(self) -> str:
        return "action_start_triage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if start_triage(dispatcher, tracker):
            return []
        return [FollowupAction("action_listen")]  # only a question, answered


def start_triage(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer what the opening asks on the way (a symbol's meaning, one of the knowledge
    base's questions: "should I forward the video to the police?"), then say how the
    questions work. A general question answered ("is the OK sign a white power thing
    now?") that tells of no post, video or young person starts nothing: False."""
    text = typed_text(tracker) or ""
    concern = about_a_concern(text) or bool(read_this_turn(tracker))
    if answer_from_knowledge(dispatcher, tracker, text) and not concern:
        return False
    dispatcher.utter_message(response="utter_start_triage")
    return True


def about_a_concern(text: str) -> bool:
    """True when ``text`` names what concerns are about (a post, a video, a pupil), however
    vaguely: "I have a question about a post by a young person"."""
    return bool(grammar().topic.search(clean(text)))


class ActionRecommendCourse(Action):
    """Answers the completed triage with a course of action from the knowledge base."""

    def name(self) -> str:
        return "action_recommend_course"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        triage = Triage.from_slots(tracker.current_slot_values())
        return send_recommendation(
            dispatcher, triage, language_of(tracker), tracker.sender_id, offer_referral=True
        )


class ActionEmergency(Action):
    """The danger override: stop whatever was asked and give 112 and the police number."""

    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        triage = Triage(danger="yes", jurisdiction=tracker.get_slot("jurisdiction"))
        events = send_recommendation(dispatcher, triage, language_of(tracker), tracker.sender_id)
        return [
            SlotSet("danger", "yes"),
            *events,
            ActiveLoop(None),
            SlotSet("requested_slot", None),
        ]


def send_recommendation(
    dispatcher: CollectingDispatcher,
    triage: Triage,
    language: str,
    conversation: str,
    *,
    offer_referral: bool = False,
) -> List[EventType]:
    """Send the recommendation as text plus a ``custom`` card (which carries the
    conversation's language, for the channels' labels) and what follows it (the notice to
    the platform, the self-care line); set the outcome slots and, when asked, whether to
    offer the anonymous referral (from the same decision)."""
    with kb_session() as session:
        rec = recommend(session, triage, language)
        offer = referral_offer(session, rec, triage.jurisdiction) if offer_referral else []
        dispatcher.utter_message(
            text=recommendation_text(rec, language),
            json_message={**rec.payload(), "language": language},
        )
        follow_advice(dispatcher, session, triage, rec, language)
    count_outcome(triage, rec, conversation)
    return [
        SlotSet("course_of_action", rec.course_of_action),
        SlotSet("urgency", rec.urgency),
        *offer,
    ]


def count_outcome(triage: Triage, rec: Recommendation, conversation: str) -> None:
    """Add the recommendation to the week's anonymous counts, in its own short transaction.

    A conversation counts once a day per course of action: repeating the triage in it (or
    starting again) adds nothing, so one client cannot inflate the counts, while an
    emergency after another recommendation still counts. Counting must never cost the
    practitioner their answer: a failure is logged (the error's kind only, no answer or
    text) and the recommendation goes out all the same.
    """
    if floods.COUNTED.seen(conversation, rec.course_of_action):
        return
    try:
        with kb_sessions().begin() as session:
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
        return
    floods.COUNTED.add(conversation, rec.course_of_action)
