"""Translations on an entry's page: side by side with the English, saved per language with
the current English's hash, flagged when outdated, recorded in the audit log and revertible."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.models import AuditEntry, Contact
from knowledge.translations import localise
from tests.bot.admin.conftest import BEISPIELSTADT

COORDINATOR = "P/CVE coordinator, Beispielstadt (example)"


def contact(session) -> Contact:
    return session.scalar(select(Contact).where(Contact.name == COORDINATOR))


async def save_german(browser, entry, description: str):
    page = f"/admin/contacts/{entry.id}"
    return await browser.submit(
        f"{page}/translations/de", {"description": description}, form_page=page
    )


async def test_the_page_shows_each_language_beside_the_english(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    page = await (await browser.client.get(f"/admin/contacts/{entry.id}")).text()
    assert '<h2 id="translations">Translations</h2>' in page
    for language in ("German", "French", "Dutch"):
        assert f"<h3>{language}</h3>" in page
    assert f'action="/admin/contacts/{entry.id}/translations/de"' in page
    assert entry.description.split("'")[0] in page


async def test_a_coordinator_saves_a_translation_and_the_audit_log_records_it(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    response = await save_german(browser, entry, "Die Koordinationsstelle (Beispiel).")
    assert response.status == 303
    with admin_kb() as session:
        local = localise(session, "contacts", contact(session), "de")
        assert local.text("description") == "Die Koordinationsstelle (Beispiel)."
        assert local.outdated == []
        [change] = session.scalars(select(AuditEntry)).all()
        assert (change.actor, change.kind, change.entry_key, change.action) == (
            "bea",
            "translations",
            f"contacts/{entry.id}/de",
            "update",
        )
        assert change.after == {"description": "Die Koordinationsstelle (Beispiel)."}
    page = await (await browser.client.get(f"/admin/contacts/{entry.id}")).text()
    assert "Die Koordinationsstelle (Beispiel)." in page and "translation (de)" in page


async def test_an_outdated_translation_is_flagged_until_saved_again(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    await save_german(browser, entry, "Die Koordinationsstelle.")
    with admin_kb.begin() as session:
        contact(session).description = "A changed English description."
    page = await (await browser.client.get(f"/admin/contacts/{entry.id}")).text()
    assert "translation outdated</span>" in page.split("<h3>German</h3>")[1].split("<h3>")[0]
    await save_german(browser, entry, "Die Koordinationsstelle.")  # checked: still right
    with admin_kb() as session:
        assert localise(session, "contacts", contact(session), "de").outdated == []


async def test_another_municipality_cannot_translate_and_a_change_can_be_reverted(
    browser, admin_kb
):
    with admin_kb() as session:
        entry = contact(session)
        before = localise(session, "contacts", entry, "de").text("description")
    await browser.sign_in("vic")
    assert (await save_german(browser, entry, "Nicht erlaubt.")).status == 403
    await browser.client.post("/admin/logout", data={"csrf_token": await browser.token()})
    await browser.sign_in("bea")
    await save_german(browser, entry, "Neu.")
    with admin_kb() as session:
        [change] = session.scalars(select(AuditEntry)).all()
        assert contact(session).jurisdiction_key == BEISPIELSTADT
    response = await browser.submit(f"/admin/history/{change.id}/revert", {})
    assert response.status == 303
    with admin_kb() as session:
        assert localise(session, "contacts", contact(session), "de").text("description") == before
        assert [c.action for c in session.scalars(select(AuditEntry))] == ["update", "revert"]
