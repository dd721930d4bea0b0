"""Behind a trusted reverse proxy: the scheme and client address it saw, and HSTS over HTTPS;
the same headers from anyone else change nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp import web

from bot.channels.web.app import create_app
from bot.channels.web.middlewares import HSTS, forwarded_client
from bot.config.settings import Settings
from tests.bot.web.conftest import SECRET

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7, 10.0.0.2"}


def proxies(value: str):
    return Settings.from_env({"TRUSTED_PROXIES": value}).trusted_proxies


async def seen(request: web.Request) -> web.Response:
    """What the handlers see of the request."""
    return web.json_response({"scheme": request.scheme, "remote": request.remote})


@pytest.fixture
def client_trusting(aiohttp_client, web_settings):
    """A client of the app with ``TRUSTED_PROXIES`` set to the given value (the tests'
    client connects from 127.0.0.1)."""

    async def make(trusted: str):
        app = create_app(replace(web_settings, trusted_proxies=proxies(trusted)), secret=SECRET)
        app.router.add_get("/test/seen", seen)
        return await aiohttp_client(app)

    return make


async def test_a_trusted_proxy_gives_the_scheme_and_the_client_address(client_trusting):
    client = await client_trusting("127.0.0.1, 10.0.0.0/8")
    response = await client.get("/test/seen", headers=FORWARDED)
    assert await response.json() == {"scheme": "https", "remote": "203.0.113.7"}


@pytest.mark.parametrize("trusted", ["", "10.0.0.0/8"])
async def test_forwarded_headers_from_any_other_peer_change_nothing(client_trusting, trusted):
    client = await client_trusting(trusted)
    response = await client.get("/test/seen", headers=FORWARDED)
    assert await response.json() == {"scheme": "http", "remote": "127.0.0.1"}
    assert "Strict-Transport-Security" not in response.headers


def test_the_client_is_the_first_address_from_the_right_that_is_no_trusted_proxy():
    trusted = proxies("127.0.0.1, 10.0.0.0/8")
    # what the client wrote itself (left of what the proxies added) is never believed
    assert forwarded_client("127.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2", trusted) == (
        "203.0.113.7"
    )
    assert forwarded_client("127.0.0.1", "10.0.0.3", trusted) == "10.0.0.3"
    assert forwarded_client("127.0.0.1", "not an address, 10.0.0.2", trusted) == "10.0.0.2"
    assert forwarded_client("127.0.0.1", "", trusted) == "127.0.0.1"


async def test_hsts_is_sent_over_https_only(client_trusting):
    client = await client_trusting("127.0.0.1")
    over_https = await client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert over_https.headers["Strict-Transport-Security"] == HSTS
    assert HSTS == "max-age=31536000; includeSubDomains"
    over_http = await client.get("/", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in over_http.headers
