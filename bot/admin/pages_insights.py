"""The coordinators' views of what the assistant is used for: anonymous counts (insights)
and the anonymous referrals practitioners chose to send (inbox)."""

from __future__ import annotations

from aiohttp import web

from bot.admin.charts import bar_chart
from bot.admin.choices import page_words
from bot.admin.entries import place_keys
from bot.admin.ids import row_id
from bot.admin.kinds import ANSWER_NAMES
from bot.admin.web import (
    ADMIN_SETTINGS,
    client_address,
    forbidden,
    not_found,
    render,
    see_other,
    signed_in,
    translated,
)
from knowledge import security_log
from knowledge.insights import insight_table, insights_csv
from knowledge.messages import N_
from knowledge.models import Referral
from knowledge.referrals import STATUSES, holds_for, referrals_for, set_status

CHARTS = (
    ("course", N_("Recommendations by course of action")),
    ("content_type", N_("By kind of content")),
    ("platform", N_("By platform")),
    ("week", N_("By week (Monday of each week)")),
)


def _scope(request: web.Request):
    """The places whose data the user sees: a coordinator's own municipality; for an
    admin every place, or the one chosen with ``?place=``."""
    user = request["user"]
    if not user.is_admin:
        return [user.jurisdiction_key]
    place = request.query.get("place", "")
    return [place] if place in place_keys(request["db"]) else None


def _table(request: web.Request):
    """The places the user sees and their counts, small ones hidden."""
    scope = _scope(request)
    min_count = request.app[ADMIN_SETTINGS].insights_min_count
    return scope, insight_table(request["db"], scope, min_count=min_count)


@signed_in
async def insights(request: web.Request) -> web.Response:
    scope, table = _table(request)
    courses = list(table.labels["course_of_action"].values())
    charts = [
        bar_chart(
            translated(request, title),
            table.series(by),
            min_count=table.min_count,
            segments=courses,
        )
        for by, title in CHARTS
    ]
    return render(
        request,
        "insights.html",
        table=table,
        charts=charts,
        scope=scope,
        places=place_keys(request["db"]) if request["user"].is_admin else [],
    )


@signed_in
async def insights_download(request: web.Request) -> web.Response:
    scope, table = _table(request)
    name = f"signpost-insights-{(scope or ['all'])[0].replace(':', '-').lower()}.csv"
    return web.Response(
        text=insights_csv(table),
        content_type="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


def _inbox_places(user):
    """Whose referrals the user sees: a coordinator their municipality's, an admin all."""
    return None if user.is_admin else [user.jurisdiction_key]


@signed_in
async def inbox(request: web.Request) -> web.Response:
    db = request["db"]
    places = _inbox_places(request["user"])
    referrals = referrals_for(db, places)
    return render(
        request,
        "inbox.html",
        referrals=referrals,
        holds=holds_for(db, places),
        statuses=STATUSES,
        answer_names=ANSWER_NAMES,
        words=page_words(request),
    )


@signed_in
async def referral_status(request: web.Request) -> web.Response:
    db, user = request["db"], request["user"]
    status = str(request["form"].get("status", ""))
    if status not in STATUSES:
        return not_found(request)
    number = row_id(request.match_info["referral_id"])
    referral = db.get(Referral, number) if number is not None else None
    if referral is None:
        return not_found(request)
    places = _inbox_places(user)
    if places is not None and referral.jurisdiction_key not in places:
        return forbidden(request, N_("This referral is for another municipality."))
    set_status(db, referral.id, status)
    security_log.record(
        db,
        "referral_status",
        actor=user.username,
        subject=f"#{referral.id}",
        client=client_address(request),
        detail=status,
    )
    return see_other("/admin/inbox?done=status")
