"""language/danger_guard.py: the guard has the last word on report_danger."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from language.danger import read_signs
from language.danger_guard import CLOSE_CALL, DANGER_INTENT, DangerGuard

SIGNS_DIR = Path(__file__).resolve().parents[2] / "data" / "danger"
SIGNS = read_signs(SIGNS_DIR)


@pytest.fixture(scope="module")
def guard():
    return DangerGuard({}, model_storage=None, resource=None, signs=SIGNS)


def classified(text, *ranking):
    ranking = [{"name": n, "confidence": c} for n, c in ranking]
    return Message(data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: ranking})


def decided(guard, message):
    [message] = guard.process([message])
    return message.get(INTENT)["name"], message.get(INTENT_RANKING_KEY)


def test_signs_of_danger_win_over_any_guess(guard):
    name, ranking = decided(
        guard,
        classified(
            "he says he will stab the bus driver tomorrow", ("inform", 0.9), (DANGER_INTENT, 0.1)
        ),
    )
    assert name == DANGER_INTENT and ranking[0]["confidence"] == 1.0
    # nothing stays close enough for the fallback to call the message ambiguous
    assert all(r["confidence"] == 0.0 for r in ranking[1:])


def test_a_close_call_that_names_harm_is_danger(guard):
    text = "he keeps talking about his knife and the others"
    message = classified(text, ("report_content", 0.6), (DANGER_INTENT, CLOSE_CALL + 0.05))
    assert decided(guard, message)[0] == DANGER_INTENT


def test_a_guess_of_danger_without_anything_of_concern_gives_way(guard):
    name, ranking = decided(
        guard, classified("sorry, bell just rang", (DANGER_INTENT, 0.96), ("inform", 0.02))
    )
    assert name == "inform" and DANGER_INTENT not in [r["name"] for r in ranking]


@pytest.mark.parametrize(
    "text",
    [
        "je sais pas trop, il a écrit « vous allez voir » mais sans rien d'autre",
        "not sure, he wrote 'you'll see' and nothing else",
    ],
)
def test_doubt_without_signs_is_not_sure_not_an_emergency(guard, text):
    message = classified(text, (DANGER_INTENT, 0.9), ("inform", 0.1))
    assert decided(guard, message)[0] == "inform"


def test_doubt_does_not_hide_signs_of_danger(guard):
    message = classified(
        "not sure if he means it, he says he will stab the bus driver tomorrow",
        ("inform", 0.9),
        (DANGER_INTENT, 0.1),
    )
    assert decided(guard, message)[0] == DANGER_INTENT


def test_a_doubting_writer_is_believed_when_a_time_is_named(guard):
    text = (
        "they plan to go together to the asylum centre on saturday night with fire and he "
        "says he will go too. i am not sure if it is serious"
    )
    message = classified(text, (DANGER_INTENT, 0.7), ("report_content", 0.3))
    assert decided(guard, message)[0] == DANGER_INTENT


def test_near_misses_take_a_guess_of_danger_back(guard):
    message = classified(
        "what does 'become a martyr' mean?", (DANGER_INTENT, 0.8), ("ask_glossary", 0.2)
    )
    assert decided(guard, message)[0] == "ask_glossary"


def test_everything_else_is_left_as_the_classifier_said(guard):
    message = classified("a pupil shared racist memes", ("report_content", 0.95), ("inform", 0.05))
    assert decided(guard, message)[0] == "report_content"


def test_the_signs_are_kept_in_the_model(tmp_path):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    storage = LocalModelStorage(tmp_path)
    resource = Resource("danger_guard")
    trained = DangerGuard({"signs": str(SIGNS_DIR)}, storage, resource)
    trained.train(training_data=None)
    loaded = DangerGuard.load({}, storage, resource, execution_context=None)
    assert loaded.signs.danger_in("knife. school. tomorrow.")
    assert not loaded.signs.danger_in("no one is in danger")


def test_a_change_of_the_signs_retrains_the_guard(tmp_path):
    (tmp_path / "en.yml").write_text(
        "language: en\nalarm: ['\\\\bdanger\\\\b']\n", encoding="utf-8"
    )
    before = DangerGuard.fingerprint_addon({"signs": str(tmp_path)})
    (tmp_path / "en.yml").write_text("language: en\nalarm: ['\\\\bperil\\\\b']\n", encoding="utf-8")
    assert DangerGuard.fingerprint_addon({"signs": str(tmp_path)}) != before
