"""A coordinator keeps the knowledge base current in real headless Chromium, against
``signpost run``, and the widget's very next answer shows the change."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.e2e.browser import chromium_page, triage_to_card
from tests.e2e.signpost_process import ROOT, SignpostProcess

pytestmark = pytest.mark.slow

PASSWORD = "a long enough password"
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def signpost(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("signpost-admin")
    running = SignpostProcess(data_dir)
    subprocess.run(
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
        env=running.env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    try:
        running.wait_healthy()
        yield running
    finally:
        assert running.stop() == 0, "signpost run did not stop cleanly on Ctrl-C"


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
