"""privacy/redaction.py: names are removed, places and everyday words are not."""

from __future__ import annotations

import pytest

from privacy.redaction import redact_with_kinds


@pytest.mark.parametrize(
    "text",
    [
        "my pupil Anna posted it",
        "Sofia from my class shared a video",
        "a video by my student Florence",
    ],
)
def test_a_name_is_found(text):
    assert "name" in redact_with_kinds(text)[1]


@pytest.mark.parametrize(
    "text",
    [
        "I coach a youth team in Vienna",  # a first name in the dictionary, here a town
        "he glorifies the Halle attacker",
        "wir sind aus Halle",
        "he is not a bad kid. But in Austria this is illegal",  # a cue in the sentence before
        "C'est quoi le soleil noir ? Un élève l'a dessiné sur sa trousse",
    ],
)
def test_a_town_or_a_sentence_start_is_no_name(text):
    assert redact_with_kinds(text) == (text, [])
