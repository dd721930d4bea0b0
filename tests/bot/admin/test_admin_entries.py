"""Keeping entries current: role limits, validation, audit and revert, hostile input,
and the assistant's next answer showing the change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.admin.kinds import KINDS, key_of
from knowledge.models import AuditEntry, Contact, DecisionRule, GlossaryEntry
from knowledge.policy import Triage
from knowledge.recommendation import recommend
from tests.bot.admin.conftest import BEISPIELSTADT, VILLEXEMPLE, form_of

COORDINATOR = "P/CVE coordinator, Beispielstadt (example)"


def contact(session, name: str = COORDINATOR) -> Contact:
    return session.scalar(select(Contact).where(Contact.name == name))


def refer_in(session, place: str):
    """The recommendation a practitioner in ``place`` gets for a legal post by a pupil."""
    triage = Triage(
        danger="no",
        content_type="hate_speech",
        platform="tiktok",
        illegal="no",
        poster="known_person",
        other_agencies="no",
        jurisdiction=place,
    )
    return recommend(session, triage)


async def edit_contact(browser, entry, **changes):
    path = f"/admin/contacts/{entry.id}"
    return await browser.submit(path, form_of("contacts", entry, **changes), form_page=path)


async def test_a_coordinator_changes_a_phone_and_the_next_answer_shows_it(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
        assert "+49 30 0000 0001" in str(refer_in(session, BEISPIELSTADT).contacts)
    await browser.sign_in("bea")
    response = await edit_contact(browser, entry, phone="+49 30 1234 5678")
    assert response.status == 303
    assert response.headers["Location"] == f"/admin/contacts/{entry.id}?done=saved"
    with admin_kb() as session:
        phones = [c["phone"] for c in refer_in(session, BEISPIELSTADT).contacts]
        assert "+49 30 1234 5678" in phones and "+49 30 0000 0001" not in phones


async def test_a_coordinator_cannot_edit_another_municipality(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
        rule = session.scalar(select(DecisionRule).limit(1))
    await browser.sign_in("vic")  # Villexemple's coordinator
    response = await edit_contact(browser, entry, phone="+49 30 9999 9999")
    assert response.status == 403
    page = await (await browser.client.get(f"/admin/contacts/{entry.id}")).text()
    assert "You can read this entry" in page and 'name="phone"' not in page
    response = await browser.submit(
        f"/admin/rules/{rule.id}/retire", {}, form_page=f"/admin/rules/{rule.id}"
    )
    assert response.status == 403
    # nor move their own entries to another place, nor add one elsewhere
    with admin_kb() as session:
        own = session.scalar(select(Contact).where(Contact.jurisdiction_key == VILLEXEMPLE))
    response = await edit_contact(browser, own, jurisdiction_key=BEISPIELSTADT)
    assert response.status in (403, 422)
    with admin_kb() as session:
        assert contact(session).phone == "+49 30 0000 0001"
        assert session.get(Contact, own.id).jurisdiction_key == VILLEXEMPLE
        assert session.get(DecisionRule, rule.id).retired is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "is not a phone number"),
        ("url", "javascript:alert(1)", ""),
        ("email", "not-an-address", ""),
        ("name", "", "is required"),
        ("last_reviewed", "yesterday", "must be a date"),
        ("role", "boss", "must be one of"),
    ],
)
async def test_invalid_values_are_refused_with_a_message_and_kept_in_the_form(
    browser, admin_kb, field, value, message
):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    response = await edit_contact(browser, entry, **{field: value})
    assert response.status == 422
    page = await response.text()
    assert "Nothing was saved" in page and message in page
    with admin_kb() as session:
        assert contact(session).phone == "+49 30 0000 0001"
        assert session.scalars(select(AuditEntry)).all() == []


async def test_a_rule_shadowed_by_an_earlier_one_is_refused(browser, admin_kb):
    with admin_kb() as session:
        first = session.scalar(
            select(DecisionRule)
            .where(DecisionRule.jurisdiction_key == "EU")
            .order_by(DecisionRule.priority)
        )
    await browser.sign_in("ada")
    # a copy of the first EU rule placed after it can never decide anything
    pairs = [p for p in form_of("rules", first, priority=str(first.priority + 500))]
    response = await browser.submit("/admin/rules/new", pairs, form_page="/admin/rules/new")
    assert response.status == 422
    assert "never" in (await response.text()).lower()


async def test_every_change_is_recorded_and_can_be_reverted(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    await edit_contact(browser, entry, phone="+49 30 1111 1111")
    await edit_contact(browser, entry, phone="+49 30 2222 2222")
    with admin_kb() as session:
        changes = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(c.actor, c.action, c.before["phone"], c.after["phone"]) for c in changes] == [
            ("bea", "update", "+49 30 0000 0001", "+49 30 1111 1111"),
            ("bea", "update", "+49 30 1111 1111", "+49 30 2222 2222"),
        ]
        first = changes[0].id
    history = await (await browser.client.get("/admin/history")).text()
    assert "+49 30 1111 1111" in history and "bea" in history
    response = await browser.submit(
        f"/admin/history/{first}/revert", {}, form_page="/admin/history"
    )
    assert response.status == 303
    with admin_kb() as session:
        assert contact(session).phone == "+49 30 0000 0001"
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.action, last.after["phone"]) == ("revert", "+49 30 0000 0001")


async def test_retire_and_restore_are_recorded_and_the_assistant_follows(browser, admin_kb):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    path = f"/admin/contacts/{entry.id}"
    await browser.submit(f"{path}/retire", {}, form_page=path)
    with admin_kb() as session:
        assert COORDINATOR not in str(refer_in(session, BEISPIELSTADT).contacts)
    listing = await (await browser.client.get("/admin/contacts?retired=1")).text()
    assert COORDINATOR in listing
    await browser.submit(f"{path}/restore", {}, form_page=path)
    with admin_kb() as session:
        assert COORDINATOR in str(refer_in(session, BEISPIELSTADT).contacts)
        actions = [c.action for c in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["retire", "restore"]


async def test_an_addition_can_be_reverted_which_retires_it(browser, admin_kb):
    await browser.sign_in("ada")
    pairs = [
        ("term", "Example sign"),
        ("aliases", "ex sign"),
        ("meaning", "An example."),
        ("ideology", "none"),
        ("innocent_use", ""),
        ("source", "test"),
        ("source_url", ""),
        ("last_reviewed", "2026-11-22"),
    ]
    response = await browser.submit("/admin/glossary/new", pairs, form_page="/admin/glossary/new")
    assert response.status == 303
    with admin_kb() as session:
        entry = session.scalar(select(GlossaryEntry).where(GlossaryEntry.term == "Example sign"))
        change = session.scalar(select(AuditEntry).where(AuditEntry.action == "create"))
        assert entry.aliases == ["ex sign"] and change.before is None
    await browser.submit(f"/admin/history/{change.id}/revert", {}, form_page="/admin/history")
    with admin_kb() as session:
        assert session.get(GlossaryEntry, entry.id).retired is True


def new_glossary_entry(term: str):
    """The pairs the "add glossary entry" form submits for ``term``."""
    return [
        ("term", term),
        ("aliases", ""),
        ("meaning", "An example."),
        ("ideology", "none"),
        ("innocent_use", ""),
        ("source", "test"),
        ("source_url", ""),
        ("last_reviewed", "2026-11-22"),
    ]


async def test_a_term_clashing_with_a_retired_entry_is_refused_with_a_message(browser, admin_kb):
    await browser.sign_in("ada")
    form = "/admin/glossary/new"
    response = await browser.submit(form, new_glossary_entry("Example sign"), form_page=form)
    assert response.status == 303
    with admin_kb() as session:
        entry = session.scalar(select(GlossaryEntry).where(GlossaryEntry.term == "Example sign"))
    path = f"/admin/glossary/{entry.id}"
    assert (await browser.submit(f"{path}/retire", {}, form_page=path)).status == 303
    response = await browser.submit(form, new_glossary_entry("Example sign"), form_page=form)
    page = (await response.text()).replace("&#39;", "'")
    assert response.status == 422
    assert "a retired entry has the same term 'Example sign'" in page
    with admin_kb() as session:
        terms = session.scalars(
            select(GlossaryEntry.term).where(GlossaryEntry.term == "Example sign")
        )
        assert terms.all() == ["Example sign"]


async def test_a_clash_the_checks_miss_shows_the_clash_message_not_an_error(
    browser, admin_kb, monkeypatch
):
    """A clash that only the database sees (another user added the same term a moment
    before) answers with the form and the message, and the page goes on working."""
    with admin_kb() as session:
        existing = session.scalars(select(GlossaryEntry).order_by(GlossaryEntry.id)).first()
    await browser.sign_in("ada")
    monkeypatch.setattr("bot.admin.entries.entry_problems", lambda *args, **kwargs: [])
    form = "/admin/glossary/new"
    response = await browser.submit(form, new_glossary_entry(existing.term), form_page=form)
    assert response.status == 422
    assert "clashes with an existing one" in await response.text()
    assert (await browser.client.get("/admin/glossary")).status == 200


HOSTILE = [
    "<script>alert('x')</script>",
    "'; DROP TABLE contacts; --",
    '"><img src=x onerror=alert(1)>',
    "Robert'); DELETE FROM audit_log WHERE ('1'='1",
]


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_text_is_stored_as_is_and_shown_as_text(browser, admin_kb, text):
    with admin_kb() as session:
        entry = contact(session)
    await browser.sign_in("bea")
    response = await edit_contact(browser, entry, name=text, description=text, source=text)
    assert response.status == 303
    with admin_kb() as session:
        stored = contact(session, text)
        assert (stored.description, stored.source) == (text, text)
        assert session.scalar(select(Contact).where(Contact.id != entry.id)) is not None
    for path in (
        f"/admin/contacts/{entry.id}",
        "/admin/contacts",
        "/admin/history",
        f"/admin/contacts?q={text}",
    ):
        page = await (await browser.client.get(path)).text()
        assert text not in page  # only its escaped form appears
        assert "<script>alert" not in page and "<img src=x" not in page
    search = await (await browser.client.get("/admin/contacts", params={"q": text})).text()
    assert "&lt;" in search or "&#39;" in search


async def test_search_finds_entries_by_their_text(browser):
    await browser.sign_in("vic")
    page = await (await browser.client.get("/admin/contacts", params={"q": "beispielstadt"})).text()
    assert COORDINATOR in page and "Villexemple" not in page


async def test_entries_past_their_review_date_are_listed_until_reviewed(browser, admin_kb):
    with admin_kb.begin() as session:
        entry = contact(session)
        entry.last_reviewed = dt.date.today() - dt.timedelta(days=400)
    await browser.sign_in("bea")
    review = await (await browser.client.get("/admin/review")).text()
    assert COORDINATOR in review
    path = f"/admin/contacts/{entry.id}"
    await browser.submit(f"{path}/reviewed", {}, form_page=path)
    assert COORDINATOR not in await (await browser.client.get("/admin/review")).text()
    with admin_kb() as session:
        assert contact(session).last_reviewed == dt.date.today()


async def test_unknown_kinds_and_entries_are_not_found(browser):
    await browser.sign_in("ada")
    for path in ("/admin/nothing", "/admin/contacts/999999", "/admin/contacts/abc"):
        assert (await browser.client.get(path)).status == 404


async def test_saving_an_unchanged_entry_records_no_change(browser, admin_kb):
    with admin_kb.begin() as session:
        entry = contact(session)
        entry.courses = ["refer_coordinator", "engage", "report"]  # not the form's order
    await browser.sign_in("bea")
    # a browser sends the ticked boxes in the form's order
    response = await edit_contact(browser, entry, courses=["report", "refer_coordinator", "engage"])
    assert response.status == 303
    with admin_kb() as session:
        assert session.scalars(select(AuditEntry)).all() == []
        assert contact(session).courses == ["refer_coordinator", "engage", "report"]


TEXT_WIDGETS = ("text", "textarea", "lines")
MIXED = "<script>alert(1)</script>'; DROP TABLE contacts; --"


@pytest.mark.parametrize("slug", list(KINDS))
async def test_every_text_field_of_every_kind_stores_hostile_text_and_shows_it_as_text(
    browser, admin_kb, slug
):
    kind = KINDS[slug]
    texts = [f.name for f in kind.fields if f.widget in TEXT_WIDGETS and f.name != kind.key]
    with admin_kb() as session:
        entry = session.scalars(select(kind.model).order_by(getattr(kind.model, kind.key))).first()
        key = key_of(kind, entry)
    await browser.sign_in("ada")
    path = f"/admin/{slug}/{key}"
    changes = {name: MIXED for name in texts}
    response = await browser.submit(path, form_of(slug, entry, **changes), form_page=path)
    assert response.status == 303, await response.text()
    with admin_kb() as session:
        stored = session.get(kind.model, entry.id if kind.key == "id" else key)
        for name in texts:
            value = getattr(stored, name)
            assert value == ([MIXED] if kind.field(name).widget == "lines" else MIXED), name
        assert session.scalar(select(Contact).limit(1)) is not None  # the table is still there
    for page in (path, f"/admin/{slug}", "/admin/history"):
        html = await (await browser.client.get(page)).text()
        assert "<script>alert(1)" not in html
