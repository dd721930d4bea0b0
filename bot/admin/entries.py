"""Reading and changing knowledge-base entries on behalf of a signed-in user.

Every change goes through here: the role check, the entry checks and the audit record
happen in one place, in the caller's transaction, so no page can skip them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.admin.accounts import SignedIn, now
from bot.admin.ids import row_id
from bot.admin.kinds import KINDS, REVIEW_MONTHS, Kind, key_of, restore_values, snapshot
from knowledge.checks import entry_problems, known_jurisdictions
from knowledge.messages import N_, Message
from knowledge.models import AuditEntry, Jurisdiction


class NotAllowed(PermissionError):
    """The signed-in user may read this but not change it."""


class Invalid(ValueError):
    """The submitted values have problems: one plain-language message per field."""

    def __init__(self, problems: Dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def may_edit(user: SignedIn, kind: Kind, jurisdiction_key: Optional[str]) -> bool:
    """Admins edit everything; a coordinator edits their own municipality's contacts,
    guidance and resources."""
    if user.is_admin:
        return True
    return kind.coordinators_edit and jurisdiction_key == user.jurisdiction_key


def place_keys(session: Session) -> List[str]:
    return list(session.scalars(select(Jurisdiction.key).order_by(Jurisdiction.key)))


def listing(session: Session, kind: Kind, query: str = "", *, retired: bool = False) -> List[Any]:
    """Entries of ``kind`` whose text fields contain ``query`` (any case), by title."""
    model = kind.model
    statement = select(model).where(model.retired.is_(retired))
    if query:
        pattern = f"%{query.lower()}%"
        statement = statement.where(
            or_(*(cast(getattr(model, name), String).ilike(pattern) for name in kind.search))
        )
    return sorted(
        session.scalars(statement), key=lambda e: (kind.title(e).lower(), key_of(kind, e))
    )


def due_for_review(session: Session) -> List[Tuple[Kind, Any]]:
    """Entries in use that were not reviewed for a year, of every kind, oldest first
    (chosen by the database: only those entries are loaded)."""
    due = [
        (kind, entry)
        for kind in KINDS.values()
        for entry in session.scalars(select(kind.model).where(_review_due(kind)))
    ]
    return sorted(due, key=lambda pair: pair[1].last_reviewed or dt.date.min)


def count_due_for_review(session: Session) -> int:
    """How many entries in use are due for review (the start page's number), counted by
    the database instead of loading every entry of every kind."""
    return sum(
        session.scalar(select(func.count()).select_from(kind.model).where(_review_due(kind)))
        for kind in KINDS.values()
    )


def _review_due(kind: Kind):
    """The SQL twin of ``kinds.review_due`` for entries in use."""
    today = dt.date.today()
    cutoff = today - dt.timedelta(days=int(REVIEW_MONTHS * 30.5))
    last = kind.model.last_reviewed
    return ~kind.model.retired & (last.is_(None) | (last < cutoff))


def get(session: Session, kind: Kind, key: str) -> Optional[Any]:
    if kind.key == "id":
        number = row_id(key)
        return session.get(kind.model, number) if number is not None else None
    return session.get(kind.model, key)


def create(session: Session, user: SignedIn, kind: Kind, values: Dict[str, Any]) -> Any:
    if not may_edit(user, kind, values.get("jurisdiction_key")):
        raise NotAllowed(N_("You may not add entries of this kind for this place."))
    _check(session, kind, values, None)
    entry = kind.model(**values, retired=False)
    session.add(entry)
    _flush(session)
    _audit(session, user, kind, entry, "create", None, snapshot(kind, entry))
    return entry


def update(session: Session, user: SignedIn, kind: Kind, entry: Any, values: Dict[str, Any]) -> Any:
    if not may_edit(user, kind, getattr(entry, "jurisdiction_key", None)) or not may_edit(
        user, kind, values.get("jurisdiction_key", getattr(entry, "jurisdiction_key", None))
    ):
        raise NotAllowed(N_("You may not change entries of this kind for this place."))
    _check(session, kind, values, entry)
    before = snapshot(kind, entry)
    for name, value in values.items():
        if not _same_choices(kind, name, getattr(entry, name), value):
            setattr(entry, name, value)
    _flush(session)
    after = snapshot(kind, entry)
    if after != before:
        _audit(session, user, kind, entry, "update", before, after)
    return entry


def _same_choices(kind: Kind, name: str, old: Any, new: Any) -> bool:
    """True when ticked boxes name the same answers as stored, in another order (the form
    lists them in a fixed order), so an unchanged entry records no change."""
    widget = next((f.widget for f in kind.fields if f.name == name), "")
    return widget in ("choices", "conditions") and sorted(old or []) == sorted(new or [])


def set_retired(session: Session, user: SignedIn, kind: Kind, entry: Any, retired: bool) -> None:
    """Retire an entry (the assistant stops using it, the history keeps it) or restore it."""
    if not may_edit(user, kind, getattr(entry, "jurisdiction_key", None)):
        raise NotAllowed(N_("You may not change entries of this kind for this place."))
    if entry.retired == retired:
        return
    before = snapshot(kind, entry)
    entry.retired = retired
    session.flush()
    _audit(
        session,
        user,
        kind,
        entry,
        "retire" if retired else "restore",
        before,
        snapshot(kind, entry),
    )


def mark_reviewed(session: Session, user: SignedIn, kind: Kind, entry: Any) -> None:
    """Record that the entry was checked today and is still right."""
    update(session, user, kind, entry, {"last_reviewed": dt.date.today()})


def revert(session: Session, user: SignedIn, change: AuditEntry) -> Any:
    """Undo one recorded change by writing its ``before`` back (a creation is retired).

    The revert is itself recorded, so it can be reverted in turn.
    """
    kind = KINDS.get(change.kind)
    if kind is None:
        raise NotAllowed(N_("This change cannot be reverted from here."))
    entry = get(session, kind, change.entry_key)
    if entry is None:
        raise NotAllowed(N_("The entry no longer exists."))
    if not may_edit(user, kind, getattr(entry, "jurisdiction_key", None)):
        raise NotAllowed(N_("You may not change entries of this kind for this place."))
    before = snapshot(kind, entry)
    if change.before is None:
        entry.retired = True
    else:
        values = restore_values(kind, change.before)
        values.pop(kind.key, None)
        if not may_edit(user, kind, values.get("jurisdiction_key")):
            raise NotAllowed(N_("The earlier version belongs to a place you may not change."))
        for name, value in values.items():
            setattr(entry, name, value)
    _flush(session)
    _audit(session, user, kind, entry, "revert", before, snapshot(kind, entry))
    return entry


def history(
    session: Session, *, kind: Optional[str] = None, key: Optional[str] = None
) -> List[AuditEntry]:
    """Recorded changes, newest first (coordinators see every change: reading is open)."""
    statement = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(200)
    if kind:
        statement = statement.where(AuditEntry.kind == kind)
    if key:
        statement = statement.where(AuditEntry.entry_key == key)
    return list(session.scalars(statement))


def _check(session: Session, kind: Kind, values: Dict[str, Any], entry: Optional[Any]) -> None:
    """The knowledge base's own entry checks (the seed and the import use the same):
    fields, phone numbers for the entry's country, references, duplicates, and for
    decision rules, rules that can never match or clash with another."""
    columns = [column.name for column in kind.model.__table__.columns]
    merged = {name: getattr(entry, name) if entry else None for name in columns}
    merged.update(values)
    if entry is None:
        merged["retired"] = False
    others = [  # retired ones too: they keep their term or key until restored
        {name: getattr(other, name) for name in columns}
        for other in session.scalars(select(kind.model))
        if entry is None or key_of(kind, other) != key_of(kind, entry)
    ]
    found = entry_problems(
        kind.slug, merged, jurisdictions=known_jurisdictions(session), others=others
    )
    problems: Dict[str, Message] = {}
    for problem in found:
        name = problem.field if problem.field in {f.name for f in kind.fields} else ""
        problems[name] = (
            Message("%(first)s %(then)s", first=problems[name], then=problem)
            if name in problems
            else problem
        )
    if problems:
        raise Invalid(problems)


def _flush(session: Session) -> None:
    """Write now, so a clash the checks could not see (another user saved the same name a
    moment before) shows as a clear message; the caller then rolls back."""
    try:
        session.flush()
    except IntegrityError:
        raise Invalid(
            {
                "": Message(
                    "This entry clashes with an existing one (same place and course, or same "
                    "name). Change it or edit the existing entry."
                )
            }
        ) from None


def _audit(session, user: SignedIn, kind: Kind, entry, action: str, before, after) -> None:
    session.add(
        AuditEntry(
            at=now(),
            actor=user.username,
            kind=kind.slug,
            entry_key=key_of(kind, entry),
            action=action,
            before=before,
            after=after,
        )
    )
    session.flush()
