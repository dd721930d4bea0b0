"""A coordinator keeps the knowledge base current in real headless Chromium, against
``signpost run``, and the widget's very next answer shows the change."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import urllib.request

import pytest

from knowledge.db import make_engine, make_sessionmaker
from knowledge.outcomes import record_outcome
from tests.e2e.browser import chromium_page, triage_to_card
from tests.e2e.signpost_process import ROOT, SignpostProcess

pytestmark = pytest.mark.slow

PASSWORD = "a long enough password"
DEMO_COUNTS = [
    ("report", "hate_speech", "tiktok", 5),
    ("dont_feed", "terrorist_propaganda", "youtube", 6),
    ("refer_coordinator", "hate_speech", "instagram", 5),
    ("engage", "conspiracy_disinformation", "messenger", 7),
    ("report", "extremist_symbols", "telegram", 1),
]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def signpost(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("signpost-admin")
    subprocess.run(  # before the run starts, so the two do not both set up the database
        [
            sys.executable,
            "-m",
            "bot.cli",
            "admin",
            "create-user",
            "bea",
            "--role",
            "coordinator",
            "--municipality",
            "DE:beispielstadt",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        text=True,
        env={**os.environ, "SIGNPOST_DATA_DIR": str(data_dir)},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    seed_counts(str(data_dir))
    running = SignpostProcess(data_dir)
    try:
        running.wait_healthy()
        yield running
    finally:
        code = running.stop()
        assert code == 0, f"signpost run did not stop cleanly on Ctrl-C:\n{running.log_tail()}"


def seed_counts(data_dir: str) -> None:
    """Made-up weekly counts for Beispielstadt, so the insights page has something to draw;
    this week's 'report, hate speech, TikTok' starts at 5."""
    engine = make_engine(f"sqlite:///{data_dir}/knowledge.db")
    today = dt.date.today()
    with make_sessionmaker(engine).begin() as session:
        for weeks_ago in range(6):
            for course, content, platform, times in DEMO_COUNTS:
                for _ in range(times + (weeks_ago * 3) % 4):
                    record_outcome(
                        session,
                        jurisdiction_key="DE:beispielstadt",
                        course_of_action=course,
                        content_type=content,
                        platform=platform,
                        day=today - dt.timedelta(weeks=weeks_ago),
                    )
    engine.dispose()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinators_new_phone_number_is_in_the_widgets_next_answer(signpost):
    with chromium_page(signpost.url + "/admin") as page:
        assert "/admin/login" in page.url
        sign_in(page, "bea", "not the password")
        assert "Wrong user name or password." in page.locator("[role=alert]").inner_text()
        sign_in(page, "bea")
        page.get_by_role("link", name="Contacts").first.click()
        page.get_by_label("Search").fill("coordinator, Beispielstadt")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name="P/CVE coordinator, Beispielstadt (example)").click()
        phone = page.get_by_label("Phone")
        assert phone.input_value() == "+49 30 0000 0001"
        phone.fill("not a number")
        page.get_by_role("button", name="Save changes").click()
        assert "is not a phone number" in page.locator("[role=alert]").inner_text()
        page.get_by_label("Phone").fill("+49 30 5550 1234")
        page.get_by_role("button", name="Save changes").click()
        assert "Saved." in page.locator("[role=status]").inner_text()
        assert page.get_by_label("Phone").input_value() == "+49 30 5550 1234"
        DOCS.mkdir(exist_ok=True)
        page.screenshot(path=str(DOCS / "admin-contact.png"), full_page=True)
        page.goto(signpost.url + "/admin/history")
        assert "+49 30 5550 1234" in page.locator("table.changes").inner_text()
        page.screenshot(path=str(DOCS / "admin-history.png"), full_page=False)
        assert page.errors == []

    with chromium_page(signpost.url + "/") as page:
        card = triage_to_card(page, "Beispielstadt")
        assert card.locator('a[href="tel:+493055501234"]').count() == 1
        assert card.locator('a[href="tel:+493000000001"]').count() == 0

    with chromium_page(signpost.url + "/admin/insights") as page:
        sign_in(page, "bea")
        page.locator("figure.chart").first.wait_for()
        assert page.locator("figure.chart").count() == 4
        page.screenshot(path=str(DOCS / "admin-insights.png"), full_page=True)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    request = urllib.request.Request(
        signpost.url + "/admin/insights.csv",
        headers={"Cookie": f"signpost_admin={cookies['signpost_admin']}"},
    )
    with urllib.request.urlopen(request) as response:
        rows = list(csv.DictReader(io.StringIO(response.read().decode())))
    this_week = (dt.date.today() - dt.timedelta(days=dt.date.today().weekday())).isoformat()
    widget_row = [
        r
        for r in rows
        if (r["week"], r["platform"], r["content type"])
        == (this_week, "TikTok", "Hate speech or incitement")
    ]
    assert [r["count"] for r in widget_row] == ["6"]  # the 5 made up, plus the widget's
    assert "<5" in [r["count"] for r in rows]  # symbols, 1 to 4 a week, are hidden
