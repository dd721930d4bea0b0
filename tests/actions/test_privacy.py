"""The one-time reminder that Signpost needs no names."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ValidatePredefinedSlots
from tests.actions.helpers import DOMAIN, make_tracker


async def run(text, **slots):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots=slots, text=text, intent="inform")
    events = await ValidatePredefinedSlots().run(dispatcher, tracker, DOMAIN)
    return events, [m.get("response") for m in dispatcher.messages]


async def test_the_first_name_typed_gets_the_reminder():
    events, responses = await run("my pupil Lena Schmidt posted it")
    assert responses == ["utter_name_reminder"]
    assert SlotSet("name_reminded", True) in events


async def test_the_reminder_comes_only_once():
    events, responses = await run("Lena posted it again", name_reminded=True)
    assert responses == [] and SlotSet("name_reminded", True) not in events


@pytest.mark.parametrize(
    "text", ["a pupil shared an ISIS video on TikTok", "Lyon", "no", '/inform{"danger":"no"}']
)
async def test_no_name_no_reminder(text):
    events, responses = await run(text)
    assert responses == []
