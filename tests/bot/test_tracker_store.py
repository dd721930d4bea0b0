"""The tracker store Rasa runs with reads every conversation as Rasa's own SQL store
would, while it keeps recent conversations' events between turns: after its own turns,
after another Rasa instance's, after a deletion, and across a new session; on SQLite and
PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from sqlalchemy import create_engine, text

from bot.rasa.run_files import tracker_store_config
from bot.rasa.tracker_store import KeptConversations, SignpostTrackerStore
from privacy.tracker_store import RedactingSQLTrackerStore
from tests.conftest import BACKENDS, empty_database

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "domain"))
SENDER = "kept-conversation"


def store(cls, url: str) -> SQLTrackerStore:
    config = {k: v for k, v in tracker_store_config(url).items() if k != "type"}
    return cls(DOMAIN, host=config.pop("url", None), **config)


@pytest.fixture(params=BACKENDS)
def stores(request, tmp_path):
    """Signpost's store, a second instance of it (another Rasa), and Rasa's own reading
    of the same database (the reference)."""
    with empty_database(request.param, tmp_path) as url:
        ours, other, rasas = (
            store(cls, url)
            for cls in (SignpostTrackerStore, SignpostTrackerStore, RedactingSQLTrackerStore)
        )
        yield ours, other, rasas, url
        for each in (ours, other, rasas):
            each.engine.dispose()


def turn(text: str, *replies: str) -> list:
    return [
        UserUttered(text, {"name": "inform", "confidence": 0.9}),
        SlotSet("platform", "tiktok"),
        *(BotUttered(reply) for reply in replies),
        ActionExecuted("action_listen"),
    ]


def events_of(tracker) -> list:
    if tracker is None:
        return []
    state = tracker.current_state(EventVerbosity.ALL)["events"]
    return [
        {k: v for k, v in e.items() if k != "timestamp"} | {"at": e["timestamp"]} for e in state
    ]


async def play(store_, *events) -> DialogueStateTracker:
    tracker = await store_.get_or_create_tracker(SENDER, append_action_listen=False)
    for event in events:
        tracker.update(event)
    await store_.save(tracker)
    return tracker


def stored_rows(url: str) -> int:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": SENDER}
        ).scalar()
    engine.dispose()
    return count


async def test_its_turns_read_back_as_rasa_reads_them_and_are_stored_once(stores):
    ours, _, rasas, url = stores
    await play(ours, ActionExecuted("action_session_start"), SessionStarted())
    played = 2
    for text_, reply in [("hello, mail me at a.b@example.org", "Hi"), ("tiktok", "Noted")]:
        played += len(turn(text_))
        await play(ours, *turn(text_, reply))
        mine = events_of(await ours.retrieve(SENDER))
        assert mine == events_of(await rasas.retrieve(SENDER))
        assert stored_rows(url) == played + 1  # every event once, the reply too
        played += 1
    assert "example.org" not in str(mine)  # redacted before it is kept


async def test_kept_events_are_used_and_the_database_is_not_read_whole(stores, monkeypatch):
    ours, _, rasas, _ = stores
    await play(ours, ActionExecuted("action_session_start"), SessionStarted(), *turn("hi"))
    await ours.retrieve(SENDER)  # read whole once, then kept

    def whole(*args, **kwargs):
        raise AssertionError("the conversation was read whole again")

    monkeypatch.setattr(ours, "_event_query", whole)
    await play(ours, *turn("no", "Next question"))
    assert events_of(await ours.retrieve(SENDER)) == events_of(await rasas.retrieve(SENDER))


async def test_another_instances_turn_is_read_from_the_database(stores):
    ours, other, rasas, _ = stores
    await play(ours, ActionExecuted("action_session_start"), SessionStarted(), *turn("hi"))
    await ours.retrieve(SENDER)
    await play(other, *turn("on instagram", "Noted"))
    mine = events_of(await ours.retrieve(SENDER))
    assert mine == events_of(await rasas.retrieve(SENDER))
    assert any(e.get("text") == "on instagram" for e in mine)


async def test_a_deleted_conversation_is_gone_for_the_store_too(stores):
    ours, _, _, url = stores
    await play(ours, ActionExecuted("action_session_start"), SessionStarted(), *turn("hi"))
    assert await ours.retrieve(SENDER) is not None
    engine = create_engine(url, future=True)
    with engine.begin() as connection:  # as "Delete conversation" does
        connection.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": SENDER})
    engine.dispose()
    assert await ours.retrieve(SENDER) is None
    fresh = await play(ours, *turn("hello again"))
    assert events_of(await ours.retrieve(SENDER)) == events_of(fresh)


async def test_a_new_session_is_read_as_rasa_reads_it(stores):
    ours, _, rasas, _ = stores
    await play(ours, ActionExecuted("action_session_start"), SessionStarted(), *turn("hi"))
    await ours.retrieve(SENDER)
    await play(ours, ActionExecuted("action_session_start"), SessionStarted(), *turn("again"))
    await play(ours, *turn("and more"))
    mine = events_of(await ours.retrieve(SENDER))
    assert mine == events_of(await rasas.retrieve(SENDER))
    assert not any(e.get("text") == "hi" for e in mine)  # the earlier session is not read


def test_sqlite_conversations_are_in_write_ahead_log_mode(tmp_path):
    ours = store(SignpostTrackerStore, f"sqlite:///{tmp_path / 'conversations.db'}")
    ours.engine.dispose()
    with sqlite3.connect(tmp_path / "conversations.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_oldest_and_the_idle_conversations_are_forgotten(monkeypatch):
    from bot.rasa import tracker_store

    now = [1000.0]
    monkeypatch.setattr(tracker_store.time, "monotonic", lambda: now[0])
    kept = KeptConversations(limit=2, seconds=60)
    for sender in ("a", "b", "c"):
        kept.put(sender, tracker_store.Kept((1, 1), ["{}"], None, now[0]))
    assert kept.get("a", (1, 1)) is None  # the oldest of three
    assert kept.get("b", (1, 1)) is not None
    assert kept.get("c", (2, 2)) is None  # the database changed
    kept.put("c", tracker_store.Kept((1, 1), ["{}"], None, now[0]))
    now[0] += 61
    assert kept.get("c", (1, 1)) is None  # idle too long
