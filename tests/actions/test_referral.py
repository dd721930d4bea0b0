"""actions/referral.py: when the anonymous referral is offered, what consent stores, and
that no personal data in the note reaches the referrals table."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import floods
from actions.kb import kb_session
from actions.referral import (
    ActionAskReferralConsent,
    ActionSendReferral,
    ValidateReferralForm,
    referral_offer,
)
from knowledge import db
from knowledge.models import Referral, ReferralHold
from knowledge.policy import Triage
from knowledge.recommendation import recommend
from tests.actions.helpers import DOMAIN, make_tracker, responses
from tests.actions_settings import forget_action_settings
from tests.conftest import BACKENDS, empty_database, seeded_engine

REFER_SLOTS = {
    "danger": "no",
    "content_type": "hate_speech",
    "platform": "instagram",
    "illegal": "no",
    "poster": "known_person",
    "other_agencies": "yes",
    "course_of_action": "refer_coordinator",
    "urgency": "this_week",
}
PLANTED_NOTE = (
    "My pupil Max Mustermann (max.mustermann@example.org, +49 30 1234567) started "
    "after a class discussion about migration."
)
PLANTED = ["Max", "Mustermann", "max.mustermann@example.org", "1234567"]
DONE = [
    SlotSet("referral_consent", None),
    SlotSet("referral_note", None),
    SlotSet("referral_offer", None),
]


@pytest.fixture(params=BACKENDS)
def kb(request, tmp_path, monkeypatch):
    """A seeded knowledge base on each backend, used by the actions (``DATABASE_URL``)."""
    with empty_database(request.param, tmp_path) as url:
        engine = seeded_engine(url)
        monkeypatch.setenv("DATABASE_URL", url)
        forget_action_settings()
        yield engine
        forget_action_settings()
        engine.dispose()


def stored(engine):
    with db.make_sessionmaker(engine)() as session:
        return list(session.scalars(select(Referral)))


def test_action_names_are_the_domain_names():
    names = [
        ActionAskReferralConsent().name(),
        ValidateReferralForm().name(),
        ActionSendReferral().name(),
    ]
    assert names == [
        "action_ask_referral_consent",
        "validate_referral_form",
        "action_send_referral",
    ]
    assert set(names) <= set(DOMAIN["actions"])
    assert DOMAIN["forms"]["referral_form"]["required_slots"] == [
        "referral_consent",
        "referral_note",
    ]


def offer(triage: Triage):
    """The referral-offer events after the recommendation for ``triage``."""
    with kb_session() as session:
        return referral_offer(session, recommend(session, triage), triage.jurisdiction)


@pytest.mark.parametrize(
    "answers, offered",
    [
        # refer_coordinator in a municipality of the knowledge base
        ({"illegal": "no", "poster": "known_person", "other_agencies": "yes"}, True),
        # report, with refer_coordinator among its "also" courses
        ({"illegal": "yes", "poster": "known_person"}, True),
        # engage, also refer_coordinator
        ({"illegal": "no", "poster": "known_person", "other_agencies": "no"}, True),
        # report alone, and don't feed: nothing to refer
        ({"illegal": "yes", "poster": "anonymous"}, False),
        ({"illegal": "no", "poster": "anonymous"}, False),
        # emergency
        ({"danger": "yes"}, False),
    ],
    ids=["refer", "report-also-refer", "engage-also-refer", "report", "dont-feed", "emergency"],
)
def test_offer_follows_the_course_and_its_also_courses(kb, answers, offered):
    triage = Triage(**{"danger": "no", "jurisdiction": "AT:musterstadt", **answers})
    assert offer(triage) == [SlotSet("referral_offer", True if offered else None)]


@pytest.mark.parametrize("place", ["DE", "EU", None])
def test_no_offer_without_a_municipality(kb, place):
    triage = Triage(
        danger="no", illegal="no", poster="known_person", other_agencies="yes", jurisdiction=place
    )
    assert offer(triage) == [SlotSet("referral_offer", None)]


async def test_the_question_names_the_municipality(kb):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"jurisdiction": "DE:beispielstadt"})
    assert await ActionAskReferralConsent().run(dispatcher, tracker, DOMAIN) == []
    [message] = dispatcher.messages
    assert (message["response"], message["place"]) == (
        "utter_offer_referral",
        "Beispielstadt (example municipality)",
    )


async def send(slots, conversation: str = "test-practitioner"):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        {**REFER_SLOTS, "jurisdiction": "DE:beispielstadt", **slots}, sender_id=conversation
    )
    events = await ActionSendReferral().run(dispatcher, tracker, DOMAIN)
    return events, responses(dispatcher)


async def test_consent_stores_one_referral_with_the_categories_and_a_redacted_note(kb):
    events, said = await send({"referral_consent": "yes", "referral_note": PLANTED_NOTE})
    assert (events, said) == (DONE, ["utter_referral_sent"])
    [referral] = stored(kb)
    assert referral.jurisdiction_key == "DE:beispielstadt"
    assert referral.categories == REFER_SLOTS
    assert referral.status == "new"
    assert [item for item in PLANTED if item in referral.note] == []
    assert referral.note.startswith("My pupil [name] ([email], [phone]) started")


async def test_consent_without_a_note_stores_an_empty_note(kb):
    await send({"referral_consent": "yes", "referral_note": ""})
    [referral] = stored(kb)
    assert referral.note == ""


@pytest.mark.parametrize("consent", ["no", None])
async def test_no_consent_stores_nothing(kb, consent):
    events, said = await send({"referral_consent": consent, "referral_note": PLANTED_NOTE})
    assert (events, said) == (DONE, ["utter_referral_not_sent"])
    assert stored(kb) == []


async def test_a_country_gets_nothing_stored_and_an_apology(kb):
    events, said = await send({"referral_consent": "yes", "jurisdiction": "DE"})
    assert (events, said) == (DONE, ["utter_referral_failed"])
    assert stored(kb) == []


async def test_a_conversation_sends_one_referral_a_day(kb):
    """Five complete referrals came from one client in 2.5 s (review finding 1)."""
    yes = {"referral_consent": "yes", "referral_note": ""}
    assert await send(yes) == (DONE, ["utter_referral_sent"])
    assert await send(yes) == (DONE, ["utter_referral_already_sent"])
    assert len(stored(kb)) == 1
    assert await send(yes, conversation="another-practitioner") == (DONE, ["utter_referral_sent"])
    assert len(stored(kb)) == 2


async def test_an_inbox_takes_its_number_an_hour_and_its_coordinators_see_the_rest(kb, monkeypatch):
    monkeypatch.setenv("REFERRALS_PER_MUNICIPALITY_PER_HOUR", "2")
    forget_action_settings()
    yes = {"referral_consent": "yes", "referral_note": ""}
    said = [(await send(yes, conversation=f"flood-{n}"))[1] for n in range(5)]
    assert said == [["utter_referral_sent"]] * 2 + [["utter_referral_held_back"]] * 3
    assert len(stored(kb)) == 2
    with db.make_sessionmaker(kb)() as session:
        [hold] = session.scalars(select(ReferralHold))
        assert (hold.jurisdiction_key, hold.count) == ("DE:beispielstadt", 3)
        assert (hold.hour.minute, hold.hour.second) == (0, 0)  # the hour, not the moment
    # another municipality's inbox is not held up, and the next hour has room again
    elsewhere = {**yes, "jurisdiction": "AT:musterstadt"}
    assert await send(elsewhere, conversation="other") == (DONE, ["utter_referral_sent"])
    assert [r.jurisdiction_key for r in stored(kb)].count("AT:musterstadt") == 1
    later = dt.datetime.now() + dt.timedelta(hours=1)
    monkeypatch.setattr(floods, "REFERRALS_THIS_HOUR", floods.PerHour(lambda: later))
    assert await send(yes, conversation="next-hour") == (DONE, ["utter_referral_sent"])


async def required(consent):
    tracker = make_tracker({"referral_consent": consent}, active_loop="referral_form")
    return await ValidateReferralForm().required_slots(
        ["referral_consent", "referral_note"], CollectingDispatcher(), tracker, DOMAIN
    )


async def test_a_no_ends_the_form_a_yes_asks_for_the_note():
    assert await required("no") == ["referral_consent"]
    assert await required("yes") == ["referral_consent", "referral_note"]
    assert await required(None) == ["referral_consent", "referral_note"]


@pytest.mark.parametrize(
    "value, expected, said",
    # anything else is asked again by the form's repair (actions/repair.py), not here
    [("yes", "yes", []), ("no", "no", []), ("maybe later", None, [])],
)
def test_consent_is_yes_or_no_or_asked_again(value, expected, said):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(active_loop="referral_form", requested_slot="referral_consent")
    result = ValidateReferralForm().validate_referral_consent(value, dispatcher, tracker, DOMAIN)
    assert (result, responses(dispatcher)) == ({"referral_consent": expected}, said)


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("/deny", "deny", ""),  # the "Send without a note" button
        ("no thanks", "deny", ""),
        ("  worried about the class  ", "report_content", "worried about the class"),
        # a longer text is a note, whatever the NLU made of it
        ("no, but the whole class saw the video", "deny", "no, but the whole class saw the video"),
    ],
)
def test_note_or_no_note(text, intent, expected):
    tracker = make_tracker(
        intent=intent, text=text, active_loop="referral_form", requested_slot="referral_note"
    )
    result = ValidateReferralForm().validate_referral_note(
        text, CollectingDispatcher(), tracker, DOMAIN
    )
    assert result == {"referral_note": expected}
