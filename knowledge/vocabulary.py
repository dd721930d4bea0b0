"""Turns a practitioner's answer ("on insta", "a pupil of mine", "not sure") into a category."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from knowledge import text
from knowledge.models import VocabularyTerm

NEGATION = re.compile(r"\b(?:no|not|nobody|noone|none|never|neither|nor)\b|n't\b|\bdont\b")


def match_answer(
    terms: Iterable[VocabularyTerm], slot: str, answer: Optional[str], *, asked: bool
) -> Optional[str]:
    """The category value of ``slot`` that ``answer`` names, or None when it names none.

    ``asked`` says the answer replies to this slot's question, so generic words
    ("group", "code") and small typos count too; otherwise only specific phrases do.
    """
    terms = [t for t in terms if t.slot == slot and not t.retired]
    if not answer or not terms:
        return None
    values = {t.value for t in terms}
    cleaned = text.normalise(answer)
    if cleaned in values:
        return cleaned
    phrases = text.index(
        (phrase, t.value)
        for t in terms
        for phrase in list(t.synonyms) + (list(t.answer_words) if asked else [])
    )
    if text.fold(answer) in phrases:
        return phrases[text.fold(answer)]
    # a word of one or two letters ("x", "ig") counts only as the whole answer
    found = text.find_phrase(answer, {p: v for p, v in phrases.items() if len(p) >= 3})
    if found is None and asked:
        found = text.fuzzy_lookup(answer, phrases) or text.fuzzy_words(answer, phrases)
    if found and found[1] == "yes" and NEGATION.search(text.fold(answer)):
        # "nobody is in danger", "I don't think it's illegal": never read a denial as yes
        denial = text.find_phrase(answer, {p: v for p, v in phrases.items() if v == "no"})
        return denial[1] if denial else None
    return found[1] if found else None


def is_unsure(terms: Iterable[VocabularyTerm], answer: Optional[str]) -> bool:
    """True when ``answer`` is one of the ways of saying "not sure" (any question's)."""
    folded = text.fold(answer or "")
    return any(
        folded in {text.fold(w) for w in t.answer_words}
        for t in terms
        if t.value == "unsure" and not t.retired
    )


def label(terms: Iterable[VocabularyTerm], slot: str, value: Optional[str]) -> str:
    """The words to show for a category value (its label), or the value itself."""
    for term in terms:
        if term.slot == slot and term.value == value:
            return term.label
    return value or ""
