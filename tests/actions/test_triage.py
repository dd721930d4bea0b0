"""actions/triage.py: the triage form's validation, the recommendation and the danger override."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import ActionEmergency, ActionRecommendCourse, ValidateTriageForm
from tests.actions.helpers import DOMAIN, TRIAGE_SLOTS, form_tracker, make_tracker, responses

USES_KB = pytest.mark.usefixtures("sqlite_kb")

WITHOUT_AGENCIES = [s for s in TRIAGE_SLOTS if s != "other_agencies"]


def test_action_names_are_the_domain_names():
    names = [a().name() for a in (ValidateTriageForm, ActionRecommendCourse, ActionEmergency)]
    assert names == ["validate_triage_form", "action_recommend_course", "action_emergency"]
    assert set(names) <= set(DOMAIN["actions"])


@pytest.mark.parametrize(
    "slots, expected",
    [
        ({}, WITHOUT_AGENCIES),
        ({"danger": "yes"}, ["danger"]),
        ({"danger": "yes", "illegal": "no", "poster": "known_person"}, ["danger"]),
        ({"danger": "no", "illegal": "no", "poster": "known_person"}, TRIAGE_SLOTS),
        ({"danger": "unsure", "illegal": "no", "poster": "known_person"}, TRIAGE_SLOTS),
        ({"illegal": "yes", "poster": "known_person"}, WITHOUT_AGENCIES),
        ({"illegal": "unsure", "poster": "known_person"}, WITHOUT_AGENCIES),
        ({"illegal": "no", "poster": "anonymous"}, WITHOUT_AGENCIES),
        ({"illegal": "no", "poster": "unsure"}, WITHOUT_AGENCIES),
        ({"illegal": "no"}, WITHOUT_AGENCIES),
    ],
)
async def test_required_slots_ask_only_the_questions_that_matter(slots, expected):
    required = await ValidateTriageForm().required_slots(
        TRIAGE_SLOTS, CollectingDispatcher(), make_tracker(slots), DOMAIN
    )
    assert required == expected


def validate(slot, value, *, requested_slot, intent="inform", text=None):
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(requested_slot=requested_slot, intent=intent, text=text or value)
    result = getattr(ValidateTriageForm(), f"validate_{slot}")(value, dispatcher, tracker, DOMAIN)
    return result, dispatcher


@USES_KB
@pytest.mark.parametrize(
    "slot, typed, intent, expected",
    [
        ("platform", "on insta", "inform", "instagram"),
        ("platform", "tiktokk", "inform", "tiktok"),
        ("content_type", "racist memes", "inform", "hate_speech"),
        ("poster", "one of my students", "inform", "known_person"),
        ("poster", "an anonymous account", "inform", "anonymous"),
        ("poster", "group", "inform", "organised_group"),
        ("illegal", "I'd say so", "affirm", "yes"),
        ("illegal", "nah", "deny", "no"),
        ("illegal", "nobody can tell", "not_sure", "unsure"),
        ("other_agencies", "correct", "affirm", "yes"),
        ("other_agencies", "nope", "deny", "no"),
        ("poster", "hmm no clue", "not_sure", "unsure"),
        ("danger", "no", "deny", "no"),
        ("danger", "nobody is in danger", "deny", "no"),  # the intent wins over the words
    ],
)
def test_typed_answer_to_the_question_asked_becomes_its_category(slot, typed, intent, expected):
    result, dispatcher = validate(slot, typed, requested_slot=slot, intent=intent)
    assert result == {slot: expected}
    assert dispatcher.messages == []


@USES_KB
@pytest.mark.parametrize(
    "slot, value",
    [("platform", "x_twitter"), ("poster", "organised_group"), ("illegal", "unsure")],
)
def test_button_value_passes_through_even_when_not_asked(slot, value):
    result, dispatcher = validate(slot, value, requested_slot="danger", intent="inform")
    assert result == {slot: value}
    assert dispatcher.messages == []


@USES_KB
@pytest.mark.parametrize(
    "slot, typed, intent",
    [
        ("illegal", "sure", "affirm"),  # yes to another question, not to this one
        ("poster", "group", "inform"),  # generic word, only read when asked
        ("platform", "tiktokk", "inform"),  # typo, only read when asked
    ],
)
def test_answer_to_another_question_is_silently_ignored(slot, typed, intent):
    result, dispatcher = validate(slot, typed, requested_slot="content_type", intent=intent)
    assert result == {slot: None}
    assert dispatcher.messages == []


@USES_KB
@pytest.mark.parametrize(
    "slot, typed",
    [("platform", "my cat"), ("danger", "blue"), ("poster", "🙂🙂"), ("content_type", "x" * 5000)],
    ids=["unrelated", "nonsense", "emoji", "5000-chars"],
)
def test_unreadable_answer_to_the_question_asked_says_not_understood(slot, typed):
    result, dispatcher = validate(slot, typed, requested_slot=slot)
    assert result == {slot: None}
    assert responses(dispatcher) == ["utter_not_understood"]


@USES_KB
def test_danger_unsure_reminds_of_112():
    result, dispatcher = validate("danger", "not sure", requested_slot="danger", intent="not_sure")
    assert result == {"danger": "unsure"}
    assert responses(dispatcher) == ["utter_danger_unsure"]


@USES_KB
@pytest.mark.parametrize(
    "typed, intent, expected, response, place",
    [
        ("Muenchn", "inform", "DE", "utter_place_confirmed", "Munich, Germany"),
        ("in Graz", "inform", "AT", "utter_place_confirmed", "Graz, Austria"),
        (
            "Beispielstadt",
            "inform",
            "DE:beispielstadt",
            "utter_place_confirmed",
            "Beispielstadt (example municipality)",
        ),
        ("London", "inform", "EU", "utter_place_outside_eu", "London, United Kingdom"),
        ("not sure", "not_sure", "EU", "utter_place_unsure", None),
        ("qwertzuiop", "inform", None, "utter_place_not_found", None),
    ],
)
def test_jurisdiction_answer_is_resolved_and_confirmed(typed, intent, expected, response, place):
    result, dispatcher = validate(
        "jurisdiction", typed, requested_slot="jurisdiction", intent=intent
    )
    assert result == {"jurisdiction": expected}
    assert responses(dispatcher) == [response]
    assert dispatcher.messages[0].get("place") == place


@USES_KB
def test_jurisdiction_key_passes_through_without_a_message():
    result, dispatcher = validate("jurisdiction", "FR:villexemple", requested_slot="jurisdiction")
    assert result == {"jurisdiction": "FR:villexemple"}
    assert dispatcher.messages == []


@USES_KB
def test_unknown_place_not_asked_for_is_dropped_quietly():
    result, dispatcher = validate("jurisdiction", "qwertzuiop", requested_slot="platform")
    assert result == {"jurisdiction": None}
    assert dispatcher.messages == []


@USES_KB
async def test_form_run_returns_the_category_and_the_next_question():
    tracker = form_tracker(
        {"danger": "no", "content_type": "hate_speech"},
        {"platform": "on insta"},
        requested_slot="platform",
        intent="inform",
        text="on insta",
    )
    events = await ValidateTriageForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert events == [SlotSet("platform", "instagram"), SlotSet("requested_slot", "illegal")]


@USES_KB
async def test_form_run_with_danger_yes_ends_the_form():
    tracker = form_tracker({}, {"danger": "yes"}, requested_slot="danger", intent="inform")
    events = await ValidateTriageForm().run(CollectingDispatcher(), tracker, DOMAIN)
    assert events == [SlotSet("danger", "yes"), SlotSet("requested_slot", None)]


@USES_KB
async def test_form_run_with_unreadable_answer_asks_again():
    tracker = form_tracker(
        {"danger": "no"}, {"content_type": "my cat"}, requested_slot="content_type"
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateTriageForm().run(dispatcher, tracker, DOMAIN)
    assert events == [SlotSet("content_type", None), SlotSet("requested_slot", "content_type")]
    assert responses(dispatcher) == ["utter_not_understood"]


@USES_KB
async def test_form_run_reads_every_entity_of_a_first_message():
    entities = [
        {"entity": "poster", "value": "a pupil"},
        {"entity": "content_type", "value": "ISIS video"},
        {"entity": "platform", "value": "TikTok"},
        {"entity": "place", "value": "Berlin"},
    ]
    candidates = {
        "content_type": "ISIS video",
        "platform": "TikTok",
        "poster": "a pupil",
        "jurisdiction": "Berlin",
    }
    tracker = form_tracker(
        {},
        candidates,
        requested_slot=None,
        intent="report_content",
        text="a pupil shared an ISIS video on TikTok, we're in Berlin",
        entities=entities,
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateTriageForm().run(dispatcher, tracker, DOMAIN)
    assert events == [
        SlotSet("content_type", "terrorist_propaganda"),
        SlotSet("platform", "tiktok"),
        SlotSet("poster", "known_person"),
        SlotSet("jurisdiction", "DE"),
        SlotSet("requested_slot", "danger"),
    ]
    assert [(m["response"], m.get("place")) for m in dispatcher.messages] == [
        ("utter_place_confirmed", "Berlin, Germany")
    ]


KNOWN_LEGAL = {"danger": "no", "illegal": "no", "poster": "known_person"}
BEISPIELSTADT = "DE:beispielstadt"
COORDINATOR = "P/CVE coordinator, Beispielstadt (example)"
SAFEGUARDING = "Safeguarding lead, Beispielstadt (example)"
POLICE_LIAISON = "Police liaison officer, Beispielstadt (example)"
YOUTH = "Youth service, Beispielstadt (example)"
BAMF = "Counselling hotline on radicalisation, Federal Office for Migration and Refugees (BAMF)"
PLATFORMS = "Platform reporting (Digital Services Act notice and action)"
EU_IRU = "EU Internet Referral Unit (EU IRU), Europol"


@USES_KB
@pytest.mark.parametrize(
    "slots, course, urgency, contacts",
    [
        (
            {"danger": "yes", "jurisdiction": "FR"},
            "emergency",
            "emergency",
            ["Emergency number 112", "Police (France)"],
        ),
        (
            {"danger": "no", "illegal": "yes", "poster": "anonymous", "jurisdiction": "FR"},
            "report",
            "today",
            ["PHAROS (official platform for reporting illegal online content)", EU_IRU, PLATFORMS],
        ),
        (
            {**KNOWN_LEGAL, "other_agencies": "yes", "jurisdiction": BEISPIELSTADT},
            "refer_coordinator",
            "this_week",
            [COORDINATOR, SAFEGUARDING, POLICE_LIAISON, YOUTH, BAMF],
        ),
        (
            {**KNOWN_LEGAL, "other_agencies": "no", "jurisdiction": BEISPIELSTADT},
            "engage",
            "this_week",
            [COORDINATOR, SAFEGUARDING, YOUTH, BAMF, POLICE_LIAISON],
        ),
        (
            {"danger": "no", "illegal": "no", "poster": "organised_group", "jurisdiction": "NL"},
            "dont_feed",
            "when_convenient",
            [PLATFORMS],
        ),
    ],
    ids=["emergency", "report", "refer_coordinator", "engage", "dont_feed"],
)
async def test_recommend_course_sends_the_card_and_sets_the_outcome(
    slots, course, urgency, contacts
):
    dispatcher = CollectingDispatcher()
    events = await ActionRecommendCourse().run(dispatcher, make_tracker(slots), DOMAIN)
    # the referral is offered only where refer_coordinator applies in a known municipality
    offer = True if course in ("refer_coordinator", "engage") else None
    assert events == [
        SlotSet("course_of_action", course),
        SlotSet("urgency", urgency),
        SlotSet("referral_offer", offer),
    ]
    [message] = dispatcher.messages
    card = message["custom"]
    assert (card["type"], card["course_of_action"], card["urgency"]) == (
        "recommendation",
        course,
        urgency,
    )
    assert [c["name"] for c in card["contacts"]] == contacts
    assert message["text"].startswith(card["title"])


@USES_KB
@pytest.mark.parametrize(
    "jurisdiction, phones",
    [("AT", ["112", "133"]), ("DE", ["112", "110"]), ("NL", ["112"]), (None, ["112"])],
)
async def test_emergency_stops_the_form_and_gives_112_and_police(jurisdiction, phones):
    tracker = make_tracker(
        {"jurisdiction": jurisdiction, "danger": "no"},
        intent="report_danger",
        text="he says he will stab a classmate tomorrow",
        requested_slot="platform",
        active_loop="triage_form",
    )
    dispatcher = CollectingDispatcher()
    events = await ActionEmergency().run(dispatcher, tracker, DOMAIN)
    assert events == [
        SlotSet("danger", "yes"),
        SlotSet("course_of_action", "emergency"),
        SlotSet("urgency", "emergency"),
        ActiveLoop(None),
        SlotSet("requested_slot", None),
    ]
    [message] = dispatcher.messages
    assert message["custom"]["course_of_action"] == "emergency"
    assert [c["phone"] for c in message["custom"]["contacts"]] == phones
