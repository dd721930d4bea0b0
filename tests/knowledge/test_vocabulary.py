"""knowledge/vocabulary.py: typed answers (with typos) become triage categories."""

from __future__ import annotations

import pytest

from knowledge import repository
from knowledge.models import VocabularyTerm
from knowledge.vocabulary import label, match_answer


@pytest.fixture(scope="module")
def terms(module_session):
    return repository.vocabulary(module_session)


@pytest.mark.parametrize(
    "slot, answer, expected",
    [
        ("platform", "on insta", "instagram"),
        ("platform", "TikTok", "tiktok"),
        ("platform", "tik tok", "tiktok"),
        ("platform", "<b>tiktok</b>", "tiktok"),
        ("platform", "in the class group chat", "messenger"),
        ("content_type", "racist memes", "hate_speech"),
        ("content_type", "an ISIS video", "terrorist_propaganda"),
        ("poster", "one of my students", "known_person"),
        ("poster", "a pupil of mine", "known_person"),
        ("poster", "an anonymous account", "anonymous"),
        ("poster", "some influencer", "organised_group"),
    ],
)
@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not-asked"])
def test_specific_phrase_is_read_whether_asked_or_not(terms, slot, answer, expected, asked):
    assert match_answer(terms, slot, answer, asked=asked) == expected


@pytest.mark.parametrize(
    "slot, answer, expected",
    [
        ("platform", "tiktokk", "tiktok"),
        ("platform", "on instagarm", "instagram"),
        ("poster", "group", "organised_group"),
        ("poster", "a kid", "known_person"),
        ("content_type", "symbols", "extremist_symbols"),
        ("platform", "x", "x_twitter"),
        ("poster", "not sure", "unsure"),
        ("danger", "no idea", "unsure"),
        ("danger", "nope", "no"),
        ("illegal", "not illegal", "no"),
        ("illegal", "probably illegal", "yes"),
        ("other_agencies", "the police are not involved", "no"),
        ("other_agencies", "social services", "yes"),
    ],
)
def test_generic_word_or_typo_is_read_only_when_asked(terms, slot, answer, expected):
    assert match_answer(terms, slot, answer, asked=True) == expected
    assert match_answer(terms, slot, answer, asked=False) is None


@pytest.mark.parametrize(
    "slot, value",
    [
        ("platform", "x_twitter"),
        ("content_type", "terrorist_propaganda"),
        ("poster", "organised_group"),
        ("danger", "yes"),
        ("other_agencies", "unsure"),
    ],
)
@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not-asked"])
def test_button_value_passes_through(terms, slot, value, asked):
    assert match_answer(terms, slot, value, asked=asked) == value


@pytest.mark.parametrize(
    "answer",
    [None, "", "   ", "🙂🙈🔥", "x" * 5000, "qwertzuiop", "my cat"],
    ids=["none", "empty", "blank", "emoji", "5000-chars", "nonsense", "unrelated"],
)
@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not-asked"])
def test_unreadable_answer_gives_none(terms, answer, asked):
    assert match_answer(terms, "platform", answer, asked=asked) is None


def test_answer_for_another_slot_is_not_read_as_this_slot(terms):
    assert match_answer(terms, "platform", "one of my students", asked=True) is None


def test_retired_term_is_not_matched(terms):
    retired = VocabularyTerm(
        slot="platform",
        value="myspace",
        label="MySpace",
        synonyms=["myspace"],
        answer_words=[],
        retired=True,
    )
    assert match_answer([*terms, retired], "platform", "on myspace", asked=True) is None


def test_negated_danger_answer_is_read_as_no(terms):
    assert match_answer(terms, "danger", "nobody is in danger", asked=True) == "no"


def test_negated_illegal_answer_is_not_read_as_yes(terms):
    assert match_answer(terms, "illegal", "I don't think it's illegal", asked=True) != "yes"


@pytest.mark.parametrize(
    "slot, value, expected",
    [
        ("platform", "x_twitter", "X / Twitter"),
        ("poster", "known_person", "Someone I know through my work"),
        ("danger", "no", "No"),
        ("platform", "myspace", "myspace"),
        ("platform", None, ""),
    ],
)
def test_label_shows_the_category_label_or_the_value(terms, slot, value, expected):
    assert label(terms, slot, value) == expected


def test_a_one_letter_word_counts_only_as_the_whole_answer(terms):
    assert match_answer(terms, "platform", "x", asked=True) == "x_twitter"
    assert match_answer(terms, "platform", "img src x onerror alert", asked=True) is None
