"""Admin cookies over HTTPS behind a trusted proxy (``__Host-``, Secure, HSTS), and the idle
timeout beside the session's whole length."""

from __future__ import annotations

import datetime as dt

import pytest
from aiohttp import DummyCookieJar
from sqlalchemy import select

from bot.admin import accounts
from bot.channels.web.app import create_app
from bot.config.settings import Settings
from knowledge.models import AdminSession
from tests.bot.admin.conftest import CSRF, PASSWORD

HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture
def client_with(aiohttp_client, admin_kb, tmp_path):
    """A client (with no cookie jar: each test sends its cookies itself) of the app with
    the given settings; the tests' client connects from 127.0.0.1."""

    async def make(**env: str):
        settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), **env})
        app = create_app(settings, secret=b"s", kb=admin_kb)
        return await aiohttp_client(app, cookie_jar=DummyCookieJar())

    return make


def set_cookies(response) -> dict:
    """Each Set-Cookie header of ``response``, by cookie name."""
    return {c.split("=", 1)[0]: c for c in response.headers.getall("Set-Cookie", [])}


def value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


async def sign_in(client, headers: dict, prefix: str):
    page = await client.get("/admin/login", headers=headers)
    login_cookie = set_cookies(page)[f"{prefix}signpost_login_csrf"]
    return login_cookie, await client.post(
        "/admin/login",
        data={
            "csrf_token": CSRF.search(await page.text()).group(1),
            "username": "ada",
            "password": PASSWORD,
            "next": "/admin",
        },
        headers={**headers, "Cookie": f"{prefix}signpost_login_csrf={value(login_cookie)}"},
        allow_redirects=False,
    )


async def test_over_https_behind_a_trusted_proxy_the_cookies_are_host_only_and_secure(
    client_with,
):
    client = await client_with(TRUSTED_PROXIES="127.0.0.1")
    login_cookie, response = await sign_in(client, HTTPS, "__Host-")
    assert response.status == 303
    cookies = set_cookies(response)
    assert "signpost_admin" not in cookies and "signpost_login_csrf" not in cookies
    session = cookies["__Host-signpost_admin"]
    for cookie in (login_cookie, session, cookies["__Host-signpost_login_csrf"]):  # (deleted)
        attributes = [a.strip().lower() for a in cookie.split(";")[1:]]
        assert {"secure", "path=/"} <= set(attributes)
        assert not [a for a in attributes if a.startswith("domain")]
    for cookie in (login_cookie, session):
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "max-age=28800" in session.lower()  # ADMIN_SESSION_HOURS
    token = value(session)
    page = await client.get("/admin", headers={**HTTPS, "Cookie": f"__Host-signpost_admin={token}"})
    assert page.status == 200 and "ada (admin)" in await page.text()
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # over HTTPS a cookie without the prefix (set by a subdomain, or over HTTP) is not read
    plain = await client.get(
        "/admin", headers={**HTTPS, "Cookie": f"signpost_admin={token}"}, allow_redirects=False
    )
    assert plain.status == 303 and plain.headers["Location"].startswith("/admin/login")


@pytest.mark.parametrize("trusted", [{}, {"TRUSTED_PROXIES": "10.0.0.0/8"}])
async def test_x_forwarded_proto_from_an_untrusted_peer_changes_no_cookie(client_with, trusted):
    client = await client_with(**trusted)
    login_cookie, response = await sign_in(client, HTTPS, "")
    session = set_cookies(response)["signpost_admin"]
    for cookie in (login_cookie, session):
        assert "Path=/admin" in cookie and "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers


async def test_a_session_unused_for_the_idle_time_ends(client_with, monkeypatch):
    clock = [accounts.now()]
    monkeypatch.setattr(accounts, "now", lambda: clock[0])
    client = await client_with(ADMIN_IDLE_MINUTES="30")
    _, response = await sign_in(client, {}, "")
    cookie = {"Cookie": f"signpost_admin={value(set_cookies(response)['signpost_admin'])}"}
    for minutes in (29, 29, 29):  # used every 29 minutes: still signed in after 87
        clock[0] += dt.timedelta(minutes=minutes)
        assert (await client.get("/admin", headers=cookie, allow_redirects=False)).status == 200
    clock[0] += dt.timedelta(minutes=31)
    idle = await client.get("/admin", headers=cookie, allow_redirects=False)
    assert idle.status == 303 and idle.headers["Location"].startswith("/admin/login")


async def test_the_last_use_is_written_at_most_once_a_minute(client_with, admin_kb, monkeypatch):
    start = accounts.now()
    clock = [start]
    monkeypatch.setattr(accounts, "now", lambda: clock[0])
    client = await client_with()
    _, response = await sign_in(client, {}, "")
    cookie = {"Cookie": f"signpost_admin={value(set_cookies(response)['signpost_admin'])}"}

    def last_seen():
        with admin_kb() as session:
            return session.scalar(select(AdminSession.last_seen_at))

    assert last_seen() == start
    clock[0] = start + dt.timedelta(seconds=50)
    assert (await client.get("/admin", headers=cookie)).status == 200
    assert last_seen() == start
    clock[0] = start + dt.timedelta(seconds=70)
    assert (await client.get("/admin/nowhere/x", headers=cookie)).status == 404
    assert last_seen() == clock[0]  # written even though the page answered 404
