"""Personal data typed into a conversation never reaches the tracker store, the referrals
table or the logs (at DEBUG, the most talkative level)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, select, text

from knowledge import db
from knowledge.models import Referral
from tests.e2e.assistant import Assistant, card, prepare, private_settings, texts

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
# an engage recommendation (refer_coordinator also) in a municipality the KB knows
TO_REFERRAL = [
    "/report_content",
    '/inform{"danger":"no"}',
    '/inform{"content_type":"hate_speech"}',
    '/inform{"platform":"tiktok"}',
    '/inform{"illegal":"no"}',
    '/inform{"poster":"known_person"}',
    "Musterstadt",
    '/inform{"other_agencies":"no"}',
    '/inform{"footing":"yes"}',
]
NOTE = (
    "Max Mustermann's friends (max.mustermann@example.org, +49 30 1234567) say it began "
    "after a class trip"
)


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_planted_personal_data_is_stored_nowhere_and_the_triage_still_works(tmp_path, store):
    settings = private_settings(tmp_path, tracker_store=store, log_level="DEBUG")
    log_path = tmp_path / "servers.log"
    who = f"privacy-{uuid.uuid4().hex[:10]}"
    referrer = f"{who}-referral"
    with log_path.open("w") as log:
        assistant = Assistant(settings, prepare(settings)).start(output=log)
        try:
            first = assistant.say(who, FIRST)
            assert "don't need anyone's name" in " ".join(r.get("text", "") for r in first)
            assistant.say(who, "no")  # nobody in danger
            assistant.say(who, "no")  # not illegal
            assistant.say(who, "we work in Lyon, my number is 01 42 68 53 00")
            assistant.say(who, "no")  # no other agency
            replies = assistant.say(who, "yes")  # able to talk with the pupil
            assert card(replies)["course_of_action"] == "engage"
            offer = assistant.conversation(referrer, *TO_REFERRAL)
            assert "coordinator of Musterstadt" in texts(offer)
            assert "Add a short note" in texts(assistant.say(referrer, "yes, send it"))
            assert "Sent." in texts(assistant.say(referrer, NOTE))
        finally:
            assistant.stop()
    engine = create_engine(settings.tracker_store_url, future=True)
    with engine.begin() as connection:
        stored = (
            connection.execute(
                text("SELECT data FROM events WHERE sender_id IN (:who, :referrer)"),
                {"who": who, "referrer": referrer},
            )
            .scalars()
            .all()
        )
        if store == "postgresql":
            connection.execute(
                text("DELETE FROM events WHERE sender_id IN (:who, :referrer)"),
                {"who": who, "referrer": referrer},
            )
    engine.dispose()
    with db.make_sessionmaker(db.make_engine(settings.database_url))() as session:
        [referral] = session.scalars(select(Referral)).all()
        note = referral.note
    assert (referral.jurisdiction_key, referral.categories["course_of_action"]) == (
        "AT:musterstadt",
        "engage",
    )
    assert note.startswith("[name]") and "[email]" in note and "[phone]" in note
    assert len(stored) > 10
    logs = log_path.read_text()
    # the logs did say a lot: Rasa's parse results and the action server's calls
    assert "processor.message.parse" in logs and "rasa_sdk.executor" in logs
    everything = "\n".join(stored) + logs + note
    leaked = [item for item in PLANTED if item in everything]
    assert leaked == []
    assert "[name]" in "\n".join(stored) and "[email]" in "\n".join(stored)
