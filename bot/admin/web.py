"""Plumbing shared by the admin pages: the database, sign-in guard, CSRF check, templates.

Pages are server-rendered HTML with no JavaScript, so they work under the site's strict
Content-Security-Policy and in any browser a municipality runs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from typing import Any, Awaitable, Callable
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.admin import accounts, i18n
from bot.admin.kinds import KINDS
from bot.config.settings import Settings
from knowledge.messages import N_, translate

ADMIN_DB = web.AppKey("admin_db", sessionmaker)
ADMIN_SETTINGS = web.AppKey("admin_settings", Settings)
# Pages set and read the admin cookies by these names; over HTTPS ``admin_cookies`` turns
# them into ``__Host-`` cookies on the way out and reads only those on the way in.
SESSION_COOKIE = "signpost_admin"
LOGIN_CSRF_COOKIE = "signpost_login_csrf"
ADMIN_COOKIES = (SESSION_COOKIE, LOGIN_CSRF_COOKIE)
HOST_PREFIX = "__Host-"
# fixed messages a redirect may ask a page to show; no text is taken from the URL
NOTICES = {
    "saved": N_("Saved. The assistant uses it from its next answer."),
    "created": N_("Added. The assistant uses it from its next answer."),
    "retired": N_("Retired. The assistant no longer uses it."),
    "restored": N_("Restored. The assistant uses it again."),
    "reviewed": N_("Marked as reviewed today."),
    "reverted": N_("Change reverted."),
    "signed_out": N_("You are signed out."),
    "user_created": N_("User added."),
    "user_changed": N_("User changed."),
    "invite_revoked": N_("Invite revoked."),
    "member_removed": N_("Member removed; they need a new invite to use the bot again."),
    "status": N_("Status changed."),
    "language": N_("Language changed."),
    "password_changed": N_("Your password is changed. Your other sessions are signed out."),
    "totp_on": N_("Two-factor sign-in is on. From now on, signing in asks for a code."),
    "totp_off": N_("Two-factor sign-in is off."),
}
# codes the pages show as words (roles, referral statuses): the English word is the code
SHOWN_CODES = (
    N_("admin"),
    N_("coordinator"),
    N_("new"),
    N_("read"),
    N_("closed"),
)
# context values a handler passes in English (or as a Message); shown in the page's language
TRANSLATED = ("title", "message", "problem")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page_language(request: web.Request) -> str:
    """The signed-in user's language, else the browser's, else English."""
    user = request.get("user")
    return i18n.chosen(user.language if user else None, request.headers.get("Accept-Language"))


def translated(request: web.Request, text: str) -> str:
    """``text`` (English, marked, or a Message) in the page's language."""
    return translate(text, i18n.gettext(page_language(request)))


def render(request: web.Request, template: str, *, status: int = 200, **context: Any):
    """An HTML page in the reader's language; every value is escaped by the template engine."""
    user = request.get("user")
    language = page_language(request)
    gettext = i18n.gettext(language)
    for name in TRANSLATED:
        if isinstance(context.get(name), str):
            context[name] = translate(context[name], gettext)
    if isinstance(context.get("problems"), dict):
        context["problems"] = {k: translate(v, gettext) for k, v in context["problems"].items()}
    html = (
        i18n.environment(language)
        .get_template(template)
        .render(
            user=user,
            csrf_token=user.csrf_token if user else "",
            kinds=KINDS,
            notice=translate(NOTICES.get(request.query.get("done", "")), gettext),
            language=language,
            language_names=i18n.language_names(),
            here=request.path_qs,
            **context,
        )
    )
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store", "Content-Language": language},
    )


@web.middleware
async def admin_cookies(request: web.Request, handler):
    """Over HTTPS the admin cookies carry the ``__Host-`` prefix, with which a browser keeps
    a cookie only if it is Secure, for this host alone and the whole site (Path=/, no
    Domain), so no other subdomain and no plain-HTTP page can set or replace it. A cookie
    under the plain name is then ignored; over plain HTTP (on loopback, say) the plain names
    are used, scoped to /admin."""
    if not request.secure or not request.path.startswith("/admin"):
        return await handler(request)
    cookies = request.cookies
    if any(name in cookies or HOST_PREFIX + name in cookies for name in ADMIN_COOKIES):
        seen = {k: v for k, v in cookies.items() if k not in ADMIN_COOKIES}
        for name in ADMIN_COOKIES:
            if HOST_PREFIX + name in seen:
                seen[name] = seen.pop(HOST_PREFIX + name)
        headers = request.headers.copy()
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in seen.items())
        request = request.clone(headers=headers)
    response = await handler(request)
    for name in ADMIN_COOKIES:
        if name in response.cookies:
            morsel = response.cookies.pop(name)
            response.cookies[HOST_PREFIX + name] = morsel.value
            prefixed = response.cookies[HOST_PREFIX + name]
            prefixed.update(morsel)
            prefixed.update({"path": "/", "secure": True, "domain": ""})
    return response


def client_address(request: web.Request) -> str:
    """The address the request came from, for the sign-in throttle and the security log."""
    return request.remote or ""


def see_other(location: str) -> web.Response:
    """The redirect after a successful form, so a reload does not post it again."""
    return web.Response(status=303, headers={"Location": location})


def signed_in(handler: Handler) -> Handler:
    """Run ``handler`` for a signed-in user inside one database transaction, in a worker
    thread: the admin pages' SQLAlchemy calls are synchronous, and on the event loop they
    would hold up every widget and Telegram conversation while a page loads.

    Sets ``request["user"]``, ``request["db"]`` and, for POST, ``request["form"]`` after
    checking the form's CSRF token. The transaction commits only if the handler returns.
    The body is read first, on the event loop (where aiohttp reads it).
    """

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        form = await posted_form(request) if request.method == "POST" else None
        return await asyncio.to_thread(_signed_in_worker, handler, request, form)

    return guarded


def _signed_in_worker(handler: Handler, request: web.Request, form) -> web.StreamResponse:
    """The body of ``signed_in`` in a worker thread, the handler on its own event loop (it
    awaits nothing of the server's loop: its form is already read)."""
    idle = dt.timedelta(minutes=request.app[ADMIN_SETTINGS].admin_idle_minutes)
    with request.app[ADMIN_DB]() as db:
        user = accounts.signed_in(db, request.cookies.get(SESSION_COOKIE), idle)
        if user is None:
            return see_other(f"/admin/login?next={quote(request.path_qs)}")
        db.commit()  # the session's last-seen time (if due) counts, whatever the page says
        request["user"], request["db"] = user, db
        if form is not None:
            if not accounts.same_token(user.csrf_token, form.get("csrf_token")):
                return render(
                    request,
                    "message.html",
                    status=403,
                    title=N_("Form expired"),
                    message=N_(
                        "This form has expired or did not come from this "
                        "site. Go back, reload the page and try again."
                    ),
                )
            request["form"] = form
        response = asyncio.run(handler(request))
        if response.status < 400:
            db.commit()
        return response


def admins_only(handler: Handler) -> Handler:
    """Pages for the ``admin`` role only (users, invites)."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        if not request["user"].is_admin:
            return forbidden(request, N_("Only an administrator can do this."))
        return await handler(request)

    return checked


def forbidden(request: web.Request, message: str) -> web.Response:
    return render(request, "message.html", status=403, title=N_("Not allowed"), message=message)


def not_found(request: web.Request) -> web.Response:
    return render(
        request,
        "message.html",
        status=404,
        title=N_("Not found"),
        message=N_("There is no such page or entry."),
    )


def safe_next(target: str) -> str:
    """Where to go after signing in: only a page of the admin area, never another site,
    and nothing that could break the Location header (CR, LF, other control characters)."""
    if (
        target.startswith("/admin")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return "/admin"


async def posted_form(request: web.Request):
    """The submitted form; a body that is not UTF-8 is a clear 400, not a 500."""
    try:
        return await request.post()
    except (UnicodeDecodeError, ValueError):
        raise web.HTTPBadRequest(reason="The form could not be read") from None
