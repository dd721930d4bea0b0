"""The security log of the admin area: sign-ins, failures, throttling and account changes.

Each event says what happened, when, who acted, whom it concerns and from which address;
never a password, code or token. The caller's transaction writes it, so an event is kept
exactly when what it reports is.
"""

from __future__ import annotations

import datetime as dt
from typing import List, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.models import SECURITY_EVENTS, SecurityEvent


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def record(
    session: Session,
    event: str,
    *,
    actor: Optional[str] = None,
    subject: Optional[str] = None,
    client: Optional[str] = None,
    detail: str = "",
) -> SecurityEvent:
    """Add one event (one of ``SECURITY_EVENTS``) to the log."""
    if event not in SECURITY_EVENTS:
        raise ValueError(f"unknown security event {event!r}")
    row = SecurityEvent(
        at=_now(),
        event=event,
        actor=actor[:80] if actor else None,
        subject=subject[:120] if subject else None,
        client=client[:64] if client else None,
        detail=detail[:200],
    )
    session.add(row)
    return row


def recent(
    session: Session, *, limit: int = 200, before: Optional[int] = None
) -> List[SecurityEvent]:
    """The newest ``limit`` events (older than event ``before``, when given)."""
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(limit)
    if before is not None:
        query = query.where(SecurityEvent.id < before)
    return list(session.scalars(query))


def delete_before(session: Session, cutoff: dt.datetime) -> int:
    """Delete the events older than ``cutoff``; how many went."""
    return session.execute(
        delete(SecurityEvent)
        .where(SecurityEvent.at < cutoff)
        .execution_options(synchronize_session=False)
    ).rowcount
