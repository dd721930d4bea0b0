"""actions/contacts.py: who the local coordinator is, and the form asking where one works."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import ActionShowCoordinator, ValidateCoordinatorForm
from actions.reading import ActionReadMessage
from tests.actions.helpers import DOMAIN, make_tracker, responses


def test_action_names_are_the_domain_names():
    names = [ValidateCoordinatorForm().name(), ActionShowCoordinator().name()]
    assert names == ["validate_coordinator_form", "action_show_coordinator"]
    assert set(names) <= set(DOMAIN["actions"])


async def show(jurisdiction):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"jurisdiction": jurisdiction}, intent="ask_coordinator")
    events = await ActionShowCoordinator().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher


@pytest.mark.usefixtures("sqlite_kb")
@pytest.mark.parametrize(
    "key, place, line",
    [
        (
            "DE:beispielstadt",
            "Beispielstadt (example municipality)",
            "- P/CVE coordinator, Beispielstadt (example) (local P/CVE coordinator): "
            "+49 30 0000 0001, pcve-coordinator@beispielstadt.example.org, "
            "https://beispielstadt.example.org/praevention",
        ),
        (
            "AT:musterstadt",
            "Musterstadt (example municipality)",
            "- P/CVE coordinator, Musterstadt (example) (local P/CVE coordinator): "
            "+43 1 000 0001, pcve-coordinator@musterstadt.example.org, "
            "https://musterstadt.example.org/praevention",
        ),
    ],
    ids=["DE:beispielstadt", "AT:musterstadt"],
)
async def test_example_municipality_shows_its_coordinator(key, place, line):
    events, dispatcher = await show(key)
    assert events == []
    [message] = dispatcher.messages
    assert message["response"] == "utter_coordinator_found"
    assert (message["place"], message["contacts"]) == (place, line)


@pytest.mark.usefixtures("sqlite_kb")
@pytest.mark.parametrize(
    "key, place, advice",
    [
        (
            "DE",
            "Germany",
            [
                "- Counselling hotline on radicalisation, Federal Office for Migration and "
                "Refugees (BAMF) (counselling): 0911 943 43 43"
            ],
        ),
        ("NL", "Netherlands", []),
    ],
    ids=["DE", "NL"],
)
async def test_country_says_the_coordinator_is_unknown_and_lists_advice(key, place, advice):
    events, dispatcher = await show(key)
    assert events == []
    unknown, *rest = dispatcher.messages
    assert (unknown["response"], unknown["place"]) == ("utter_coordinator_unknown", place)
    assert [m["response"] for m in rest] == ["utter_coordinator_advice"] * bool(advice)
    assert [m["contacts"] for m in rest] == advice


@pytest.mark.usefixtures("sqlite_kb")
async def test_no_jurisdiction_asks_for_the_place_first():
    events, dispatcher = await show(None)
    assert events == []
    assert responses(dispatcher) == ["utter_coordinator_needs_place"]


@pytest.mark.usefixtures("sqlite_kb")
@pytest.mark.parametrize(
    "typed, expected, named",
    [
        ("Graz", "AT", "Graz"),
        ("Villexemple", "FR:villexemple", "Villexemple"),
        ("qwertzuiop", None, None),  # not a place: the form's repair asks again
    ],
)
async def test_coordinator_form_reads_the_place(typed, expected, named):
    """The form's question is read like every other (actions/reading.py), and the place
    read is confirmed by name."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        requested_slot="jurisdiction", active_loop="coordinator_form", intent="inform", text=typed
    )
    events = await ActionReadMessage().run(dispatcher, tracker, DOMAIN)
    assert {e["name"]: e["value"] for e in events}.get("jurisdiction") == expected
    said = [m.get("text") or "" for m in dispatcher.messages]
    assert any(named in text for text in said) if named else not said
