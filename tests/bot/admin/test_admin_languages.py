"""The admin area in each user's language: the catalogues are complete and match the
source texts, a user's choice is kept, the sign-in page follows the browser, and messages
made in code (a form's problems) are shown translated with their values."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog

from bot.admin import i18n
from knowledge.models import LANGUAGES

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"<[^>]+>")
OTHERS = [language for language in LANGUAGES if language != i18n.SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def source() -> Catalog:
    return i18n.extract()


@pytest.mark.parametrize("language", OTHERS)
def test_every_marked_text_is_translated_with_its_placeholders_and_tags(source, language):
    catalogue = i18n.read_catalogue(language)
    missing, broken = [], []
    for message in source:
        if not message.id:
            continue
        translated = catalogue.get(message.id)
        if translated is None or not translated.string or translated.fuzzy:
            missing.append(message.id)
            continue
        for pattern in (PLACEHOLDER, TAG):
            if sorted(pattern.findall(message.id)) != sorted(pattern.findall(translated.string)):
                broken.append(message.id)
    assert not missing, f"{language}: untranslated (run python -m bot.admin.i18n): {missing}"
    assert not broken, f"{language}: placeholders or tags differ: {broken}"


def test_the_template_catalogue_is_up_to_date(source):
    """admin.pot is what translators start from: it holds exactly the marked texts."""
    with (i18n.LOCALE_DIR / "admin.pot").open("rb") as pot:
        from babel.messages.pofile import read_po

        written = {m.id for m in read_po(pot) if m.id}
    assert written == {m.id for m in source if m.id}


def test_the_language_follows_the_user_then_the_browser():
    assert i18n.chosen("nl", "de-AT,de;q=0.9") == "nl"
    assert i18n.chosen(None, "de-AT,de;q=0.9,en;q=0.5") == "de"
    assert i18n.chosen(None, "es-ES, fr;q=0.8, en;q=0.9") == "en"
    assert i18n.chosen(None, "es, fr;q=0.3") == "fr"
    assert i18n.chosen(None, "fr;q=0, nl;q=oops") == "en"
    assert i18n.chosen("xx", None) == "en"


async def test_the_sign_in_page_speaks_the_browsers_language(browser):
    page = await browser.client.get("/admin/login", headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    text = await page.text()
    assert page.headers["Content-Language"] == "fr"
    assert '<html lang="fr">' in text
    assert "Se connecter" in text or "Connexion" in text
    assert "User name" not in text


async def test_a_user_chooses_german_and_keeps_it_across_pages(browser):
    await browser.sign_in("bea")
    english = await (await browser.client.get("/admin")).text()
    assert '<html lang="en">' in english and "Sign out" in english
    response = await browser.submit(
        "/admin/language", {"language": "de", "back": "/admin/contacts?q=x"}
    )
    assert response.status == 303
    assert response.headers["Location"] == "/admin/contacts?q=x&done=language"
    page = await (await browser.client.get("/admin/contacts?done=language")).text()
    assert '<html lang="de">' in page
    assert i18n.gettext("de")("Language changed.") in page
    assert i18n.gettext("de")("Sign out") in page and "Sign out" not in page
    assert i18n.gettext("de")("Contacts") in page
    # a browser asking for French does not override the user's own choice
    other = await browser.client.get("/admin/review", headers={"Accept-Language": "fr"})
    assert '<html lang="de">' in await other.text()


async def test_a_forms_problems_are_shown_in_the_users_language_with_their_values(browser):
    await browser.sign_in("ada")
    await browser.submit("/admin/language", {"language": "nl", "back": "/admin"})
    response = await browser.submit(
        "/admin/contacts/new",
        {
            "jurisdiction_key": "DE:beispielstadt",
            "name": "Team",
            "role": "counselling",
            "phone": "call me",
            "source": "x",
            "last_reviewed": "2026-01-01",
        },
        form_page="/admin/contacts/new",
    )
    text = await response.text()
    assert response.status == 422
    dutch = i18n.gettext("nl")("'%(value)s' is not a phone number (write it like +49 30 1234567)")
    assert dutch != "'%(value)s' is not a phone number (write it like +49 30 1234567)"
    assert dutch % {"value": "call me"} in text.replace("&#39;", "'")
    assert "is not a phone number" not in text


async def test_an_unknown_language_is_refused(browser):
    await browser.sign_in("bea")
    response = await browser.submit("/admin/language", {"language": "xx"})
    assert response.status == 404
