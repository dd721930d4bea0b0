"""language/danger_guard.py: a danger signal makes report_danger win, whatever was guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from language.danger_guard import PATTERNS_FILE, DangerGuard

LOOKUP = Path(__file__).resolve().parents[2] / "data" / "nlu" / "lookups" / "danger.yml"


def danger_patterns():
    """The danger_signal patterns as the training data lists them."""
    data = yaml.safe_load(LOOKUP.read_text(encoding="utf-8"))
    [entry] = [e for e in data["nlu"] if e.get("regex") == "danger_signal"]
    lines = [line.strip() for line in entry["examples"].splitlines()]
    return [line[2:].strip() for line in lines if line.startswith("- ")]


PATTERNS = danger_patterns()
RANKING = [
    {"name": "report_content", "confidence": 0.7},
    {"name": "report_danger", "confidence": 0.2},
    {"name": "inform", "confidence": 0.1},
]


@pytest.fixture(scope="module")
def guard():
    return DangerGuard(model_storage=None, resource=None, patterns=PATTERNS)


def classified(text, ranking=RANKING):
    return Message(
        data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: [dict(r) for r in ranking]}
    )


@pytest.mark.parametrize(
    "text",
    [
        "he says he will stab the bus driver tomorrow",
        "a pupil wrote she wants to die",
        "Someone is in DANGER right now",
        "there is a knife in his backpack",
    ],
)
def test_danger_sentence_puts_report_danger_first_with_full_confidence(guard, text):
    [message] = guard.process([classified(text)])
    assert message.get(INTENT) == {"name": "report_danger", "confidence": 1.0}
    assert message.get(INTENT_RANKING_KEY) == [
        {"name": "report_danger", "confidence": 1.0},
        {"name": "report_content", "confidence": 0.7},
        {"name": "inform", "confidence": 0.1},
    ]
    assert {INTENT, INTENT_RANKING_KEY} <= message.output_properties


@pytest.mark.parametrize(
    "text",
    [
        "a pupil shared an isis beheading video on tiktok",
        "no one is in danger",
        "what does 88 mean",
    ],
)
def test_harmless_sentence_keeps_its_intent_and_ranking(guard, text):
    [message] = guard.process([classified(text)])
    assert message.get(INTENT) == RANKING[0]
    assert message.get(INTENT_RANKING_KEY) == RANKING


def test_danger_sentence_without_a_previous_ranking_gets_report_danger_alone(guard):
    message = Message(data={TEXT: "he is planning an attack on the school"})
    guard.process([message])
    assert message.get(INTENT_RANKING_KEY) == [{"name": "report_danger", "confidence": 1.0}]


def test_message_without_text_is_left_alone(guard):
    message = Message(data={INTENT: dict(RANKING[0])})
    guard.process([message])
    assert message.get(INTENT) == RANKING[0]


def test_guard_without_patterns_never_fires():
    guard = DangerGuard(model_storage=None, resource=None)
    assert guard.is_danger("he says he will stab the bus driver tomorrow") is False


def test_train_keeps_only_danger_signal_patterns_and_load_restores_them(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("danger_guard")
    context = ExecutionContext(GraphSchema({}), "test-model")
    training_data = TrainingData(
        regex_features=[
            {"name": "danger_signal", "pattern": PATTERNS[0]},
            {"name": "zipcode", "pattern": r"\b\d{5}\b"},
            {"name": "danger_signal", "pattern": PATTERNS[1]},
        ]
    )
    untrained = DangerGuard.create({}, storage, resource, context)
    assert untrained.is_danger("a pupil wrote she wants to die") is False

    assert untrained.train(training_data) == resource

    stored = json.loads((tmp_path / "danger_guard" / PATTERNS_FILE).read_text(encoding="utf-8"))
    assert stored == [PATTERNS[0], PATTERNS[1]]
    loaded = DangerGuard.load({}, storage, resource, context)
    assert loaded.is_danger("he is harming himself") is True
    assert loaded.is_danger("we live at 12345") is False


def test_train_with_the_project_lookup_keeps_every_pattern(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("danger_guard")
    context = ExecutionContext(GraphSchema({}), "test-model")
    features = [{"name": "danger_signal", "pattern": p} for p in PATTERNS]
    DangerGuard.create({}, storage, resource, context).train(TrainingData(regex_features=features))
    stored = json.loads((tmp_path / "danger_guard" / PATTERNS_FILE).read_text(encoding="utf-8"))
    assert sorted(stored) == sorted(PATTERNS)
    loaded = DangerGuard.load({}, storage, resource, context)
    assert loaded.is_danger("a stabbing is going on right now outside the station") is True
