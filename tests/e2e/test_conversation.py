"""The whole triage through the REST channel: real Rasa, real action server, real SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid

import pytest
from sqlalchemy import update

from knowledge.db import make_engine, make_sessionmaker
from knowledge.models import Contact
from tests.e2e.assistant import card, texts

pytestmark = pytest.mark.slow

BUTTON = '/inform{{"{slot}":"{value}"}}'


def button(slot: str, value: str) -> str:
    return BUTTON.format(slot=slot, value=value)


def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize(
    "answers, course, urgency",
    [
        (
            [
                "I saw something worrying",
                "no",
                "terrorist propaganda",
                "tiktok",
                "yes",
                "an anonymous account",
                "Lyon",
            ],
            "report",
            "today",
        ),
        (
            [
                "I saw something worrying",
                "no",
                "hate speech",
                "on insta",
                "no",
                "one of my students",
                "Muenchn",
                "no",
                "yes, I know him well and my head of year has my back",
            ],
            "engage",
            "this_week",
        ),
        (
            [
                "I saw something worrying",
                "no",
                "conspiracy stuff",
                "youtube",
                "no",
                "one of my students",
                "in Graz",
                "yes, social services know him",
            ],
            "refer_coordinator",
            "this_week",
        ),
        (
            [
                "I saw something worrying",
                "no",
                "racist memes",
                "telegram",
                "no",
                "an extremist channel",
                "Rotterdam",
            ],
            "dont_feed",
            "when_convenient",
        ),
        (["I saw something worrying", button("danger", "yes")], "emergency", "emergency"),
    ],
    ids=["report", "engage", "refer_coordinator", "dont_feed", "emergency-button"],
)
def test_every_course_of_action_is_reached_by_typing(assistant, answers, course, urgency):
    replies = assistant.conversation(sender(), *answers)
    recommendation = card(replies)
    assert recommendation is not None, texts(replies)
    assert (recommendation["course_of_action"], recommendation["urgency"]) == (course, urgency)
    assert recommendation["steps"] and recommendation["sources"]
    # every course but dont_feed names someone to contact (dont_feed's advice, the
    # platform's own report button, is in its steps); each with a way to reach them
    assert recommendation["contacts"] or course == "dont_feed"
    assert all(c["phone"] or c["email"] or c["url"] for c in recommendation["contacts"])


def test_buttons_and_upfront_details_reach_report_with_local_contacts(assistant):
    who = sender()
    first = assistant.say(who, "a pupil shared an ISIS video on TikTok, we're in Beispielstadt")
    assert "immediate risk" in texts(first)  # danger is asked first, nothing known is asked again
    assistant.say(who, button("danger", "no"))
    replies = assistant.say(who, button("illegal", "unsure"))
    recommendation = card(replies)
    assert recommendation["course_of_action"] == "report"
    assert recommendation["also"] == ["refer_coordinator"]
    jurisdictions = [c["jurisdiction"] for c in recommendation["contacts"]]
    assert jurisdictions[0] == "DE:beispielstadt"
    assert "DE" in jurisdictions  # the EU IRU, with no way to reach it, is no longer offered
    assert set(recommendation["contacts"][0]) >= {
        "name",
        "role",
        "phone",
        "email",
        "url",
        "jurisdiction",
    }
    slots = assistant.tracker(who)["slots"]
    assert slots["content_type"] == "terrorist_propaganda"
    assert slots["platform"] == "tiktok"
    assert slots["poster"] == "known_person"
    assert slots["jurisdiction"] == "DE:beispielstadt"


@pytest.mark.parametrize("at_question", [1, 3, 5])
def test_danger_mid_form_stops_the_triage_with_112_and_police(assistant, at_question):
    who = sender()
    answers = ["I saw something worrying", "no", "hate speech", "tiktok", "not sure"]
    assistant.say(who, "we are in Berlin")
    for answer in answers[:at_question]:
        assistant.say(who, answer)
    replies = assistant.say(who, "he says he will bring a knife to school tomorrow")
    recommendation = card(replies)
    assert recommendation["course_of_action"] == "emergency"
    phones = [c["phone"] for c in recommendation["contacts"]]
    assert phones[:2] == ["112", "110"]
    tracker = assistant.tracker(who)
    assert tracker["active_loop"] == {} or tracker["active_loop"].get("name") is None
    assert tracker["slots"]["course_of_action"] == "emergency"


def test_not_sure_to_every_question_still_gives_a_recommendation(assistant):
    replies = assistant.conversation(sender(), "I saw something worrying", *["not sure"] * 6)
    recommendation = card(replies)
    assert recommendation["course_of_action"] == "report"
    assert recommendation["jurisdiction"] == "EU"


def test_an_answer_it_cannot_read_is_asked_again(assistant):
    who = sender()
    assistant.conversation(who, "I saw something worrying", "no")
    replies = assistant.say(who, "the blue one with the thing")
    assert "didn't understand" in texts(replies)
    assert "What kind of content" in texts(replies)


def test_glossary_and_coordinator_questions(assistant):
    answer = texts(assistant.say(sender(), "what does 1488 mean?"))
    assert "14" in answer and "Context decides" in answer
    who = sender()
    assistant.say(who, "who is my coordinator?")
    found = texts(assistant.say(who, "Beispielstadt"))
    assert "+49 30 0000 0001" in found


def test_fallback_offers_the_coordinator(assistant):
    replies = assistant.say(sender(), "qwe zxcv asdf")
    assert "coordinator" in texts(replies)
    assert any(
        b["title"] == "Who is my coordinator?" for r in replies for b in r.get("buttons", [])
    )


def test_a_changed_contact_shows_in_the_next_answer_without_restart(assistant):
    engine = make_engine(assistant.settings.database_url)
    with make_sessionmaker(engine).begin() as session:
        session.execute(
            update(Contact)
            .where(Contact.jurisdiction_key == "FR:villexemple", Contact.role == "coordinator")
            .values(phone="+33 1 99 00 99 99")
        )
    engine.dispose()
    replies = assistant.conversation(
        sender(),
        "a pupil posted racist memes on tiktok, we work in Villexemple",
        "no",
        "no",
        "no",
        "yes",  # able to engage: the coordinator is in the card's contacts all the same
    )
    phones = [c["phone"] for c in card(replies)["contacts"]]
    assert "+33 1 99 00 99 99" in phones


def test_the_http_api_needs_the_token(assistant):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{assistant.settings.rasa_url}/conversations/x/tracker", timeout=10)
    assert refused.value.code == 401


@pytest.mark.parametrize(
    "odd",
    ["", "x" * 5000, "🙂🙂🔥", "<img src=x onerror=alert(1)>", "'; DROP TABLE events; --"],
    ids=["empty", "5000-chars", "emoji", "markup", "sql"],
)
def test_odd_input_mid_form_is_asked_again_and_the_triage_goes_on(assistant, odd):
    who = sender()
    assistant.conversation(who, "I saw something worrying", "no", "hate speech")
    replies = assistant.say(who, odd)
    assert "Where did you see it?" in texts(replies) or "understand" in texts(replies)
    tail = assistant.conversation(who, "tiktok", "no", "an anonymous account", "Lyon")
    assert card(tail)["course_of_action"] == "dont_feed"


def test_after_a_long_pause_the_answers_are_forgotten_but_the_language_is_kept(assistant):
    """Rasa starts a new session after ``session_expiration_time``; the practitioner who
    comes back is still answered in German (the pause is made by moving the stored
    conversation's times back, as the SQL store keeps them)."""
    who = sender()
    assistant.say(
        who, "Eine Schülerin hat ein Video mit Hakenkreuzen in die Klassengruppe gestellt"
    )
    assert assistant.tracker(who)["slots"]["content_type"] == "extremist_symbols"
    store = assistant.settings.tracker_store_url.removeprefix("sqlite:///")
    assert os.stat(store).st_mode & 0o077 == 0, "conversations must be their owner's only"
    with sqlite3.connect(store) as db:
        for number, data in db.execute("select id, data from events where sender_id = ?", (who,)):
            event = json.loads(data)
            event["timestamp"] -= 4 * 3600
            db.execute(
                "update events set timestamp = ?, data = ? where id = ?",
                (event["timestamp"], json.dumps(event), number),
            )
    replies = assistant.say(who, "👍")
    slots = assistant.tracker(who)["slots"]
    assert (slots["language"], slots["content_type"]) == ("de", None)
    assert "Signpost" in texts(replies) and "Fachkr" in texts(replies)
