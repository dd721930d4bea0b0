"""actions/questions.py, faq.py and fallback.py: direct questions answered from the
knowledge base; a vague message that is about a concern starts the triage."""

from __future__ import annotations

import pytest
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
from actions.questions import ActionAnswerQuestion
from tests.actions.helpers import DOMAIN, make_tracker, responses

USES_KB = pytest.mark.usefixtures("sqlite_kb")


async def answer(text, intent, **slots):
    dispatcher = CollectingDispatcher()
    events = await ActionAnswerQuestion().run(
        dispatcher, make_tracker(slots, intent=intent, text=text), DOMAIN
    )
    return events, dispatcher


@USES_KB
@pytest.mark.parametrize(
    "text, contact",
    [
        ("which website do I use to report a hateful post in France?", "PHAROS"),
        ("how would I report a post to the German police?", "ZMI BKA"),
        ("wo melde ich das in Österreich?", "DSN"),
        ("waar meld ik dit in Nederland?", "MOD"),
    ],
)
async def test_where_to_report_in_the_country_the_question_names(text, contact):
    _, dispatcher = await answer(text, "ask_reporting_point")
    [message] = dispatcher.messages
    assert message["response"] == "utter_reporting_points" and contact in message["contacts"]


@USES_KB
async def test_where_to_report_without_a_country_lists_the_pilot_countries():
    _, dispatcher = await answer("where can I report this?", "ask_reporting_point")
    contacts = dispatcher.messages[0]["contacts"]
    assert all(name in contacts for name in ("PHAROS", "REspect", "MOD", "DSN"))


@USES_KB
async def test_where_to_report_uses_the_country_of_where_one_works():
    _, dispatcher = await answer(
        "where do I report it?", "ask_reporting_point", jurisdiction="FR:villexemple"
    )
    assert "PHAROS" in dispatcher.messages[0]["contacts"]


@USES_KB
async def test_counselling_in_a_country():
    _, dispatcher = await answer("is there a hotline in Austria?", "ask_counselling")
    assert "0800 2020 44" in dispatcher.messages[0]["contacts"]


@USES_KB
@pytest.mark.parametrize(
    "intent, response",
    [
        ("ask_privacy", "utter_privacy"),
        ("ask_delete", "utter_delete"),
        ("ask_about", "utter_about"),
        ("help", "utter_help"),
    ],
)
async def test_each_kind_of_question_gets_its_answer(intent, response):
    _, dispatcher = await answer("tell me", intent)
    assert responses(dispatcher) == [response]


@USES_KB
async def test_a_question_the_knowledge_base_answers_comes_first():
    _, dispatcher = await answer("what is the Digital Services Act notice?", "ask_about")
    assert responses(dispatcher) == ["utter_faq"]
    assert "Art. 16" in dispatcher.messages[0]["answer"]


@USES_KB
async def test_the_fallback_answers_a_question_from_the_knowledge_base():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        intent="nlu_fallback",
        text="how fast must platforms remove terrorist content, within an hour?",
    )
    events = await ActionFallback().run(dispatcher, tracker, DOMAIN)
    assert events == [] and responses(dispatcher) == ["utter_faq"]


@USES_KB
async def test_the_fallback_starts_the_triage_for_a_vague_message_about_a_concern():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        intent="nlu_fallback",
        text="Servus, ich hätt eine Frage zu einem Posting von einer Jugendlichen",
    )
    events = await ActionFallback().run(dispatcher, tracker, DOMAIN)
    assert events == [FollowupAction("triage_form")]
    assert responses(dispatcher) == ["utter_start_triage"]


@USES_KB
async def test_the_fallback_otherwise_says_what_signpost_can_do():
    dispatcher = CollectingDispatcher()
    events = await ActionFallback().run(
        dispatcher, make_tracker(intent="nlu_fallback", text="asdf qwer"), DOMAIN
    )
    assert events == [] and responses(dispatcher) == ["utter_fallback"]


@pytest.mark.usefixtures("sqlite_kb")
async def test_asking_what_to_do_after_telling_of_a_concern_starts_the_triage():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"platform": "gaming"}, intent="help", text="wat moet ik doen?")
    events = await ActionAnswerQuestion().run(dispatcher, tracker, DOMAIN)
    assert events == [FollowupAction("triage_form")]
    assert responses(dispatcher) == ["utter_start_triage"]


@pytest.mark.usefixtures("sqlite_kb")
async def test_asking_for_help_with_nothing_told_gets_the_help_text():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(intent="help", text="wat moet ik doen?")
    assert await ActionAnswerQuestion().run(dispatcher, tracker, DOMAIN) == []
    assert responses(dispatcher) == ["utter_help"]
