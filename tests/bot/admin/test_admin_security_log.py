"""Review finding 4: sign-ins, failures, waits and every change to users, passwords,
two-factor sign-in, invite codes and referrals go to a security log (who, what, when,
from where; never a password), which only administrators read."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.admin import accounts
from knowledge.models import AdminUser, Referral, SecurityEvent, TelegramMember
from tests.bot.admin.conftest import BEISPIELSTADT, PASSWORD

NEW_PASSWORD = "otter lantern gravel nine"


def events(kb) -> list:
    with kb() as db:
        return [
            (e.event, e.actor, e.subject, e.client, e.detail)
            for e in db.scalars(select(SecurityEvent).order_by(SecurityEvent.id))
        ]


def ids(kb, model, **where):
    with kb() as db:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.scalar(query)


async def test_sign_ins_failures_and_waits_are_logged_without_passwords(browser, admin_kb):
    before = len(events(admin_kb))
    await browser.sign_in("nobody", "secret guess one")
    for _ in range(5):
        await browser.sign_in("bea", "secret guess two")
    await browser.sign_in("ada")
    await browser.submit("/admin/logout", {})
    logged = events(admin_kb)[before:]
    here = "127.0.0.1"
    assert logged == [
        ("sign_in_failed", None, None, here, "unknown user name"),
        *[("sign_in_failed", "bea", None, here, "")] * 5,
        ("sign_in_throttled", "bea", None, here, "this address and account"),
        ("sign_in", "ada", None, here, ""),
        ("sign_out", "ada", None, here, ""),
    ]
    assert "secret guess" not in repr(events(admin_kb))


async def test_changes_to_users_invites_and_referrals_are_logged(browser, admin_kb):
    with admin_kb.begin() as db:
        db.add(Referral(jurisdiction_key=BEISPIELSTADT, received_on=dt.date.today()))
        db.add(TelegramMember(member_hash="m" * 64, admitted_at=dt.datetime(2026, 12, 1)))
    before = len(events(admin_kb))
    await browser.sign_in("ada")
    new_user = {
        "username": "nora",
        "password": PASSWORD,
        "role": "coordinator",
        "jurisdiction_key": "NL:voorbeeldstad",
    }
    await browser.submit("/admin/users", new_user, form_page="/admin/users")
    bea = ids(admin_kb, AdminUser, username="bea").id
    for action in ({"action": "disable"}, {"action": "enable"}):
        await browser.submit(f"/admin/users/{bea}", action, form_page="/admin/users")
    await browser.submit(
        f"/admin/users/{bea}",
        {"action": "password", "password": NEW_PASSWORD},
        form_page="/admin/users",
    )
    await browser.submit(
        "/admin/account/password",
        {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
        form_page="/admin/account",
    )
    await browser.submit("/admin/invites", {"note": "school team"}, form_page="/admin/invites")
    listing = await (await browser.client.get("/admin/invites")).text()
    invite = listing.split("/admin/invites/")[1].split("/revoke")[0]
    await browser.submit(f"/admin/invites/{invite}/revoke", {}, form_page="/admin/invites")
    await browser.submit("/admin/members/remove", {"member": "m" * 64}, form_page="/admin/invites")
    referral = ids(admin_kb, Referral).id
    await browser.submit(f"/admin/inbox/{referral}", {"status": "read"}, form_page="/admin/inbox")

    here = "127.0.0.1"
    assert events(admin_kb)[before:] == [
        ("sign_in", "ada", None, here, ""),
        ("user_created", "ada", "nora", here, "coordinator"),
        ("user_disabled", "ada", "bea", here, ""),
        ("user_enabled", "ada", "bea", here, ""),
        ("password_reset", "ada", "bea", here, ""),
        ("password_changed", "ada", None, here, ""),
        ("invite_created", "ada", None, here, "school team"),
        ("invite_revoked", "ada", f"#{invite}", here, "school team"),
        ("member_removed", "ada", "mmmmmmmmmmmm", here, ""),
        ("referral_status", "ada", f"#{referral}", here, "read"),
    ]
    assert PASSWORD not in repr(events(admin_kb)) and NEW_PASSWORD not in repr(events(admin_kb))


def test_users_made_on_the_command_line_are_logged_too(admin_kb):
    with admin_kb() as db:
        made = db.scalars(select(SecurityEvent).where(SecurityEvent.event == "user_created"))
        assert [(e.actor, e.subject, e.client) for e in made] == [
            (None, "ada", None),
            (None, "bea", None),
            (None, "vic", None),
        ]


async def test_only_admins_read_the_security_log(browser):
    await browser.sign_in("bea")
    assert (await browser.client.get("/admin/security")).status == 403
    assert 'href="/admin/security"' not in await (await browser.client.get("/admin")).text()
    await browser.submit("/admin/logout", {})
    await browser.sign_in("nobody", "a guess")
    await browser.sign_in("ada")
    page = await (await browser.client.get("/admin/security")).text()
    assert 'href="/admin/security"' in page
    assert "Events are kept for 365 days." in page
    assert "Sign-in failed" in page and "unknown user name" in page and "command line" in page
    assert page.index("Signed in") < page.index("Sign-in failed")  # newest first


async def test_the_security_log_speaks_the_readers_language(browser, admin_kb):
    await browser.sign_in("nobody", "a guess")
    await browser.sign_in("ada")
    await browser.submit("/admin/language", {"language": "de", "back": "/admin"})
    page = await (await browser.client.get("/admin/security")).text()
    assert "Sicherheitsprotokoll" in page
    assert "Anmeldung fehlgeschlagen" in page and "unbekannter Benutzername" in page


def test_a_failure_for_a_disabled_user_says_so_in_the_log_only(admin_kb):
    with admin_kb.begin() as db:
        db.scalar(select(AdminUser).where(AdminUser.username == "bea")).disabled = True
    attempt = accounts.authenticate(admin_kb, "bea", PASSWORD, "192.0.2.1")
    assert attempt.message == accounts.WRONG
    assert events(admin_kb)[-1] == ("sign_in_failed", "bea", None, "192.0.2.1", "user disabled")
