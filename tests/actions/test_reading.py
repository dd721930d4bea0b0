"""actions/reading.py: every message is read into the triage, in the conversation's
language, with a word on what was noted; questions to the assistant are not read."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.reading import ActionReadMessage, answered_on_the_way, is_question
from tests.actions.helpers import DOMAIN, english, make_tracker, texts

USES_KB = pytest.mark.usefixtures("sqlite_kb")


async def read(text, *, intent="report_content", confidence=1.0, **tracker_args):
    tracker = make_tracker(intent=intent, text=text, **tracker_args)
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    events = await ActionReadMessage().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events}, dispatcher


def test_the_action_is_rasas_global_slot_mapping_hook():
    assert ActionReadMessage().name() == "action_validate_slot_mappings"


@USES_KB
async def test_an_opening_fills_every_question_it_answers_and_says_so():
    slots, dispatcher = await read(
        "A 15-year-old I work with shared a Hitler video on TikTok, we're in Leipzig "
        "and I'm quite sure it breaks the law"
    )
    assert slots == {
        "language": "en",
        "content_type": "extremist_symbols",
        "platform": "tiktok",
        "illegal": "yes",
        "poster": "known_person",
        "jurisdiction": "DE",
    }
    [noted] = texts(dispatcher)
    assert noted.startswith("Noted:") and "TikTok" in noted and "Leipzig, Germany" in noted


@USES_KB
async def test_a_reply_is_read_as_the_answer_to_the_question_asked():
    slots, dispatcher = await read(
        "nah",
        intent="deny",
        requested_slot="illegal",
        active_loop="triage_form",
        slots={"language": "en"},
    )
    assert slots == {"illegal": "no"} and dispatcher.messages == []


@USES_KB
async def test_a_reply_can_answer_more_than_it_was_asked():
    slots, dispatcher = await read(
        "racist memes, on insta btw",
        intent="inform",
        requested_slot="content_type",
        active_loop="triage_form",
        slots={"language": "en"},
    )
    assert slots == {"content_type": "hate_speech", "platform": "instagram"}
    assert texts(dispatcher) == ["Noted: Instagram."]


@USES_KB
async def test_what_is_already_answered_is_not_read_again_from_a_later_message():
    slots, _ = await read(
        "one of my students, it was on youtube",
        intent="inform",
        requested_slot="poster",
        active_loop="triage_form",
        slots={"language": "en", "platform": "tiktok"},
    )
    assert slots == {"poster": "known_person"}


@USES_KB
async def test_the_place_asked_for_is_confirmed_by_name():
    slots, dispatcher = await read(
        "Köln",
        intent="inform",
        requested_slot="jurisdiction",
        active_loop="triage_form",
        slots={"language": "en"},
    )
    assert slots == {"jurisdiction": "DE"}
    assert texts(dispatcher) == [english(DOMAIN, "utter_place_confirmed", place="Köln, Germany")]


@USES_KB
async def test_not_sure_about_danger_gives_the_112_advice():
    slots, dispatcher = await read(
        "no idea tbh",
        intent="not_sure",
        requested_slot="danger",
        active_loop="triage_form",
        slots={"language": "en"},
    )
    assert slots == {"danger": "unsure"}
    assert texts(dispatcher) == [english(DOMAIN, "utter_danger_unsure")]


@USES_KB
async def test_only_an_explicit_yes_sends_a_referral():
    slots, _ = await read(
        "hmm maybe",
        intent="not_sure",
        requested_slot="referral_consent",
        active_loop="referral_form",
        slots={"language": "en"},
    )
    assert slots == {"referral_consent": "no"}


@USES_KB
async def test_a_question_to_the_assistant_is_not_read_as_an_answer():
    slots, _ = await read(
        "where do I report this in France?",
        intent="ask_reporting_point",
        requested_slot="jurisdiction",
        active_loop="triage_form",
        slots={"language": "en"},
    )
    assert "jurisdiction" not in slots


@USES_KB
async def test_the_first_message_with_words_sets_the_language():
    slots, _ = await read("Eine Schülerin hat ein Enthauptungsvideo in die Klassengruppe gestellt")
    assert slots["language"] == "de"
    assert slots["content_type"] == "terrorist_propaganda" and slots["platform"] == "messenger"


@USES_KB
async def test_the_name_reminder_comes_once():
    _, dispatcher = await read("my pupil Lena Schmidt posted it", slots={"language": "en"})
    assert texts(dispatcher)[0] == english(DOMAIN, "utter_name_reminder")
    slots, dispatcher = await read(
        "Lena posted it again", slots={"language": "en", "name_reminded": True}
    )
    assert english(DOMAIN, "utter_name_reminder") not in texts(dispatcher)


@pytest.mark.parametrize(
    "text, intent, confidence, pending, expected",
    [
        ("what do you store?", "ask_privacy", 0.5, True, True),  # looks like a question
        ("the privacy thing", "ask_privacy", 0.9, True, False),  # an answer while one is pending
        ("the privacy thing", "ask_privacy", 0.9, False, True),
        ("he will stab someone", "report_danger", 1.0, True, True),
        ("a symbol, not sure what it is", "ask_glossary", 0.8, True, False),
    ],
)
def test_what_counts_as_a_question_to_the_assistant(text, intent, confidence, pending, expected):
    tracker = make_tracker(
        intent=intent,
        text=text,
        requested_slot="content_type" if pending else None,
        active_loop="triage_form" if pending else None,
    )
    tracker.latest_message["intent"]["confidence"] = confidence
    assert is_question(tracker) is expected


def test_a_reply_answered_on_the_way_is_known():
    events = [
        {"event": "user", "text": "what is stored?"},
        {"event": "action", "name": "action_answer_question"},
        {"event": "bot", "text": "Privacy: ..."},
        {"event": "action", "name": "triage_form"},
    ]
    assert answered_on_the_way(make_tracker(active_loop="triage_form", events=events))
    assert not answered_on_the_way(
        make_tracker(active_loop="triage_form", events=events[:1] + events[3:])
    )


@USES_KB
@pytest.mark.parametrize(
    "text, intent, slot, value",
    [
        ("Hello, I coach a youth handball team in Hannover", "greet", "jurisdiction", "DE"),
        (
            "Verschwörungstheorien über die Regierung, Great Reset usw.",
            "start_again",
            "content_type",
            "conspiracy_disinformation",
        ),
    ],
)
async def test_a_greeting_or_a_start_again_is_read_all_the_same(text, intent, slot, value):
    slots, _ = await read(
        text,
        intent=intent,
        requested_slot="content_type" if intent == "start_again" else None,
        active_loop="triage_form" if intent == "start_again" else None,
        slots={"language": "de" if intent == "start_again" else "en"},
    )
    assert slots.get(slot) == value
