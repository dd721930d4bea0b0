"""A Rasa stand-in on a real local port, shared by the channel tests."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestServer

from tests.bot.fake_rasa import create_fake_rasa


@pytest.fixture
async def fake_rasa():
    server = TestServer(create_fake_rasa())
    await server.start_server()
    yield server
    await server.close()
