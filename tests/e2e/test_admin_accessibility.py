"""The admin area for people who zoom, use a keyboard or a screen reader, in real headless
Chromium: pages reflow at 320 px and at 200 % zoom, the focus ring stands out from every
background it is drawn on, a skip link leads past the menu, and axe-core finds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.admin.accounts import create_user
from knowledge.access import new_invite_code
from knowledge.outcomes import record_outcome
from knowledge.referrals import add_referral
from tests.e2e.axe import violations
from tests.e2e.browser import chromium_page
from tests.e2e.web_server import serving

pytestmark = pytest.mark.slow

PASSWORD = "a long enough password"
CONTACT = "/admin/contacts/11"
# every page with a table or chart, each with something in it (see ``admin``)
PAGES = ("/admin/contacts", "/admin/history", "/admin/inbox", "/admin/insights", CONTACT)
ADMIN_PAGES = ("/admin/users", "/admin/invites", "/admin/security")  # an admin's only
ANSWERS = {
    "danger": "no",
    "content_type": "hate_speech",
    "platform": "tiktok",
    "illegal": "unsure",
    "poster": "organised_group",
    "other_agencies": "no",
    "course_of_action": "refer_coordinator",
    "urgency": "this_week",
}


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    """The web app's base URL, with a coordinator, a referral in the inbox, six weeks of
    counts and a change of contact 11 (Beispielstadt's coordinator) in the history."""
    with serving(tmp_path_factory.mktemp("admin-a11y")) as (url, kb):
        with kb.begin() as session:
            create_user(session, "bea", PASSWORD, "coordinator", "DE:beispielstadt")
            create_user(session, "ada", PASSWORD, "admin", None)
            new_invite_code(session, b"a test key of thirty-two bytes!!", "for the youth centre")
            add_referral(
                session,
                jurisdiction_key="DE:beispielstadt",
                categories=ANSWERS,
                note="Seen in the class group chat; screenshots kept by the school",
                day=dt.date.today(),
            )
            for weeks_ago in range(6):
                for course, content, platform in (
                    ("report", "hate_speech", "tiktok"),
                    ("dont_feed", "terrorist_propaganda", "youtube"),
                    ("refer_coordinator", "hate_speech", "instagram"),
                ):
                    for _ in range(6):
                        record_outcome(
                            session,
                            jurisdiction_key="DE:beispielstadt",
                            course_of_action=course,
                            content_type=content,
                            platform=platform,
                            day=dt.date.today() - dt.timedelta(weeks=weeks_ago),
                        )
        with chromium_page(url + "/admin/login") as page:
            sign_in(page)
            page.goto(url + CONTACT)
            page.get_by_label("Phone").fill("+49 30 5550 1234")
            page.get_by_role("button", name="Save changes").click()
            assert "Saved." in page.locator("[role=status]").inner_text()
        yield url


def sign_in(page, name: str = "bea") -> None:
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("main h1").wait_for()


def relative_luminance(rgb) -> float:
    channels = [c / 255 for c in rgb]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second) -> float:
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# The focused element's outline and the background right around it: the first ancestor
# with a background colour (the ring is drawn 2 px outside the element, on its parent).
FOCUS_RING = """() => {
  const rgb = (colour) => colour.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const focused = document.activeElement;
  const style = getComputedStyle(focused);
  let around = focused.parentElement;
  while (around && rgb(getComputedStyle(around).backgroundColor)[3] === 0) {
    around = around.parentElement;
  }
  return {
    name: focused.tagName + " " + (focused.textContent || focused.id || "").trim().slice(0, 30),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    offset: parseFloat(style.outlineOffset),
    outline: rgb(style.outlineColor).slice(0, 3),
    background: rgb(around ? getComputedStyle(around).backgroundColor : "rgb(255, 255, 255)")
      .slice(0, 3),
  };
}"""


@pytest.mark.parametrize(
    "viewport",
    [
        {"width": 320, "height": 640},  # a small phone
        {"width": 640, "height": 512, "device_scale_factor": 2},  # 1280 x 1024 at 200 %
    ],
    ids=["320px", "zoom200"],
)
def test_pages_with_tables_and_charts_reflow_without_sideways_scrolling(admin, viewport):
    with chromium_page(admin + "/admin/login", **viewport) as page:
        sign_in(page, "ada")
        assert_no_sideways_scrolling(page, admin, ADMIN_PAGES)
    with chromium_page(admin + "/admin/login", **viewport) as page:
        sign_in(page)
        assert_no_sideways_scrolling(page, admin, PAGES)
        page.goto(admin + "/admin/history")
        cells = page.evaluate(  # stacked, each value under its column's name
            "() => [...document.querySelector('table.changes tbody tr').cells].slice(0, 2)"
            ".map(td => [getComputedStyle(td).display, getComputedStyle(td, '::before').content])"
        )
        assert [display for display, _ in cells] == ["block", "block"]
        assert all(caption not in ("none", "normal") for _, caption in cells), cells


def assert_no_sideways_scrolling(page, base: str, paths) -> None:
    for path in paths:
        page.goto(base + path)
        assert page.locator("main tbody tr, main figure.chart").count() > 0, path
        overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{path} scrolls sideways: {overflow}"


def test_the_focus_ring_has_3_to_1_contrast_against_every_background(admin):
    with chromium_page(admin + "/admin/login") as page:
        sign_in(page)
        page.goto(admin + CONTACT)
        page.get_by_label("Phone").fill("not a number")
        page.get_by_role("button", name="Save changes").click()  # a problem box to focus in
        targets = [
            page.get_by_role("navigation").get_by_role("link", name="History"),
            page.get_by_role("button", name="Sign out"),
            page.get_by_label("Language"),
            page.locator("[role=alert] a").first,
            page.get_by_label("Phone"),
            page.get_by_role("button", name="Save changes"),
            page.locator("main > p > a").first,
            page.locator("table.changes").get_by_role("button").first,
            page.get_by_role("link", name="Skip to content"),
        ]
        for target in targets:
            target.focus()
            ring = page.evaluate(FOCUS_RING)
            assert ring["style"] != "none" and ring["width"] >= 2, ring
            ratio = contrast(ring["outline"], ring["background"])
            assert ratio >= 3, f"{ring['name']}: focus ring {ratio:.1f}:1 ({ring})"


def test_a_skip_link_is_the_first_stop_and_leads_to_the_main_content(admin):
    with chromium_page(admin + "/admin/login") as page:
        sign_in(page)
        page.goto(admin + "/admin/history")
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => [document.activeElement.textContent.trim(),"
            " document.activeElement.getAttribute('href'),"
            " document.activeElement.getBoundingClientRect().width]"
        )
        assert first[:2] == ["Skip to content", "#main"]
        assert first[2] > 10  # shown while focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.querySelector('main').id") == "main"
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('main')")


def test_axe_finds_no_violations_on_the_admin_pages(admin):
    with chromium_page(admin + "/admin/login", bypass_csp=True) as page:
        assert violations(page) == []
        sign_in(page)
        for path in ("/admin", "/admin/review", "/admin/guidance", "/admin/rules/1", *PAGES):
            page.goto(admin + path)
            assert violations(page) == [], path
        page.goto(admin + CONTACT)
        page.get_by_label("Phone").fill("not a number")
        page.get_by_role("button", name="Save changes").click()
        assert violations(page) == [], "the form with a problem"
        page.set_viewport_size({"width": 320, "height": 640})
        for path in PAGES:
            page.goto(admin + path)
            assert violations(page) == [], f"{path} at 320 px"


def test_an_admins_pages_pass_axe_wide_and_at_320_px(admin):
    with chromium_page(admin + "/admin/login", bypass_csp=True) as page:
        sign_in(page, "ada")
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 800})
            for path in ADMIN_PAGES:
                page.goto(admin + path)
                assert violations(page) == [], f"{path} at {width} px"
