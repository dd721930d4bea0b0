"""knowledge/policy.py with the seeded rules: the default decision policy of DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from knowledge import repository
from knowledge.models import DecisionRule
from knowledge.policy import SAFE_DEFAULT, Triage, decide, matches

YES_NO_UNSURE = ("yes", "no", "unsure")
POSTERS = ("known_person", "anonymous", "organised_group", "unsure")
AGENCIES = ("yes", "no", "unsure", None)  # None: the question was not asked
FOOTING = ("yes", "no", "unsure", None)


def expected_decision(danger, illegal, poster, other_agencies, footing=None):
    """DOMAIN.md's default policy table, written out independently of rules.yml."""
    if danger == "yes":
        return "emergency", "emergency", []
    if illegal in ("yes", "unsure"):
        if poster == "known_person":
            return "report", "today", ["refer_coordinator"]
        return "report", "today", []
    if poster == "known_person":
        if other_agencies in ("yes", "unsure"):
            return "refer_coordinator", "this_week", []
        if footing != "yes":  # not able to engage safely: the coordinator (issue 14)
            return "refer_coordinator", "this_week", []
        return "engage", "this_week", ["refer_coordinator"]
    if poster in ("anonymous", "organised_group"):
        return "dont_feed", "when_convenient", []
    return "refer_coordinator", "this_week", ["dont_feed"]  # poster unsure


def answer_combinations():
    """Every combination of answers the triage can produce.

    Other agencies is asked only for a legal post by a known person, and then has an
    answer; the practitioner's footing only when no other agency is involved either;
    elsewhere every value (or none) must lead to the same course.
    """
    for danger, illegal, poster, agencies, footing in itertools.product(
        YES_NO_UNSURE, YES_NO_UNSURE, POSTERS, AGENCIES, FOOTING
    ):
        asked = danger != "yes" and illegal == "no" and poster == "known_person"
        if asked and agencies is None or asked and agencies == "no" and footing is None:
            continue
        yield pytest.param(
            Triage(
                danger=danger,
                illegal=illegal,
                poster=poster,
                other_agencies=agencies,
                footing=footing,
            ),
            expected_decision(danger, illegal, poster, agencies, footing),
            id=f"danger={danger}-illegal={illegal}-poster={poster}-agencies={agencies}"
            f"-footing={footing}",
        )


@pytest.mark.parametrize("triage, expected", list(answer_combinations()))
def test_seeded_rules_give_the_domain_policy_course_urgency_and_also(
    module_session, triage, expected
):
    rules = repository.rules_for(module_session, "DE:beispielstadt")
    rule = decide(rules, triage)
    assert (rule.course_of_action, rule.urgency, list(rule.also)) == expected
    assert rule is not SAFE_DEFAULT


@pytest.mark.parametrize(
    "triage",
    [
        Triage(danger="yes"),
        Triage(danger="yes", content_type="threat_of_violence"),
        Triage(danger="yes", illegal="no", poster=None, jurisdiction="FR"),
    ],
    ids=["first-answer", "after-content-type", "mid-form"],
)
def test_danger_yes_is_an_emergency_before_the_other_questions(module_session, triage):
    rule = decide(repository.rules_for(module_session, triage.jurisdiction), triage)
    assert (rule.course_of_action, rule.urgency, list(rule.also)) == ("emergency", "emergency", [])


@pytest.mark.parametrize(
    "triage",
    [
        Triage(),
        Triage(danger="no", illegal="no", poster="known_person", other_agencies=None),
        Triage(danger="unsure"),
    ],
    ids=["nothing-answered", "known-person-agencies-not-asked", "only-danger-unsure"],
)
def test_no_matching_rule_gives_the_safe_default(module_session, triage):
    rule = decide(repository.rules_for(module_session, "EU"), triage)
    assert rule is SAFE_DEFAULT
    assert (rule.course_of_action, rule.urgency, rule.also) == (
        "refer_coordinator",
        "this_week",
        [],
    )


def test_decide_without_any_rule_gives_the_safe_default():
    assert decide([], Triage(danger="yes")) is SAFE_DEFAULT


def test_municipality_rule_is_tried_before_the_eu_rules(session):
    own = DecisionRule(
        jurisdiction_key="DE:beispielstadt",
        priority=500,  # a worse priority than every EU rule: nearness still wins
        illegal=["no"],
        poster=["anonymous"],
        course_of_action="refer_coordinator",
        urgency="today",
        also=[],
        rationale="Beispielstadt wants to hear about every anonymous post.",
        source="Beispielstadt coordinator",
        last_reviewed=dt.date(2026, 11, 22),
    )
    session.add(own)
    session.flush()
    triage = Triage(danger="no", illegal="no", poster="anonymous", jurisdiction="DE:beispielstadt")

    rules = repository.rules_for(session, "DE:beispielstadt")

    assert rules[0] is own
    assert decide(rules, triage) is own
    eu_rule = decide(repository.rules_for(session, "DE"), triage)
    assert (eu_rule.jurisdiction_key, eu_rule.course_of_action) == ("EU", "dont_feed")


@pytest.mark.parametrize(
    "conditions, triage, expected",
    [
        ({}, Triage(), True),
        ({"illegal": ["yes"]}, Triage(illegal="yes"), True),
        ({"illegal": ["yes"]}, Triage(illegal="no"), False),
        ({"illegal": ["yes"]}, Triage(), False),
        (
            {"illegal": ["no"], "poster": ["anonymous"]},
            Triage(illegal="no", poster="unsure"),
            False,
        ),
        ({"danger": []}, Triage(danger="no"), True),  # an empty list accepts any answer
    ],
)
def test_matches_checks_every_condition(conditions, triage, expected):
    rule = DecisionRule(course_of_action="report", urgency="today", **conditions)
    assert matches(rule, triage) is expected


def test_triage_from_slots_keeps_only_triage_answers():
    slots = {"danger": "no", "platform": "tiktok", "jurisdiction": "FR", "glossary_term": "88"}
    assert Triage.from_slots(slots) == Triage(danger="no", platform="tiktok", jurisdiction="FR")
