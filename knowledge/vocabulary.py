"""The words to show for a triage category, in a language (reading answers is
``language.reader``'s work)."""

from __future__ import annotations

from typing import Iterable, Optional

from knowledge.models import LANGUAGES, VocabularyTerm


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
