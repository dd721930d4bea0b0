"""knowledge/vocabulary.py and the vocabulary seed: every category has words in every
language, and a label in the reader's language."""

from __future__ import annotations

from collections import defaultdict

import pytest

from knowledge import repository
from knowledge.models import LANGUAGES
from knowledge.vocabulary import label


@pytest.fixture(scope="module")
def terms(module_sqlite_session):
    return repository.vocabulary(module_sqlite_session)


def test_every_category_has_words_in_every_language(terms):
    languages = defaultdict(set)
    for term in terms:
        languages[(term.slot, term.value)].add(term.language)
    missing = {
        key: set(LANGUAGES) - found for key, found in languages.items() if found != set(LANGUAGES)
    }
    assert missing == {}


def test_no_word_means_two_categories_of_one_question(terms):
    seen = {}
    clashes = []
    for term in terms:
        for word in [*term.synonyms, *term.answer_words]:
            key = (term.slot, word.lower())
            if key in seen and seen[key] != term.value:
                clashes.append((term.slot, word, seen[key], term.value))
            seen.setdefault(key, term.value)
    assert clashes == []


def test_the_label_in_the_readers_language(terms):
    assert label(terms, "content_type", "hate_speech") == "Hate speech or incitement"
    assert label(terms, "platform", "tiktok", language="de") == "TikTok"
    assert label(terms, "content_type", "terrorist_propaganda", language="de") != label(
        terms, "content_type", "terrorist_propaganda"
    )


def test_a_missing_label_falls_back_to_english_then_the_value(terms):
    assert label(terms, "content_type", "hate_speech", language="xx") == "Hate speech or incitement"
    assert label(terms, "content_type", "no_such_value") == "no_such_value"
