"""Reading what practitioners type: answers to the triage's questions, in four languages.

``reader_for(session)`` gives the reader for the knowledge base's current vocabulary and
places; ``language.reader.reader`` says how an answer is read.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.places import PlaceResolver
from language.reader.classifier import trained
from language.reader.lexicon import cached
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
    lexicon = cached(entries(repository.vocabulary_words(session)))
    places = PlaceResolver(repository.jurisdictions(session))
    return AnswerReader(lexicon, trained() if classifier else None, places.resolve)
