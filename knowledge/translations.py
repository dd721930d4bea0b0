"""Entries' texts in German, French and Dutch, stored beside the English entry; a field
without a translation is read in English, and a translation made for an English text that
has changed since is "outdated" (still used, flagged for coordinators)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import LANGUAGES, Translation

ENGLISH = LANGUAGES[0]
OTHER_LANGUAGES = LANGUAGES[1:]
# kind (seed-file stem) -> the fields a reader sees in their language, in form order
TRANSLATED = {
    "guidance": ("title", "summary", "who_acts", "steps"),
    "rules": ("rationale",),
    "contacts": ("name", "description"),
    "resources": ("title", "description"),
    "glossary": ("meaning", "ideology", "innocent_use"),
    "faq": ("answer",),
    "legal_bases": ("summary",),
    "platforms": ("in_app",),
}
LIST_FIELDS = ("steps",)


def english_hash(text: Any) -> str:
    """A fingerprint of an English field, to notice it changed after it was translated."""
    encoded = json.dumps(text, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def has_text(value: Any) -> bool:
    """True for a field with something to translate (not null, empty or an empty list)."""
    return value not in (None, "", [])


@dataclass
class Localised:
    """An entry as a reader of ``language`` sees it: translated fields where they exist,
    the English elsewhere."""

    kind: str
    entry: Any
    language: str
    found: Dict[str, Translation] = field(default_factory=dict)

    def text(self, name: str) -> Any:
        """The field in the reader's language, else in English."""
        found = self.found.get(name)
        return found.text if found is not None else getattr(self.entry, name)

    @property
    def untranslated(self) -> List[str]:
        """Fields shown in English although the reader reads another language."""
        if self.language == ENGLISH:
            return []
        return [
            name
            for name in TRANSLATED[self.kind]
            if name not in self.found and has_text(getattr(self.entry, name))
        ]

    @property
    def outdated(self) -> List[str]:
        """Translated fields whose English changed after they were translated."""
        return [name for name, found in self.found.items() if is_outdated(found, self.entry)]


def is_outdated(translation: Translation, entry: Any) -> bool:
    """True when the English field changed after ``translation`` was made."""
    return translation.english_hash != english_hash(getattr(entry, translation.field))


def localise(session: Session, kind: str, entry: Any, language: Optional[str]) -> Localised:
    """``entry`` (of ``kind``) in ``language``; a translation of a field the English no
    longer has (an innocent use removed) is not used."""
    language = language if language in OTHER_LANGUAGES else ENGLISH
    localised = Localised(kind, entry, language)
    if language != ENGLISH:
        localised.found = {
            t.field: t
            for t in translations_of(session, kind, entry.id, language)
            if has_text(getattr(entry, t.field, None))
        }
    return localised


def translations_of(
    session: Session, kind: str, entry_id: int, language: Optional[str] = None
) -> List[Translation]:
    """The stored translations of one entry (in one language, or all)."""
    statement = select(Translation).where(
        Translation.kind == kind, Translation.entry_id == entry_id
    )
    if language is not None:
        statement = statement.where(Translation.language == language)
    return list(session.scalars(statement.order_by(Translation.language, Translation.id)))


def set_translation(
    session: Session, kind: str, entry: Any, name: str, language: str, text: Any
) -> Optional[Translation]:
    """Store ``text`` as the ``language`` translation of the entry's field ``name``, made
    for its current English (an empty text removes the translation); the row, or None."""
    row = session.scalar(
        select(Translation).where(
            Translation.kind == kind,
            Translation.entry_id == entry.id,
            Translation.field == name,
            Translation.language == language,
        )
    )
    if not has_text(text):
        if row is not None:
            session.delete(row)
        return None
    if row is None:
        row = Translation(kind=kind, entry_id=entry.id, field=name, language=language)
        session.add(row)
    row.text = text
    row.english_hash = english_hash(getattr(entry, name))
    row.updated_at = now()
    return row


def now() -> dt.datetime:
    """The current time in UTC, as the database stores it (without a zone)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
