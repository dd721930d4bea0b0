"""Reading what practitioners type: answers to the triage's questions, in four languages.

``reader_for(session)`` gives the reader for the knowledge base's current vocabulary and
places; ``language.reader.reader`` says how an answer is read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from types import SimpleNamespace
from typing import Tuple

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.places import resolver_for
from language.reader.classifier import trained
from language.reader.lexicon import Lexicon, cached
from language.reader.reader import (
    CATEGORY_SLOTS,
    GUESSED,
    PLACE_SLOT,
    UNSURE,
    YES_NO_SLOTS,
    AnswerReader,
    Reading,
    entries,
)

__all__ = [
    "CATEGORY_SLOTS",
    "GUESSED",
    "PLACE_SLOT",
    "UNSURE",
    "YES_NO_SLOTS",
    "AnswerReader",
    "Reading",
    "reader_for",
]


def reader_for(session: Session, *, classifier: bool = True) -> AnswerReader:
    """The reader for the knowledge base as it is now (words and places are read per
    answer, so a coordinator's edit counts at once); the classifier is trained once."""
    lexicon = lexicon_of(repository.vocabulary_words(session))
    places = resolver_for(session)
    return AnswerReader(lexicon, trained() if classifier else None, places.resolve)


@lru_cache(maxsize=8)
def lexicon_of(words: Tuple[Tuple[str, str, str, str], ...]) -> Lexicon:
    """The lexicon for the vocabulary's words as the knowledge base holds them (slot,
    value and the two word lists as JSON text): decoded and built only when a word
    changed, since the same rows give the same lexicon (profiled, issue 12: decoding and
    sorting the words on every answer was a third of the action server's time)."""
    terms = (
        SimpleNamespace(
            slot=slot,
            value=value,
            synonyms=json.loads(synonyms or "[]"),
            answer_words=json.loads(answer_words or "[]"),
        )
        for slot, value, synonyms, answer_words in words
    )
    return cached(entries(terms))
