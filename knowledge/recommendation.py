"""Builds a recommendation from the triage answers: course, urgency, steps, contacts, sources.

Everything comes from the knowledge base at answer time, so an edited contact or
rule shows in the very next answer, and in the reader's language where a translation
exists (English where none does, with a note saying so).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.models import LANGUAGES, Contact, Jurisdiction
from knowledge.policy import Triage, decide
from knowledge.translations import Localised, localise
from language.labels import country_name, label

COORDINATOR_COURSES = {"refer_coordinator", "engage"}


@dataclass
class Recommendation:
    """What to do, by when, who acts, whom to contact, and what it rests on."""

    course_of_action: str
    urgency: str
    title: str
    summary: str
    rationale: str
    who_acts: str
    steps: List[str]
    contacts: List[Dict[str, Optional[str]]]
    sources: List[Dict[str, Optional[str]]]
    also: List[str] = field(default_factory=list)
    jurisdiction: Optional[str] = None
    jurisdiction_name: Optional[str] = None
    note: Optional[str] = None  # parts shown in English: one line saying so
    # before engaging: the municipality's own offers to move the contact offline (job
    # support, sports, youth work), which its coordinator keeps as resources
    offers: List[Dict[str, Optional[str]]] = field(default_factory=list)

    def payload(self) -> dict:
        """The ``custom`` payload the channels render as a recommendation card."""
        return {"type": "recommendation", **asdict(self)}


def recommend(
    session: Session, triage: Triage, language: Optional[str] = LANGUAGES[0]
) -> Recommendation:
    """The recommendation the decision policy gives for ``triage``, in ``language``."""
    read: List[Localised] = []  # every entry the answer quotes, to notice English shown

    def local(kind: str, entry) -> Localised:
        read.append(localise(session, kind, entry, language))
        return read[-1]

    rule = decide(repository.rules_for(session, triage.jurisdiction), triage)
    course = rule.course_of_action
    found = repository.guidance_for(session, triage.jurisdiction, course)
    guidance = local("guidance", found) if found is not None else None
    chain = repository.jurisdiction_chain(session, triage.jurisdiction)
    steps = list(guidance.text("steps")) if guidance else []
    sources = [_source(rule.source, rule.source_url)]
    if found is not None:
        sources.append(_source(found.source, found.source_url))
    contacts = emergency_contacts(session, chain, language) if course == "emergency" else []
    for extra in [course, *(rule.also or [])]:
        extra_guidance = repository.guidance_for(session, triage.jurisdiction, extra)
        if extra != course and extra_guidance is not None:
            also = local("guidance", extra_guidance)
            steps.append(
                label("notes", "also", language).format(
                    title=also.text("title"), summary=also.text("summary")
                )
            )
        for contact in repository.contacts_for(session, triage.jurisdiction, extra):
            contacts.append(_shown(session, local("contacts", contact), contact))
    if {course, *(rule.also or [])} & COORDINATOR_COURSES and not any(
        c["role"] == "coordinator" for c in contacts
    ):
        steps.append(
            label("notes", "no_coordinator", language).format(place=_place(chain, language))
        )
    rationale = local("rules", rule).text("rationale")
    offers = [
        {
            "title": offer.text("title"),
            "url": offer.entry.url,
            "description": offer.text("description"),
        }
        for offer in (
            local("resources", r)
            for r in repository.resources_for(session, triage.jurisdiction, "engage")
            if "engage" in {course, *(rule.also or [])} and _local_level(chain, r)
        )
    ]
    return Recommendation(
        course_of_action=course,
        urgency=rule.urgency,
        title=guidance.text("title") if guidance else course,
        summary=guidance.text("summary") if guidance else "",
        rationale=rationale,
        who_acts=guidance.text("who_acts") if guidance else "",
        steps=steps,
        contacts=_unique(contacts),
        sources=_unique(sources),
        also=list(rule.also or []),
        jurisdiction=chain[0].key if chain else None,
        jurisdiction_name=chain[0].name if chain else None,
        note=untranslated_note(read, language),
        offers=offers,
    )


def _local_level(chain: List[Jurisdiction], resource) -> bool:
    """True for a resource of a municipality in ``chain``: an offer on the ground, not
    reading material for the whole country or the EU."""
    return any(j.key == resource.jurisdiction_key and j.level == "municipality" for j in chain)


def untranslated_note(read: List[Localised], language: Optional[str]) -> Optional[str]:
    """The reader's note that parts are shown in English, when any of ``read`` is."""
    if any(entry.untranslated for entry in read):
        return label("notes", "untranslated", language)
    return None


def _place(chain: List[Jurisdiction], language: Optional[str]) -> str:
    """The nearest place by name ("your area" for the EU), a country in ``language``."""
    if not chain or chain[0].level == "eu":
        return label("notes", "your_area", language)
    return place_name(chain[0], language)


def place_name(place: Optional[Jurisdiction], language: Optional[str]) -> Optional[str]:
    """A jurisdiction as a person names it: the EU and countries in ``language``
    ("Deutschland", "Union européenne"), a municipality by its name in the knowledge base."""
    if place is None:
        return None
    if place.level in ("eu", "country"):
        return country_name(place.key, place.name, language)
    return place.name


def emergency_contacts(
    session: Session, chain: List[Jurisdiction], language: Optional[str] = None
) -> List[Dict[str, Optional[str]]]:
    """112 and the national police number where the knowledge base knows it: the
    practitioner's country's, or while that is not known yet, those of the countries whose
    official languages include the conversation's (German: 110 in Germany, 133 in Austria)."""
    nearest = chain[0] if chain else repository.get_jurisdiction(session, "EU")
    number = (nearest.emergency_number if nearest else None) or "112"
    contacts = [
        _phone_contact(
            label("notes", "emergency_number", language).format(number=number),
            "emergency",
            number,
            nearest,
            language,
        )
    ]
    countries = [j for j in chain if j.level == "country"][:1] or _countries_speaking(
        session, language
    )
    for country in countries:
        if country.police_number and country.police_number != number:
            name = country_name(country.key, country.name, language)
            contacts.append(
                _phone_contact(
                    label("notes", "police_of", language).format(country=name),
                    "police",
                    country.police_number,
                    country,
                    language,
                )
            )
    return contacts


def _countries_speaking(session: Session, language: Optional[str]) -> List[Jurisdiction]:
    """The knowledge base's countries where ``language`` is an official language (CLDR)."""
    from babel.languages import get_official_languages

    return sorted(
        (
            j
            for j in repository.jurisdictions(session)
            if j.level == "country" and language in get_official_languages(j.key)
        ),
        key=lambda j: j.key,
    )


def _phone_contact(
    name: str, role: str, phone: str, where: Optional[Jurisdiction], language: Optional[str]
) -> Dict[str, Optional[str]]:
    return {
        "name": name,
        "role": role,
        "role_name": label("roles", role, language),
        "phone": phone,
        "email": None,
        "url": None,
        "jurisdiction": where.key if where else "EU",
        "jurisdiction_name": place_name(where, language),
        "description": None,
    }


def localised_contact(
    session: Session, contact: Contact, language: Optional[str]
) -> Dict[str, Optional[str]]:
    """``contact`` as the payload carries it, its name and description in ``language``."""
    return _shown(session, localise(session, "contacts", contact, language), contact)


def _shown(session: Session, local: Localised, contact: Contact) -> Dict[str, Optional[str]]:
    return contact_dict(
        contact,
        local.text("description"),
        local.text("name"),
        language=local.language,
        place=repository.get_jurisdiction(session, contact.jurisdiction_key),
    )


def contact_dict(
    contact: Contact,
    description: Optional[str] = None,
    name: Optional[str] = None,
    *,
    language: Optional[str] = None,
    place: Optional[Jurisdiction] = None,
) -> Dict[str, Optional[str]]:
    """A contact as the payload carries it: its codes (``role``, ``jurisdiction``) and the
    words a person reads for them (``role_name`` from language/labels.yml, the place's
    ``jurisdiction_name``), ``name`` and ``description``, all in the reader's language."""
    return {
        "name": contact.name if name is None else name,
        "role": contact.role,
        "role_name": label("roles", contact.role, language),
        "phone": contact.phone,
        "email": contact.email,
        "url": contact.url,
        "jurisdiction": contact.jurisdiction_key,
        "jurisdiction_name": place_name(place, language),
        "description": contact.description if description is None else description,
    }


def _source(title: str, url: Optional[str]) -> Dict[str, Optional[str]]:
    return {"title": title, "url": url}


def _unique(items: List[dict]) -> List[dict]:
    seen, result = set(), []
    for item in items:
        marker = tuple(sorted(item.items()))
        if marker not in seen:
            seen.add(marker)
            result.append(item)
    return result
