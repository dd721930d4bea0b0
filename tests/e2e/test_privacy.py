"""Personal data typed into a conversation never reaches the tracker store or the logs."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.assistant import Assistant, card, prepare, private_settings

pytestmark = pytest.mark.slow

PLANTED = [
    "Max Mustermann",
    "Mustermann",
    "max.mustermann@example.org",
    "+49 30 1234567",
    "01 42 68 53 00",
    "@max_88",
    "tiktok.com/@max_88",
]
FIRST = (
    "my pupil Max Mustermann (max.mustermann@example.org, +49 30 1234567) posts racist "
    "memes on tiktok as @max_88, see https://tiktok.com/@max_88/video/1"
)


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_planted_personal_data_is_stored_nowhere_and_the_triage_still_works(tmp_path, store):
    settings = private_settings(tmp_path, tracker_store=store)
    log_path = tmp_path / "servers.log"
    who = f"privacy-{uuid.uuid4().hex[:10]}"
    with log_path.open("w") as log:
        assistant = Assistant(settings, prepare(settings)).start(output=log)
        try:
            first = assistant.say(who, FIRST)
            assert "don't need anyone's name" in " ".join(r.get("text", "") for r in first)
            assistant.say(who, "no")  # nobody in danger
            assistant.say(who, "no")  # not illegal
            assistant.say(who, "we work in Lyon, my number is 01 42 68 53 00")
            replies = assistant.say(who, "no")  # no other agency
            assert card(replies)["course_of_action"] == "engage"
        finally:
            assistant.stop()
    engine = create_engine(settings.tracker_store_url, future=True)
    with engine.begin() as connection:
        stored = (
            connection.execute(text("SELECT data FROM events WHERE sender_id = :who"), {"who": who})
            .scalars()
            .all()
        )
        if store == "postgresql":
            connection.execute(text("DELETE FROM events WHERE sender_id = :who"), {"who": who})
    engine.dispose()
    assert len(stored) > 10
    everything = "\n".join(stored) + log_path.read_text()
    leaked = [item for item in PLANTED if item in everything]
    assert leaked == []
    assert "[name]" in "\n".join(stored) and "[email]" in "\n".join(stored)
