"""The Telegram bot's own texts: every one in every language, and said as each language
writes (French spacing, the 112 advice wherever English gives it)."""

from __future__ import annotations

import re

import pytest

from bot.channels.languages import NAMES
from bot.channels.telegram import texts

ENGLISH = texts.all_texts()["en"]
OTHERS = [language for language in NAMES if language != "en"]


def test_the_texts_are_in_exactly_the_four_languages():
    assert sorted(texts.all_texts()) == sorted(NAMES)


@pytest.mark.parametrize("language", OTHERS)
def test_no_language_misses_a_text_or_a_command(language):
    theirs = texts.all_texts()[language]
    assert sorted(theirs) == sorted(ENGLISH)
    assert [c for c, _ in texts.commands(language)] == [c for c, _ in texts.commands("en")]
    for name, english in ENGLISH.items():
        if name != "commands":
            assert theirs[name].strip() and theirs[name] != english, name
            assert ("112" in theirs[name]) == ("112" in english), name
            assert theirs[name].count("<b>") == english.count("<b>"), name


def test_command_descriptions_fit_telegram():
    for language in NAMES:
        for command, description in texts.commands(language):
            assert re.fullmatch(r"[a-z]{1,32}", command)
            assert 3 <= len(description) <= 256


def test_french_has_a_no_break_space_before_double_punctuation():
    for name, french in texts.all_texts()["fr"].items():
        for text in french.values() if isinstance(french, dict) else [french]:
            assert not re.search(r"[^\u00a0][?!:;]", text), (name, text)


def test_an_unknown_language_gets_english():
    assert texts.text("forgotten", "es") == texts.text("forgotten", None) == ENGLISH["forgotten"]
