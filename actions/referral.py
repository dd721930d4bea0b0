"""The anonymous referral: after a recommendation to bring in the coordinator, the offer to
send the municipality's coordinator the triage categories (and an optional short note).

Only a municipality in the knowledge base has a coordinator inbox, so a practitioner who
gave only a country (or nothing) is not asked. Consent is explicit: only "yes" sends.
The note is redacted when the referral is stored (knowledge.referrals.add_referral) and in
the tracker store, like every free-text slot. A conversation sends at most one a day, and a
municipality's inbox takes at most ``REFERRALS_PER_MUNICIPALITY_PER_HOUR`` an hour; beyond
that the practitioner is asked to contact the coordinator directly (actions.floods).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions import floods
from actions.kb import kb_session, settings
from actions.reading import answered_on_the_way, is_question
from actions.repair import ask_next
from knowledge.recommendation import Recommendation
from knowledge.referrals import CATEGORY_KEYS, add_referral, hold_back, receiving_municipality

logger = logging.getLogger(__name__)

REFER = "refer_coordinator"
# "no", "no thanks", or the "Send without a note" button: no note; a longer text is one
NO_NOTE_MAX_WORDS = 3


def referral_offer(
    session: Session, rec: Recommendation, jurisdiction_key: Optional[str]
) -> List[EventType]:
    """Whether to offer a referral after ``rec``: its course, or one of its ``also``
    courses, is to refer, and the practitioner's place is a known municipality."""
    refers = REFER in {rec.course_of_action, *rec.also}
    offer = refers and receiving_municipality(session, jurisdiction_key) is not None
    # unset rather than false when there is nothing to offer: the triage's "recommend"
    # rule requires the slot unset, so conversations without a referral read as before
    return [SlotSet("referral_offer", True if offer else None)]


class ActionAskReferralConsent(Action):
    """Asks once whether to send the coordinator of the practitioner's municipality the
    anonymous summary, naming the municipality."""

    def name(self) -> str:
        return "action_ask_referral_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        with kb_session() as session:
            municipality = receiving_municipality(session, tracker.get_slot("jurisdiction"))
            place = municipality.name if municipality else "your municipality"
        dispatcher.utter_message(response="utter_offer_referral", place=place)
        return []


class ValidateReferralForm(FormValidationAction):
    """Reads the consent and the optional note; a "no" ends the form at once."""

    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: List[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[str]:
        if tracker.get_slot("referral_consent") == "no":
            return ["referral_consent"]
        return domain_slots

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        candidates = tracker.slots_to_validate()
        if not candidates and is_question(tracker) and not answered_on_the_way(tracker):
            return []  # a question is answered, then the referral questions go on
        events = await self.get_validation_events(dispatcher, tracker, domain)
        tracker.add_slots(events)
        return events + await ask_next(self, dispatcher, tracker, domain, candidates)

    def validate_referral_consent(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        return {"referral_consent": value if value in ("yes", "no") else None}

    def validate_referral_note(self, value, dispatcher, tracker, domain) -> Dict[str, Any]:
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        text = str(value or "").strip()
        if intent == "deny" and len(text.split()) <= NO_NOTE_MAX_WORDS:
            return {"referral_note": ""}
        return {"referral_note": text}


class ActionSendReferral(Action):
    """Stores the referral when the practitioner said yes, and says what happened: one a
    conversation a day, and while the municipality's inbox has room this hour (else it is
    held back, counted for its coordinators' notice)."""

    def name(self) -> str:
        return "action_send_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        done = [
            SlotSet("referral_consent", None),
            SlotSet("referral_note", None),
            SlotSet("referral_offer", None),
        ]
        if tracker.get_slot("referral_consent") != "yes":
            dispatcher.utter_message(response="utter_referral_not_sent")
            return done
        if floods.REFERRED.seen(tracker.sender_id):
            dispatcher.utter_message(response="utter_referral_already_sent")
            return done
        place = tracker.get_slot("jurisdiction")
        categories = {key: tracker.get_slot(key) for key in CATEGORY_KEYS}
        full = floods.REFERRALS_THIS_HOUR[place] >= hourly_cap()
        try:
            with kb_session() as session, session.begin():
                if full:
                    hold_back(session, place, dt.datetime.now())
                else:
                    add_referral(
                        session,
                        jurisdiction_key=place,
                        categories=categories,
                        note=tracker.get_slot("referral_note") or "",
                        day=dt.date.today(),
                    )
        except (ValueError, SQLAlchemyError) as problem:
            logger.warning("Referral not stored: %s", type(problem).__name__)
            dispatcher.utter_message(response="utter_referral_failed")
            return done
        if full:
            logger.warning("Referral held back: the inbox took its number for this hour")
            dispatcher.utter_message(response="utter_referral_held_back")
            return done
        floods.REFERRALS_THIS_HOUR.add(place)
        floods.REFERRED.add(tracker.sender_id)
        dispatcher.utter_message(response="utter_referral_sent")
        return done


def hourly_cap() -> int:
    """How many referrals a municipality's inbox takes an hour."""
    return settings().referrals_per_municipality_per_hour
