"""Headless Debian Chromium driven by Playwright, and the moves a practitioner makes in
the widget; shared by the browser tests."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextmanager
def chromium_page(url: str, width: int = 1280, height: int = 900, **context) -> Iterator:
    """A fresh browser page at ``url`` that records dialogs and script errors; ``context``
    goes to Playwright's ``new_context`` (``device_scale_factor`` emulates zoom)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test.sh installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        browsing = browser.new_context(viewport={"width": width, "height": height}, **context)
        page = browsing.new_page()
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(url)
        try:
            yield page
        finally:
            browsing.close()
            browser.close()


def bot_says(page, text: str) -> None:
    page.locator('[data-testid="signpost-message"][data-role="bot"]').filter(
        has_text=text
    ).last.wait_for(timeout=30_000)


def tap(page, title: str) -> None:
    page.locator('[data-testid="signpost-log"] button').filter(has_text=title).last.click()


def type_answer(page, text: str) -> None:
    page.get_by_test_id("signpost-input").fill(text)
    page.keyboard.press("Enter")


def triage_to_card(page, place: str):
    """Answer the whole triage (possibly illegal hate speech on TikTok by a pupil) for
    ``place``; the recommendation card."""
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    tap(page, "I saw something worrying")
    bot_says(page, "immediate risk")
    tap(page, "No")
    bot_says(page, "What kind of content")
    type_answer(page, "hate speech")
    bot_says(page, "Where did you see it")
    tap(page, "TikTok")
    bot_says(page, "illegal")
    tap(page, "Yes, probably illegal")
    bot_says(page, "Who posted it")
    type_answer(page, "a pupil")
    bot_says(page, "Which town or city")
    type_answer(page, place)
    card = page.get_by_test_id("signpost-card").last
    card.wait_for(timeout=30_000)
    return card
