"""Signing in and out, the start page, and the administrator's users and invite codes."""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

from aiohttp import web
from sqlalchemy import func, select

from bot.admin import accounts
from bot.admin.entries import due_for_review, place_keys
from bot.admin.ids import row_id
from bot.admin.kinds import KINDS
from bot.admin.web import (
    ADMIN_DB,
    ADMIN_SETTINGS,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    admins_only,
    not_found,
    posted_form,
    render,
    safe_next,
    see_other,
    signed_in,
)
from bot.invite_codes import new_invite_code
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
    token, message = await asyncio.get_running_loop().run_in_executor(
        None, _sign_in, request.app[ADMIN_DB], username, password, hours
    )
    if token is None:
        return _login_form(request, status=401, message=message)
    response = see_other(safe_next(str(form.get("next", "/admin"))))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        path="/admin",
        secure=request.secure,
        max_age=int(hours * 3600),
    )
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/admin")
    return response


def _sign_in(make_session, username: str, password: str, hours: float):
    user_id, message = accounts.authenticate(make_session, username, password)
    if user_id is None:
        return None, message
    with make_session.begin() as db:
        return accounts.start_session(db, db.get(AdminUser, user_id), hours), ""


@signed_in
async def logout(request: web.Request) -> web.Response:
    accounts.end_session(request["db"], request.cookies.get(SESSION_COOKIE))
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
    due = len(due_for_review(db))
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
    )


@signed_in
@admins_only
async def change_user(request: web.Request) -> web.Response:
    """Disable or re-enable a user, or set a new password (which ends their sessions)."""
    db, form = request["db"], request["form"]
    number = row_id(request.match_info["user_id"])
    person = db.get(AdminUser, number) if number is not None else None
    if person is None:
        return not_found(request)
    action = form.get("action")
    if action == "disable" and person.id != request["user"].user_id:
        person.disabled = True
        accounts.end_sessions(db, person.id)
    elif action == "enable":
        person.disabled, person.failed_logins, person.locked_until = False, 0, None
    elif action == "password":
        try:
            accounts.set_password(db, person, str(form.get("password", "")))
        except accounts.AccountError as error:
            return render(
                request,
                "message.html",
                status=422,
                title=N_("Password not changed"),
                message=error.args[0],
            )
    return see_other("/admin/users?done=user_changed")


@signed_in
@admins_only
async def invites(request: web.Request) -> web.Response:
    """Telegram invite codes: make one (shown once), revoke unused ones, remove members."""
    db = request["db"]
    code = None
    if request.method == "POST":
        code = new_invite_code(
            db, request.app[ADMIN_SETTINGS], str(request["form"].get("note", ""))
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
    return see_other("/admin/invites?done=invite_revoked")


@signed_in
@admins_only
async def remove_member(request: web.Request) -> web.Response:
    db = request["db"]
    member = db.get(TelegramMember, str(request["form"].get("member", "")))
    if member is not None:
        db.delete(member)
    return see_other("/admin/invites?done=member_removed")
