"""Renders a recommendation as readable text for channels that show no cards, in the
conversation's language (the labels: language/labels.yml)."""

from __future__ import annotations

from typing import Dict, List, Optional

from knowledge.notice import Notice, notice_text
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
    if rec.offers:
        lines += ["", f"{heading('offers')}:"]
        lines += [f"- {offer_line(o)}" for o in rec.offers]
    if rec.sources:
        lines += ["", f"{heading('sources')}: " + "; ".join(s["title"] for s in rec.sources)]
    if rec.note:  # parts shown in English, said in the reader's language
        lines += ["", rec.note]
    return "\n".join(lines)


def offer_line(offer: Dict[str, Optional[str]]) -> str:
    """One local offer on one line: what it is, what it does, where to find it."""
    parts = [offer["title"], offer.get("description"), offer.get("url")]
    return " — ".join(p for p in parts if p)


def contact_line(contact: Dict[str, Optional[str]], language: Optional[str] = None) -> str:
    """One contact on one line: name (role): phone, e-mail, web address."""
    role = label("roles", contact.get("role"), language)
    reach: List[str] = [
        v for v in (contact.get("phone"), contact.get("email"), contact.get("url")) if v
    ]
    return f"{contact['name']} ({role})" + (f": {', '.join(reach)}" if reach else "")


def notice_message_text(notice: Notice) -> str:
    """A drafted notice as plain text, for channels that show no notice of their own
    (Telegram and the REST channel): how to use it, the notice with its placeholders, the
    platform's forms, the reporting points and what happens next."""
    language = notice.language

    def words(key: str) -> str:
        return label("notice", key, language)

    lines = [notice.title, "", words("intro_text"), "", notice_text(notice), "", notice.hint]
    for platform in notice.platforms:
        lines += ["", platform["name"]]
        lines += [
            f"- {words(key)}: {platform[key]}"
            for key in ("notice_url", "in_app", "dsa_contact")
            if platform.get(key)
        ]
    if notice.reporting_points:
        lines += ["", f"{words('reporting_points')}:"]
        lines += [f"- {contact_line(c, language)}" for c in notice.reporting_points]
    if notice.next:
        lines += ["", f"{words('next')}: {notice.next}"]
    if notice.note:
        lines += ["", notice.note]
    return "\n".join(lines)
