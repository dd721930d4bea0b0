"""Each user's own account (their password, an admin's two-factor sign-in) and the
security log that administrators read."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.admin import accounts, totp
from bot.admin.web import (
    ADMIN_DB,
    ADMIN_SETTINGS,
    SESSION_COOKIE,
    admins_only,
    client_address,
    forbidden,
    render,
    see_other,
    signed_in,
    translated,
)
from bot.channels.web.keys import SECRET
from knowledge import security_log
from knowledge.messages import N_
from knowledge.models import AdminUser

# the security log's events in words
EVENTS = {
    "sign_in": N_("Signed in"),
    "sign_in_failed": N_("Sign-in failed"),
    "sign_in_throttled": N_("Sign-in attempts must wait"),
    "code_failed": N_("Wrong two-factor code"),
    "password_check_failed": N_("Wrong current password"),
    "sign_out": N_("Signed out"),
    "user_created": N_("User added"),
    "user_disabled": N_("User disabled"),
    "user_enabled": N_("User enabled"),
    "password_changed": N_("Own password changed"),
    "password_reset": N_("Password set by an administrator"),
    "totp_enabled": N_("Two-factor sign-in turned on"),
    "totp_disabled": N_("Two-factor sign-in turned off"),
    "invite_created": N_("Invite code made"),
    "invite_revoked": N_("Invite code revoked"),
    "member_removed": N_("Telegram member removed"),
    "referral_status": N_("Referral status changed"),
}
PAGE_SIZE = 100


@signed_in
async def account(request: web.Request) -> web.Response:
    """The signed-in user's own page: change the password; an admin's two-factor sign-in."""
    return _account_page(request)


def _account_page(request: web.Request, *, problem: str = "", section: str = ""):
    person = request["db"].get(AdminUser, request["user"].user_id)
    pending = accounts.pending_totp(person, request.app[SECRET])
    return render(
        request,
        "account.html",
        status=422 if problem else 200,
        problem=problem,
        section=section,
        totp_on=person.totp_confirmed_at is not None,
        totp_since=person.totp_confirmed_at,
        secret=totp.grouped(pending) if pending else "",
        uri=totp.provisioning_uri(pending, person.username) if pending else "",
    )


async def _own_password_problem(request: web.Request, password: str):
    """None if ``password`` is the user's current one (checked off the event loop, and
    throttled like a sign-in), else what to say."""
    return await asyncio.get_running_loop().run_in_executor(
        None,
        accounts.confirm_password,
        request.app[ADMIN_DB],
        request["user"].user_id,
        password,
        client_address(request),
    )


@signed_in
async def change_password(request: web.Request) -> web.Response:
    """Every user changes their own password, after giving the current one."""
    db, form, user = request["db"], request["form"], request["user"]
    new = str(form.get("password", ""))
    if new != str(form.get("password_again", "")):
        return _account_page(
            request, problem=N_("The two new passwords differ."), section="password"
        )
    if problem := await _own_password_problem(request, str(form.get("current_password", ""))):
        return _account_page(request, problem=problem, section="password")
    try:
        person = db.get(AdminUser, user.user_id)
        accounts.set_password(db, person, new, keep=request.cookies.get(SESSION_COOKIE))
    except accounts.AccountError as error:
        return _account_page(request, problem=error.args[0], section="password")
    security_log.record(db, "password_changed", actor=user.username, client=client_address(request))
    return see_other("/admin/account?done=password_changed")


@signed_in
async def two_factor(request: web.Request) -> web.Response:
    """An admin sets up two-factor sign-in (a new secret, then a code to confirm it) or
    turns it off with their current password and a code."""
    db, form, user = request["db"], request["form"], request["user"]
    if not user.is_admin:
        return forbidden(request, N_("Only an administrator can do this."))
    person, key = db.get(AdminUser, user.user_id), request.app[SECRET]
    action, code = form.get("action"), str(form.get("code", ""))
    try:
        if action == "start":
            accounts.start_totp(db, person, key)
            return see_other("/admin/account#two-factor")
        if action == "confirm":
            accounts.confirm_totp(db, person, code, key, client_address(request))
            return see_other("/admin/account?done=totp_on")
        if action == "off" and person.totp_confirmed_at is not None:
            current = str(form.get("current_password", ""))
            if problem := await _own_password_problem(request, current):
                raise accounts.AccountError(problem)
            if not accounts.code_is_right(person, code, key):
                raise accounts.AccountError(accounts.WRONG_CODE)
            accounts.turn_off_totp(db, person, user.username, client_address(request))
            return see_other("/admin/account?done=totp_off")
    except accounts.AccountError as error:
        return _account_page(request, problem=error.args[0], section="totp")
    return see_other("/admin/account")


@signed_in
@admins_only
async def security_events(request: web.Request) -> web.Response:
    """The security log, newest first, a page at a time."""
    before = request.query.get("before", "")
    older_than = int(before) if before.isdigit() and len(before) < 12 else None
    events = security_log.recent(request["db"], limit=PAGE_SIZE, before=older_than)
    rows = [
        {
            "at": event.at.strftime("%Y-%m-%d %H:%M:%S"),
            "event": translated(request, EVENTS.get(event.event, event.event)),
            "actor": event.actor or "",
            "subject": event.subject or "",
            "client": event.client
            if event.client is not None
            else translated(request, N_("command line")),
            "detail": translated(request, event.detail),
        }
        for event in events
    ]
    days = request.app[ADMIN_SETTINGS].security_log_retention_days
    return render(
        request,
        "security.html",
        rows=rows,
        older=events[-1].id if len(events) == PAGE_SIZE else None,
        days=f"{days:g}",
    )
