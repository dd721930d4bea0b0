"""Renders a recommendation as readable text for channels that show no cards."""

from __future__ import annotations

from typing import Dict, List, Optional

from knowledge.recommendation import URGENCY_LABELS, Recommendation

ROLE_LABELS = {
    "emergency": "emergency services",
    "police": "police",
    "reporting_point": "reporting point",
    "police_internet_unit": "police internet unit",
    "counselling": "counselling",
    "coordinator": "local P/CVE coordinator",
    "safeguarding": "safeguarding",
    "police_liaison": "police liaison",
    "youth_service": "youth service",
    "eu_body": "EU body",
    "platform_reporting": "platform reporting",
}


def recommendation_text(rec: Recommendation) -> str:
    """The recommendation as plain text: what, why, by when, steps, contacts, sources."""
    lines = [f"{rec.title} (urgency: {URGENCY_LABELS.get(rec.urgency, rec.urgency)})"]
    if rec.who_acts:
        lines.append(f"Who acts: {rec.who_acts}")
    lines += ["", rec.rationale, "", "What to do:"]
    lines += [f"{n}. {step}" for n, step in enumerate(rec.steps, start=1)]
    if rec.contacts:
        lines += ["", "Contacts:"] + [f"- {contact_line(c)}" for c in rec.contacts]
    if rec.sources:
        lines += ["", "Sources: " + "; ".join(s["title"] for s in rec.sources)]
    return "\n".join(lines)


def contact_line(contact: Dict[str, Optional[str]]) -> str:
    """One contact on one line: name (role): phone, e-mail, web address."""
    role = ROLE_LABELS.get(contact.get("role") or "", contact.get("role") or "")
    reach: List[str] = [
        v for v in (contact.get("phone"), contact.get("email"), contact.get("url")) if v
    ]
    return f"{contact['name']} ({role})" + (f": {', '.join(reach)}" if reach else "")
