"""Matching what people type against known phrases: normalising, whole-phrase search, typos.

One place for the matching rules shared by categories, places and the glossary.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Optional, Tuple, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")

MAX_INPUT = 2000  # the widget's limit: longer input is cut, never rejected
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s()'/.-]+")
MAX_PHRASE_WORDS = 6  # the most words a place, symbol or category name runs to
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise(text: Optional[str]) -> str:
    """Lower case, no emoji or markup characters, single spaces, at most MAX_INPUT chars."""
    text = (text or "")[:MAX_INPUT].lower()
    text = _NOT_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip(" .'-/")


def fold(text: str) -> str:
    """``normalise`` without accents: "Köln" and "Koln" meet ("Koeln" too, see ``variants``)."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def variants(name: str) -> set:
    """The spellings of ``name`` people type: as written, without accents, German umlauts as ae."""
    base = normalise(name)
    spellings = {base, fold(name), normalise(base.translate(_GERMAN))}
    return {v for s in spellings for v in (s, s.replace("-", " ")) if v}


def find_phrase(text: str, phrases: Dict[str, T]) -> Optional[Tuple[str, T]]:
    """The longest of ``phrases`` (normalised keys) standing as whole words in ``text``."""
    found = find_phrases(text, phrases)
    return found[0] if found else None


def find_phrases(text: str, phrases: Dict[str, T]) -> List[Tuple[str, T]]:
    """Every one of ``phrases`` standing as whole words in ``text``, longest first.

    Looks up the text's runs of up to ``MAX_PHRASE_WORDS`` words, so a pasted paragraph
    costs a few thousand lookups, whatever the size of ``phrases``.
    """
    tokens = [t.strip(".'()/") for t in fold(text).replace("-", " ").split()]
    found = {}
    for start in range(len(tokens)):
        for end in range(start + 1, min(start + MAX_PHRASE_WORDS, len(tokens)) + 1):
            phrase = " ".join(tokens[start:end])
            if phrase in phrases:
                found.setdefault(phrase, phrases[phrase])
    return sorted(found.items(), key=lambda item: len(item[0]), reverse=True)


def fuzzy_lookup(
    text: str, phrases: Dict[str, T], *, cutoff: float = 85, min_length: int = 4
) -> Optional[Tuple[str, T]]:
    """The phrase closest to ``text`` when it is a near miss (a typo), else None."""
    query = fold(text)
    if len(query) < min_length:
        return None
    choices = [p for p in phrases if len(p) >= min_length]
    found = process.extractOne(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
    return (found[0], phrases[found[0]]) if found else None


def fuzzy_words(
    text: str, phrases: Dict[str, T], *, cutoff: float = 85, min_length: int = 5
) -> Optional[Tuple[str, T]]:
    """A near miss for one of ``text``'s longer words ("on instagarm" finds Instagram)."""
    for word in sorted(fold(text).split(), key=len, reverse=True):
        if len(word) >= min_length:
            found = fuzzy_lookup(word, phrases, cutoff=cutoff, min_length=min_length)
            if found:
                return found
    return None


def index(pairs: Iterable[Tuple[str, T]]) -> Dict[str, T]:
    """A phrase index keyed by every folded variant; the first value given for a phrase wins."""
    result: Dict[str, T] = {}
    for phrase, value in pairs:
        for variant in variants(phrase):
            result.setdefault(variant, value)
    return result
