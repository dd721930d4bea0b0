"""The little grammar answers share across questions, per language: how people say "I don't
know", yes, no and "not", where a new thought starts, and the cues for other agencies and
places. It lives in ``grammar/<lang>.yml``; category words live in the knowledge base.

Answers are read with every language's grammar at once: practitioners mix languages
("nee, not illegal"), and a short answer tells too little to pick one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from knowledge.models import LANGUAGES

GRAMMAR_DIR = Path(__file__).resolve().parent / "grammar"
KINDS = (
    "doubt",
    "yes",
    "no",
    "lead",
    "negators",
    "breaks",
    "joins",
    "involvement",
    "location",
    "workplace",
    "questions",
    "posting",
    "posted_by",
    "someone_posts",
    "meaning",
    "tags",
    "sure_tags",
    "ours",
    "owned",
    "alternatives",
    "switch",
    "shown",
    "asks_what",
    "privacy",
    "which",
    "topic",
    "idioms",
    "notice_request",
)


@dataclass(frozen=True)
class Grammar:
    """One compiled pattern per kind, all languages joined."""

    doubt: re.Pattern
    yes: re.Pattern
    no: re.Pattern
    lead: re.Pattern
    negators: re.Pattern
    breaks: re.Pattern
    joins: re.Pattern
    involvement: re.Pattern
    location: re.Pattern
    workplace: re.Pattern
    questions: re.Pattern
    posting: re.Pattern
    posted_by: re.Pattern
    someone_posts: re.Pattern
    meaning: re.Pattern
    tags: re.Pattern
    sure_tags: re.Pattern
    ours: re.Pattern
    owned: re.Pattern
    alternatives: re.Pattern
    switch: re.Pattern
    shown: re.Pattern
    asks_what: re.Pattern
    privacy: re.Pattern
    which: re.Pattern
    topic: re.Pattern
    idioms: re.Pattern
    notice_request: re.Pattern


def read_patterns(language: str) -> Dict[str, List[str]]:
    """The patterns of one language's grammar file, by kind."""
    data = _file(language)
    return {kind: [str(p) for p in data.get(kind) or []] for kind in KINDS}


@cache
def _file(language: str) -> dict:
    return yaml.safe_load((GRAMMAR_DIR / f"{language}.yml").read_text(encoding="utf-8"))


def language_names() -> Dict[str, str]:
    """Every language's names for the four languages ("German", "allemand"), to the code."""
    return {
        str(name): code
        for language in LANGUAGES
        for code, names in (_file(language).get("languages") or {}).items()
        for name in names
    }


def markers() -> Dict[str, set]:
    """Each language's everyday words that no other of the four languages has."""
    own = {
        language: {str(w) for w in _file(language).get("markers") or []} for language in LANGUAGES
    }
    return {
        language: words - set().union(*(w for other, w in own.items() if other != language))
        for language, words in own.items()
    }


@lru_cache(maxsize=1)
def country_words() -> Dict[str, str]:
    """Each language's words for a country's people and language ("German", "franzoesisch",
    cleaned) to the country's code."""
    words: Dict[str, str] = {}
    for language in LANGUAGES:
        for code, names in (_file(language).get("countries") or {}).items():
            words.update({str(name): str(code) for name in names})
    return words


def negators(languages: Tuple[str, ...]) -> re.Pattern:
    """The words for "not" of ``languages`` only (Austrian "net" is Dutch "just")."""
    return own_words("negators", languages)


@cache
def own_words(kind: str, languages: Tuple[str, ...]) -> re.Pattern:
    """The patterns of ``kind`` of ``languages`` only."""
    return re.compile(
        "|".join(f"(?:{p})" for lang in languages for p in read_patterns(lang).get(kind, []))
        or r"(?!)"
    )


@cache
def grammar_for(language: str) -> Grammar:
    """The joined grammar, but with only ``language``'s and English words for "not" and
    for "or": the languages' short words collide (Dutch "noch" is German "still", German
    "net" is Dutch "just", Dutch "of" is English "of")."""
    languages = tuple(sorted({language, LANGUAGES[0]}))
    return replace(
        grammar(), negators=negators(languages), alternatives=own_words("alternatives", languages)
    )


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Every language's patterns, compiled once per kind."""
    joined: Dict[str, List[str]] = {kind: [] for kind in KINDS}
    for language in LANGUAGES:
        for kind, patterns in read_patterns(language).items():
            joined[kind] += patterns
    return Grammar(
        **{kind: re.compile("|".join(f"(?:{p})" for p in ps)) for kind, ps in joined.items()}
    )
