"""What a screen reader hears on the admin pages: a field's problem and help read with the
field, row buttons that say which row they act on, entries named in the history, and
words instead of stored codes, in the reader's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Dict, List, Optional

from sqlalchemy import select

from knowledge.models import GUIDANCE_TOPICS, AuditEntry, Contact, Guidance
from knowledge.referrals import add_referral
from tests.bot.admin.conftest import BEISPIELSTADT, form_of

COORDINATOR = "P/CVE coordinator, Beispielstadt (example)"
VOID = {"input", "br", "img", "meta", "link", "hr", "rect", "line"}


@dataclass
class Element:
    tag: str
    attrs: Dict[str, Optional[str]]
    children: List[Element] = field(default_factory=list)
    texts: List[str] = field(default_factory=list)  # own text and children's, in order

    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def all(self, tag: str) -> List[Element]:
        found = []
        for child in self.children:
            found += ([child] if child.tag == tag else []) + child.all(tag)
        return found

    def by_id(self, name: str) -> Optional[Element]:
        return next((e for e in self.all_elements() if e.attrs.get("id") == name), None)

    def all_elements(self) -> List[Element]:
        found = []
        for child in self.children:
            found += [child, *child.all_elements()]
        return found


class Page(HTMLParser):
    """An admin page as a tree of elements, enough to read names and ARIA attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.root = Element("document", {})
        self.open = [self.root]
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while len(self.open) > 1:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element.texts.append(data)


async def page(browser, path: str) -> Element:
    response = await browser.client.get(path)
    assert response.status == 200, path
    return Page(await response.text()).root


def described_by(root: Element, control: Element) -> List[str]:
    """The texts of the elements ``aria-describedby`` names, in its order."""
    ids = (control.attrs.get("aria-describedby") or "").split()
    return [root.by_id(name).text() if root.by_id(name) else f"(no #{name})" for name in ids]


def contact(admin_kb, name: str = COORDINATOR) -> Contact:
    with admin_kb() as session:
        return session.scalar(select(Contact).where(Contact.name == name))


async def test_a_fields_problem_and_help_are_read_with_it(browser, admin_kb):
    entry = contact(admin_kb)
    await browser.sign_in("bea")
    path = f"/admin/contacts/{entry.id}"
    response = await browser.submit(
        path, form_of("contacts", entry, phone="not a number"), form_page=path
    )
    assert response.status == 422
    root = Page(await response.text()).root
    phone = root.by_id("f-phone")
    assert phone.attrs.get("aria-invalid") == "true"
    assert len(described_by(root, phone)) == 1
    assert "is not a phone number" in described_by(root, phone)[0]

    response = await browser.submit(path, form_of("contacts", entry, name=""), form_page=path)
    assert response.status == 422
    root = Page(await response.text()).root
    name = root.by_id("f-name")  # required, empty, and with a help text
    assert name.attrs.get("aria-invalid") == "true"
    problem, help_text = described_by(root, name)
    assert "is required" in problem
    assert help_text == "An organisation or a role, never a private person."

    email = root.by_id("f-email")  # fine: not invalid, nothing to describe
    assert "aria-invalid" not in email.attrs and "aria-describedby" not in email.attrs
    source = root.by_id("f-source")  # fine, with a help text
    assert "aria-invalid" not in source.attrs
    assert described_by(root, source) == ["Where this comes from (a publication, a site)."]


async def test_a_help_text_is_read_with_its_field_before_anything_goes_wrong(browser):
    await browser.sign_in("ada")
    root = await page(browser, "/admin/rules/new")
    priority = root.by_id("f-priority")
    assert described_by(root, priority) == [
        "Rules are tried from the lowest number; the first that matches decides."
    ]
    danger = root.by_id("f-danger")  # a group of tick boxes: the fieldset is described
    assert danger.tag == "fieldset"
    assert described_by(root, danger) == [
        "Tick the answers this rule accepts; none ticked means any answer."
    ]


async def test_revert_buttons_name_the_change_and_the_entry(browser, admin_kb):
    entry = contact(admin_kb)
    await browser.sign_in("bea")
    path = f"/admin/contacts/{entry.id}"
    await browser.submit(path, form_of("contacts", entry, phone="+49 30 1234 5678"), form_page=path)
    with admin_kb() as session:
        change = session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    expected = f"Revert change {change.id} to contact “{COORDINATOR}”"
    for where in ("/admin/history", path):  # the history and the entry's recent changes
        root = await page(browser, where)
        buttons = [b.text() for b in root.all("button") if b.text().startswith("Revert")]
        assert buttons[0] == expected, where


async def test_the_history_names_each_entry_and_a_gone_one_by_kind_and_key(browser, admin_kb):
    entry = contact(admin_kb)
    await browser.sign_in("bea")
    path = f"/admin/contacts/{entry.id}"
    await browser.submit(path, form_of("contacts", entry, phone="+49 30 1234 5678"), form_page=path)
    with admin_kb.begin() as session:
        session.add(
            AuditEntry(
                at=dt.datetime(2026, 1, 5, 9, 30),
                actor="ada",
                kind="contacts",
                entry_key="99999",  # an entry a knowledge-base import replaced since
                action="update",
                before={"phone": "1"},
                after={"phone": "2"},
            )
        )
    root = await page(browser, "/admin/history")
    entries = [row.all("td")[3].text() for row in root.all("tbody")[0].all("tr")]
    assert f"contact “{COORDINATOR}”" in entries
    assert "contact 99999" in entries
    assert f"contact {entry.id}" not in entries
    actions = {row.all("td")[2].text() for row in root.all("tbody")[0].all("tr")}
    assert actions == {"changed"}  # the action in words, not the code "update"


async def test_the_inbox_set_button_names_its_referral(browser, admin_kb):
    with admin_kb.begin() as session:
        referral = add_referral(
            session,
            jurisdiction_key=BEISPIELSTADT,
            categories={"course_of_action": "refer_coordinator", "poster": "organised_group"},
            note="",
            day=dt.date(2026, 11, 2),
        )
        number = referral.id
    await browser.sign_in("bea")
    root = await page(browser, "/admin/inbox")
    buttons = [b.text() for b in root.all("button") if b.text().startswith("Set")]
    assert buttons == [f"Set the status of referral {number} of 2026-11-02"]
    answers = root.all("tbody")[0].all("ul")[0].text()
    assert "Course of action: Share your concern with the local P/CVE coordinator" in answers
    assert "Who posted it: An organised group, channel or influencer" in answers
    assert "refer_coordinator" not in answers and "organised_group" not in answers


def option_texts(root: Element, control_id: str) -> List[str]:
    return [option.text() for option in root.by_id(control_id).all("option")]


def tick_box_texts(root: Element, fieldset_id: str) -> List[str]:
    return [label.text() for label in root.by_id(fieldset_id).all("label")]


async def test_forms_show_words_for_stored_codes(browser, admin_kb):
    await browser.sign_in("ada")
    guidance = await page(browser, "/admin/guidance/new")
    courses = option_texts(guidance, "f-course_of_action")
    with admin_kb() as session:
        eu_titles = {
            g.course_of_action: g.title
            for g in session.scalars(select(Guidance).where(Guidance.jurisdiction_key == "EU"))
        }
    assert courses == [eu_titles[c] for c in GUIDANCE_TOPICS]  # the courses, then self-care
    assert courses[-1] == "Look after yourself"
    assert "Share your concern with the local P/CVE coordinator" in courses

    rule = await page(browser, "/admin/rules/new")
    assert "Yes, probably illegal" in tick_box_texts(rule, "f-illegal")
    assert "Don't feed it: no likes, comments or shares" in tick_box_texts(rule, "f-also")
    assert option_texts(rule, "f-urgency") == [
        "Now — call 112",
        "Today",
        "This week",
        "When convenient",
    ]
    contacts = await page(browser, "/admin/contacts/new")
    assert "local P/CVE coordinator" in option_texts(contacts, "f-role")
    places = await page(browser, "/admin/jurisdictions/new")
    assert option_texts(places, "f-level") == ["EU", "country", "municipality"]

    codes = ("refer_coordinator", "dont_feed", "reporting_point", "this_week", "organised_group")
    for root in (guidance, rule, contacts):
        shown = " ".join(
            e.text() for e in root.all_elements() if e.tag in ("option", "label", "legend")
        )
        assert not [code for code in codes if code in shown]


async def test_the_words_follow_the_readers_language(browser, admin_kb):
    await browser.sign_in("bea")
    await browser.submit("/admin/language", {"language": "de", "back": "/admin"})
    guidance = await page(browser, "/admin/guidance/new")
    courses = option_texts(guidance, "f-course_of_action")
    assert courses[2] == (
        "Wenden Sie sich an die P/CVE-Koordinatorin oder den P/CVE-Koordinator vor Ort"
    )  # the EU-wide guidance's title as the German translation has it
    contacts = await page(browser, "/admin/contacts/new")
    assert "P/CVE-Koordinator/in vor Ort" in option_texts(contacts, "f-role")
    listing = await page(browser, "/admin/contacts?q=Beispielstadt")
    assert "P/CVE-Koordinator/in vor Ort" in listing.all("tbody")[0].text()
    assert "coordinator" not in [td.text() for td in listing.all("td")]
