"""The words to show for a triage category or a course of action, in a language (reading
answers is ``language.reader``'s work)."""

from __future__ import annotations

from typing import Dict, Iterable, Optional

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.models import GUIDANCE_TOPICS, LANGUAGES, VocabularyTerm
from knowledge.translations import localise


def label(
    terms: Iterable[VocabularyTerm],
    slot: str,
    value: Optional[str],
    *,
    language: str = LANGUAGES[0],
) -> str:
    """The label of a category value in ``language``, else in English, else the value."""
    labels = {t.language: t.label for t in terms if t.slot == slot and t.value == value}
    return labels.get(language) or labels.get(LANGUAGES[0]) or value or ""


def course_names(session: Session, language: str = LANGUAGES[0]) -> Dict[str, str]:
    """Each course of action (and the self-care line) by the title of its EU-wide guidance
    in ``language`` (else in English), else by its code: the one place a course's name is
    written."""
    names = {}
    for course in GUIDANCE_TOPICS:
        guidance = repository.guidance_for(session, "EU", course)
        names[course] = (
            localise(session, "guidance", guidance, language).text("title")
            if guidance is not None
            else course
        )
    return names
