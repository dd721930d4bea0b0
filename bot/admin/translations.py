"""An entry's translations beside its English, and saving one language of them on behalf
of a signed-in user: the same role check as the entry's own fields, recorded in the audit
log (kind ``translations``, key ``<kind>/<entry>/<language>``) so it can be reverted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.admin import entries
from bot.admin.accounts import SignedIn, now
from bot.admin.kinds import KINDS, Kind, key_of
from knowledge.messages import N_
from knowledge.models import AuditEntry
from knowledge.translations import (
    LIST_FIELDS,
    OTHER_LANGUAGES,
    TRANSLATED,
    has_text,
    localise,
    set_translation,
)

AUDIT_KIND = "translations"
LANGUAGE_NAMES = {"de": N_("German"), "fr": N_("French"), "nl": N_("Dutch")}


@dataclass
class Row:
    """One field as the page shows it: the English, and its translation for the form."""

    name: str
    label: str
    english: str
    text: str
    outdated: bool
    lines: bool  # one item per line (steps)


def side_by_side(session: Session, kind: Kind, entry: Any) -> List[Tuple[str, str, List[Row]]]:
    """(language, its name, rows) for every language, for fields with an English text."""
    if kind.slug not in TRANSLATED:
        return []
    names = [n for n in TRANSLATED[kind.slug] if has_text(getattr(entry, n))]
    pages = []
    for language in OTHER_LANGUAGES:
        local = localise(session, kind.slug, entry, language)
        rows = [
            Row(
                name,
                kind.field(name).label,
                _shown(getattr(entry, name)),
                _shown(local.found[name].text) if name in local.found else "",
                name in local.outdated,
                name in LIST_FIELDS,
            )
            for name in names
        ]
        pages.append((language, LANGUAGE_NAMES[language], rows))
    return pages


def save(
    session: Session,
    user: SignedIn,
    kind: Kind,
    entry: Any,
    language: str,
    form: Mapping[str, Any],
) -> None:
    """Store the submitted translations of one language, each made for the English as it
    is now (so saving clears "translation outdated"); an emptied field is removed."""
    if not entries.may_edit(user, kind, getattr(entry, "jurisdiction_key", None)):
        raise entries.NotAllowed(N_("You may not change entries of this kind for this place."))
    wanted = {
        name: _read(name, str(form.get(name, "")))
        for name in TRANSLATED[kind.slug]
        if has_text(getattr(entry, name)) and name in form
    }
    _write(session, user, kind, entry, language, wanted, "update")


def revert(session: Session, user: SignedIn, change: AuditEntry) -> Tuple[Kind, Any]:
    """Write a recorded translation change's ``before`` back (as a new change)."""
    slug, key, language = change.entry_key.split("/")
    kind = KINDS[slug]
    entry = entries.get(session, kind, key)
    if entry is None:
        raise entries.NotAllowed(N_("The entry no longer exists."))
    if not entries.may_edit(user, kind, getattr(entry, "jurisdiction_key", None)):
        raise entries.NotAllowed(N_("You may not change entries of this kind for this place."))
    _write(session, user, kind, entry, language, dict(change.before or {}), "revert")
    return kind, entry


def history(session: Session, kind: Kind, entry: Any) -> List[AuditEntry]:
    """The recorded changes of the entry's translations, newest first."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.kind == AUDIT_KIND,
                AuditEntry.entry_key.like(f"{kind.slug}/{key_of(kind, entry)}/%"),
            )
            .order_by(AuditEntry.id.desc())
            .limit(10)
        )
    )


def _write(session, user, kind: Kind, entry, language: str, wanted: Dict[str, Any], action):
    if language not in OTHER_LANGUAGES:
        raise entries.NotAllowed(N_("There is no such language."))
    local = localise(session, kind.slug, entry, language)
    before = {name: _text(local.found.get(name)) for name in wanted}
    stale = [name for name in wanted if name in local.outdated]
    for name, text in wanted.items():
        if text != before[name] or name in stale:
            set_translation(session, kind.slug, entry, name, language, text)
    session.flush()
    if wanted != before or stale:
        session.add(
            AuditEntry(
                at=now(),
                actor=user.username,
                kind=AUDIT_KIND,
                entry_key=f"{kind.slug}/{key_of(kind, entry)}/{language}",
                action=action,
                before=before,
                after=wanted,
            )
        )
        session.flush()


def _read(name: str, raw: str) -> Any:
    if name in LIST_FIELDS:
        return [line.strip() for line in raw.splitlines() if line.strip()] or None
    return raw.strip() or None


def _shown(value: Any) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


def _text(translation: Optional[Any]) -> Any:
    return translation.text if translation is not None else None
