"""language/reader/grammar: every language's grammar file has every kind, and its patterns
are written for cleaned text."""

from __future__ import annotations

import re

import pytest

from knowledge.models import LANGUAGES
from language.reader.grammar import KINDS, _file, grammar, read_patterns


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_in_every_language(language):
    patterns = read_patterns(language)
    missing = [kind for kind in KINDS if not patterns[kind]]
    assert missing == [], f"{language} has no patterns for {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_patterns_compile_and_meet_cleaned_text(language):
    for kind, patterns in read_patterns(language).items():
        for pattern in patterns:
            re.compile(pattern)
            letters = "".join(c for c in pattern if c.isalpha())
            assert letters.isascii(), (language, kind, pattern)  # no umlauts or accents
            assert not any(
                c.isupper()
                for c in pattern.replace("\\S", "").replace("\\W", "").replace("\\D", "")
            ), (language, kind, pattern)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_names_countries_and_markers(language):
    data = _file(language)
    assert data["language"] == language
    assert data.get("markers"), f"{language} has no everyday words to tell it by"
    if language == LANGUAGES[0]:
        assert set(data["languages"]) == set(LANGUAGES)


def test_the_joined_grammar_reads_every_language():
    g = grammar()
    assert g.doubt.search("keine ahnung") and g.doubt.search("aucune idee")
    assert g.doubt.search("geen idee") and g.doubt.search("no idea")
