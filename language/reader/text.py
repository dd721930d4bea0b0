"""Cleaning a typed answer into the one form every pattern and word list is written for.

Lower case; German umlauts as ae/oe/ue and ß as ss (so "Schüler", "Schueler" meet);
other accents dropped; curly apostrophes straight; letters typed three times or more
once ("nooo", "yesss"); punctuation that ends a thought as " , " so that clauses can be
told apart; at most ``MAX_INPUT`` characters (the widget's own limit).
"""

from __future__ import annotations

import re
import unicodedata
from typing import List

MAX_INPUT = 2000
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})
_STOPS = re.compile(r"[,;:!?()\[\]{}\"“”«»…]+|\.(?=\s|$)|\s[-–—]+\s")
_OTHER = re.compile(r"[^\w\s'/%.,-]+")
# a letter typed three times or more inside a word ("nooo", "yesss"), not a word that is
# one letter over and over ("xxxxx" is no "x")
_REPEATS = re.compile(r"(?<=[a-z])([a-z])\1{2,}|([a-z])\2{2,}(?=[a-z])")
_QUOTE = re.compile(r"(?<![a-z])'|'(?![a-z])")  # 'quoted', not don't or l'attaque
_SPACE = re.compile(r"\s+")
# "aus meiner 8. hat", "am 1. mai": a number's dot before a small letter is no full stop
_ORDINAL = re.compile(r"\b(\d{1,2})\.(?=\s+[a-zäöüéèàç])")
CLAUSE_MARK = ","


def clean(text: str | None) -> str:
    """The answer in the form patterns are written for (see the module docstring)."""
    text = unicodedata.normalize("NFKC", (text or "")[:MAX_INPUT]).translate(_APOSTROPHES)
    text = _ORDINAL.sub(r"\1", text)
    text = text.lower().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _STOPS.sub(f" {CLAUSE_MARK} ", text)
    text = _OTHER.sub(" ", text).replace("_", " ")
    text = _QUOTE.sub(" ", text)
    text = _REPEATS.sub(lambda m: m.group(1) or m.group(2), text)
    return _SPACE.sub(" ", text).strip(" .,'-/")


def words(cleaned: str) -> List[str]:
    """The words of a cleaned answer, without the clause marks."""
    return [w for w in cleaned.split() if w != CLAUSE_MARK]


def clauses(
    cleaned: str, breaks: re.Pattern | None = None, joins: re.Pattern | None = None
) -> List[str]:
    """The cleaned answer cut where a new thought starts: at punctuation, and before a
    word such as "but" (``breaks``); a part that opens with a word such as "dass"
    (``joins``) stays with the one before ("ich denke nicht, dass es verboten ist")."""
    if breaks is not None:
        cleaned = breaks.sub(lambda m: f" {CLAUSE_MARK} {m.group(0)}", cleaned)
    parts: List[str] = []
    for part in (_SPACE.sub(" ", p.strip()) for p in cleaned.split(CLAUSE_MARK)):
        if not part:
            continue
        if parts and joins is not None and joins.match(part):
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts
