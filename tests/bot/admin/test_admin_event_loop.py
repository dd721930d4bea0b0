"""Review finding 19: an admin page's database work runs off the event loop that also
serves the widget and Telegram, so a slow page holds up no practitioner."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.admin import pages_account

SLOW = 1.5  # seconds the start page's database work takes here


@pytest.fixture
def slow_start_page(monkeypatch):
    counted = pages_account.count_due_for_review

    def slowly(session):
        time.sleep(SLOW)  # a slow query: blocks whichever thread runs it
        return counted(session)

    monkeypatch.setattr(pages_account, "count_due_for_review", slowly)


async def test_a_slow_admin_page_does_not_hold_up_other_requests(browser, slow_start_page):
    assert (await browser.sign_in("ada")).status == 303
    page = asyncio.create_task(browser.client.get("/admin"))
    await asyncio.sleep(0.2)  # the page is now in its slow query
    started = time.monotonic()
    widget = await browser.client.get("/widget.js")
    waited = time.monotonic() - started
    assert widget.status == 200
    assert waited < SLOW / 2, f"the widget waited {waited:.2f} s for an admin page"
    assert (await page).status == 200
