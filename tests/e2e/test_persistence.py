"""Conversations live in Rasa's SQL tracker store: a restart of the server loses nothing."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import POSTGRES_ADMIN_URL
from tests.e2e.assistant import Assistant, card, prepare, private_settings

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_restarting_rasa_keeps_the_conversation(tmp_path, store):
    settings = private_settings(tmp_path, tracker_store=store)
    assistant = Assistant(settings, prepare(settings)).start()
    who = f"restart-{uuid.uuid4().hex[:10]}"
    try:
        assistant.conversation(who, "I saw something worrying", "no", "hate speech", "tiktok")
        rasa = next(s for s in assistant.running if s.name == "Rasa")
        assistant.stop()
        assert rasa.process.poll() is not None
        assistant.start()
        replies = assistant.conversation(who, "no", "an anonymous account", "Lyon")
        recommendation = card(replies)
        assert recommendation is not None
        assert recommendation["course_of_action"] == "dont_feed"
        slots = assistant.tracker(who)["slots"]
        assert (slots["content_type"], slots["platform"]) == ("hate_speech", "tiktok")
    finally:
        assistant.stop()
    if store == "postgresql":
        engine = create_engine(POSTGRES_ADMIN_URL, future=True)
        with engine.begin() as connection:
            stored = connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :who"), {"who": who}
            ).scalar()
            connection.execute(text("DELETE FROM events WHERE sender_id = :who"), {"who": who})
        engine.dispose()
        assert stored > 10
