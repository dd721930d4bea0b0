"""The Rasa adapter: action server responses validated by a validator built once, with
Rasa's own verdict and error for a bad response."""

from __future__ import annotations

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.config.settings import Settings
from bot.ops.runner import services
from bot.rasa import process as rasa_process

VALID = {
    "events": [{"event": "slot", "name": "danger", "value": "no"}],
    "responses": [{"text": "What did you see?", "buttons": []}],
}


@pytest.fixture
def adapted(monkeypatch):
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    rasa_process.install()
    return RemoteAction("action_recommend_course", None)


def test_install_replaces_rasas_validation_once(adapted):
    installed = RemoteAction._validate_action_result
    assert getattr(installed, "signpost_cached", False)
    rasa_process.install()
    assert RemoteAction._validate_action_result is installed


def test_a_valid_response_passes_without_building_a_validator(adapted, monkeypatch):
    def rebuilt(*args, **kwargs):
        raise AssertionError("jsonschema.validate rebuilt the validator")

    monkeypatch.setattr(jsonschema, "validate", rebuilt)
    assert adapted._validate_action_result(VALID) is True


@pytest.mark.parametrize(
    "bad",
    [{"events": [{"event": "no_such_event"}]}, {"events": "x"}, {"responses": [1]}],
)
def test_a_bad_response_gets_rasas_own_error(adapted, bad):
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        adapted._validate_action_result(bad)


def test_the_runner_starts_rasa_through_the_adapter(tmp_path):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    rasa = next(s for s in services(settings, tmp_path / "model.tar.gz") if s.name == "Rasa")
    assert rasa.command[1:4] == ["-m", "bot.rasa.process", "run"]


@pytest.mark.parametrize("token", ["-Ab3_x", "--enable-api", "plain-token"])
def test_rasas_own_parser_reads_any_token(tmp_path, token):
    """A random token begins with "-" one start in 64: Rasa once refused to start then."""
    from rasa.__main__ import create_argument_parser

    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), "RASA_TOKEN": token})
    rasa = next(s for s in services(settings, tmp_path / "model.tar.gz") if s.name == "Rasa")
    parsed = create_argument_parser().parse_args(rasa.command[3:])
    assert parsed.auth_token == token
    assert parsed.enable_api is True


def tracker_after(*events):
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events("someone", list(events))


async def test_an_action_the_action_server_cannot_run_takes_the_message_back():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import BotUttered, UserUtteranceReverted, UserUttered
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa.replies import UNAVAILABLE

    rasa_process.install_unanswered_marker()
    down = EndpointConfig(f"http://127.0.0.1:{_closed_port()}/webhook")
    action = RemoteAction("action_start_triage", down)
    said = tracker_after(UserUttered("I saw a swastika on instagram"))
    events = await action.run(None, None, said, Domain.empty())
    assert isinstance(events[0], UserUtteranceReverted)
    assert isinstance(events[1], BotUttered)
    assert events[1].data == {"custom": {"type": UNAVAILABLE}}
    # a second failure in the same turn takes nothing more back
    said.update_with_events(events, Domain.empty())
    assert await action.run(None, None, said, Domain.empty()) == []


async def test_a_session_starts_even_when_the_action_server_is_down():
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted
    from rasa.utils.endpoints import EndpointConfig

    rasa_process.install_unanswered_marker()
    down = EndpointConfig(f"http://127.0.0.1:{_closed_port()}/webhook")
    events = await RemoteAction("action_session_start", down).run(
        None, None, tracker_after(), Domain.empty()
    )
    assert any(isinstance(e, SessionStarted) for e in events)
    assert isinstance(events[-1], ActionExecuted) and events[-1].action_name == "action_listen"


def _closed_port() -> int:
    from tests.e2e.assistant import free_port

    return free_port()


async def test_requests_to_the_action_server_are_encoded_by_ujson_and_arrive_the_same(
    aiohttp_server, monkeypatch
):
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)  # undone after
    received = []

    async def webhook(request):
        received.append(await request.json())
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    server = await aiohttp_server(app)
    calls = []
    monkeypatch.setattr("ujson.dumps", lambda *a, **k: calls.append(1) or _json_dumps(*a, **k))
    rasa_process.install_fast_json()
    payload = {"tracker": {"events": [{"event": "user", "text": "Ça va? 🙂 </script>", "ts": 1.5}]}}
    answer = await EndpointConfig(str(server.make_url("/webhook"))).request(json=payload)
    assert received == [payload] and answer == {"events": [], "responses": []}
    assert calls == [1]  # encoded by ujson, not by the standard library


def _json_dumps(*args, **kwargs):
    import json

    return json.dumps(*args, **kwargs)


RESPONSES_TO_JUDGE = [
    VALID,
    {},
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "platform", "value": "tiktok", "timestamp": None},
            {"event": "active_loop", "name": "triage_form"},
            {"event": "followup", "name": "action_listen"},
            {"event": "bot", "text": "Noted: TikTok", "data": {}, "metadata": {}},
            {"event": "user_featurization", "use_text_for_featurization": False},
            {"event": "rewind"},
        ],
        "responses": [{"custom": {"type": "card"}}],
    },
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "danger"}]},
    {"events": [1]},
    {"events": [{"event": ["slot"]}]},
    {"events": "x"},
    {"events": None},
    {"events": [{"event": "slot", "name": 3, "value": "no"}]},
    {"events": [{"event": "active_loop", "name": 5}]},
    {"events": [{"event": "bot", "text": 7}]},
    {"events": [{"event": "slot", "name": "danger", "timestamp": "noon"}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"entities": [{"entity": "x"}]}}]},
    {"responses": [1]},
    {"responses": "x"},
    [],
]


@pytest.mark.parametrize("response", RESPONSES_TO_JUDGE)
def test_the_event_by_event_check_agrees_with_the_whole_schema(response):
    from jsonschema.validators import validator_for

    from bot.rasa.response_check import ResponseCheck

    schema = RemoteAction.action_response_format_spec()
    whole = validator_for(schema)(schema).is_valid(response)
    assert ResponseCheck(schema).is_valid(response) is whole


def test_the_judged_responses_include_both_verdicts():
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    verdicts = {validator_for(schema)(schema).is_valid(r) for r in RESPONSES_TO_JUDGE}
    assert verdicts == {True, False}
