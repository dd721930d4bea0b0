"""Signing in and out, the start page, and the administrator's users and invite codes."""

from __future__ import annotations

import asyncio
import functools
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

from aiohttp import web
from sqlalchemy import func, select

from bot.admin import accounts
from bot.admin.choices import page_words
from bot.admin.entries import count_due_for_review, place_keys
from bot.admin.ids import row_id
from bot.admin.kinds import KINDS
from bot.admin.web import (
    ADMIN_DB,
    ADMIN_SETTINGS,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    admins_only,
    client_address,
    not_found,
    posted_form,
    render,
    safe_next,
    see_other,
    signed_in,
)
from bot.channels.web.keys import SECRET
from knowledge import access, security_log
from knowledge.messages import N_
from knowledge.models import (
    ADMIN_ROLES,
    LANGUAGES,
    AdminUser,
    Referral,
    TelegramInvite,
    TelegramMember,
)


async def login_page(request: web.Request) -> web.Response:
    """The sign-in form, with a fresh CSRF token in a SameSite=Strict cookie and the form."""
    return _login_form(request, message="", status=200)


def _login_form(request: web.Request, *, message: str, status: int) -> web.Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        status=status,
        login_token=token,
        message=message,
        next=safe_next(request.query.get("next", "/admin")),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        path="/admin",
        secure=request.secure,
    )
    return response


async def login(request: web.Request) -> web.Response:
    form = await posted_form(request)
    if not accounts.same_token(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf_token")):
        return _login_form(
            request, status=403, message=N_("The sign-in form expired. Please try again.")
        )
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    hours = request.app[ADMIN_SETTINGS].admin_session_hours
    # argon2 takes tens of milliseconds by design: keep it off the event loop
    token, message, needs_code = await asyncio.get_running_loop().run_in_executor(
        None, _sign_in, request.app[ADMIN_DB], username, password, hours, client_address(request)
    )
    if token is None:
        return _login_form(request, status=401, message=message)
    next_page = safe_next(str(form.get("next", "/admin")))
    if needs_code:
        response = see_other(f"/admin/login/code?{urlencode({'next': next_page})}")
        hours = accounts.CODE_MINUTES / 60
    else:
        response = see_other(next_page)
    _keep_session(request, response, token, hours)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/admin")
    return response


def _keep_session(request: web.Request, response: web.Response, token: str, hours: float):
    """The session cookie: the admin area's only, never read by scripts, for ``hours``."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        path="/admin",
        secure=request.secure,
        max_age=int(hours * 3600),
    )


def _sign_in(make_session, username: str, password: str, hours: float, client: str):
    """(session token, "", whether a code must follow) or (None, what to say)."""
    attempt = accounts.authenticate(make_session, username, password, client)
    if attempt.user_id is None:
        return None, attempt.message, False
    with make_session.begin() as db:
        user = db.get(AdminUser, attempt.user_id)
        token = accounts.start_session(db, user, hours, awaiting_code=attempt.needs_code)
    return token, "", attempt.needs_code


async def login_code_page(request: web.Request) -> web.Response:
    """The second step of a two-factor sign-in: the code from the authenticator app."""
    with request.app[ADMIN_DB]() as db:
        token = accounts.awaiting_csrf(db, request.cookies.get(SESSION_COOKIE))
    if token is None:
        return see_other("/admin/login")
    return _code_form(request, token, request.query.get("next", "/admin"), message="", status=200)


def _code_form(request: web.Request, token: str, next_page: str, *, message: str, status: int):
    return render(
        request,
        "login_code.html",
        status=status,
        code_token=token,
        message=message,
        next=safe_next(next_page),
    )


async def login_code(request: web.Request) -> web.Response:
    form = await posted_form(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    with request.app[ADMIN_DB]() as db:
        expected = accounts.awaiting_csrf(db, cookie)
    if expected is None or not accounts.same_token(expected, form.get("csrf_token")):
        return _login_form(request, status=403, message=accounts.CODE_EXPIRED)
    hours = request.app[ADMIN_SETTINGS].admin_session_hours
    token, message = await asyncio.get_running_loop().run_in_executor(
        None,
        _second_step,
        request.app[ADMIN_DB],
        cookie,
        str(form.get("code", "")),
        request.app[SECRET],
        hours,
        client_address(request),
    )
    if token is None:
        next_page = str(form.get("next", "/admin"))
        return _code_form(request, expected, next_page, message=message, status=401)
    response = see_other(safe_next(str(form.get("next", "/admin"))))
    _keep_session(request, response, token, hours)
    return response


def _second_step(make_session, cookie, code: str, key: bytes, hours: float, client: str):
    attempt = accounts.check_code(make_session, cookie, code, key, client)
    if attempt.user_id is None:
        return None, attempt.message
    with make_session.begin() as db:
        return accounts.start_session(db, db.get(AdminUser, attempt.user_id), hours), ""


@signed_in
async def logout(request: web.Request) -> web.Response:
    accounts.end_session(request["db"], request.cookies.get(SESSION_COOKIE))
    security_log.record(
        request["db"], "sign_out", actor=request["user"].username, client=client_address(request)
    )
    response = see_other("/admin/login?done=signed_out")
    response.del_cookie(SESSION_COOKIE, path="/admin")
    return response


@signed_in
async def choose_language(request: web.Request) -> web.Response:
    """Keep the signed-in user's choice of language for the admin area, and go back."""
    language = str(request["form"].get("language", ""))
    if language not in LANGUAGES:
        return not_found(request)
    request["db"].get(AdminUser, request["user"].user_id).language = language
    back = urlsplit(safe_next(str(request["form"].get("back", "/admin"))))
    query = [(k, v) for k, v in parse_qsl(back.query) if k != "done"] + [("done", "language")]
    return see_other(f"{back.path}?{urlencode(query)}")


@signed_in
async def home(request: web.Request) -> web.Response:
    db, user = request["db"], request["user"]
    counts = {
        slug: db.scalar(select(func.count()).select_from(kind.model).where(~kind.model.retired))
        for slug, kind in KINDS.items()
    }
    due = count_due_for_review(db)
    inbox = select(func.count()).select_from(Referral).where(Referral.status == "new")
    if not user.is_admin:
        inbox = inbox.where(Referral.jurisdiction_key == user.jurisdiction_key)
    return render(request, "home.html", counts=counts, due=due, inbox=db.scalar(inbox))


@signed_in
@admins_only
async def users(request: web.Request) -> web.Response:
    db = request["db"]
    problem = ""
    if request.method == "POST":
        form = request["form"]
        try:
            accounts.create_user(
                db,
                str(form.get("username", "")),
                str(form.get("password", "")),
                str(form.get("role", "")),
                str(form.get("jurisdiction_key", "")) or None,
                actor=request["user"].username,
                client=client_address(request),
            )
            return see_other("/admin/users?done=user_created")
        except accounts.AccountError as error:
            problem = error.args[0]
    people = list(db.scalars(select(AdminUser).order_by(AdminUser.username)))
    return render(
        request,
        "users.html",
        status=422 if problem else 200,
        people=people,
        problem=problem,
        roles=ADMIN_ROLES,
        places=place_keys(db),
        words=page_words(request),
    )


@signed_in
@admins_only
async def change_user(request: web.Request) -> web.Response:
    """Disable or re-enable a user, set a new password (which ends their sessions) or turn
    their two-factor sign-in off. For an admin's password or two-factor sign-in, the
    acting admin confirms with their own current password."""
    db, form, me = request["db"], request["form"], request["user"]
    number = row_id(request.match_info["user_id"])
    person = db.get(AdminUser, number) if number is not None else None
    if person is None:
        return not_found(request)
    action, client = form.get("action"), client_address(request)
    log = functools.partial(
        security_log.record, db, actor=me.username, subject=person.username, client=client
    )
    if action in ("password", "totp_off") and person.role == "admin":
        problem = await asyncio.get_running_loop().run_in_executor(
            None,
            accounts.confirm_password,
            request.app[ADMIN_DB],
            me.user_id,
            str(form.get("current_password", "")),
            client,
        )
        if problem:
            return _not_changed(request, problem)
    if action == "disable" and person.id != me.user_id:
        person.disabled = True
        accounts.end_sessions(db, person.id)
        log("user_disabled")
    elif action == "enable" and person.disabled:
        person.disabled = False
        log("user_enabled")
    elif action == "password":
        try:
            keep = request.cookies.get(SESSION_COOKIE) if person.id == me.user_id else None
            accounts.set_password(db, person, str(form.get("password", "")), keep)
        except accounts.AccountError as error:
            return _not_changed(request, error.args[0])
        log("password_reset")
    elif action == "totp_off" and person.totp_confirmed_at is not None:
        accounts.turn_off_totp(db, person, me.username, client)
    return see_other("/admin/users?done=user_changed")


def _not_changed(request: web.Request, problem: str) -> web.Response:
    return render(request, "message.html", status=422, title=N_("Not changed"), message=problem)


@signed_in
@admins_only
async def invites(request: web.Request) -> web.Response:
    """Telegram invite codes: make one (shown once), revoke unused ones, remove members."""
    db = request["db"]
    code = None
    if request.method == "POST":
        note = str(request["form"].get("note", ""))
        code = access.new_invite_code(db, request.app[SECRET], note)
        security_log.record(
            db,
            "invite_created",
            actor=request["user"].username,
            client=client_address(request),
            detail=note,
        )
    return render(
        request,
        "invites.html",
        code=code,
        invites=list(db.scalars(select(TelegramInvite).order_by(TelegramInvite.id.desc()))),
        members=list(db.scalars(select(TelegramMember).order_by(TelegramMember.admitted_at))),
    )


@signed_in
@admins_only
async def revoke_invite(request: web.Request) -> web.Response:
    db = request["db"]
    number = row_id(request.match_info["invite_id"])
    invite = db.get(TelegramInvite, number) if number is not None else None
    if invite is not None and invite.used_at is None:
        db.delete(invite)
        security_log.record(
            db,
            "invite_revoked",
            actor=request["user"].username,
            subject=f"#{invite.id}",
            client=client_address(request),
            detail=invite.note,
        )
    return see_other("/admin/invites?done=invite_revoked")


@signed_in
@admins_only
async def remove_member(request: web.Request) -> web.Response:
    db = request["db"]
    member = db.get(TelegramMember, str(request["form"].get("member", "")))
    if member is not None:
        db.delete(member)
        security_log.record(
            db,
            "member_removed",
            actor=request["user"].username,
            subject=member.member_hash[:12],
            client=client_address(request),
        )
    return see_other("/admin/invites?done=member_removed")
