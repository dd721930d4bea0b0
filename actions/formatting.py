"""Renders a recommendation as readable text for channels that show no cards, in the
conversation's language (the labels: language/labels.yml)."""

from __future__ import annotations

from typing import Dict, List, Optional

from knowledge.recommendation import Recommendation
from language.labels import label


def recommendation_text(rec: Recommendation, language: Optional[str] = None) -> str:
    """The recommendation as plain text: what, why, by when, steps, contacts, sources."""

    def heading(key: str) -> str:
        return label("headings", key, language)

    urgency = label("urgency", rec.urgency, language)
    lines = [f"{rec.title} ({heading('urgency')}: {urgency})"]
    if rec.who_acts:
        lines.append(f"{heading('who_acts')}: {rec.who_acts}")
    lines += ["", rec.rationale, "", f"{heading('what_to_do')}:"]
    lines += [f"{n}. {step}" for n, step in enumerate(rec.steps, start=1)]
    if rec.contacts:
        lines += ["", f"{heading('contacts')}:"]
        lines += [f"- {contact_line(c, language)}" for c in rec.contacts]
    if rec.sources:
        lines += ["", f"{heading('sources')}: " + "; ".join(s["title"] for s in rec.sources)]
    if rec.note:  # parts shown in English, said in the reader's language
        lines += ["", rec.note]
    return "\n".join(lines)


def contact_line(contact: Dict[str, Optional[str]], language: Optional[str] = None) -> str:
    """One contact on one line: name (role): phone, e-mail, web address."""
    role = label("roles", contact.get("role"), language)
    reach: List[str] = [
        v for v in (contact.get("phone"), contact.get("email"), contact.get("url")) if v
    ]
    return f"{contact['name']} ({role})" + (f": {', '.join(reach)}" if reach else "")
