"""Plumbing shared by the admin pages: the database, sign-in guard, CSRF check, templates.

Pages are server-rendered HTML with no JavaScript, so they work under the site's strict
Content-Security-Policy and in any browser a municipality runs.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import quote

import jinja2
from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.admin import accounts
from bot.admin.kinds import KINDS
from bot.settings import Settings

ADMIN_DB = web.AppKey("admin_db", sessionmaker)
ADMIN_SETTINGS = web.AppKey("admin_settings", Settings)
SESSION_COOKIE = "signpost_admin"
LOGIN_CSRF_COOKIE = "signpost_login_csrf"
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# fixed messages a redirect may ask a page to show; no text is taken from the URL
NOTICES = {
    "saved": "Saved. The assistant uses it from its next answer.",
    "created": "Added. The assistant uses it from its next answer.",
    "retired": "Retired. The assistant no longer uses it.",
    "restored": "Restored. The assistant uses it again.",
    "reviewed": "Marked as reviewed today.",
    "reverted": "Change reverted.",
    "signed_out": "You are signed out.",
    "user_created": "User added.",
    "user_changed": "User changed.",
    "invite_revoked": "Invite revoked.",
    "member_removed": "Member removed; they need a new invite to use the bot again.",
    "status": "Status changed.",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def render(request: web.Request, template: str, *, status: int = 200, **context: Any):
    """An HTML page; every value is escaped by the template engine."""
    user = request.get("user")
    html = TEMPLATES.get_template(template).render(
        user=user,
        csrf_token=user.csrf_token if user else "",
        kinds=KINDS,
        notice=NOTICES.get(request.query.get("done", "")),
        **context,
    )
    return web.Response(
        text=html,
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store"},
    )


def see_other(location: str) -> web.Response:
    """The redirect after a successful form, so a reload does not post it again."""
    return web.Response(status=303, headers={"Location": location})


def signed_in(handler: Handler) -> Handler:
    """Run ``handler`` for a signed-in user inside one database transaction.

    Sets ``request["user"]``, ``request["db"]`` and, for POST, ``request["form"]`` after
    checking the form's CSRF token. The transaction commits only if the handler returns.
    """

    @functools.wraps(handler)
    async def guarded(request: web.Request) -> web.StreamResponse:
        with request.app[ADMIN_DB]() as db:
            user = accounts.signed_in(db, request.cookies.get(SESSION_COOKIE))
            if user is None:
                return see_other(f"/admin/login?next={quote(request.path_qs)}")
            request["user"], request["db"] = user, db
            if request.method == "POST":
                form = await request.post()
                if not accounts.same_token(user.csrf_token, form.get("csrf_token")):
                    return render(
                        request,
                        "message.html",
                        status=403,
                        title="Form expired",
                        message="This form has expired or did not come from this "
                        "site. Go back, reload the page and try again.",
                    )
                request["form"] = form
            response = await handler(request)
            if response.status < 400:
                db.commit()
            return response

    return guarded


def admins_only(handler: Handler) -> Handler:
    """Pages for the ``admin`` role only (users, invites)."""

    @functools.wraps(handler)
    async def checked(request: web.Request) -> web.StreamResponse:
        if not request["user"].is_admin:
            return forbidden(request, "Only an administrator can do this.")
        return await handler(request)

    return checked


def forbidden(request: web.Request, message: str) -> web.Response:
    return render(request, "message.html", status=403, title="Not allowed", message=message)


def not_found(request: web.Request) -> web.Response:
    return render(
        request,
        "message.html",
        status=404,
        title="Not found",
        message="There is no such page or entry.",
    )


def safe_next(target: str) -> str:
    """Where to go after signing in: only a page of the admin area, never another site."""
    if target.startswith("/admin") and not target.startswith("//") and "\\" not in target:
        return target
    return "/admin"
