"""URL map of the admin area (``/admin``), added to the web application."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.admin import pages_account, pages_entries, pages_insights, pages_security
from bot.admin.web import ADMIN_DB, ADMIN_SETTINGS, admin_cookies
from bot.config.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"


def setup_admin(app: web.Application, settings: Settings, db: sessionmaker) -> None:
    """Serve the admin pages from ``app`` on the knowledge base that ``db`` opens."""
    app[ADMIN_SETTINGS] = settings
    app[ADMIN_DB] = db
    app.middlewares.append(admin_cookies)
    add = app.router
    add.add_get("/admin/admin.css", _static("admin.css"))
    add.add_get("/admin/login", pages_account.login_page)
    add.add_post("/admin/login", pages_account.login)
    add.add_get("/admin/login/code", pages_account.login_code_page)
    add.add_post("/admin/login/code", pages_account.login_code)
    add.add_get("/admin/account", pages_security.account)
    add.add_post("/admin/account/password", pages_security.change_password)
    add.add_post("/admin/account/totp", pages_security.two_factor)
    add.add_get("/admin/security", pages_security.security_events)
    add.add_post("/admin/logout", pages_account.logout)
    add.add_post("/admin/language", pages_account.choose_language)
    add.add_get("/admin", pages_account.home)
    add.add_get("/admin/users", pages_account.users)
    add.add_post("/admin/users", pages_account.users)
    add.add_post("/admin/users/{user_id:\\d+}", pages_account.change_user)
    add.add_get("/admin/invites", pages_account.invites)
    add.add_post("/admin/invites", pages_account.invites)
    add.add_post("/admin/invites/{invite_id:\\d+}/revoke", pages_account.revoke_invite)
    add.add_post("/admin/members/remove", pages_account.remove_member)
    add.add_get("/admin/insights", pages_insights.insights)
    add.add_get("/admin/insights.csv", pages_insights.insights_download)
    add.add_get("/admin/inbox", pages_insights.inbox)
    add.add_post("/admin/inbox/{referral_id:\\d+}", pages_insights.referral_status)
    add.add_get("/admin/review", pages_entries.review)
    add.add_get("/admin/history", pages_entries.history)
    add.add_post("/admin/history/{change_id:\\d+}/revert", pages_entries.revert)
    add.add_get("/admin/{kind}", pages_entries.listing)
    add.add_get("/admin/{kind}/new", pages_entries.new_entry)
    add.add_post("/admin/{kind}/new", pages_entries.new_entry)
    add.add_get("/admin/{kind}/{key}", pages_entries.entry_page)
    add.add_post("/admin/{kind}/{key}", pages_entries.entry_page)
    add.add_post("/admin/{kind}/{key}/{action}", pages_entries.entry_action)
    add.add_post("/admin/{kind}/{key}/translations/{language}", pages_entries.save_translation)


def _static(name: str):
    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / name)

    return handler
