"""language/detect.py: the language of a message, and the language a message asks for."""

from __future__ import annotations

import pytest

from language.detect import detect, requested


@pytest.mark.parametrize(
    "text, language",
    [
        ("Eine Schülerin hat ein Video in die Klassengruppe gestellt", "de"),
        ("un élève a partagé une vidéo de propagande", "fr"),
        ("een leerling heeft een filmpje in de klassenapp gezet", "nl"),
        ("a pupil shared a propaganda video in the class chat", "en"),
        ("bonjour", "fr"),
        ("guten Morgen", "de"),
        ("hoi", "nl"),
        ("keine ahnung", "de"),
    ],
)
def test_the_language_of_a_first_message(text, language):
    assert detect(text) == language


@pytest.mark.parametrize(
    "text", ["hi, quick question about a student", "need help quick", "hello quick question"]
)
def test_a_short_english_message_is_not_taken_for_french(text):
    # the identifier is 99% sure these are French; English everyday words say otherwise
    assert detect(text) == "en"


@pytest.mark.parametrize("text", ["hallo", "ja", "TikTok", "Leipzig", "ok", "   ", ""])
def test_a_word_every_language_shares_tells_nothing(text):
    assert detect(text) is None


def test_a_conversation_keeps_its_language_for_short_answers():
    assert detect("yes on tiktok", current="de") is None
    assert detect("not sure", current="fr") is None


def test_a_long_message_in_another_language_switches():
    assert detect("Ja, das ist auf TikTok und ich finde es wirklich schlimm", current="en") == "de"


@pytest.mark.parametrize(
    "text, language",
    [
        ("can we continue in German please?", "de"),
        ("auf Englisch bitte", "en"),
        ("en français svp", "fr"),
        ("kunnen we in het Nederlands verder?", "nl"),
        ("Deutsch", "de"),
        ("can we switch language?", None),
        ("German or French, I don't mind", None),
    ],
)
def test_the_language_a_message_asks_for(text, language):
    assert requested(text) == language
