"""Rasa's server process as Signpost runs it: stock ``rasa`` with measured hot spots
removed, through Rasa's own classes (no installed file is edited).

Profiled under load (issue 12), 54 % of the Rasa process's CPU went to
``RemoteAction._validate_action_result``: it calls ``jsonschema.validate``, which checks
the schema itself and builds a new validator on every action server response (157 ms a
call on a loaded two-core machine against 10 ms for a validator built once). Here the
validators are built once, and each event is checked against its own name's schema only
(bot/rasa/response_check.py, the same verdict); a response they reject still goes to
Rasa's own method, so Rasa's error message and behaviour for a bad response are
unchanged.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Dict, List, Optional

from bot.rasa.replies import UNAVAILABLE

logger = logging.getLogger(__name__)


def install() -> None:
    """Make ``RemoteAction`` validate action server responses with validators built once,
    each event against its own name's schema (bot/rasa/response_check.py)."""
    from rasa.core.actions.action import RemoteAction

    from bot.rasa.response_check import ResponseCheck

    if getattr(RemoteAction._validate_action_result, "signpost_cached", False):
        return
    validator = ResponseCheck(RemoteAction.action_response_format_spec())
    rasa_validate = RemoteAction._validate_action_result

    def validate(self: RemoteAction, result: Dict[str, Any]) -> bool:
        if validator.is_valid(result):
            return True
        return rasa_validate(self, result)  # raises Rasa's own ValidationError

    validate.signpost_cached = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate


def install_sequential_graph() -> None:
    """Load models with ``SequentialGraphRunner`` instead of ``DaskGraphRunner``
    (bot/rasa/graph_runner.py says why)."""
    import rasa.core.processor

    from bot.rasa.graph_runner import SequentialGraphRunner

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner


def install_fast_json() -> None:
    """Serialise Rasa's requests to the action server with ujson (installed with Rasa)
    instead of the standard library: each request carries the whole conversation, and
    encoding it was 9 % of the Rasa process under load (profiled, issue 12). The same
    session as Rasa's own ``EndpointConfig.session`` otherwise."""
    import aiohttp
    import ujson
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils.endpoints import EndpointConfig

    if getattr(EndpointConfig.session, "signpost_json", False):
        return

    def session(self: EndpointConfig) -> aiohttp.ClientSession:
        auth = (
            aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
            if self.basic_auth
            else None
        )
        return aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            json_serialize=ujson.dumps,
        )

    session.signpost_json = True  # type: ignore[attr-defined]
    EndpointConfig.session = session


def install_unanswered_marker() -> None:
    """When the action server cannot run an action (down, restarting, failing), Rasa logs
    the error, drops the action's events and goes on predicting as if it had run: the
    practitioner gets a reply to a message that was never understood. Here the failed
    action instead takes the message back (``UserUtteranceReverted``, as Rasa's own default
    fallback does: the policies then wait for the next message) and says so with a marker
    reply that the channels turn into "Signpost can't answer right now, please send it
    again; call 112 if someone is in danger" (bot/rasa/replies.py)."""
    from rasa.core.actions.action import (
        ActionExecutionRejection,
        ActionSessionStart,
        RemoteAction,
    )
    from rasa.shared.core.events import BotUttered, UserUtteranceReverted, UserUttered

    if getattr(RemoteAction.run, "signpost_marker", False):
        return
    rasa_run = RemoteAction.run

    async def run(self: RemoteAction, output_channel, nlg, tracker, domain):
        try:
            return await rasa_run(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as failure:  # Rasa itself would log it and go on regardless
            logger.error("The action server did not run %s: %s", self.name(), failure)
            if self.name() == ActionSessionStart().name():
                # a session must start even so (Rasa's own start: the language is forgotten)
                return await ActionSessionStart().run(output_channel, nlg, tracker, domain)
            for event in reversed(tracker.events):
                if isinstance(event, UserUtteranceReverted):
                    return []  # this message was taken back already
                if isinstance(event, UserUttered):
                    break
            else:
                return []  # no message to take back
            return [
                UserUtteranceReverted(),
                BotUttered("", data={"custom": {"type": UNAVAILABLE}}),
            ]

    run.signpost_marker = True  # type: ignore[attr-defined]
    RemoteAction.run = run


def preload_skops() -> None:
    """Import ``skops.io`` before Rasa and TensorFlow are imported. Rasa loads the intent
    classifier with skops, whose first import names every scikit-learn type by searching
    all loaded modules for it (``skops.io._utils.whichmodule``); with Rasa's TensorFlow
    loaded that search took 9 s of Rasa's start, against 1.5 s before (measured: ``import
    rasa.core.run; import skops.io`` 10.9 s, the other way round 5.8 s). Nothing else
    changes: the same module, imported earlier."""
    import skops.io  # noqa: F401


def main(argv: Optional[List[str]] = None) -> None:
    """``python -m bot.rasa.process run ...``: the same arguments as ``rasa``."""
    preload_skops()
    install()
    install_sequential_graph()
    install_fast_json()
    install_unanswered_marker()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
