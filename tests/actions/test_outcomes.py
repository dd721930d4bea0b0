"""actions/triage.py counts each recommendation once, and answers even when it cannot count."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Iterator

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select, text

from actions.triage import ActionEmergency, ActionRecommendCourse, ValidateTriageForm
from knowledge import db
from knowledge.models import TriageCount
from knowledge.outcomes import week_of
from tests.actions.helpers import DOMAIN, form_tracker, make_tracker
from tests.actions_settings import forget_action_settings
from tests.conftest import BACKENDS, empty_database, seeded_engine

ANSWERS = {
    "danger": "no",
    "content_type": "hate_speech",
    "platform": "tiktok",
    "illegal": "yes",
    "poster": "anonymous",
    "jurisdiction": "DE:beispielstadt",
}


@pytest.fixture(params=BACKENDS)
def action_kb(request, tmp_path, monkeypatch) -> Iterator[str]:
    """A seeded knowledge base on each backend that the actions use (``DATABASE_URL``)."""
    with empty_database(request.param, tmp_path) as url:
        seeded_engine(url).dispose()
        monkeypatch.setenv("DATABASE_URL", url)
        forget_action_settings()
        yield url
        forget_action_settings()


def counters(url):
    with db.default_sessionmaker(url)() as session:
        return [
            (r.week, r.jurisdiction_key, r.course_of_action, r.content_type, r.platform, r.count)
            for r in session.scalars(select(TriageCount))
        ]


async def test_recommendation_is_counted_once(action_kb):
    dispatcher = CollectingDispatcher()
    await ActionRecommendCourse().run(dispatcher, make_tracker(ANSWERS), DOMAIN)
    # the card, then (reporting is advised) the drafted notice to the platform
    assert [m["custom"]["type"] for m in dispatcher.messages] == ["recommendation", "notice"]
    this_week = week_of(dt.date.today())
    assert counters(action_kb) == [
        (this_week, "DE:beispielstadt", "report", "hate_speech", "tiktok", 1)
    ]
    another = make_tracker(ANSWERS, sender_id="another-practitioner")
    await ActionRecommendCourse().run(CollectingDispatcher(), another, DOMAIN)
    assert counters(action_kb) == [
        (this_week, "DE:beispielstadt", "report", "hate_speech", "tiktok", 2)
    ]


async def test_a_conversation_counts_once_however_often_it_repeats_the_triage(action_kb):
    """One client could inflate the insights counts (review finding 1): a triage repeated
    in one conversation, or after starting again, adds nothing; an emergency after a
    recommendation in the same conversation is still counted."""
    for _ in range(20):
        await ActionRecommendCourse().run(CollectingDispatcher(), make_tracker(ANSWERS), DOMAIN)
    tracker = make_tracker(ANSWERS, intent="report_danger", text="he will stab")
    await ActionEmergency().run(CollectingDispatcher(), tracker, DOMAIN)
    await ActionEmergency().run(CollectingDispatcher(), tracker, DOMAIN)
    this_week = week_of(dt.date.today())
    assert sorted(counters(action_kb)) == [
        (this_week, "DE:beispielstadt", "emergency", "unknown", "unknown", 1),
        (this_week, "DE:beispielstadt", "report", "hate_speech", "tiktok", 1),
    ]


async def test_danger_override_is_counted_where_the_practitioner_is(action_kb):
    tracker = make_tracker({"jurisdiction": "AT"}, intent="report_danger", text="he will stab")
    await ActionEmergency().run(CollectingDispatcher(), tracker, DOMAIN)
    elsewhere = make_tracker(sender_id="another-practitioner")
    await ActionEmergency().run(CollectingDispatcher(), elsewhere, DOMAIN)
    this_week = week_of(dt.date.today())
    assert sorted(counters(action_kb)) == [
        (this_week, "AT", "emergency", "unknown", "unknown", 1),
        (this_week, "EU", "emergency", "unknown", "unknown", 1),
    ]


async def test_answering_the_form_counts_nothing(action_kb):
    tracker = form_tracker(
        {"danger": "no"}, {"platform": "on insta"}, requested_slot="platform", intent="inform"
    )
    await ValidateTriageForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert counters(action_kb) == []


async def test_recommendation_goes_out_when_counting_fails(action_kb, caplog):
    engine = db.make_engine(action_kb)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE triage_counts"))
    engine.dispose()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(ANSWERS, text="a racist post by @someone on tiktok")
    with caplog.at_level(logging.WARNING, logger="actions.triage"):
        events = await ActionRecommendCourse().run(dispatcher, tracker, DOMAIN)
    assert events[:2] == [SlotSet("course_of_action", "report"), SlotSet("urgency", "today")]
    message, notice = dispatcher.messages  # the card, and the notice reporting comes with
    assert message["custom"]["course_of_action"] == "report"
    assert notice["custom"]["type"] == "notice"
    [warning] = [r for r in caplog.records if r.name == "actions.triage"]
    assert warning.levelno == logging.WARNING
    assert warning.getMessage().startswith("Could not count a triage outcome")
    for private in ("someone", "tiktok", "hate_speech", "beispielstadt"):
        assert private not in warning.getMessage().lower()
