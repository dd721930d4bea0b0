"""The knowledge base's category words as something to search answers with.

Each vocabulary term gives a category (``slot``, ``value``) its words in one language:
``synonyms`` are specific enough to count anywhere in a message ("on TikTok",
"Hakenkreuz"); ``answer_words`` count only in the reply to that very question ("yes",
"group"). Words are searched in every language at once, as whole words, with the usual
plural and case endings ("Schüler" finds "Schülern"), and, in a reply to the question,
with small typos ("instagarm").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

from rapidfuzz import fuzz, process

from language.reader.text import clean, words

SHORT = 3  # words this short get no endings and no typo tolerance ("no", "ja", "x")
# endings a longer word may carry beyond the form written in the vocabulary
_ENDING = rf"(?:(?<=\w{{{SHORT + 1}}})(?:s|es|e|en|n|er|ern|x))?"
TYPO_CUTOFF = 86
TYPO_MIN_LENGTH = 5
LETTER_ANSWER_WORDS = 3  # the longest answer in which a one-letter word ("x") counts


@dataclass(frozen=True)
class Match:
    """A category word found in an answer, and where."""

    value: str
    start: int
    end: int
    phrase: str
    specific: bool


@dataclass(frozen=True)
class _Phrase:
    text: str
    value: str
    specific: bool


class Lexicon:
    """The vocabulary of every slot, ready to search cleaned answers."""

    def __init__(self, entries: Iterable[Tuple[str, str, str, bool]]):
        """``entries``: (slot, value, phrase as written, specific)."""
        by_slot: Dict[str, Dict[str, _Phrase]] = {}
        for slot, value, phrase, specific in entries:
            cleaned = _key(clean(phrase))
            if not cleaned:
                continue
            known = by_slot.setdefault(slot, {}).get(cleaned)
            # the same words as a specific and as an answer word: specific wins
            if known is None or (specific and not known.specific):
                by_slot[slot][cleaned] = _Phrase(cleaned, value, specific)
        self._phrases = by_slot
        self._patterns = {
            (slot, asked): _pattern(p.text for p in phrases.values() if p.specific or asked)
            for slot, phrases in by_slot.items()
            for asked in (True, False)
        }

    def slots(self) -> List[str]:
        return list(self._phrases)

    def values(self, slot: str) -> set:
        return {p.value for p in self._phrases.get(slot, {}).values()}

    def find(self, cleaned: str, slot: str, *, asked: bool) -> List[Match]:
        """Every category word of ``slot`` in ``cleaned``, longest first at each place;
        answer words only when the answer replies to this slot's question."""
        pattern = self._patterns.get((slot, asked))
        if pattern is None:
            return []
        phrases = self._phrases[slot]
        short = len(words(cleaned)) <= LETTER_ANSWER_WORDS
        candidates = [
            Match(
                phrases[_key(m.group(2))].value,
                m.start(),
                m.end(1),
                m.group(2),
                phrases[_key(m.group(2))].specific,
            )
            for m in pattern.finditer(cleaned)
            # a word of one letter ("x") is an answer only in a short one: "on x", not
            # "<img src=x onerror=...>" or five thousand x's
            if len(m.group(2)) > 1 or short
        ]
        # the longest words win wherever they start ("an account I don't know" over "an
        # account"), then the rest that do not overlap them
        chosen: List[Match] = []
        for match in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def near_miss(self, cleaned: str, slot: str) -> Optional[Match]:
        """A typo of one of ``slot``'s longer words ("instagarm", "hate spech")."""
        phrases = {
            text: p
            for text, p in self._phrases.get(slot, {}).items()
            if len(text) >= TYPO_MIN_LENGTH
        }
        if not phrases:
            return None
        tokens = words(cleaned)
        candidates = [" ".join(tokens)] + [
            " ".join(tokens[i : i + n]) for n in (2, 1) for i in range(len(tokens) - n + 1)
        ]
        for candidate in candidates:
            if len(candidate) < TYPO_MIN_LENGTH:
                continue
            best = process.extractOne(
                candidate, list(phrases), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
            )
            if best:
                phrase = phrases[best[0]]
                start = cleaned.find(candidate)
                return Match(phrase.value, start, start + len(candidate), phrase.text, False)
        return None


def _key(phrase: str) -> str:
    """A phrase with hyphens as spaces: "flat-earth" is "flat earth", both ways."""
    return " ".join(phrase.replace("-", " ").split())


def _pattern(phrases: Iterable[str]) -> Optional[re.Pattern]:
    """One alternation of ``phrases`` as whole words, longest first; a phrase of more than
    ``SHORT`` letters may carry an ending. Group 1 is the whole match, group 2 the phrase
    as written."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(re.escape(p).replace("\\ ", "[ -]") for p in ordered)
    # a lookahead finds the longest phrase at every start, overlapping ones included
    return re.compile(rf"(?<!\w)(?=(({body}){_ENDING})(?!\w))")


@lru_cache(maxsize=8)
def cached(entries: Tuple[Tuple[str, str, str, bool], ...]) -> Lexicon:
    """The lexicon for one state of the vocabulary (rebuilt only when a word changed)."""
    return Lexicon(entries)
