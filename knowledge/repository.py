"""Read access to the knowledge base; the caller owns the session and the transaction."""

from __future__ import annotations

from typing import Iterable, List, Optional

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from knowledge import text
from knowledge.models import (
    Contact,
    DecisionRule,
    Faq,
    GlossaryEntry,
    Guidance,
    Jurisdiction,
    LegalBasis,
    Platform,
    Resource,
    VocabularyTerm,
)


def get_jurisdiction(session: Session, key: Optional[str]) -> Optional[Jurisdiction]:
    """The jurisdiction with ``key``, or None."""
    return session.get(Jurisdiction, key) if key else None


def jurisdiction_chain(session: Session, key: Optional[str]) -> List[Jurisdiction]:
    """``key``'s jurisdiction and its parents up to the EU (just the EU for an unknown key)."""
    chain: List[Jurisdiction] = []
    current = get_jurisdiction(session, key) or get_jurisdiction(session, "EU")
    while current is not None and current not in chain:
        chain.append(current)
        current = get_jurisdiction(session, current.parent_key)
    return chain


def jurisdictions(session: Session) -> List[Jurisdiction]:
    """Every jurisdiction still in use."""
    return list(session.scalars(select(Jurisdiction).where(Jurisdiction.retired.is_(False))))


def jurisdiction_names(session: Session) -> tuple:
    """Every jurisdiction still in use as plain tuples (key, name, level, parent_key,
    aliases as the JSON text the database holds): read on every answer without building
    ORM objects, so that the place resolver is rebuilt only when one changed
    (``knowledge.places.resolver_for``)."""
    rows = session.execute(
        select(
            Jurisdiction.key,
            Jurisdiction.name,
            Jurisdiction.level,
            Jurisdiction.parent_key,
            cast(Jurisdiction.aliases, Text),
        )
        .where(Jurisdiction.retired.is_(False))
        .order_by(Jurisdiction.key)
    )
    return tuple(tuple(row) for row in rows)


def reachable(contact: Contact) -> bool:
    """True when ``contact`` has a phone number, an e-mail or a web address: one without any
    is never offered to a practitioner, who could do nothing with it."""
    return any((value or "").strip() for value in (contact.phone, contact.email, contact.url))


def contacts_for(session: Session, key: Optional[str], course: str) -> List[Contact]:
    """Contacts useful for ``course`` that can be reached, nearest jurisdiction first
    (municipality, country, EU)."""
    found: List[Contact] = []
    for jurisdiction in jurisdiction_chain(session, key):
        rows = session.scalars(
            select(Contact)
            .where(Contact.jurisdiction_key == jurisdiction.key, Contact.retired.is_(False))
            .order_by(Contact.id)
        )
        found += [c for c in rows if course in (c.courses or []) and reachable(c)]
    return found


def contacts_with_roles(session: Session, key: str, roles: Iterable[str]) -> List[Contact]:
    """The contacts of one jurisdiction (not its parents) that have one of ``roles``."""
    return list(
        session.scalars(
            select(Contact)
            .where(
                Contact.jurisdiction_key == key,
                Contact.role.in_(list(roles)),
                Contact.retired.is_(False),
            )
            .order_by(Contact.id)
        )
    )


def coordinators_for(session: Session, key: Optional[str]) -> List[Contact]:
    """The coordinator contacts (that can be reached) of the nearest jurisdiction that has any."""
    for jurisdiction in jurisdiction_chain(session, key):
        rows = list(
            session.scalars(
                select(Contact).where(
                    Contact.jurisdiction_key == jurisdiction.key,
                    Contact.role == "coordinator",
                    Contact.retired.is_(False),
                )
            )
        )
        rows = [c for c in rows if reachable(c)]
        if rows:
            return rows
    return []


def guidance_for(session: Session, key: Optional[str], course: str) -> Optional[Guidance]:
    """The guidance for ``course`` of the nearest jurisdiction that has its own."""
    for jurisdiction in jurisdiction_chain(session, key):
        guidance = session.scalar(
            select(Guidance).where(
                Guidance.course_of_action == course,
                Guidance.jurisdiction_key == jurisdiction.key,
                Guidance.retired.is_(False),
            )
        )
        if guidance is not None:
            return guidance
    return None


def rules_for(session: Session, key: Optional[str]) -> List[DecisionRule]:
    """Decision rules in the order they are tried: nearest jurisdiction first, then priority."""
    ordered: List[DecisionRule] = []
    for jurisdiction in jurisdiction_chain(session, key):
        ordered += session.scalars(
            select(DecisionRule)
            .where(
                DecisionRule.jurisdiction_key == jurisdiction.key,
                DecisionRule.retired.is_(False),
            )
            .order_by(DecisionRule.priority, DecisionRule.id)
        )
    return ordered


def resources_for(session: Session, key: Optional[str], course: str) -> List[Resource]:
    """Public resources for ``course``, nearest jurisdiction first."""
    found: List[Resource] = []
    for jurisdiction in jurisdiction_chain(session, key):
        rows = session.scalars(
            select(Resource).where(
                Resource.jurisdiction_key == jurisdiction.key, Resource.retired.is_(False)
            )
        )
        found += [r for r in rows if course in (r.courses or [])]
    return found


def legal_bases_for(
    session: Session, key: Optional[str], content_types: Iterable[str]
) -> List[LegalBasis]:
    """The provisions content of ``content_types`` may break where ``key`` is: the
    nearest jurisdiction's first (a country's law before EU law), in the seed's order."""
    wanted = set(content_types)
    found: List[LegalBasis] = []
    for jurisdiction in jurisdiction_chain(session, key):
        rows = session.scalars(
            select(LegalBasis)
            .where(LegalBasis.jurisdiction_key == jurisdiction.key, LegalBasis.retired.is_(False))
            .order_by(LegalBasis.id)
        )
        found += [basis for basis in rows if wanted & set(basis.content_types or [])]
    return found


def platforms_in(session: Session, category: Optional[str]) -> List[Platform]:
    """The platforms an answer to "where did you see it?" names (a messenger may be
    several: WhatsApp, Signal ...), by name."""
    if not category:
        return []
    return list(
        session.scalars(
            select(Platform)
            .where(Platform.category == category, Platform.retired.is_(False))
            .order_by(Platform.name)
        )
    )


def faq_entry(session: Session, topic: str) -> Optional[Faq]:
    """The question and answer on ``topic``, unless retired."""
    return session.scalar(select(Faq).where(Faq.topic == topic, Faq.retired.is_(False)))


def vocabulary(session: Session) -> List[VocabularyTerm]:
    """Every category answer with its words."""
    return list(session.scalars(select(VocabularyTerm).where(VocabularyTerm.retired.is_(False))))


def vocabulary_words(session: Session) -> tuple:
    """The words of every category answer still in use, as plain tuples (slot, value,
    synonyms, answer_words) with the word lists as the JSON text the database holds: what
    the answer reader needs on every answer, read without building ORM objects or decoding
    JSON (profiled, issue 12: each was a third of the action server's time), so that the
    reader is rebuilt only when a word changed (``language.reader.reader_for``)."""
    rows = session.execute(
        select(
            VocabularyTerm.slot,
            VocabularyTerm.value,
            cast(VocabularyTerm.synonyms, Text),
            cast(VocabularyTerm.answer_words, Text),
        )
        .where(VocabularyTerm.retired.is_(False))
        .order_by(VocabularyTerm.slot, VocabularyTerm.value, VocabularyTerm.language)
    )
    return tuple(tuple(row) for row in rows)


def vocabulary_values(session: Session, slot: str) -> set:
    """The category values of ``slot`` still in use (what a button may send)."""
    query = select(VocabularyTerm.value).where(
        VocabularyTerm.slot == slot, VocabularyTerm.retired.is_(False)
    )
    return set(session.scalars(query))


def vocabulary_of(session: Session, slots: Iterable[str]) -> List[VocabularyTerm]:
    """The category answers of ``slots`` still in use (none read for no slot)."""
    slots = list(slots)
    if not slots:
        return []
    query = select(VocabularyTerm).where(
        VocabularyTerm.slot.in_(slots), VocabularyTerm.retired.is_(False)
    )
    return list(session.scalars(query))


def glossary(session: Session) -> List[GlossaryEntry]:
    """Every glossary entry still in use."""
    return list(session.scalars(select(GlossaryEntry).where(GlossaryEntry.retired.is_(False))))


def faq(session: Session) -> List[Faq]:
    """Every question and answer still in use."""
    return list(session.scalars(select(Faq).where(Faq.retired.is_(False)).order_by(Faq.id)))


def find_glossary_entry(session: Session, question: Optional[str]) -> Optional[GlossaryEntry]:
    """The entry a question is about ("what does 1488 mean?"), allowing small typos."""
    entries = glossary(session)
    phrases = text.index(
        (phrase, entry) for entry in entries for phrase in [entry.term, *entry.aliases]
    )
    if not question or not phrases:
        return None
    if text.fold(question) in phrases:
        return phrases[text.fold(question)]
    found = (
        text.find_phrase(question, phrases)
        or text.fuzzy_lookup(question, phrases)
        or text.fuzzy_words(question, phrases)
    )
    return found[1] if found else None
