"""The web widget in real headless Chromium against ``signpost run`` (the README's main job)."""

from __future__ import annotations

import pytest

from actions.texts import variant
from language.labels import label
from tests.domain import load_domain
from tests.e2e.browser import bot_says, chromium_page, triage_to_card, type_answer
from tests.e2e.signpost_process import ROOT, SignpostProcess

pytestmark = pytest.mark.slow

SCREENSHOT = ROOT / "docs" / "widget-recommendation.png"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def signpost(tmp_path_factory):
    running = SignpostProcess(tmp_path_factory.mktemp("signpost-run"))
    try:
        running.wait_healthy()
        yield running
    finally:
        code = running.stop()
        assert code == 0, f"signpost run did not stop cleanly on Ctrl-C:\n{running.log_tail()}"


@pytest.fixture
def page(signpost):
    with chromium_page(signpost.url + "/") as page:
        yield page


def test_a_full_triage_by_buttons_and_typing_survives_a_reload(page):
    card = triage_to_card(page, "Beispielstadt")
    assert "report" in (card.get_attribute("data-course") or card.inner_text()).lower()
    contacts = card.get_by_test_id("signpost-contact")
    assert contacts.count() >= 3
    assert card.locator('a[href="tel:+493000000001"]').count() == 1
    assert card.locator('a[href="mailto:pcve-coordinator@beispielstadt.example.org"]').count() == 1
    SCREENSHOT.parent.mkdir(exist_ok=True)
    card.evaluate("card => card.scrollIntoView({block: 'start'})")  # the card, not the question
    page.wait_for_timeout(300)  # let the smooth scroll settle
    page.screenshot(path=str(SCREENSHOT), full_page=False)

    page.reload()
    page.get_by_test_id("signpost-launcher").click()
    page.get_by_test_id("signpost-card").last.wait_for(timeout=30_000)
    log = page.get_by_test_id("signpost-log").inner_text()
    assert "hate speech" in log and "Beispielstadt" in log
    assert page.errors == []


def test_markup_is_shown_as_text_and_never_run(page):
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    type_answer(page, XSS)
    user = page.locator('[data-testid="signpost-message"][data-role="user"]').filter(has_text=XSS)
    user.first.wait_for(timeout=10_000)
    assert page.locator('[data-testid="signpost-log"] img').count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []


def test_keyboard_only_and_a_320_pixel_screen(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "signpost-launcher"
    page.keyboard.press("Enter")
    bot_says(page, "I'm Signpost")
    assert page.evaluate("document.activeElement.dataset.testid") == "signpost-input"
    assert page.get_by_test_id("signpost-log").get_attribute("aria-live") == "polite"
    box = page.get_by_test_id("signpost-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.testid") == "signpost-launcher"
    assert page.get_by_test_id("signpost-launcher").get_attribute("aria-expanded") == "false"


def test_new_conversation_starts_fresh(page):
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    type_answer(page, "what does 1488 mean?")
    bot_says(page, "Context decides")
    page.get_by_test_id("signpost-new").click()
    bot_says(page, "I'm Signpost")
    assert "1488" not in page.get_by_test_id("signpost-log").inner_text()


def test_an_unreachable_assistant_shows_112(page):
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    page.route("**/api/conversations/*/messages", lambda route: route.abort())
    type_answer(page, "hello again")
    alert = page.locator('[data-testid="signpost-message"][data-role="alert"]').last
    alert.wait_for(timeout=10_000)
    assert "112" in alert.inner_text()
    assert alert.locator('a[href="tel:112"]').count() == 1


def test_delete_my_conversation_erases_it_for_good(page):
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    type_answer(page, "what does 1488 mean?")
    bot_says(page, "Context decides")
    # it asks first, in the widget; Escape (or Cancel) keeps the conversation
    page.get_by_test_id("signpost-delete").click()
    confirm = page.get_by_role("alertdialog", name="Delete this conversation?")
    assert confirm.is_visible()
    assert page.evaluate("document.activeElement.dataset.testid") == "signpost-confirm-cancel"
    page.keyboard.press("Escape")
    assert not confirm.is_visible()
    assert page.evaluate("document.activeElement.dataset.testid") == "signpost-delete"
    page.get_by_test_id("signpost-delete").click()
    page.get_by_test_id("signpost-confirm-cancel").click()
    page.wait_for_timeout(500)
    assert "1488" in page.get_by_test_id("signpost-log").inner_text()
    page.get_by_test_id("signpost-delete").click()
    page.get_by_test_id("signpost-confirm-delete").click()
    assert page.dialogs == []  # never the browser's own confirm()
    page.locator('[data-testid="signpost-message"][data-role="alert"]').filter(
        has_text="has been deleted"
    ).wait_for(timeout=10_000)
    bot_says(page, "I'm Signpost")  # a fresh conversation greets
    page.reload()
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    assert "1488" not in page.get_by_test_id("signpost-log").inner_text()


def test_the_privacy_hint_says_why_sensitive_cases_belong_here(page):
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "I'm Signpost")
    hint = page.get_by_test_id("signpost-privacy").inner_text()
    assert "don't type names" in hint
    assert "deleted after 30 days unused" in hint and "Telegram keeps its own copy" in hint


def test_a_message_sent_before_the_conversation_exists_goes_to_it_once(page):
    """Pasted and sent the moment the widget opens: sent once the conversation has
    greeted, to that conversation, and kept in its history."""
    held = []  # the request that makes the conversation, held until the message is sent
    page.route("**/api/conversations", lambda route: held.append(route))
    page.get_by_test_id("signpost-launcher").click()
    type_answer(page, "what does 1488 mean?")
    page.wait_for_timeout(300)
    assert len(held) == 1
    held[0].continue_()
    page.unroute("**/api/conversations")
    bot_says(page, "Context decides")
    said = page.locator('[data-testid="signpost-message"][data-role="user"]')
    assert said.all_inner_texts() == ["what does 1488 mean?"]
    log = page.get_by_test_id("signpost-log").inner_text()
    assert log.index("I'm Signpost") < log.index("what does 1488 mean?")
    assert page.get_by_test_id("signpost-input").input_value() == ""
    page.reload()
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "Context decides")
    assert page.get_by_test_id("signpost-log").inner_text().count("what does 1488 mean?") == 1
    assert page.errors == []


def test_on_a_phone_the_card_starts_with_the_decision_and_the_next_question_stays_in_view(
    page,
):
    page.set_viewport_size({"width": 390, "height": 844})
    card = triage_to_card(page, "Beispielstadt")
    bot_says(page, "anonymous summary")  # the referral question, after the card
    page.wait_for_timeout(800)  # let the smooth scroll settle
    question = page.locator('[data-testid="signpost-message"][data-role="bot"]').last
    box = question.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844, box
    # the decision, the urgency and the first step: well under one screen
    assert card.bounding_box()["height"] <= 500, card.bounding_box()
    visible = card.inner_text()
    assert "Today" in visible and "Do not like, comment on or share" in visible
    assert "Write down the exact URL" not in visible
    # the rest behind a real, keyboard-usable control
    toggle = card.locator("details > summary")
    assert toggle.inner_text() == "Show all steps and contacts"
    toggle.focus()
    page.keyboard.press("Enter")
    assert "Write down the exact URL" in card.inner_text()
    assert card.get_by_test_id("signpost-contact").first.is_visible()


def test_a_card_names_roles_and_places_in_words_and_its_phone_numbers_can_be_tapped(page):
    card = triage_to_card(page, "Beispielstadt")
    card.locator("details > summary").click()
    text = card.inner_text()
    for code in ("reporting_point", "police_liaison", "DE:beispielstadt", "Area: DE\n"):
        assert code not in text
    assert "REspect! reporting point (Meldestelle REspect!) — reporting point" in text
    assert "Area: Germany" in text
    assert "Area: Beispielstadt" in text
    # only contacts that can be reached: ZMI BKA and the EU IRU have no phone, mail or site
    assert "ZMI BKA)" not in "".join(card.get_by_test_id("signpost-contact").all_inner_texts())
    # numbers inside the advice: "call 110 or 112", "(0911 943 43 43, weekdays)"
    summary = card.locator(".signpost-card-summary")
    assert summary.locator('a[href="tel:110"]').count() == 1
    assert summary.locator('a[href="tel:112"]').count() == 1
    assert card.locator('.signpost-steps a[href="tel:09119434343"]').count() == 1
    assert page.dialogs == [] and page.errors == []


def demo_page_with(page, signpost, old: str, new: str) -> None:
    """Open the demo page with ``old`` replaced by ``new`` (another host page's language)."""
    html = (
        (ROOT / "bot" / "channels" / "web" / "static" / "index.html").read_text().replace(old, new)
    )
    page.route(signpost.url + "/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(signpost.url + "/")


def test_the_host_page_s_language_is_the_widget_s(page, signpost):
    demo_page_with(page, signpost, '<html lang="en">', '<html lang="de-AT">')
    launcher = page.get_by_test_id("signpost-launcher")
    assert launcher.inner_text() == "Signpost: Was tun bei extremistischen Inhalten?"
    launcher.click()
    bot_says(page, "Guten Tag, ich bin Signpost")
    assert page.get_by_test_id("signpost-delete").inner_text() == "Gespräch löschen"
    assert "Ich schreibe ab jetzt" not in page.get_by_test_id("signpost-log").inner_text()


def test_data_lang_wins_and_the_menu_switches_for_the_conversation(page, signpost):
    demo_page_with(
        page,
        signpost,
        '<script src="/widget.js" defer>',
        '<script src="/widget.js" data-lang="fr" defer>',
    )
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "Bonjour, je suis Signpost")
    page.get_by_test_id("signpost-language").click()
    page.get_by_test_id("signpost-language-nl").click()
    bot_says(page, "Ik ga verder in het Nederlands")
    assert page.get_by_test_id("signpost-delete").inner_text() == "Gesprek verwijderen"
    assert page.get_by_test_id("signpost-input").get_attribute("placeholder") == "Typ uw antwoord…"
    page.reload()  # the choice is kept with the conversation
    assert page.get_by_test_id("signpost-launcher").inner_text().startswith("Signpost: wat te doen")
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, "Ik ga verder in het Nederlands")
    assert page.errors == []


# A practitioner's own words in German and in French, typed, never a button: the opening,
# then an answer for whichever question the assistant asks.
TYPED = {
    "de": (
        "Ein Schüler hat in unserer Klassengruppe ein Video mit Hakenkreuzen geteilt",
        {
            "danger": "nein, niemand",
            "content_type": "Hakenkreuze, also Nazi-Symbole",
            "platform": "in der WhatsApp-Gruppe der Klasse",
            "illegal": "ja, ich glaube schon",
            "poster": "ein Schüler von mir",
            "jurisdiction": "Köln",
            "other_agencies": "nein",
        },
    ),
    "fr": (
        "Un élève a partagé une vidéo avec des croix gammées dans le groupe de la classe",
        {
            "danger": "non, personne",
            "content_type": "des croix gammées, des symboles nazis",
            "platform": "sur le groupe WhatsApp de la classe",
            "illegal": "oui je pense",
            "poster": "un de mes élèves",
            "jurisdiction": "Lyon",
            "other_agencies": "non",
        },
    ),
}
SHOW_ALL = {
    "de": "Alle Schritte und Kontakte zeigen",
    "fr": "Afficher toutes les étapes et les contacts",
}
# the bot's messages and cards: one more of them means the assistant answered
BOT_OUTPUT = '[data-testid="signpost-message"][data-role="bot"], [data-testid="signpost-card"]'
TURN = f"n => document.querySelectorAll({BOT_OUTPUT!r}).length > n"


def _bot_turns(page) -> int:
    return page.locator(BOT_OUTPUT).count()


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_whole_triage_typed_in_german_and_in_french(page, signpost, language):
    domain = load_domain()
    opening, answers = TYPED[language]
    questions = {s: variant(domain, f"utter_ask_{s}", language)["text"][:24] for s in answers}
    demo_page_with(
        page,
        signpost,
        '<script src="/widget.js" defer>',
        f'<script src="/widget.js" data-lang="{language}" defer>',
    )
    page.get_by_test_id("signpost-launcher").click()
    bot_says(page, variant(domain, "utter_greet", language)["text"][:20])
    asked = []
    said = opening
    for _turn in range(12):
        before = _bot_turns(page)
        type_answer(page, said)
        page.wait_for_function(TURN, arg=before, timeout=30_000)
        page.wait_for_timeout(500)  # the rest of this turn's messages
        if page.get_by_test_id("signpost-card").count():
            break
        last = page.locator('[data-testid="signpost-message"][data-role="bot"]').last.inner_text()
        question = next((s for s, text in questions.items() if text in last), None)
        assert question is not None, f"not a question of the triage: {last!r}"
        asked.append(question)
        said = answers[question]
    card = page.get_by_test_id("signpost-card").last
    assert card.get_attribute("data-course") == "report"
    card.locator("details > summary").click()
    assert card.locator("details > summary").inner_text() == SHOW_ALL[language]
    text = card.inner_text()
    assert label("headings", "what_to_do", language) in text, text
    assert label("headings", "who_acts", language) in text
    assert label("headings", "what_to_do", "en") not in text
    assert len(asked) == len(set(asked)), f"a question came twice: {asked}"
    assert "content_type" not in asked and "poster" not in asked  # the opening said them
    assert page.errors == []


def test_the_notice_is_filled_and_copied_in_the_browser_and_never_reaches_the_server(signpost):
    """After a *report* card: the link, name and e-mail typed into the drafted notice go
    to the clipboard with all four elements of DSA Art. 16(2), and to no request, no
    conversation store and no log."""
    url = "https://www.tiktok.com/@someone/video/7311111111111111111"
    name = "Kim Notifier-Test"
    origin = signpost.url
    with chromium_page(origin + "/", permissions=["clipboard-read", "clipboard-write"]) as page:
        sent = []
        page.on("request", lambda request: sent.append(f"{request.url} {request.post_data}"))
        triage_to_card(page, "Beispielstadt")
        notice = page.get_by_test_id("signpost-notice").last
        notice.wait_for(timeout=30_000)
        notice.get_by_test_id("signpost-notice-url").fill(url)
        notice.get_by_test_id("signpost-notice-name").fill(name)
        notice.get_by_test_id("signpost-notice-copy").click()
        status = notice.get_by_test_id("signpost-notice-status")
        status.filter(has_text=label("notice", "copied")).wait_for(timeout=5_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        type_answer(page, "thanks")  # one more turn: anything typed would go with it
        bot_says(page, "")
        assert page.errors == []
    for element in ("heading", "location", "reasons", "good_faith", "email_placeholder"):
        assert label("notice", element) in copied
    assert f"{label('notice', 'location')}: {url}" in copied
    assert f"{label('notice', 'name')}: {name}" in copied
    assert "§ 130 StGB" in copied  # hate speech in Germany
    assert sent and not [request for request in sent if url in request or name in request]
    stored = b"".join(f.read_bytes() for f in signpost.data_dir.glob("conversations.db*"))
    assert label("notice", "heading").encode() in stored  # the notice itself was stored
    assert url.encode() not in stored and name.encode() not in stored
    log = signpost.log_tail(100_000)
    assert url not in log and name not in log
