"""The web app wired to a Rasa stand-in running on a real local port."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.channels.web.app import create_app
from bot.channels.web.ratelimit import RateLimiter
from bot.config.settings import Settings
from tests.bot.fake_rasa import TOKEN

SECRET = b"test-secret"


@pytest.fixture
def web_settings(tmp_path, fake_rasa):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), "RASA_TOKEN": TOKEN})
    return replace(
        settings,
        rasa_host=fake_rasa.host,
        rasa_port=fake_rasa.port,
        action_port=1,  # nothing listens there: the action server is "down"
        allowed_origins=("https://intranet.example.org",),
    )


@pytest.fixture
async def client(aiohttp_client, web_settings):
    return await aiohttp_client(
        create_app(web_settings, secret=SECRET, limiter=RateLimiter(per_minute=6, burst=3))
    )


@pytest.fixture
async def conversation_id(client):
    response = await client.post("/api/conversations")
    return (await response.json())["conversation_id"]
