"""The insights page, its CSV and the referrals inbox: counts only, small counts hidden,
and each coordinator sees their own municipality."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from sqlalchemy import select

from knowledge.models import Referral
from knowledge.outcomes import record_outcome
from knowledge.referrals import add_referral, delete_received_before, hold_back
from tests.bot.admin.conftest import BEISPIELSTADT, VILLEXEMPLE


def count(session, place: str, course: str, times: int, content: str = "hate_speech") -> None:
    for _ in range(times):
        record_outcome(
            session,
            jurisdiction_key=place,
            course_of_action=course,
            content_type=content,
            platform="tiktok",
            day=dt.date.today(),
        )


def csv_rows(text: str):
    return list(csv.DictReader(io.StringIO(text)))


async def test_a_coordinator_sees_their_counts_and_small_ones_hidden(browser, admin_kb):
    with admin_kb.begin() as session:
        count(session, BEISPIELSTADT, "report", 7)
        count(session, BEISPIELSTADT, "engage", 2)
        count(session, VILLEXEMPLE, "dont_feed", 9)
    await browser.sign_in("bea")
    page = await (await browser.client.get("/admin/insights")).text()
    assert "<svg" in page and "<script" not in page
    download = await browser.client.get("/admin/insights.csv")
    assert download.headers["Content-Type"].startswith("text/csv")
    rows = csv_rows(await download.text())
    counts = sorted(row["count"] for row in rows)
    assert counts == ["7", "<5"]  # engage (2) is hidden; Villexemple's 9 are not there
    assert {row["platform"] for row in rows} == {"TikTok"}


async def test_an_admin_sees_every_place_or_one(browser, admin_kb):
    with admin_kb.begin() as session:
        count(session, BEISPIELSTADT, "report", 6)
        count(session, VILLEXEMPLE, "dont_feed", 9)
    await browser.sign_in("ada")
    every = csv_rows(await (await browser.client.get("/admin/insights.csv")).text())
    assert sorted(row["count"] for row in every) == ["6", "9"]
    one = await browser.client.get("/admin/insights.csv", params={"place": VILLEXEMPLE})
    assert [row["count"] for row in csv_rows(await one.text())] == ["9"]


async def test_a_coordinator_cannot_ask_for_another_place(browser, admin_kb):
    with admin_kb.begin() as session:
        count(session, VILLEXEMPLE, "dont_feed", 9)
    await browser.sign_in("bea")
    other = await browser.client.get("/admin/insights.csv", params={"place": VILLEXEMPLE})
    assert csv_rows(await other.text()) == []


def refer(session, place: str, note: str) -> int:
    categories = {
        "danger": "no",
        "content_type": "hate_speech",
        "platform": "tiktok",
        "course_of_action": "refer_coordinator",
    }
    return add_referral(
        session, jurisdiction_key=place, categories=categories, note=note, day=dt.date.today()
    ).id


async def test_the_inbox_holds_the_coordinators_own_referrals(browser, admin_kb):
    with admin_kb.begin() as session:
        own = refer(session, BEISPIELSTADT, "<b>worried</b> about a pupil")
        other = refer(session, VILLEXEMPLE, "pour Villexemple")
    await browser.sign_in("bea")
    page = await (await browser.client.get("/admin/inbox")).text()
    assert "&lt;b&gt;worried&lt;/b&gt;" in page and "Villexemple" not in page
    assert "Hate speech" in page
    response = await browser.submit(
        f"/admin/inbox/{own}", {"status": "closed"}, form_page="/admin/inbox"
    )
    assert response.status == 303
    refused = await browser.submit(
        f"/admin/inbox/{other}", {"status": "closed"}, form_page="/admin/inbox"
    )
    assert refused.status == 403
    with admin_kb() as session:
        statuses = dict(session.execute(select(Referral.id, Referral.status)).all())
        assert statuses == {own: "closed", other: "new"}


async def test_coordinators_see_how_many_referrals_their_inbox_held_back(browser, admin_kb):
    """A flood beyond REFERRALS_PER_MUNICIPALITY_PER_HOUR is not filed but counted, and
    its coordinators are told when and how many (review finding 1)."""
    with admin_kb.begin() as session:
        for _ in range(3):
            hold_back(session, BEISPIELSTADT, dt.datetime(2026, 12, 4, 14, 37, 5))
        hold_back(session, VILLEXEMPLE, dt.datetime(2026, 12, 4, 9, 2))
    await browser.sign_in("bea")
    page = await (await browser.client.get("/admin/inbox")).text()
    assert "Referrals held back" in page
    [line] = re.findall(r"<li>2026-12-04, 14:00 to 15:00, [^<]*</li>", page)
    assert "Beispielstadt" in line and line.endswith(": 3 held back</li>")
    assert "09:00 to 10:00" not in page  # Villexemple's
    await browser.sign_in("ada")
    page = await (await browser.client.get("/admin/inbox")).text()
    assert "09:00 to 10:00" in page and "14:00 to 15:00" in page
    with admin_kb.begin() as session:  # retention takes the notices with the referrals
        delete_received_before(session, dt.date(2026, 12, 5))
    assert "Referrals held back" not in await (await browser.client.get("/admin/inbox")).text()
