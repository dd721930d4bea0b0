"""actions/languages.py and texts.py: the language is chosen on request, and the action
that changes it already speaks the new one."""

from __future__ import annotations

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.languages import ActionSessionStart, ActionSetLanguage
from actions.texts import fill, variant
from tests.actions.helpers import DOMAIN, make_tracker, texts


async def switch(text=None, entities=None, **slots):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots, intent="set_language", text=text, entities=entities)
    events = await ActionSetLanguage().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher


async def test_a_language_named_is_chosen_and_confirmed_in_it():
    events, dispatcher = await switch("can we continue in German please?", language="en")
    assert events == [SlotSet("language", "de")]
    assert texts(dispatcher) == [variant(DOMAIN, "utter_language_set", "de")["text"]]


async def test_the_language_button():
    events, _ = await switch("/set_language", entities=[{"entity": "language", "value": "nl"}])
    assert events == [SlotSet("language", "nl")]


async def test_no_language_named_offers_the_four():
    events, dispatcher = await switch("can we switch language?", language="fr")
    assert events == []
    [message] = dispatcher.messages
    assert message["text"] == variant(DOMAIN, "utter_choose_language", "fr")["text"]
    assert [b["title"] for b in message["buttons"]] == [
        "English",
        "Deutsch",
        "Français",
        "Nederlands",
    ]


def test_a_variant_per_language_and_english_without_a_condition():
    assert variant(DOMAIN, "utter_language_set", "de")["text"].startswith("Ich")
    assert variant(DOMAIN, "utter_language_set", None)["text"].startswith("I'll")
    assert variant(DOMAIN, "utter_language_set", "xx")["text"].startswith("I'll")


def test_placeholders_are_filled_as_rasa_fills_them():
    assert fill("Noted: {place}.", {"place": "Köln"}) == "Noted: Köln."
    assert fill('/inform{{"danger":"no"}}', {}) == '/inform{"danger":"no"}'
    assert fill("{missing} stays", {}) == "{missing} stays"


async def test_a_new_session_keeps_only_the_language():
    tracker = make_tracker({"language": "de", "content_type": "hate_speech", "danger": "no"})
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker, DOMAIN)
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert events[1] == SlotSet("language", "de")


async def test_a_first_session_sets_no_language():
    events = await ActionSessionStart().run(CollectingDispatcher(), make_tracker(), DOMAIN)
    assert [e["event"] for e in events] == ["session_started", "action"]
