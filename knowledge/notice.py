"""Drafts the notice a practitioner sends a platform about illegal content, with the four
elements the Digital Services Act asks of one (Art. 16(2)): (a) why the content is
illegal, from the triage and the country's provisions in the knowledge base; (b) its
exact location; (c) the notifier's name and e-mail; (d) the statement of good faith.

The location, name and e-mail are *fields*: the server only ever writes their
placeholders. The widget fills them in the browser and copies the whole notice; Telegram
shows the placeholders ("[paste the link here]"). So the link and the name never reach
Signpost. ``notice_text`` is the one rendering of the notice as text, which the widget's
copy button reproduces (``bot/channels/web/static/widget.js``, ``noticeText``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge import repository, vocabulary
from knowledge.models import CONTENT_TYPES, LANGUAGES, Jurisdiction, VocabularyTerm
from knowledge.policy import Triage
from knowledge.recommendation import localised_contact, place_name, untranslated_note
from knowledge.translations import Localised, localise
from language.labels import label

# the fields of a notice the practitioner fills in, which the server never sees filled
FIELDS = ("url", "name", "email")
REPORTING_ROLES = ("reporting_point", "police_internet_unit")
# the questions and answers the notice points on to: what comes next, and when nothing does
AFTER_REPORTING = "after_reporting"


@dataclass
class Notice:
    """A drafted notice (``parts``, in order) and what to do with it: the platform's own
    forms, the national reporting points, what happens next."""

    language: str
    title: str
    colon: str  # after a part's label, as the language writes it ("Nom :")
    intro: str
    parts: List[Dict[str, Optional[str]]]
    hint: str
    platforms: List[Dict[str, Optional[str]]] = field(default_factory=list)
    reporting_points: List[Dict[str, Optional[str]]] = field(default_factory=list)
    next: Optional[str] = None
    sources: List[Dict[str, Optional[str]]] = field(default_factory=list)
    note: Optional[str] = None  # parts shown in English: one line saying so

    def payload(self) -> dict:
        """The ``custom`` payload the channels render as a notice."""
        return {"type": "notice", **asdict(self)}


def words(key: str, language: Optional[str]) -> str:
    """One of the notice's own words (``language/labels.yml``, section ``notice``)."""
    return label("notice", key, language)


def draft_notice(session: Session, triage: Triage, language: Optional[str]) -> Notice:
    """The notice for what the triage knows (any of it may be unknown), in ``language``."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    read: List[Localised] = []

    def local(kind: str, entry) -> Localised:
        read.append(localise(session, kind, entry, language))
        return read[-1]

    chain = repository.jurisdiction_chain(session, triage.jurisdiction)
    country = next((j for j in chain if j.level == "country"), None)
    kinds = [triage.content_type] if triage.content_type in CONTENT_TYPES else []
    # content of an unknown kind: the EU-wide provisions, which hold in every country
    bases = repository.legal_bases_for(session, triage.jurisdiction if kinds else None, kinds)
    if not kinds:
        bases = repository.legal_bases_for(session, "EU", CONTENT_TYPES)
    parts = [
        {"label": None, "text": words("heading", language)},
        {"label": words("location", language), "field": "url"},
        {
            "label": words("reasons", language),
            "text": _reasons(session, triage, country, bases, local, language),
        },
        {"label": words("name", language), "field": "name"},
        {"label": words("email", language), "field": "email"},
        {"label": None, "text": words("good_faith", language)},
    ]
    for part in parts:
        if part.get("field"):
            part["placeholder"] = words(f"{part['field']}_placeholder", language)
    after = repository.faq_entry(session, AFTER_REPORTING)
    return Notice(
        language=language,
        title=words("title", language),
        colon=words("colon", language),
        intro=words("intro", language),
        parts=parts,
        hint=words("csam_hint", language),
        platforms=[
            {
                "name": platform.name,
                "notice_url": platform.notice_url,
                "in_app": local("platforms", platform).text("in_app") or None,
                "dsa_contact": platform.dsa_contact,
            }
            for platform in repository.platforms_in(session, triage.platform)
        ],
        reporting_points=[
            localised_contact(session, contact, language)
            for contact in (
                repository.contacts_with_roles(session, country.key, REPORTING_ROLES)
                if country
                else []
            )
            if repository.reachable(contact)
        ],
        next=local("faq", after).text("answer") if after is not None else None,
        sources=_sources(bases),
        note=untranslated_note(read, language),
    )


def _reasons(
    session: Session,
    triage: Triage,
    country: Optional[Jurisdiction],
    bases: list,
    local: Callable[[str, Any], Localised],
    language: str,
) -> str:
    """Element (a): the kind of content, and the provisions it may break, one a line."""
    lines = []
    if triage.content_type in CONTENT_TYPES:
        lines.append(
            words("content", language).format(
                content=content_label(session, triage.content_type, language)
            )
        )
    national = [basis for basis in bases if basis.jurisdiction_key != "EU"]
    european = [basis for basis in bases if basis.jurisdiction_key == "EU"]
    for group, heading in ((national, "law_in"), (european, "law_eu")):
        if group:
            lines.append(words(heading, language).format(place=place_name(country, language)))
            lines += [f"- {b.provision}: {local('legal_bases', b).text('summary')}" for b in group]
    lines.append(words("assess", language))
    return "\n".join(lines)


def content_label(session: Session, value: str, language: str) -> str:
    """The kind of content as the triage's buttons name it, in ``language``."""
    terms = session.scalars(select(VocabularyTerm).where(VocabularyTerm.value == value))
    return vocabulary.label(terms, "content_type", value, language=language)


def _sources(bases: list) -> List[Dict[str, Optional[str]]]:
    seen, sources = set(), []
    for basis in bases:
        if basis.source not in seen:
            seen.add(basis.source)
            sources.append({"title": basis.source, "url": basis.source_url})
    return sources


def notice_text(notice: Notice, filled: Mapping[str, str] = {}) -> str:
    """The notice as the practitioner sends it: each part on its own lines, a field's
    ``filled`` value or else its placeholder."""
    blocks = []
    for part in notice.parts:
        if part.get("field"):
            value = (filled.get(part["field"]) or "").strip() or part["placeholder"]
            blocks.append(f"{part['label']}{notice.colon} {value}")
        elif part.get("label"):
            blocks.append(f"{part['label']}{notice.colon}\n{part['text']}")
        else:
            blocks.append(part["text"])
    return "\n\n".join(blocks)
