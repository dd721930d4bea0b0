"""knowledge/checks.py: the entry checks the seed, the import and the admin pages share."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.checks import (
    Place,
    email_problem,
    entry_problems,
    known_jurisdictions,
    phone_problem,
    rule_problems,
    url_problem,
)
from knowledge.seed import read_seed

PLACES = {
    "EU": Place("eu", None),
    "DE": Place("country", "EU"),
    "FR": Place("country", "EU"),
    "DE:beispielstadt": Place("municipality", "DE"),
}
SOURCE = {"source": "a test", "source_url": None, "last_reviewed": dt.date(2026, 11, 22)}


@pytest.mark.parametrize(
    "number, region",
    [
        ("+49 30 1234567", None),
        ("+33 1 99 00 00 01", "DE"),  # international format whatever the region
        ("0911 943 43 43", "DE"),
        ("0800 2020 44", "AT"),
        ("0911 943 43 43", None),  # national somewhere in the EU
        ("110", "DE"),
        ("17", "FR"),
        ("133", "AT"),
        ("116 111", "DE"),
        ("112", None),
    ],
)
def test_phone_numbers_international_national_and_service_numbers_pass(number, region):
    assert phone_problem(number, region) is None


@pytest.mark.parametrize(
    "number, region",
    [
        ("12ab", None),
        ("call 110", "DE"),
        ("17", "DE"),  # France's police number is no number in Germany
        ("12", "DE"),
        ("+49", None),
        ("0911 943 43 43", "FR"),  # too long for a French number
        ("++49 30 1234567", None),
    ],
)
def test_things_that_are_not_phone_numbers_are_named_with_an_example(number, region):
    assert phone_problem(number, region) == (
        f"'{number}' is not a phone number (write it like +49 30 1234567)"
    )


def test_every_phone_number_in_the_seed_passes_for_its_jurisdiction():
    entries = read_seed()
    places = {e.values["key"]: e.values for e in entries if e.table == "jurisdictions"}
    checked = 0
    for entry in entries:
        for name in ("phone", "emergency_number", "police_number"):
            number = entry.values.get(name)
            if number:
                key = entry.values.get("jurisdiction_key") or entry.values["key"]
                level, parent = places[key]["level"], places[key]["parent_key"]
                region = {"eu": None, "country": key, "municipality": parent}[level]
                assert phone_problem(number, region) is None, (entry.where(), number)
                checked += 1
    assert checked > 40


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://localhost:8080/x?y=1", "https://meldestelle-respect.de"]
)
def test_http_and_https_addresses_with_a_host_pass(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    ["example.org", "ftp://example.org", "https://", "https://exa mple.org", "javascript:x()"],
)
def test_other_addresses_are_not_web_addresses(url):
    assert url_problem(url) == (
        f"'{url}' is not a web address (write it like https://example.org/page)"
    )


def test_email_addresses():
    assert email_problem("pcve-coordinator@beispielstadt.example.org") is None
    wrong_ones = ("name@", "name@example", "a b@example.org", "example.org")
    # a query or fragment would add hidden recipients or headers to the mailto: link
    hidden = ("someone@example.org?bcc=x@evil.example", "a&cc=b@example.org", "a@b.org#x")
    for wrong in wrong_ones + hidden:
        assert email_problem(wrong) == (
            f"'{wrong}' is not an e-mail address (write it like name@example.org)"
        )


def rule(priority, course="report", urgency="today", jurisdiction="EU", **conditions):
    return {
        "jurisdiction_key": jurisdiction,
        "priority": priority,
        "course_of_action": course,
        "urgency": urgency,
        **conditions,
    }


def test_the_seeded_policy_has_no_rule_problems():
    rules = [e.values for e in read_seed() if e.table == "rules"]
    assert [rule_problems(r, rules) for r in rules] == [[]] * len(rules)


def test_a_rule_behind_an_earlier_rule_that_takes_all_its_answers_can_never_match():
    earlier = rule(30, illegal=["yes", "unsure"])
    later = rule(35, "refer_coordinator", illegal=["yes"], poster=["known_person"])
    assert rule_problems(later, [earlier]) == [
        "can never match: the rule with priority 30 (report) is tried first and accepts "
        "every answer this one accepts"
    ]
    assert rule_problems(earlier, [later]) == []
    twin = rule(40, illegal=["yes", "unsure"])  # the same answers, tried later
    assert rule_problems(twin, [earlier]) == [
        "can never match: the rule with priority 30 (report) is tried first and accepts "
        "every answer this one accepts"
    ]


def test_a_rule_whose_answers_earlier_rules_take_between_them_can_never_match():
    known = rule(10, "engage", poster=["known_person"])
    unknown = rule(20, "dont_feed", poster=["anonymous", "organised_group"])
    later = rule(30, poster=["known_person", "anonymous"])
    assert rule_problems(later, [unknown, known]) == [
        "can never match: the rules with priority 10 (engage) and 20 (dont_feed) are tried "
        "first and between them accept every answer this one accepts"
    ]


def test_an_unasked_question_still_lets_a_rule_without_that_condition_match():
    # a null condition also accepts "not asked", which no list of answers does
    earlier = rule(10, illegal=["yes", "no", "unsure"])
    assert rule_problems(rule(20, "dont_feed"), [earlier]) == []


def test_only_live_rules_of_the_same_jurisdiction_shadow_a_rule():
    later = rule(35, illegal=["yes"])
    elsewhere = rule(30, illegal=["yes", "unsure"], jurisdiction="DE")
    retired = {**rule(30, illegal=["yes", "unsure"]), "retired": True}
    assert rule_problems(later, [elsewhere, retired]) == []


def test_rules_of_the_same_priority_that_give_other_advice_for_the_same_answers_contradict():
    dont_feed = rule(60, "dont_feed", "when_convenient", illegal=["no"], poster=["anonymous"])
    engage = rule(60, "engage", "this_week", illegal=["no", "unsure"], poster=["anonymous"])
    assert rule_problems(engage, [dont_feed]) == [
        "contradicts the rule with priority 60 (dont_feed): both have priority 60 and match "
        "when illegal is 'no' and poster is 'anonymous', but this one says engage (this_week) "
        "and that one dont_feed (when_convenient); which one applies depends on the order "
        "they were added"
    ]
    apart = {**engage, "illegal": ["unsure"]}
    same_advice = {**dont_feed, "poster": ["anonymous", "organised_group"]}
    assert rule_problems(apart, [dont_feed]) == []
    assert rule_problems(same_advice, [dont_feed]) == []


def test_a_condition_listing_no_answers_is_reported_as_ambiguous():
    problems = rule_problems(rule(10, danger=[]), [])
    assert problems == [
        "'danger' lists no answers, which the policy reads as any answer: leave it out to "
        "accept any answer, or list the answers it accepts"
    ]
    assert problems[0].field == "danger"


def contact(**changes):
    return {
        "jurisdiction_key": "DE:beispielstadt",
        "name": "Youth service",
        "role": "youth_service",
        "courses": ["engage"],
        "phone": "0911 943 43 43",
        "email": "youth@example.org",
        "url": "https://example.org/youth",
        **SOURCE,
        **changes,
    }


def test_a_good_contact_has_no_problems_and_may_use_its_country_s_national_format():
    assert entry_problems("contacts", contact(), jurisdictions=PLACES) == []


def test_a_contact_s_problems_name_their_fields():
    problems = entry_problems(
        "contacts",
        contact(
            jurisdiction_key="FR",
            phone="0911 943 43 43",
            email="youth",
            url="example.org",
            role="informant",
            courses=["ignore"],
            last_reviewed="soon",
        ),
        jurisdictions=PLACES,
    )
    assert [(p.field, str(p)) for p in problems] == [
        ("last_reviewed", "last_reviewed must be a date like 2026-11-22"),
        ("role", "role 'informant' is not one of reporting_point, police_internet_unit, "
         "counselling, coordinator, safeguarding, police_liaison, youth_service, eu_body, "
         "platform_reporting"),
        ("courses", "course 'ignore' is not one of emergency, report, refer_coordinator, "
         "engage, dont_feed"),
        ("url", "'example.org' is not a web address (write it like https://example.org/page)"),
        ("email", "'youth' is not an e-mail address (write it like name@example.org)"),
        ("phone", "'0911 943 43 43' is not a phone number (write it like +49 30 1234567)"),
    ]  # fmt: skip


def test_required_fields_types_lengths_and_references():
    problems = entry_problems(
        "rules",
        {"jurisdiction_key": "XX", "priority": "20", "course_of_action": "report",
         "urgency": "today", "rationale": "r" * 10, "source": 5, "shape": "round"},
        jurisdictions=PLACES,
    )  # fmt: skip
    assert problems == [
        "unknown field(s) shape",
        "'source' must be text (put it in quotes)",
        "'last_reviewed' is required",
        "'priority' must be a whole number",
        "jurisdiction 'XX' is not a jurisdiction",
    ]
    long_name = entry_problems(
        "glossary",
        {"term": "x" * 121, "meaning": "m", "ideology": "i", **SOURCE},
        jurisdictions=PLACES,
    )
    assert long_name == ["'term' is longer than 120 characters"]


def test_a_jurisdiction_needs_a_parent_one_level_up():
    municipality = {"key": "FR:x", "name": "X", "level": "municipality", **SOURCE}
    assert entry_problems("jurisdictions", municipality, jurisdictions=PLACES) == [
        "a municipality needs a parent jurisdiction"
    ]
    under_a_town = {**municipality, "parent_key": "DE:beispielstadt"}
    assert entry_problems("jurisdictions", under_a_town, jurisdictions=PLACES) == [
        "parent 'DE:beispielstadt' is a municipality; a municipality's parent must be a level "
        "above it (eu, then country, then municipality)"
    ]


def test_entries_that_must_be_unique_report_their_twin():
    term = {"term": "88", "meaning": "m", "ideology": "i", **SOURCE}
    others = [dict(term), {**term, "term": "14"}]
    assert entry_problems("glossary", term, others=others) == [
        "another entry has the same term '88'"
    ]
    assert entry_problems("glossary", {**term, "term": "18"}, others=others) == []


def test_known_jurisdictions_come_from_the_database(module_session):
    places = known_jurisdictions(module_session)
    assert places["DE:beispielstadt"] == Place("municipality", "DE")
    assert places["EU"] == Place("eu", None)
    assert len(places) == 32
