"""language/danger.py and data/danger: the signs of immediate danger, in four languages.

Written for these tests; the held-out danger sets in tests/eval measure the whole
override (signs and intent classifier together) on messages written by others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from language.danger import KINDS, read_signs

SIGNS_DIR = Path(__file__).resolve().parents[2] / "data" / "danger"


@pytest.fixture(scope="module")
def signs():
    return read_signs(SIGNS_DIR)


@pytest.mark.parametrize(
    "text",
    [
        "she wrote she wants to end it all tonight",
        "he posted 'goodbye everyone, this is my last post'",
        "he says he'll stab his ex on friday",
        "there's a knife in his bag and he's at the school gate",
        "photo of a rifle with the name of our youth club",
        "a kid is being beaten up right now behind the gym",
        "he wants to die as a martyr and leaves on monday",
        "they are meeting at the station at 8 to go hunting foreigners",
        "er will morgen mit dem Messer in die Schule",
        "sie schreibt, bald ist alles vorbei, und hat Tabletten gesammelt",
        "il menace de cramer le local de l'asso ce soir",
        "elle dit qu'elle veut en finir",
        "hij komt morgen met een mes naar school",
        "ze heeft pillen gespaard en schrijft dat het bijna voorbij is",
    ],
)
def test_danger_in_everyday_and_indirect_words(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "no one is in danger, it's just racist memes",
        "what does 'become a martyr' mean in these videos?",
        "nobody talked about hurting anyone",
        "this marking is killing me",
        "he's going to bomb the test tomorrow",
        "raid in fortnite tonight at 9",
        "we talked about the Christchurch attack in history class",
        "a video glorifying an attack from years ago",
        "niemand ist in Gefahr",
        "die Schularbeit morgen wird mein Tod",
        "ce gamin me tue avec ses blagues",
        "dit nakijkwerk maakt me kapot",
    ],
)
def test_near_misses_are_not_danger(signs, text):
    assert not signs.danger_in(text)


def test_a_game_with_a_real_place_and_day_is_no_game(signs):
    assert signs.danger_in("a roblox chat, but he named our school and said friday he brings a gun")


def test_not_joking_is_no_joke(signs):
    assert signs.danger_in("if the ref turns up sunday I'm stabbing him, and he's not joking")


def test_each_language_reads_with_its_own_and_english_signs(signs):
    # "mes" is a Dutch knife and a French "my": a French sentence is not about a knife
    assert not signs.danger_in("une de mes élèves partage des vidéos de Daech")
    assert signs.danger_in("een leerling heeft een mes bij zich op school")


def test_soothed_only_when_every_sentence_is_a_near_miss(signs):
    assert signs.soothed("Is 'see you in paradise' a threat? A pupil wrote it under a post.")
    assert not signs.soothed("He says he'll bring his knife. What does it mean?")


def test_concern_needs_harm_a_weapon_a_time_or_now(signs):
    assert signs.concern("he has been talking about his knife")
    assert not signs.concern("sorry, the bell just rang")


@pytest.mark.parametrize("language", ["en", "de", "fr", "nl"])
def test_every_language_has_every_kind_and_patterns_for_cleaned_text(language):
    data = yaml.safe_load((SIGNS_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    assert data["language"] == language
    assert set(KINDS) <= set(data), f"{language} lacks {set(KINDS) - set(data)}"
    for kind in KINDS:
        for pattern in data[kind]:
            # patterns meet cleaned text: lower case, umlauts as ae/oe/ue, no accents
            letters = "".join(c for c in pattern if c.isalpha())
            assert letters.isascii(), (language, kind, pattern)
            assert pattern == pattern.lower() or "\\S" in pattern or "\\W" in pattern, pattern
