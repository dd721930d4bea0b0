"""The model graph run without dask gives what Rasa's dask runner gives, for
understanding messages and for predicting actions, on the trained model."""

from __future__ import annotations

import pytest
import rasa.core.processor
from rasa.core.agent import Agent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config.settings import Settings
from bot.rasa.graph_runner import SequentialGraphRunner
from tests.e2e.assistant import prepare, private_settings

pytestmark = pytest.mark.slow

MESSAGES = [
    "I saw a post calling for violence against refugees",
    "no",
    "nicht sicher",
    "il va le faire demain au lycée, il a un couteau",
    "ik weet het niet",
    "what does 88 mean?",
    '/inform{"platform":"tiktok"}',
]


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    settings: Settings = private_settings(tmp_path_factory.mktemp("graph"))
    return str(prepare(settings))


def agent_with(runner, model: str, monkeypatch) -> Agent:
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", runner)
    agent = Agent.load(model)
    assert isinstance(agent.processor.graph_runner, runner)
    return agent


async def understood_and_predicted(agent: Agent) -> list:
    found = []
    for text in MESSAGES:
        parsed = await agent.parse_message(text)
        tracker = DialogueStateTracker.from_events(
            "graph-test",
            [
                ActionExecuted("action_session_start"),
                SessionStarted(),
                ActionExecuted("action_listen"),
                UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed),
            ],
            slots=agent.domain.slots,
        )
        prediction = agent.processor.predict_next_with_tracker(tracker)
        found.append(
            (
                parsed["intent"],
                parsed["intent_ranking"],
                parsed["entities"],
                {k: prediction[k] for k in ("scores", "policy", "confidence")},
            )
        )
    return found


async def test_without_dask_the_model_understands_and_predicts_the_same(model, monkeypatch):
    stock = await understood_and_predicted(agent_with(DaskGraphRunner, model, monkeypatch))
    ours = await understood_and_predicted(agent_with(SequentialGraphRunner, model, monkeypatch))
    assert ours == stock
    assert len({str(intent) for intent, *_ in ours}) > 2  # the messages differ in meaning
