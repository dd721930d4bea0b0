"""actions/triage.py: the triage form's validation, the recommendation and the danger override."""

from __future__ import annotations

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import (
    ActionEmergency,
    ActionRecommendCourse,
    ActionStartTriage,
    ValidateTriageForm,
)
from tests.actions.helpers import (
    DOMAIN,
    TRIAGE_SLOTS,
    english,
    form_tracker,
    make_tracker,
    responses,
    texts,
)

USES_KB = pytest.mark.usefixtures("sqlite_kb")

# who else is involved, and whether the practitioner can engage: asked only before engaging
WITHOUT_AGENCIES = [s for s in TRIAGE_SLOTS if s not in ("other_agencies", "footing")]


def test_action_names_are_the_domain_names():
    classes = (ValidateTriageForm, ActionStartTriage, ActionRecommendCourse, ActionEmergency)
    names = [a().name() for a in classes]
    assert names == [
        "validate_triage_form",
        "action_start_triage",
        "action_recommend_course",
        "action_emergency",
    ]
    assert set(names) <= set(DOMAIN["actions"])


@USES_KB
@pytest.mark.parametrize(
    "slots, expected",
    [
        ({}, TRIAGE_SLOTS),
        ({"danger": "yes"}, ["danger"]),
        ({"danger": "yes", "illegal": "no", "poster": "known_person"}, ["danger"]),
        ({"danger": "no", "illegal": "no", "poster": "known_person"}, TRIAGE_SLOTS),
        ({"danger": "unsure", "illegal": "no", "poster": "known_person"}, TRIAGE_SLOTS),
        ({"illegal": "yes", "poster": "known_person"}, WITHOUT_AGENCIES),
        ({"illegal": "unsure", "poster": "known_person"}, WITHOUT_AGENCIES),
        ({"illegal": "no", "poster": "anonymous"}, WITHOUT_AGENCIES),
        ({"illegal": "no", "poster": "unsure"}, WITHOUT_AGENCIES),
        ({"illegal": "yes"}, WITHOUT_AGENCIES),
        (
            {"illegal": "no", "poster": "known_person", "other_agencies": "yes"},
            [s for s in TRIAGE_SLOTS if s != "footing"],
        ),
    ],
)
async def test_required_slots_ask_only_the_questions_the_rules_need(slots, expected):
    required = await ValidateTriageForm().required_slots(
        TRIAGE_SLOTS, CollectingDispatcher(), make_tracker(slots), DOMAIN
    )
    assert required == expected


@USES_KB
async def test_a_coordinators_rule_change_changes_which_questions_are_asked(sqlite_kb):
    from knowledge import db
    from knowledge.models import DecisionRule

    with db.default_sessionmaker(
        sqlite_kb
    ).begin() as session:  # agencies matter for any answer now
        for rule in session.query(DecisionRule).filter(DecisionRule.priority == 20):
            rule.other_agencies = ["no"]
    required = await ValidateTriageForm().required_slots(
        TRIAGE_SLOTS,
        CollectingDispatcher(),
        make_tracker({"danger": "no", "illegal": "yes", "poster": "known_person"}),
        DOMAIN,
    )
    assert "other_agencies" in required


async def run_form(slots, candidate, *, requested_slot, **message):
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(slots, candidate, requested_slot=requested_slot, **message)
    events = await ValidateTriageForm().run(dispatcher, tracker, DOMAIN)
    return events, dispatcher


@USES_KB
async def test_an_answer_read_moves_on_to_the_next_question():
    events, dispatcher = await run_form(
        {"danger": "no"},
        {"content_type": "hate_speech"},
        requested_slot="content_type",
        intent="inform",
        text="racist memes",
    )
    assert events == [
        SlotSet("content_type", "hate_speech"),
        SlotSet("asked", {"platform": 1}),
        SlotSet("requested_slot", "platform"),
    ]
    assert dispatcher.messages == []


@USES_KB
async def test_a_forged_button_value_is_not_taken():
    events, _ = await run_form(
        {"danger": "no", "content_type": "other"},
        {"platform": "myspace"},
        requested_slot="platform",
        intent="inform",
        text=None,
    )
    assert SlotSet("platform", None) in events
    assert events[-1] == SlotSet("requested_slot", "platform")


@USES_KB
async def test_a_reply_not_understood_is_said_once_and_asked_again():
    events, dispatcher = await run_form(
        {"danger": "no", "asked": {"content_type": 1}},
        {},
        requested_slot="content_type",
        intent="out_of_scope",
        text="hmm the thing from before",
    )
    assert events == [
        SlotSet("asked", {"content_type": 2}),
        SlotSet("requested_slot", "content_type"),
    ]
    assert texts(dispatcher) == [english(DOMAIN, "utter_not_understood")]


@USES_KB
async def test_a_question_asked_twice_is_noted_not_sure_and_the_form_goes_on():
    events, dispatcher = await run_form(
        {"danger": "no", "asked": {"content_type": 2}},
        {},
        requested_slot="content_type",
        intent="out_of_scope",
        text="hmm the thing from before",
    )
    assert SlotSet("content_type", "unsure") in events
    assert events[-2:] == [
        SlotSet("asked", {"content_type": 2, "platform": 1}),
        SlotSet("requested_slot", "platform"),
    ]
    assert texts(dispatcher) == [english(DOMAIN, "utter_moving_on_unsure")]


@USES_KB
async def test_not_sure_where_one_works_is_the_eu():
    events, _ = await run_form(
        {
            "danger": "no",
            "illegal": "yes",
            "poster": "anonymous",
            "content_type": "other",
            "platform": "other",
            "asked": {"jurisdiction": 2},
        },
        {},
        requested_slot="jurisdiction",
        intent="out_of_scope",
        text="hmm",
    )
    assert SlotSet("jurisdiction", "EU") in events
    assert events[-1] == SlotSet("requested_slot", None)


@USES_KB
async def test_danger_not_sure_after_two_misses_gives_the_112_advice():
    _, dispatcher = await run_form(
        {"asked": {"danger": 2}}, {}, requested_slot="danger", intent="out_of_scope", text="eh"
    )
    assert texts(dispatcher) == [
        english(DOMAIN, "utter_moving_on_unsure"),
        english(DOMAIN, "utter_danger_unsure"),
    ]


@USES_KB
async def test_a_question_steps_aside_for_its_answer():
    events, dispatcher = await run_form(
        {"danger": "no"},
        {},
        requested_slot="platform",
        intent="ask_privacy",
        text="what do you store about me?",
    )
    assert events == [] and dispatcher.messages == []


@USES_KB
async def test_a_question_from_the_knowledge_base_is_answered_and_the_form_asks_again():
    events, dispatcher = await run_form(
        {"danger": "no", "content_type": "other", "asked": {"platform": 1}},
        {},
        requested_slot="platform",
        intent="out_of_scope",
        text="what is a trusted flagger?",
    )
    assert events[-1] == SlotSet("requested_slot", "platform")
    assert [m["response"] for m in dispatcher.messages] == ["utter_faq"]
    assert "Art. 22" in dispatcher.messages[0]["answer"]


@USES_KB
async def test_danger_yes_ends_the_form():
    events, _ = await run_form(
        {}, {"danger": "yes"}, requested_slot="danger", intent="inform", text=None
    )
    assert events[-1] == SlotSet("requested_slot", None)


@USES_KB
async def test_start_triage_explains_a_symbol_the_opening_asks_about():
    tracker = make_tracker(
        intent="report_content", text="a pupil has 1488 in his name, what does it mean?"
    )
    dispatcher = CollectingDispatcher()
    await ActionStartTriage().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_glossary_entry", "utter_start_triage"]
    assert dispatcher.messages[0]["term"] == "1488"


@USES_KB
async def test_start_triage_without_a_question_only_starts():
    tracker = make_tracker(intent="report_content", text="a pupil posted 1488 on tiktok")
    dispatcher = CollectingDispatcher()
    await ActionStartTriage().run(dispatcher, tracker, DOMAIN)
    assert responses(dispatcher) == ["utter_start_triage"]


KNOWN_LEGAL = {"danger": "no", "illegal": "no", "poster": "known_person"}
BEISPIELSTADT = "DE:beispielstadt"
COORDINATOR = "P/CVE coordinator, Beispielstadt (example)"
SAFEGUARDING = "Safeguarding lead, Beispielstadt (example)"
POLICE_LIAISON = "Police liaison officer, Beispielstadt (example)"
YOUTH = "Youth service, Beispielstadt (example)"
BAMF = "Counselling hotline on radicalisation, Federal Office for Migration and Refugees (BAMF)"


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
            # the EU IRU and "platform reporting" have no phone, e-mail or web address
            ["PHAROS (official platform for reporting illegal online content)"],
        ),
        (
            {**KNOWN_LEGAL, "other_agencies": "yes", "jurisdiction": BEISPIELSTADT},
            "refer_coordinator",
            "this_week",
            [COORDINATOR, SAFEGUARDING, POLICE_LIAISON, YOUTH, BAMF],
        ),
        (
            {
                **KNOWN_LEGAL,
                "other_agencies": "no",
                "footing": "yes",
                "jurisdiction": BEISPIELSTADT,
            },
            "engage",
            "this_week",
            [COORDINATOR, SAFEGUARDING, YOUTH, BAMF, POLICE_LIAISON],
        ),
        (
            {"danger": "no", "illegal": "no", "poster": "organised_group", "jurisdiction": "NL"},
            "dont_feed",
            "when_convenient",
            [],  # the steps say to use the platform's report button
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
    # reporting comes with the drafted notice to the platform, after the card
    message, *after = dispatcher.messages
    assert [m["custom"]["type"] for m in after] == (["notice"] if course == "report" else [])
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
