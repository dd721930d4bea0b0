"""Erasure and retention on the tracker store's own table, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import create_engine, text

from bot.conversation_store import erase, purge
from tests.conftest import BACKENDS, empty_database

DAY = 86_400


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """An empty tracker store with Rasa's own ``events`` table."""
    with empty_database(request.param, tmp_path) as url:
        engine = create_engine(url, future=True)
        SQLTrackerStore.SQLEvent.__table__.create(engine)
        engine.dispose()
        yield url


def add_events(url, sender, *ages_in_days, now):
    engine = create_engine(url, future=True)
    with engine.begin() as connection:
        for age in ages_in_days:
            connection.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (:sender, 'user', :ts, '{}')"
                ),
                {"sender": sender, "ts": now - age * DAY},
            )
    engine.dispose()


def senders(url):
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT sender_id, count(*) FROM events GROUP BY sender_id")
        ).all()
    engine.dispose()
    return dict(rows)


def test_purge_removes_exactly_the_conversations_idle_past_retention(store_url):
    now = time.time()
    add_events(store_url, "old", 45, 40, 31, now=now)  # idle for 31 days
    add_events(store_url, "recent", 45, 29, now=now)  # started long ago, active 29 days ago
    add_events(store_url, "today", 0, now=now)
    assert purge(store_url, 30, now=now) == 1
    assert senders(store_url) == {"recent": 2, "today": 1}  # kept whole
    assert purge(store_url, 30, now=now) == 0


def test_erase_removes_one_conversation_and_no_other(store_url):
    now = time.time()
    add_events(store_url, "mine", 1, 0, now=now)
    add_events(store_url, "theirs", 1, now=now)
    assert erase(store_url, "mine") == 2
    assert senders(store_url) == {"theirs": 1}


def test_an_empty_store_has_nothing_to_delete(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert purge(url, 30) == 0 and erase(url, "anyone") == 0
