"""The kinds of knowledge-base entry the admin pages edit, described once as data.

Every list, form, check and audit record is driven by these descriptions, so a new
column needs one line here rather than a new page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from knowledge.checks import RULE_CONDITIONS
from knowledge.messages import N_, Message
from knowledge.models import (
    CONTACT_ROLES,
    CONTENT_TYPES,
    COURSES,
    GUIDANCE_TOPICS,
    LEVELS,
    PLATFORM_CATEGORIES,
    URGENCIES,
    Contact,
    DecisionRule,
    GlossaryEntry,
    Guidance,
    Jurisdiction,
    LegalBasis,
    Platform,
    Resource,
)


@dataclass(frozen=True)
class Field:
    """One form field. ``widget`` decides how it is shown and read:

    text, textarea, number, date, flag (a checkbox), choice (one of ``choices``),
    choices (any of them, a list), conditions (any of them; none ticked means "any
    answer", stored as null), lines (a list, one item per line), jurisdiction (a key),
    phone, url, email (text checked for that form).
    """

    name: str
    label: str
    widget: str = "text"
    required: bool = False
    choices: Tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of entry: its table, its fields, what the list shows and who may edit it."""

    slug: str
    label: str
    singular: str
    model: Any
    fields: Tuple[Field, ...]
    columns: Tuple[str, ...]
    search: Tuple[str, ...]
    key: str = "id"
    coordinators_edit: bool = False
    title: Callable[[Any], str] = field(default=lambda entry: str(entry.id))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


SOURCED = (
    Field(
        "source",
        N_("Source"),
        required=True,
        help=N_("Where this comes from (a publication, a site)."),
    ),
    Field("source_url", N_("Source address"), "url"),
    Field("last_reviewed", N_("Last reviewed"), "date", required=True),
)

# the triage answers a rule or a referral holds, by name (the vocabulary's slots)
ANSWER_NAMES = {
    "danger": N_("Someone in danger"),
    "content_type": N_("Kind of content"),
    "platform": N_("Platform"),
    "illegal": N_("Illegal"),
    "poster": N_("Who posted it"),
    "other_agencies": N_("Other services involved"),
    "footing": N_("Feels able to engage"),
    "course_of_action": N_("Course of action"),
    "urgency": N_("Urgency"),
}

KINDS: Dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "jurisdictions",
            N_("Places"),
            N_("place"),
            Jurisdiction,
            (
                Field(
                    "key",
                    N_("Key"),
                    required=True,
                    help=N_("Short code, e.g. de or de-beispielstadt."),
                ),
                Field("name", N_("Name"), required=True),
                Field("level", N_("Level"), "choice", True, LEVELS),
                Field("parent_key", N_("Part of"), "jurisdiction"),
                Field("emergency_number", N_("Emergency number"), "phone", True),
                Field("police_number", N_("Police number"), "phone"),
                Field("aliases", N_("Other names"), "lines", help=N_("One per line.")),
                Field("example", N_("Fictional example"), "flag"),
                *SOURCED,
            ),
            ("name", "level", "parent_key", "emergency_number"),
            ("key", "name"),
            key="key",
            title=lambda entry: entry.name,
        ),
        Kind(
            "contacts",
            N_("Contacts"),
            N_("contact"),
            Contact,
            (
                Field("jurisdiction_key", N_("Place"), "jurisdiction", True),
                Field(
                    "name",
                    N_("Organisation or role"),
                    required=True,
                    help=N_("An organisation or a role, never a private person."),
                ),
                Field("role", N_("Kind of contact"), "choice", True, CONTACT_ROLES),
                Field("courses", N_("Given for"), "choices", choices=COURSES),
                Field("phone", N_("Phone"), "phone"),
                Field("email", N_("E-mail"), "email"),
                Field("url", N_("Web address"), "url"),
                Field("description", N_("Description"), "textarea"),
                *SOURCED,
            ),
            ("name", "jurisdiction_key", "role", "phone"),
            ("name", "description", "phone", "email"),
            coordinators_edit=True,
            title=lambda entry: entry.name,
        ),
        Kind(
            "guidance",
            N_("Guidance"),
            N_("guidance"),
            Guidance,
            (
                Field(
                    "course_of_action",
                    N_("Course of action"),
                    "choice",
                    True,
                    GUIDANCE_TOPICS,
                    help=N_(
                        "self_care: the line on looking after yourself after disturbing content."
                    ),
                ),
                Field("jurisdiction_key", N_("Place"), "jurisdiction", True),
                Field("title", N_("Title"), required=True),
                Field("summary", N_("Summary"), "textarea", True),
                Field("who_acts", N_("Who acts"), required=True),
                Field("steps", N_("Steps"), "lines", True, help=N_("One step per line, in order.")),
                *SOURCED,
            ),
            ("title", "course_of_action", "jurisdiction_key"),
            ("title", "summary"),
            coordinators_edit=True,
            title=lambda entry: entry.title,
        ),
        Kind(
            "rules",
            N_("Decision rules"),
            N_("decision rule"),
            DecisionRule,
            (
                Field("jurisdiction_key", N_("Place"), "jurisdiction", True),
                Field(
                    "priority",
                    N_("Priority"),
                    "number",
                    True,
                    help=N_(
                        "Rules are tried from the lowest number; the first that matches decides."
                    ),
                ),
                *(
                    Field(
                        name,
                        ANSWER_NAMES.get(name, name),
                        "conditions",
                        choices=allowed,
                        help=N_(
                            "Tick the answers this rule accepts; none ticked means any answer."
                        ),
                    )
                    for name, allowed in RULE_CONDITIONS.items()
                ),
                Field("course_of_action", N_("Course of action"), "choice", True, COURSES),
                Field("urgency", N_("Urgency"), "choice", True, URGENCIES),
                Field("also", N_("Also suggest"), "choices", choices=COURSES),
                Field("rationale", N_("Why"), "textarea", True),
                *SOURCED,
            ),
            ("priority", "jurisdiction_key", "course_of_action", "urgency"),
            ("rationale", "course_of_action"),
            title=lambda entry: (
                f"{entry.jurisdiction_key} #{entry.priority}: {entry.course_of_action}"
            ),
        ),
        Kind(
            "glossary",
            N_("Glossary"),
            N_("glossary entry"),
            GlossaryEntry,
            (
                Field("term", N_("Symbol, number or phrase"), required=True),
                Field("aliases", N_("Other spellings"), "lines", help=N_("One per line.")),
                Field("meaning", N_("Meaning"), "textarea", True),
                Field("ideology", N_("Movement or ideology"), required=True),
                Field("innocent_use", N_("Innocent uses"), "textarea"),
                *SOURCED,
            ),
            ("term", "ideology"),
            ("term", "meaning", "ideology"),
            title=lambda entry: entry.term,
        ),
        Kind(
            "resources",
            N_("Resources"),
            N_("resource"),
            Resource,
            (
                Field("title", N_("Title"), required=True),
                Field("url", N_("Web address"), "url"),
                Field("description", N_("Description"), "textarea"),
                Field("jurisdiction_key", N_("Place"), "jurisdiction", True),
                Field("courses", N_("Relevant for"), "choices", choices=COURSES),
                *SOURCED,
            ),
            ("title", "jurisdiction_key"),
            ("title", "description"),
            coordinators_edit=True,
            title=lambda entry: entry.title,
        ),
        Kind(
            "legal_bases",
            N_("Legal bases"),
            N_("legal basis"),
            LegalBasis,
            (
                Field("jurisdiction_key", N_("Place"), "jurisdiction", True),
                Field(
                    "provision",
                    N_("Provision"),
                    required=True,
                    help=N_("As the law is cited, with the offence's name, e.g. § 130 StGB."),
                ),
                Field("content_types", N_("Kinds of content"), "choices", choices=CONTENT_TYPES),
                Field(
                    "summary",
                    N_("In plain words"),
                    "textarea",
                    True,
                    help=N_("One line a practitioner understands; the drafted notice quotes it."),
                ),
                *SOURCED,
            ),
            ("provision", "jurisdiction_key"),
            ("provision", "summary"),
            title=lambda entry: entry.provision,
        ),
        Kind(
            "platforms",
            N_("Platforms"),
            N_("platform"),
            Platform,
            (
                Field("name", N_("Name"), required=True),
                Field(
                    "category",
                    N_('Answer to "Where did you see it?"'),
                    "choice",
                    True,
                    PLATFORM_CATEGORIES,
                ),
                Field("notice_url", N_("Form for illegal content"), "url"),
                Field("in_app", N_("How to report in the app"), "textarea"),
                Field(
                    "dsa_contact",
                    N_("Contact point under the DSA"),
                    help=N_("A web address or an e-mail address."),
                ),
                *SOURCED,
            ),
            ("name", "category", "notice_url"),
            ("name", "in_app"),
            title=lambda entry: entry.name,
        ),
    )
}


def key_of(kind: Kind, entry: Any) -> str:
    return str(getattr(entry, kind.key))


def snapshot(kind: Kind, entry: Any) -> Dict[str, Any]:
    """The entry's values as JSON-safe data (dates as text), for the audit log."""
    values = {}
    for column in kind.model.__table__.columns:
        value = getattr(entry, column.name)
        values[column.name] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def restore_values(kind: Kind, values: Mapping[str, Any]) -> Dict[str, Any]:
    """The inverse of ``snapshot``: column values ready to set on an entry."""
    restored = {}
    for column in kind.model.__table__.columns:
        if column.name not in values:
            continue
        value = values[column.name]
        if value is not None and column.type.python_type is dt.date:
            value = dt.date.fromisoformat(value)
        restored[column.name] = value
    return restored


def form_text(field: Field, value: Any) -> Any:
    """How a stored value appears in its form field."""
    if field.widget == "lines":
        return "\n".join(value or [])
    if field.widget in ("choices", "conditions"):
        return list(value or [])
    if field.widget == "date":
        return value.isoformat() if value else dt.date.today().isoformat()
    return "" if value is None else value


def read_form(
    kind: Kind, form: Mapping[str, Any], places: List[str], *, creating: bool
) -> Tuple[Dict[str, Any], Dict[str, str]]:
    """Column values from a submitted form, and a message per field it cannot read.

    Only the form is read here; whether the values are right (phone numbers, addresses,
    references, rules) is checked by ``knowledge.checks`` when the entry is saved.
    """
    values: Dict[str, Any] = {}
    problems: Dict[str, str] = {}
    for f in kind.fields:
        if f.name == kind.key and not creating:
            continue
        if f.widget in ("choices", "conditions"):
            picked = [v for v in form.getall(f.name, []) if v]  # type: ignore[attr-defined]
            wrong = [v for v in picked if v not in f.choices]
            if wrong:
                problems[f.name] = Message(
                    "Not a possible answer: %(values)s.", values=", ".join(wrong)
                )
            values[f.name] = picked or (None if f.widget == "conditions" else [])
            continue
        if f.widget == "flag":
            values[f.name] = form.get(f.name) == "on"
            continue
        raw = str(form.get(f.name, "")).strip()
        if not raw:
            if f.required:
                problems[f.name] = Message("%(field)s is required.", field=Message(f.label))
            values[f.name] = [] if f.widget == "lines" else None
            continue
        if f.widget == "lines":
            values[f.name] = [line.strip() for line in raw.splitlines() if line.strip()]
        elif f.widget == "number":
            try:
                values[f.name] = int(raw)
            except ValueError:
                problems[f.name] = Message(
                    "%(field)s must be a whole number.", field=Message(f.label)
                )
        elif f.widget == "date":
            try:
                values[f.name] = dt.date.fromisoformat(raw)
            except ValueError:
                problems[f.name] = Message(
                    "%(field)s must be a date like 2026-11-22.", field=Message(f.label)
                )
        elif f.widget == "choice" and raw not in f.choices:
            problems[f.name] = Message(
                "%(field)s must be one of: %(values)s.",
                field=Message(f.label),
                values=", ".join(f.choices),
            )
        elif f.widget == "jurisdiction" and raw not in places:
            problems[f.name] = Message(
                "'%(value)s' is not a place in the knowledge base.", value=raw
            )
        else:
            values[f.name] = raw
    return values, problems


REVIEW_MONTHS = 12  # an entry not reviewed for this long is due (bot/admin/entries.py too)


def review_due(entry: Any, today: Optional[dt.date] = None, months: int = REVIEW_MONTHS) -> bool:
    """True when the entry was last reviewed more than ``months`` ago."""
    today = today or dt.date.today()
    return entry.last_reviewed is None or (today - entry.last_reviewed).days > months * 30.5
