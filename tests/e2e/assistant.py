"""Runs the real assistant (Rasa server + action server) for end-to-end tests."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from bot.cli import kb_init
from bot.config.settings import Settings
from bot.ops import training
from bot.ops.runner import Service, services, start, stop, wait_ready
from tests.conftest import POSTGRES_ADMIN_URL, postgres_reachable


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def private_settings(data_dir: Path, *, tracker_store: str = "sqlite", **overrides) -> Settings:
    """Settings for a private assistant: its own data dir, free ports, an API token, and
    conversations in SQLite or in the machine's PostgreSQL (skipped where unreachable)."""
    if tracker_store == "postgresql":
        if not postgres_reachable():
            pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
        overrides["tracker_store_url"] = POSTGRES_ADMIN_URL
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(data_dir),
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(free_port()),
            "RASA_TOKEN": "test-token",
        }
    )
    return replace(settings, **overrides)


@dataclass
class Assistant:
    """A running assistant and the REST calls a channel would make."""

    settings: Settings
    model: Path
    running: List[Service] = field(default_factory=list)
    latencies: List[float] = field(default_factory=list)

    def start(self, which: Optional[List[str]] = None, output=None) -> Assistant:
        """Start the services (all, or those named); their output to ``output`` if given."""
        for service in services(self.settings, self.model):
            if which is None or service.name in which:
                start(service, self.settings, output)
                self.running.append(service)
        try:
            for service in self.running:
                wait_ready(service)
        except Exception:
            self.stop()  # a part that never came up must not leave the others running
            raise
        return self

    def stop(self) -> None:
        stop(self.running)
        self.running.clear()

    def say(self, sender: str, message: str) -> List[Dict]:
        """Send one message through the REST channel; the bot's replies."""
        started = time.perf_counter()
        replies = self._post("/webhooks/rest/webhook", {"sender": sender, "message": message})
        self.latencies.append(time.perf_counter() - started)
        return replies

    def conversation(self, sender: str, *messages: str) -> List[Dict]:
        """Send ``messages`` in turn; every reply of the last one."""
        replies: List[Dict] = []
        for message in messages:
            replies = self.say(sender, message)
        return replies

    def tracker(self, sender: str) -> Dict:
        """The conversation as Rasa stores it (needs the HTTP API, i.e. RASA_TOKEN)."""
        url = (
            f"{self.settings.rasa_url}/conversations/{sender}/tracker"
            f"?token={self.settings.rasa_token}"
        )
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)

    def _post(self, path: str, body: Dict) -> List[Dict]:
        request = urllib.request.Request(
            self.settings.rasa_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)


def prepare(settings: Settings) -> Path:
    """Seed the knowledge base and return the trained model (training only if needed)."""
    kb_init(settings)
    return training.train(settings)


def texts(replies: List[Dict]) -> str:
    """All text of ``replies`` in one string."""
    return "\n".join(r.get("text", "") for r in replies)


def card(replies: List[Dict], kind: str = "recommendation") -> Optional[Dict]:
    """The recommendation card (or other ``custom`` payload of ``kind``: "notice") among
    ``replies``, if any."""
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and custom.get("type") == kind:
            return custom
    return None
