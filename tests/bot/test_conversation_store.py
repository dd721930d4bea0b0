"""Erasure and retention on the tracker store's own table, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import create_engine, text

from bot.rasa.conversation_store import erase, purge
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


OLD, RECENT, TODAY = "web-0001", "tg-0002", "web-0003"  # Signpost's pseudonyms


def test_purge_removes_exactly_the_conversations_idle_past_retention(store_url):
    now = time.time()
    add_events(store_url, OLD, 45, 40, 31, now=now)  # idle for 31 days
    add_events(store_url, RECENT, 45, 29, now=now)  # started long ago, active 29 days ago
    add_events(store_url, TODAY, 0, now=now)
    assert purge(store_url, 30, now=now) == 1
    assert senders(store_url) == {RECENT: 2, TODAY: 1}  # kept whole
    assert purge(store_url, 30, now=now) == 0


def test_purge_leaves_other_applications_conversations_alone(store_url):
    """Issue 12: the events table may be shared; only Signpost's senders are purged."""
    now = time.time()
    add_events(store_url, OLD, 40, now=now)
    add_events(store_url, "another-app-user", 40, now=now)
    add_events(store_url, "webhook-42", 40, now=now)  # not 'web-'
    assert purge(store_url, 30, now=now) == 1
    assert senders(store_url) == {"another-app-user": 1, "webhook-42": 1}


def test_erase_removes_one_conversation_and_no_other(store_url):
    now = time.time()
    add_events(store_url, "mine", 1, 0, now=now)
    add_events(store_url, "theirs", 1, now=now)
    assert erase(store_url, "mine") == 2
    assert senders(store_url) == {"theirs": 1}


def test_an_empty_store_has_nothing_to_delete(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert purge(url, 30) == 0 and erase(url, "anyone") == 0


def test_rasa_and_erasure_use_the_same_postgresql_schema():
    """Issue 12: with ``?options=-csearch_path=...`` Rasa wrote to public.events while
    "Delete conversation" looked in the schema and deleted nothing."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.rasa.run_files import tracker_store_config
    from privacy.tracker_store import RedactingSQLTrackerStore
    from tests.conftest import POSTGRES_ADMIN_URL, postgres_reachable

    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    schema = f"signpost_{int(time.time() * 1000)}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{schema}"
    try:
        config = tracker_store_config(url)
        store = RedactingSQLTrackerStore(
            Domain.empty(),
            dialect=config["dialect"],
            host=config["url"],
            port=config["port"],
            db=config["db"],
            username=config.get("username"),
            password=config.get("password"),
            query=config["query"],
        )
        tracker = DialogueStateTracker.from_events("web-schema", [UserUttered("hello")])
        asyncio.run(store.save(tracker))
        store.engine.dispose()
        with admin.connect() as connection:
            in_schema = connection.execute(
                text(f"SELECT count(*) FROM {schema}.events WHERE sender_id = 'web-schema'")
            ).scalar()
        assert in_schema >= 1
        assert erase(url, "web-schema") == in_schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
