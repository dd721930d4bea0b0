"""knowledge/notice.py: the drafted notice to a platform has the four elements of DSA
Art. 16(2) for every country and kind of content, in every language, and never a filled
location or name (those are typed in the browser only)."""

from __future__ import annotations

import pytest

from knowledge import repository
from knowledge.models import CONTENT_TYPES, LANGUAGES
from knowledge.notice import FIELDS, draft_notice, notice_text
from knowledge.policy import Triage
from language.labels import label

COUNTRIES = {
    "DE": "DE:beispielstadt",
    "AT": "AT:musterstadt",
    "FR": "FR:villexemple",
    "NL": "NL:voorbeeldstad",
}
# conspiracy content is mostly legal: only denial laws name it, and not in every country
ILLEGAL_KINDS = [kind for kind in CONTENT_TYPES if kind != "conspiracy_disinformation"]


def words(key, language="en"):
    return label("notice", key, language)


@pytest.mark.parametrize("content_type", ILLEGAL_KINDS)
@pytest.mark.parametrize("country", COUNTRIES)
def test_a_notice_names_the_countrys_own_provisions_for_each_kind(
    module_sqlite_session, country, content_type
):
    triage = Triage(content_type=content_type, jurisdiction=COUNTRIES[country], platform="tiktok")
    notice = draft_notice(module_sqlite_session, triage, "en")
    text = notice_text(notice)
    national = [
        basis
        for basis in repository.legal_bases_for(module_sqlite_session, country, [content_type])
        if basis.jurisdiction_key == country
    ]
    assert national, f"no provision of {country} for {content_type} in the knowledge base"
    for basis in national:
        assert f"- {basis.provision}: {basis.summary}" in text
    # (a) why, (b) where, (c) who, (d) good faith: all four, in this order
    order = [
        words("location"),
        words("reasons"),
        words("name"),
        words("email"),
        words("good_faith"),
    ]
    found = [text.index(part) for part in order]
    assert found == sorted(found)
    assert words("url_placeholder") in text and words("name_placeholder") in text
    assert {"title": basis.source, "url": basis.source_url} in notice.sources


def test_provisions_of_another_country_are_never_named(module_sqlite_session):
    notice = draft_notice(
        module_sqlite_session, Triage(content_type="hate_speech", jurisdiction="FR"), "en"
    )
    text = notice_text(notice)
    for basis in repository.legal_bases_for(module_sqlite_session, "DE", ["hate_speech"]):
        if basis.jurisdiction_key == "DE":
            assert basis.provision not in text


def test_an_unknown_kind_or_place_falls_back_to_eu_law_and_still_has_four_elements(
    module_sqlite_session,
):
    notice = draft_notice(module_sqlite_session, Triage(content_type="unsure"), "en")
    text = notice_text(notice)
    assert words("law_eu") in text
    assert "2017/541" in text and "2008/913" in text
    assert words("good_faith") in text and words("url_placeholder") in text
    assert notice.platforms == [] and notice.reporting_points == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_is_written_in_the_conversations_language(module_sqlite_session, language):
    triage = Triage(
        content_type="terrorist_propaganda", jurisdiction="DE:beispielstadt", platform="youtube"
    )
    notice = draft_notice(module_sqlite_session, triage, language)
    text = notice_text(notice)
    for key in ("heading", "location", "reasons", "good_faith", "url_placeholder"):
        assert words(key, language) in text
    assert notice.title == words("title", language)
    assert notice.note is None, f"{language}: parts of the notice are not translated"
    assert [p["name"] for p in notice.platforms] == ["YouTube"]
    assert notice.platforms[0]["notice_url"].startswith("https://")
    assert notice.next, "what happens next comes with the notice"


def test_filled_fields_replace_only_their_placeholders(module_sqlite_session):
    notice = draft_notice(module_sqlite_session, Triage(content_type="hate_speech"), "en")
    filled = notice_text(notice, {"url": "https://example.org/p/1", "name": " "})
    assert "https://example.org/p/1" in filled
    assert words("url_placeholder") not in filled
    assert words("name_placeholder") in filled  # a blank name keeps its placeholder
    assert [p["field"] for p in notice.parts if p.get("field")] == list(FIELDS)
    assert all("value" not in part for part in notice.parts)


def test_a_messenger_lists_every_platform_it_may_be(module_sqlite_session):
    notice = draft_notice(module_sqlite_session, Triage(platform="gaming"), "en")
    assert {"Discord", "Twitch"} <= {p["name"] for p in notice.platforms}


def test_the_national_reporting_points_come_with_the_notice(module_sqlite_session):
    notice = draft_notice(
        module_sqlite_session, Triage(content_type="hate_speech", jurisdiction="FR"), "fr"
    )
    assert any("PHAROS" in point["name"] for point in notice.reporting_points)
