"""knowledge/outcomes.py: weekly counters of triage outcomes, exact under concurrency."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from knowledge.db import make_sessionmaker
from knowledge.models import TriageCount
from knowledge.outcomes import record_outcome, week_of

THURSDAY = dt.date(2026, 11, 19)
MONDAY = dt.date(2026, 11, 16)
HATE_ON_TIKTOK = dict(
    jurisdiction_key="DE:beispielstadt",
    course_of_action="report",
    content_type="hate_speech",
    platform="tiktok",
)


def counters(session):
    rows = session.scalars(select(TriageCount).order_by(TriageCount.id))
    return [
        (r.week, r.jurisdiction_key, r.course_of_action, r.content_type, r.platform, r.count)
        for r in rows
    ]


def test_week_is_the_monday():
    assert [week_of(MONDAY + dt.timedelta(days=n)) for n in range(7)] == [MONDAY] * 7
    assert week_of(MONDAY - dt.timedelta(days=1)) == MONDAY - dt.timedelta(weeks=1)


def test_recording_increments_the_weeks_row(session):
    for day in (MONDAY, THURSDAY, MONDAY + dt.timedelta(days=6)):
        record_outcome(session, **HATE_ON_TIKTOK, day=day)
    record_outcome(session, **{**HATE_ON_TIKTOK, "platform": "instagram"}, day=THURSDAY)
    record_outcome(session, **HATE_ON_TIKTOK, day=MONDAY + dt.timedelta(weeks=1))
    assert counters(session) == [
        (MONDAY, "DE:beispielstadt", "report", "hate_speech", "tiktok", 3),
        (MONDAY, "DE:beispielstadt", "report", "hate_speech", "instagram", 1),
        (MONDAY + dt.timedelta(weeks=1), "DE:beispielstadt", "report", "hate_speech", "tiktok", 1),
    ]


def test_missing_categories_count_as_unknown_and_a_time_is_dropped(session):
    for _ in range(2):
        record_outcome(
            session,
            jurisdiction_key="EU",
            course_of_action="emergency",
            content_type=None,
            platform=None,
            day=dt.datetime(2026, 11, 19, 23, 59, 59),
        )
    assert counters(session) == [(MONDAY, "EU", "emergency", "unknown", "unknown", 2)]
    stored = session.scalar(select(TriageCount.week))
    assert type(stored) is dt.date


def test_concurrent_recordings_lose_no_count(kb_engine):
    threads, start = 20, threading.Barrier(20)
    sessions = make_sessionmaker(kb_engine)
    errors = []

    def record():
        start.wait()
        try:
            with sessions.begin() as session:
                record_outcome(session, **HATE_ON_TIKTOK, day=THURSDAY)
        except Exception as error:  # reported below, with the test's failure
            errors.append(error)

    workers = [threading.Thread(target=record) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with sessions() as session:
        assert counters(session) == [
            (MONDAY, "DE:beispielstadt", "report", "hate_speech", "tiktok", 20)
        ]
