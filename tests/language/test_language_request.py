"""language/language_request.py: asking for another language is set_language."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from language.language_request import LanguageRequest, asks_for_a_language


@pytest.mark.parametrize(
    "text",
    [
        "can we switch to French? ce sera plus simple pour moi",
        "Deutsch",
        "en français",
        "können wir auf Deutsch weitermachen",
        "on peut passer en français ?",
        "kunnen we verder in het Nederlands?",
    ],
)
def test_a_request_for_a_language(text):
    assert asks_for_a_language(text)


@pytest.mark.parametrize(
    "text",
    [
        "the post was in German",
        "a French account posted it, please help",
        "un compte allemand, aidez-moi svp",
        "il a écrit en français",
        "das Video ist auf Deutsch",
        "het filmpje is in het Nederlands",
        "hi, a pupil shared a nazi salute video, what should I do",
        "bonjour, sorry I write in english. A young of our centre share a video of the Daesh",
    ],
)
def test_a_language_named_in_passing_is_no_request(text):
    assert not asks_for_a_language(text)


def message(text, intent):
    ranking = [{"name": intent, "confidence": 0.8}, {"name": "set_language", "confidence": 0.1}]
    return Message(data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: ranking})


def test_the_request_wins_over_the_classifiers_guess_but_not_over_danger():
    [asked] = LanguageRequest().process([message("can we switch to Dutch?", "inform")])
    assert asked.get(INTENT) == {"name": "set_language", "confidence": 1.0}
    [unsure] = LanguageRequest().process([message("can we switch to Dutch?", "set_language")])
    assert unsure.get(INTENT) == {"name": "set_language", "confidence": 1.0}
    [danger] = LanguageRequest().process([message("in Dutch please", "report_danger")])
    assert danger.get(INTENT)["name"] == "report_danger"
