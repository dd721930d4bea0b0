"""Builds a recommendation from the triage answers: course, urgency, steps, contacts, sources.

Everything comes from the knowledge base at answer time, so an edited contact or
rule shows in the very next answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.models import Contact, Jurisdiction
from knowledge.policy import Triage, decide

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

    def payload(self) -> dict:
        """The ``custom`` payload the channels render as a recommendation card."""
        return {"type": "recommendation", **asdict(self)}


def recommend(session: Session, triage: Triage) -> Recommendation:
    """The recommendation the decision policy gives for ``triage``."""
    rule = decide(repository.rules_for(session, triage.jurisdiction), triage)
    course = rule.course_of_action
    guidance = repository.guidance_for(session, triage.jurisdiction, course)
    chain = repository.jurisdiction_chain(session, triage.jurisdiction)
    steps = list(guidance.steps) if guidance else []
    sources = [_source(rule.source, rule.source_url)]
    if guidance is not None:
        sources.append(_source(guidance.source, guidance.source_url))
    contacts = emergency_contacts(chain) if course == "emergency" else []
    for extra in [course, *(rule.also or [])]:
        extra_guidance = repository.guidance_for(session, triage.jurisdiction, extra)
        if extra != course and extra_guidance is not None:
            steps.append(f"Also: {extra_guidance.title}. {extra_guidance.summary}")
        for contact in repository.contacts_for(session, triage.jurisdiction, extra):
            contacts.append(contact_dict(contact))
    if {course, *(rule.also or [])} & COORDINATOR_COURSES and not any(
        c["role"] == "coordinator" for c in contacts
    ):
        place = chain[0].name if chain and chain[0].level != "eu" else "your area"
        steps.append(
            f"Signpost does not know the local P/CVE coordinator for {place} yet: ask your "
            "municipality's prevention, youth or safeguarding office who it is."
        )
    return Recommendation(
        course_of_action=course,
        urgency=rule.urgency,
        title=guidance.title if guidance else course,
        summary=guidance.summary if guidance else "",
        rationale=rule.rationale,
        who_acts=guidance.who_acts if guidance else "",
        steps=steps,
        contacts=_unique(contacts),
        sources=_unique(sources),
        also=list(rule.also or []),
        jurisdiction=chain[0].key if chain else None,
        jurisdiction_name=chain[0].name if chain else None,
    )


def emergency_contacts(chain: List[Jurisdiction]) -> List[Dict[str, Optional[str]]]:
    """112 and, where the knowledge base knows it, the national police number."""
    nearest = chain[0] if chain else None
    contacts = [
        {
            "name": "Emergency number 112",
            "role": "emergency",
            "phone": (nearest.emergency_number if nearest else None) or "112",
            "email": None,
            "url": None,
            "jurisdiction": nearest.key if nearest else "EU",
        }
    ]
    for jurisdiction in chain:
        if jurisdiction.level != "country":
            continue  # police numbers are national
        if jurisdiction.police_number and jurisdiction.police_number != contacts[0]["phone"]:
            contacts.append(
                {
                    "name": f"Police ({jurisdiction.name})",
                    "role": "police",
                    "phone": jurisdiction.police_number,
                    "email": None,
                    "url": None,
                    "jurisdiction": jurisdiction.key,
                }
            )
            break
    return contacts


def contact_dict(contact: Contact) -> Dict[str, Optional[str]]:
    """A contact as the payload carries it."""
    return {
        "name": contact.name,
        "role": contact.role,
        "phone": contact.phone,
        "email": contact.email,
        "url": contact.url,
        "jurisdiction": contact.jurisdiction_key,
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
