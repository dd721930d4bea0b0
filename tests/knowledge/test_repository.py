"""knowledge/repository.py: glossary look-up, jurisdiction chains, coordinators, rule order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from knowledge import repository
from knowledge.models import Contact, DecisionRule

SEEDED = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    "question, term",
    [
        ("what does 1488 mean?", "1488"),
        ("1488", "1488"),
        ("14/88", "1488"),
        ("88", "88"),
        ("what does 88 mean", "88"),
        ("HH", "88"),
        ("what does 14 mean", "14"),
        ("is 18 a code", "18"),
        ("blackpil", "blackpill"),
        ("whats blackpilled", "blackpill"),
        ("(((echo)))", "triple parentheses"),
        ("what does (((echo))) mean", "triple parentheses"),
        ("what is the black sun", "Black Sun"),
        ("Sonnenrad", "Black Sun"),
        ("what is a wolfsangle", "Wolfsangel"),
    ],
)
def test_find_glossary_entry_finds_the_term_asked_about(module_session, question, term):
    entry = repository.find_glossary_entry(module_session, question)
    assert entry is not None and entry.term == term


def test_88_carries_its_innocent_use(module_session):
    entry = repository.find_glossary_entry(module_session, "88")
    assert entry.innocent_use == (
        "88 is an ordinary number in ages, prices, years, house numbers and shirt numbers, "
        "and in Chinese online slang it means 'bye-bye'; context decides."
    )


@pytest.mark.parametrize(
    "question",
    [
        None,
        "",
        "   ",
        "zzzzqqq",
        "what does the number 8 mean",
        "what does 1489 mean?",
        "hello there",
        "/ask_glossary",
        "x" * 5000,
    ],
)
def test_find_glossary_entry_gives_none_for_unknown_or_empty(module_session, question):
    assert repository.find_glossary_entry(module_session, question) is None


@pytest.mark.parametrize(
    "key, chain",
    [
        ("DE:beispielstadt", ["DE:beispielstadt", "DE", "EU"]),
        ("FR", ["FR", "EU"]),
        ("EU", ["EU"]),
        ("XX", ["EU"]),
        (None, ["EU"]),
    ],
)
def test_jurisdiction_chain_walks_up_to_the_eu(module_session, key, chain):
    assert [j.key for j in repository.jurisdiction_chain(module_session, key)] == chain


@pytest.mark.parametrize(
    "key, names",
    [
        ("DE:beispielstadt", ["P/CVE coordinator, Beispielstadt (example)"]),
        ("FR:villexemple", ["P/CVE coordinator, Villexemple (example)"]),
        ("DE", []),
        ("EU", []),
        (None, []),
    ],
)
def test_coordinators_for_gives_the_nearest_coordinators(module_session, key, names):
    assert [c.name for c in repository.coordinators_for(module_session, key)] == names


def test_coordinators_for_skips_a_retired_coordinator(session):
    coordinator = session.scalar(
        select(Contact).where(Contact.name == "P/CVE coordinator, Beispielstadt (example)")
    )
    coordinator.retired = True
    session.flush()
    assert repository.coordinators_for(session, "DE:beispielstadt") == []


def add_rule(session, jurisdiction, priority, *, retired=False) -> DecisionRule:
    rule = DecisionRule(
        jurisdiction_key=jurisdiction,
        priority=priority,
        course_of_action="report",
        urgency="today",
        also=[],
        rationale="test",
        source="test",
        last_reviewed=SEEDED,
        retired=retired,
    )
    session.add(rule)
    session.flush()
    return rule


def test_rules_for_orders_nearest_jurisdiction_first_then_priority(session):
    country = add_rule(session, "DE", 1)
    late = add_rule(session, "DE:beispielstadt", 90)
    early = add_rule(session, "DE:beispielstadt", 15)
    add_rule(session, "DE:beispielstadt", 1, retired=True)
    add_rule(session, "FR", 1)

    rules = repository.rules_for(session, "DE:beispielstadt")

    assert rules[:3] == [early, late, country]
    assert [(r.jurisdiction_key, r.priority) for r in rules[3:]] == [
        ("EU", p) for p in (10, 20, 30, 40, 50, 55, 60, 70)
    ]


def test_rules_for_unknown_jurisdiction_gives_the_eu_rules(module_session):
    rules = repository.rules_for(module_session, "XX")
    assert [r.priority for r in rules] == [10, 20, 30, 40, 50, 55, 60, 70]


def test_guidance_for_prefers_the_country_entry(module_session):
    assert (
        repository.guidance_for(module_session, "DE:beispielstadt", "report").jurisdiction_key
        == "DE"
    )
    assert repository.guidance_for(module_session, "NL", "report").jurisdiction_key == "EU"
    assert repository.guidance_for(module_session, "NL", "no_such_course") is None
