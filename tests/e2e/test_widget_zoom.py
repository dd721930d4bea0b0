"""The widget at 400 % zoom in real headless Chromium: a 1280 x 1024 window shows 320 x 256
CSS px, too little for the header, the conversation and the answer box at once; the header
(title, 112 hint, controls) must stay reachable, never cut off above the panel's top."""

from __future__ import annotations

import pytest

from tests.e2e.browser import chromium_page
from tests.e2e.web_server import serving

pytestmark = pytest.mark.slow

ZOOM_400 = {"width": 320, "height": 256, "device_scale_factor": 4}
BOXES = """() => Object.fromEntries(
  [".signpost-title", ".signpost-emergency-hint", ".signpost-controls", ".signpost-panel"]
    .map((selector) => {
      const box = document.querySelector(selector).getBoundingClientRect();
      return [selector, [box.top, box.bottom]];
    }))"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo page with the widget (no assistant behind it: only the layout is tested)."""
    with serving(tmp_path_factory.mktemp("widget-zoom")) as (url, _kb):
        yield url


def test_at_400_percent_zoom_the_widgets_header_and_answer_box_are_both_reachable(site):
    with chromium_page(site + "/", **ZOOM_400) as page:
        page.get_by_test_id("signpost-launcher").click()
        answer = page.get_by_test_id("signpost-input")
        answer.wait_for()
        answer.focus()  # the answer box is in view, so the header is above it
        panel = page.locator(".signpost-panel")
        box = panel.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(10):
            page.mouse.wheel(0, -200)
        page.wait_for_timeout(300)
        boxes = page.evaluate(BOXES)
        height = page.evaluate("window.innerHeight")
        for selector in (".signpost-title", ".signpost-emergency-hint", ".signpost-controls"):
            top, bottom = boxes[selector]
            assert 0 <= top and bottom <= height, f"{selector} is off screen: {boxes}"
        assert page.get_by_role("button", name="Close").is_visible()
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
        for _ in range(10):  # and back down: the answer box is not cut off either
            page.mouse.wheel(0, 200)
        page.wait_for_timeout(300)
        box = answer.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= height
