"""Signing in and out, CSRF, sessions and who may see what (the waits after failed
sign-ins: test_admin_sign_in.py)."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.models import AdminSession, AdminUser
from tests.bot.admin.conftest import PASSWORD


async def test_pages_ask_to_sign_in_first(browser):
    for path in ("/admin", "/admin/contacts", "/admin/history", "/admin/users"):
        response = await browser.client.get(path, allow_redirects=False)
        assert response.status == 303
        assert response.headers["Location"].startswith("/admin/login?next=")


async def test_sign_in_sets_a_strict_httponly_cookie_and_goes_where_asked(browser):
    response = await browser.sign_in("ada", next_page="/admin/contacts")
    assert response.status == 303
    assert response.headers["Location"] == "/admin/contacts"
    cookie = next(c for c in response.headers.getall("Set-Cookie") if "signpost_admin=" in c)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/admin" in cookie
    page = await browser.client.get("/admin")
    assert page.status == 200
    assert "ada (admin)" in await page.text()


async def test_sign_in_never_sends_anyone_to_another_site(browser):
    response = await browser.sign_in("ada", next_page="https://evil.example/")
    assert response.headers["Location"] == "/admin"
    response = await browser.sign_in("ada", next_page="//evil.example/admin")
    assert response.headers["Location"] == "/admin"


async def test_a_wrong_password_says_so_without_telling_which_part(browser):
    for username in ("ada", "nobody"):
        response = await browser.sign_in(username, "not the password")
        assert response.status == 401
        assert "Wrong user name or password." in await response.text()
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 303


async def test_sign_in_form_without_its_csrf_token_is_refused(browser):
    await browser.client.get("/admin/login")
    response = await browser.client.post(
        "/admin/login", data={"csrf_token": "forged", "username": "ada", "password": PASSWORD}
    )
    assert response.status == 403
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 303


async def test_forms_without_the_sessions_csrf_token_change_nothing(browser, admin_kb):
    await browser.sign_in("ada")
    for token in (None, "forged"):
        data = {"username": "mallory", "password": PASSWORD, "role": "admin"}
        if token:
            data["csrf_token"] = token
        response = await browser.client.post("/admin/users", data=data)
        assert response.status == 403
        assert "This form has expired" in await response.text()
    with admin_kb() as session:
        assert session.scalar(select(AdminUser).where(AdminUser.username == "mallory")) is None


async def test_sign_out_ends_the_session_in_the_database(browser, admin_kb):
    await browser.sign_in("ada")
    response = await browser.submit("/admin/logout", {})
    assert response.headers["Location"] == "/admin/login?done=signed_out"
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 303
    with admin_kb() as session:
        assert session.scalars(select(AdminSession)).all() == []


async def test_admin_pages_carry_the_security_headers(browser):
    await browser.sign_in("ada")
    response = await browser.client.get("/admin/contacts")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_only_admins_manage_users_and_invites(browser):
    await browser.sign_in("bea")
    for path in ("/admin/users", "/admin/invites"):
        assert (await browser.client.get(path)).status == 403
    response = await browser.submit(
        "/admin/users", {"username": "x", "password": PASSWORD, "role": "admin"}
    )
    assert response.status == 403


async def test_an_admin_adds_a_coordinator_who_can_then_sign_in(browser):
    await browser.sign_in("ada")
    response = await browser.submit(
        "/admin/users",
        {
            "username": "nora",
            "password": PASSWORD,
            "role": "coordinator",
            "jurisdiction_key": "NL:voorbeeldstad",
        },
    )
    assert response.status == 303
    weak = await browser.submit(
        "/admin/users", {"username": "weak", "password": "short", "role": "admin"}
    )
    assert weak.status == 422
    assert "at least 12 characters" in await weak.text()
    await browser.submit("/admin/logout", {})
    assert (await browser.sign_in("nora")).status == 303


async def test_a_disabled_user_is_signed_out_at_once(browser, admin_kb):
    await browser.sign_in("bea")
    with admin_kb.begin() as session:
        user = session.scalar(select(AdminUser).where(AdminUser.username == "bea"))
        user.disabled = True
    assert (await browser.client.get("/admin", allow_redirects=False)).status == 303


async def test_invite_codes_are_shown_once_and_can_be_revoked(browser, admin_kb):
    await browser.sign_in("ada")
    response = await browser.submit(
        "/admin/invites", {"note": "school team"}, form_page="/admin/invites"
    )
    page = await response.text()
    assert "New code (shown once)" in page
    code = page.split('<code class="code">')[1].split("<")[0]
    listing = await (await browser.client.get("/admin/invites")).text()
    assert "school team" in listing and code not in listing
    invite_id = listing.split("/admin/invites/")[1].split("/revoke")[0]
    await browser.submit(f"/admin/invites/{invite_id}/revoke", {}, form_page="/admin/invites")
    assert "No invite codes yet." in await (await browser.client.get("/admin/invites")).text()


async def test_odd_ids_and_unreadable_forms_get_a_clear_4xx(browser):
    """Review finding 9: each of these answered 500."""
    await browser.sign_in("ada")
    for path in (
        "/admin/contacts/%C2%B2",
        "/admin/contacts/99999999999999999999999",
        "/admin/glossary/99999999999999999999999",
    ):
        assert (await browser.client.get(path)).status == 404, path
    token = await browser.token("/admin/users")
    for path in (
        "/admin/users/99999999999999999999",
        "/admin/inbox/99999999999999999999",
        "/admin/history/99999999999999999999/revert",
        "/admin/invites/99999999999999999999/revoke",  # revoking what is not there: done
    ):
        response = await browser.client.post(
            path, data={"csrf_token": token, "status": "read"}, allow_redirects=False
        )
        assert response.status == (303 if "invites" in path else 404), path
    response = await browser.client.post(
        "/admin/contacts/new",
        data=b"csrf_token=" + token.encode() + b"&name=\xff\xfe",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 400


async def test_a_next_page_with_a_line_break_goes_to_the_start_page(browser):
    response = await browser.sign_in("ada", next_page="/admin\r\nSet-Cookie: x=1")
    assert response.status == 303
    assert response.headers["Location"] == "/admin"
