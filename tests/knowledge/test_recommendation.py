"""knowledge/recommendation.py: course, urgency, steps, contacts and sources from the KB."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from knowledge import repository
from knowledge.models import Contact
from knowledge.policy import Triage
from knowledge.recommendation import recommend
from language.labels import label

NOT_ILLEGAL_KNOWN = dict(danger="no", illegal="no", poster="known_person")
REFER = Triage(**NOT_ILLEGAL_KNOWN, other_agencies="yes", jurisdiction="DE:beispielstadt")
COORDINATOR_UNKNOWN = (
    "Signpost does not know the local P/CVE coordinator for {place} yet: ask your "
    "municipality's prevention, youth or safeguarding office who it is."
)


def contact_names(rec):
    return [(c["name"], c["jurisdiction"]) for c in rec.contacts]


def test_contacts_walk_municipality_then_country_then_eu(module_session):
    rec = recommend(module_session, REFER)
    assert rec.course_of_action == "refer_coordinator"
    assert contact_names(rec) == [
        ("P/CVE coordinator, Beispielstadt (example)", "DE:beispielstadt"),
        ("Safeguarding lead, Beispielstadt (example)", "DE:beispielstadt"),
        ("Police liaison officer, Beispielstadt (example)", "DE:beispielstadt"),
        ("Youth service, Beispielstadt (example)", "DE:beispielstadt"),
        (
            "Counselling hotline on radicalisation, Federal Office for Migration and Refugees "
            "(BAMF)",
            "DE",
        ),
    ]
    assert (rec.jurisdiction, rec.jurisdiction_name) == (
        "DE:beispielstadt",
        "Beispielstadt (example municipality)",
    )


def test_report_contacts_reach_the_eu_level_after_the_country(session):
    platforms = session.scalar(select(Contact).where(Contact.role == "platform_reporting"))
    platforms.url = "https://example.org/how-to-report"  # the seed gives it no way to reach it
    session.flush()
    rec = recommend(session, replace(REFER, illegal="yes"))
    levels = [key for _, key in contact_names(rec)]
    assert rec.course_of_action == "report"
    assert levels[0] == "DE:beispielstadt"
    assert levels.index("DE") < levels.index("EU")


def test_a_contact_without_a_phone_e_mail_or_web_address_is_never_shown(session):
    rec = recommend(session, Triage(danger="no", illegal="yes", jurisdiction="DE"))
    names = [name for name, _ in contact_names(rec)]
    assert names == ["REspect! reporting point (Meldestelle REspect!)"]  # not ZMI BKA, EU IRU
    assert all(c["phone"] or c["email"] or c["url"] for c in rec.contacts)
    coordinator = session.scalar(
        select(Contact).where(Contact.name == "P/CVE coordinator, Beispielstadt (example)")
    )
    coordinator.phone = coordinator.email = coordinator.url = None
    session.flush()
    assert "P/CVE coordinator, Beispielstadt (example)" not in [
        name for name, _ in contact_names(recommend(session, REFER))
    ]
    assert repository.coordinators_for(session, "DE:beispielstadt") == []


def test_contacts_name_their_role_and_place_in_the_reader_s_language(module_session):
    shown = {
        c["name"]: (c["role_name"], c["jurisdiction_name"])
        for c in recommend(module_session, replace(REFER, illegal="yes"), "de").contacts
    }
    assert shown["Meldestelle REspect!"] == ("Meldestelle", "Deutschland")
    assert shown["P/CVE-Koordination, Beispielstadt (Beispiel)"] == (
        label("roles", "coordinator", "de"),
        "Beispielstadt (example municipality)",
    )
    emergency = recommend(module_session, Triage(danger="yes"), "fr").contacts
    assert [(c["role_name"], c["jurisdiction_name"]) for c in emergency][0] == (
        "services d'urgence",
        "Union européenne",
    )


EMERGENCY_112 = ("Emergency number 112", "emergency", "112")


@pytest.mark.parametrize(
    "jurisdiction, expected",
    [
        ("DE", [(*EMERGENCY_112, "DE"), ("Police (Germany)", "police", "110", "DE")]),
        ("FR", [(*EMERGENCY_112, "FR"), ("Police (France)", "police", "17", "FR")]),
        ("AT", [(*EMERGENCY_112, "AT"), ("Police (Austria)", "police", "133", "AT")]),
        ("NL", [(*EMERGENCY_112, "NL")]),
        ("ES", [(*EMERGENCY_112, "ES")]),
        ("XX", [(*EMERGENCY_112, "EU")]),
        (None, [(*EMERGENCY_112, "EU")]),
    ],
)
def test_emergency_gives_112_first_then_the_national_police_number(
    module_session, jurisdiction, expected
):
    rec = recommend(module_session, Triage(danger="yes", jurisdiction=jurisdiction))
    assert (rec.course_of_action, rec.urgency) == ("emergency", "emergency")
    assert [(c["name"], c["role"], c["phone"], c["jurisdiction"]) for c in rec.contacts] == expected
    assert rec.steps[0].startswith("Call 112 now")


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "de",
            [
                ("Notruf 112", "112"),
                ("Polizei (Österreich)", "133"),
                ("Polizei (Deutschland)", "110"),
            ],
        ),
        ("fr", [("Numéro d'urgence 112", "112"), ("Police (France)", "17")]),
        ("nl", [("Alarmnummer 112", "112")]),  # the Dutch police number is 112 itself
        ("en", [("Emergency number 112", "112")]),
    ],
)
def test_before_the_place_is_known_the_police_numbers_of_the_languages_countries_follow_112(
    module_session, language, expected
):
    """A German threat told before the workplace: 110 and 133 beside 112, in German."""
    rec = recommend(module_session, Triage(danger="yes"), language)
    assert [(c["name"], c["phone"]) for c in rec.contacts] == expected


def test_emergency_in_a_municipality_gives_the_national_police_number(module_session):
    rec = recommend(module_session, Triage(danger="yes", jurisdiction="DE:beispielstadt"))
    assert [(c["role"], c["phone"]) for c in rec.contacts] == [
        ("emergency", "112"),
        ("police", "110"),
    ]


def test_payload_has_exactly_the_documented_keys(module_session):
    payload = recommend(module_session, REFER).payload()
    assert set(payload) == {
        "type",
        "course_of_action",
        "urgency",
        "steps",
        "contacts",
        "sources",
        # the rest of the Recommendation dataclass
        "title",
        "summary",
        "rationale",
        "who_acts",
        "also",
        "jurisdiction",
        "jurisdiction_name",
        "note",
        "offers",
    }
    assert payload["type"] == "recommendation"
    assert all(
        set(c)
        == {
            *("name", "role", "role_name", "phone", "email", "url"),
            *("jurisdiction", "jurisdiction_name", "description"),
        }
        for c in payload["contacts"]
    )
    assert all(set(s) == {"title", "url"} for s in payload["sources"])


def test_sources_are_the_rule_then_the_guidance(module_session):
    rec = recommend(
        module_session, Triage(danger="no", illegal="yes", poster="anonymous", jurisdiction="FR")
    )
    assert rec.sources == [
        {
            "title": "Signpost default decision policy; EU Digital Services Act, Art. 16",
            "url": "https://eur-lex.europa.eu/eli/reg/2022/2065/oj",
        },
        {
            "title": "PHAROS, internet-signalement.gouv.fr; Regulation (EU) 2022/2065 (Digital "
            "Services Act), Art. 16",
            "url": "https://www.internet-signalement.gouv.fr",
        },
    ]
    assert rec.title == "In France: report to the platform and to PHAROS"


def test_edited_contact_phone_shows_in_the_next_recommendation(session):
    assert recommend(session, REFER).contacts[0]["phone"] == "+49 30 0000 0001"
    coordinator = session.scalar(
        select(Contact).where(Contact.name == "P/CVE coordinator, Beispielstadt (example)")
    )
    coordinator.phone = "+49 30 1234 5678"
    session.flush()
    assert recommend(session, REFER).contacts[0]["phone"] == "+49 30 1234 5678"


def test_retired_contact_is_not_shown(session):
    police = session.scalar(
        select(Contact).where(Contact.name == "Police liaison officer, Beispielstadt (example)")
    )
    police.retired = True
    session.flush()
    names = [name for name, _ in contact_names(recommend(session, REFER))]
    assert "Police liaison officer, Beispielstadt (example)" not in names
    assert len(names) == 4


@pytest.mark.parametrize(
    "jurisdiction, place",
    [("DE", "Germany"), ("NL", "Netherlands"), (None, "your area"), ("EU", "your area")],
)
def test_engage_without_a_known_coordinator_adds_the_find_your_coordinator_step(
    module_session, jurisdiction, place
):
    triage = Triage(
        **NOT_ILLEGAL_KNOWN, other_agencies="no", footing="yes", jurisdiction=jurisdiction
    )
    rec = recommend(module_session, triage)
    assert (rec.course_of_action, rec.also) == ("engage", ["refer_coordinator"])
    assert rec.steps[-1] == COORDINATOR_UNKNOWN.format(place=place)


@pytest.mark.parametrize(
    "triage",
    [
        Triage(
            **NOT_ILLEGAL_KNOWN, other_agencies="no", footing="yes", jurisdiction="DE:beispielstadt"
        ),
        Triage(**NOT_ILLEGAL_KNOWN, other_agencies="yes", jurisdiction="NL:voorbeeldstad"),
        Triage(danger="no", illegal="yes", poster="known_person", jurisdiction="AT:musterstadt"),
    ],
    ids=["engage-beispielstadt", "refer-voorbeeldstad", "report-musterstadt"],
)
def test_example_municipality_has_no_find_your_coordinator_step(module_session, triage):
    rec = recommend(module_session, triage)
    assert not any("does not know the local P/CVE coordinator" in s for s in rec.steps)
    assert any(c["role"] == "coordinator" for c in rec.contacts)


def test_report_for_a_known_poster_adds_the_coordinator_guidance_as_a_step(module_session):
    triage = Triage(danger="no", illegal="unsure", poster="known_person", jurisdiction="DE")
    rec = recommend(module_session, triage)
    assert (rec.course_of_action, rec.urgency, rec.also) == (
        "report",
        "today",
        ["refer_coordinator"],
    )
    assert rec.steps[-2].startswith("Also: Share your concern with the local P/CVE coordinator.")
    assert rec.steps[-1] == COORDINATOR_UNKNOWN.format(place="Germany")


def test_dont_feed_for_an_anonymous_account_points_to_the_platform_s_report_button(
    module_session,
):
    triage = Triage(danger="no", illegal="no", poster="anonymous", jurisdiction="NL")
    rec = recommend(module_session, triage)
    assert (rec.course_of_action, rec.urgency) == ("dont_feed", "when_convenient")
    # "Platform reporting" has no phone, e-mail or web address: a step, not a contact
    assert contact_names(rec) == []
    assert any("report button" in step for step in rec.steps)


def test_contact_names_come_in_the_readers_language(module_session):
    """The shipped seed names every contact in each language ("REspect! reporting point"
    is "Meldestelle REspect!" in German); the English name stays for English."""
    triage = Triage(
        danger="no",
        content_type="hate_speech",
        illegal="yes",
        poster="anonymous",
        jurisdiction="DE",
    )
    english = {c["name"] for c in recommend(module_session, triage, "en").contacts}
    for language in ("de", "fr", "nl"):
        names = {c["name"] for c in recommend(module_session, triage, language).contacts}
        assert len(names) == len(english)
        assert "REspect! reporting point (Meldestelle REspect!)" not in names
    assert "REspect! reporting point (Meldestelle REspect!)" in english


def test_engaging_comes_with_the_municipalitys_offers_in_the_readers_language(module_session):
    engage = Triage(
        **NOT_ILLEGAL_KNOWN, other_agencies="no", footing="yes", jurisdiction="DE:beispielstadt"
    )
    offers = recommend(module_session, engage, "de").offers
    assert [o["title"] for o in offers] == [
        "Jugend-Jobberatung, Beispielstadt (Beispiel)",
        "Sport- und Jugendzentrumsprogramm, Beispielstadt (Beispiel)",
    ]
    assert all(o["url"].startswith("https://beispielstadt.example.org/") for o in offers)
    # no offers where nobody engages, nor from another municipality or the EU's reading list
    assert recommend(module_session, replace(engage, footing="no")).offers == []
    assert recommend(module_session, replace(engage, jurisdiction="DE")).offers == []
