"""Review finding 5: the password policy (common, leaked and easy passwords refused),
every user changing their own password with the current one, an admin giving their own
password to set another admin's, and two-factor sign-in for admins."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select

from bot.admin import accounts
from bot.admin.accounts import AccountError, create_user
from knowledge.models import AdminSession, AdminUser, SecurityEvent
from tests.bot.admin.conftest import PASSWORD, Browser
from tests.bot.admin.test_admin_sign_in import Clock

NEW_PASSWORD = "otter lantern gravel nine"
SECRET = re.compile(r'<code class="code">([A-Z2-7 ]+)</code>')


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(accounts, "now", clock)
    return clock


@pytest.mark.parametrize(
    "password, why",
    [
        (" " * 12, "at least 12 characters"),
        ("   a    b   c   d   ", "at least 12 characters"),
        ("123456789012", "too easy to guess"),
        ("passwordpassword", "too easy to guess"),
        ("qwertyuiopasdf", "too easy to guess"),
        ("1234567890qaz", "list of common or leaked passwords"),
        ("mallory mallory 1", "too easy to guess"),  # the user's own name
    ],
)
def test_weak_passwords_are_refused(session, password, why):
    """Before: twelve spaces and 123456789012 were accepted."""
    with pytest.raises(AccountError, match=why):
        create_user(session, "mallory", password, "admin")


def test_a_strong_password_is_accepted(session):
    assert create_user(session, "mallory", NEW_PASSWORD, "admin").id


def user(kb, name: str) -> AdminUser:
    with kb() as db:
        return db.scalar(select(AdminUser).where(AdminUser.username == name))


async def test_every_user_changes_their_own_password_after_giving_the_current_one(
    browser, admin_kb
):
    await browser.sign_in("bea")
    page = await (await browser.client.get("/admin")).text()
    assert 'href="/admin/account"' in page
    assert (await browser.client.get("/admin/account")).status == 200
    change = {"current_password": PASSWORD, "password": NEW_PASSWORD}

    wrong = await browser.submit(
        "/admin/account/password",
        {**change, "current_password": "not it at all", "password_again": NEW_PASSWORD},
    )
    assert wrong.status == 422
    assert "That is not your current password." in await wrong.text()
    differ = await browser.submit(
        "/admin/account/password", {**change, "password_again": "something else"}
    )
    assert "The two new passwords differ." in await differ.text()
    weak = await browser.submit(
        "/admin/account/password",
        {**change, "password": "123456789012", "password_again": "123456789012"},
    )
    assert "too easy to guess" in await weak.text()
    assert accounts._verify(user(admin_kb, "bea").password_hash, PASSWORD)

    # a second session of bea's ends; this one stays
    with admin_kb.begin() as db:
        accounts.start_session(db, db.get(AdminUser, user(admin_kb, "bea").id), 8)
    done = await browser.submit(
        "/admin/account/password", {**change, "password_again": NEW_PASSWORD}
    )
    assert done.status == 303
    assert done.headers["Location"] == "/admin/account?done=password_changed"
    with admin_kb() as db:
        assert len(db.scalars(select(AdminSession)).all()) == 1
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 200
    assert (await browser.sign_in("bea")).status == 401
    assert (await browser.sign_in("bea", NEW_PASSWORD)).status == 303


async def test_guessing_the_current_password_in_an_open_session_must_wait(browser, clock):
    await browser.sign_in("bea")
    for _ in range(5):
        await browser.submit(
            "/admin/account/password",
            {"current_password": "guess", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        )
    response = await browser.submit(
        "/admin/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status == 422
    assert "Please try again after" in await response.text()


async def test_setting_an_admins_password_asks_for_the_acting_admins_own(browser, admin_kb):
    with admin_kb.begin() as db:
        create_user(db, "max", PASSWORD, "admin")
    other_admin, coordinator = user(admin_kb, "max").id, user(admin_kb, "bea").id
    await browser.sign_in("ada")
    page = await (await browser.client.get("/admin/users")).text()
    assert f'id="pw-mine-{other_admin}"' in page and f'id="pw-mine-{coordinator}"' not in page
    for mine in (None, "not my password"):
        data = {"action": "password", "password": NEW_PASSWORD}
        if mine:
            data["current_password"] = mine
        response = await browser.submit(
            f"/admin/users/{other_admin}", data, form_page="/admin/users"
        )
        assert response.status == 422
        assert "That is not your current password." in await response.text()
    assert accounts._verify(user(admin_kb, "max").password_hash, PASSWORD)
    response = await browser.submit(
        f"/admin/users/{other_admin}",
        {"action": "password", "password": NEW_PASSWORD, "current_password": PASSWORD},
        form_page="/admin/users",
    )
    assert response.status == 303
    assert accounts._verify(user(admin_kb, "max").password_hash, NEW_PASSWORD)
    # a coordinator's password needs no admin password; a weak one is still refused
    weak = await browser.submit(
        f"/admin/users/{coordinator}",
        {"action": "password", "password": "123456789012"},
        form_page="/admin/users",
    )
    assert weak.status == 422
    response = await browser.submit(
        f"/admin/users/{coordinator}",
        {"action": "password", "password": NEW_PASSWORD},
        form_page="/admin/users",
    )
    assert response.status == 303
    assert accounts._verify(user(admin_kb, "bea").password_hash, NEW_PASSWORD)


def code_at(secret: str, at: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(at.replace(tzinfo=dt.timezone.utc))


async def turn_on_two_factor(browser: Browser, clock: Clock) -> str:
    """ada sets up two-factor sign-in; returns the secret."""
    response = await browser.submit(
        "/admin/account/totp", {"action": "start"}, form_page="/admin/account"
    )
    assert response.status == 303
    page = await (await browser.client.get("/admin/account")).text()
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert f"otpauth://totp/Signpost:ada?secret={secret}" in page
    wrong = await browser.submit(
        "/admin/account/totp", {"action": "confirm", "code": "000000"}, form_page="/admin/account"
    )
    assert wrong.status == 422
    done = await browser.submit(
        "/admin/account/totp",
        {"action": "confirm", "code": code_at(secret, clock.at)},
        form_page="/admin/account",
    )
    assert done.headers["Location"] == "/admin/account?done=totp_on"
    return secret


async def code_step(browser: Browser, code: str):
    page = await browser.client.get("/admin/login/code?next=/admin/users")
    token = re.search(r'name="csrf_token" value="([^"]+)"', await page.text()).group(1)
    return await browser.client.post(
        "/admin/login/code",
        data={"csrf_token": token, "code": code, "next": "/admin/users"},
        allow_redirects=False,
    )


async def test_an_admin_signs_in_with_a_code_after_turning_two_factor_on(browser, admin_kb, clock):
    await browser.sign_in("ada")
    secret = await turn_on_two_factor(browser, clock)
    with admin_kb() as db:
        stored = user(admin_kb, "ada").totp_secret
        assert secret not in stored  # encrypted with the server's key
        logged = " ".join(
            f"{e.actor} {e.subject} {e.detail}" for e in db.scalars(select(SecurityEvent))
        )
        assert secret not in logged and "totp_enabled" in {
            e.event for e in db.scalars(select(SecurityEvent))
        }
    await browser.submit("/admin/logout", {})

    clock.advance(30)
    response = await browser.sign_in("ada", next_page="/admin/users")
    assert response.status == 303
    assert response.headers["Location"] == "/admin/login/code?next=%2Fadmin%2Fusers"
    # the password alone signs nobody in
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 303
    wrong = await code_step(browser, "123456")
    assert wrong.status == 401
    assert "Wrong code." in await wrong.text()
    right = await code_step(browser, code_at(secret, clock.at))
    assert right.status == 303 and right.headers["Location"] == "/admin/users"
    assert (await browser.client.get("/admin/users")).status == 200

    # the same code does not work twice
    await browser.submit("/admin/logout", {})
    await browser.sign_in("ada")
    assert (await code_step(browser, code_at(secret, clock.at))).status == 401
    clock.advance(30)
    assert (await code_step(browser, code_at(secret, clock.at))).status == 303


async def test_guessing_codes_must_wait_even_with_the_right_password(browser, clock):
    await browser.sign_in("ada")
    secret = await turn_on_two_factor(browser, clock)
    await browser.submit("/admin/logout", {})
    clock.advance(30)
    # a right password and a wrong code count two failures: the password's is taken
    # back only with the right code
    for _ in range(2):
        assert (await browser.sign_in("ada")).status == 303
        assert (await code_step(browser, "000000")).status == 401
    assert (await browser.sign_in("ada")).status == 303  # the fifth: the next one waits
    held = await code_step(browser, code_at(secret, clock.at))
    assert held.status == 401 and "Please try again after" in await held.text()
    clock.advance(1)
    assert (await code_step(browser, code_at(secret, clock.at))).status == 303


async def test_turning_two_factor_off_takes_the_password_and_a_code(browser, admin_kb, clock):
    await browser.sign_in("ada")
    secret = await turn_on_two_factor(browser, clock)
    clock.advance(30)
    for password, code in ((PASSWORD, "000000"), ("wrong password", code_at(secret, clock.at))):
        response = await browser.submit(
            "/admin/account/totp",
            {"action": "off", "current_password": password, "code": code},
            form_page="/admin/account",
        )
        assert response.status == 422
    assert user(admin_kb, "ada").totp_confirmed_at is not None
    response = await browser.submit(
        "/admin/account/totp",
        {"action": "off", "current_password": PASSWORD, "code": code_at(secret, clock.at)},
        form_page="/admin/account",
    )
    assert response.headers["Location"] == "/admin/account?done=totp_off"
    assert user(admin_kb, "ada").totp_secret is None


async def test_two_factor_is_for_admins(browser):
    await browser.sign_in("bea")
    page = await (await browser.client.get("/admin/account")).text()
    assert "Two-factor sign-in" not in page
    response = await browser.submit(
        "/admin/account/totp", {"action": "start"}, form_page="/admin/account"
    )
    assert response.status == 403


async def test_another_admin_turns_two_factor_off_with_their_own_password(browser, admin_kb, clock):
    """The way back for an admin who lost their phone."""
    await browser.sign_in("ada")
    await turn_on_two_factor(browser, clock)
    await browser.submit("/admin/logout", {})
    with admin_kb.begin() as db:
        create_user(db, "max", PASSWORD, "admin")
    await browser.sign_in("max")
    ada = user(admin_kb, "ada").id
    refused = await browser.submit(
        f"/admin/users/{ada}",
        {"action": "totp_off", "current_password": "wrong"},
        form_page="/admin/users",
    )
    assert refused.status == 422
    response = await browser.submit(
        f"/admin/users/{ada}",
        {"action": "totp_off", "current_password": PASSWORD},
        form_page="/admin/users",
    )
    assert response.status == 303
    assert user(admin_kb, "ada").totp_confirmed_at is None
