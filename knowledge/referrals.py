"""Anonymous referrals: the concerns practitioners chose to send their municipality's
coordinator, and the inbox states a coordinator moves them through.

A referral keeps the triage categories and an optional short note, nothing else. The note
is redacted here, where it is written, so no caller can store one in clear; the caller
owns the session and the transaction. When an inbox has taken its number for the hour, the
referrals beyond it are only counted (``hold_back``), for a notice to its coordinators.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Dict, List, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.models import Jurisdiction, Referral, ReferralHold
from knowledge.outcomes import UPSERTS
from privacy.redaction import redact

CATEGORY_KEYS = (
    "danger",
    "content_type",
    "platform",
    "illegal",
    "poster",
    "other_agencies",
    "course_of_action",
    "urgency",
)
STATUSES = ("new", "read", "closed")
NOTE_MAX_CHARS = 500
# a category value is a short slug such as "hate_speech": anything else is free text
CATEGORY_VALUE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def receiving_municipality(session: Session, key: Optional[str]) -> Optional[Jurisdiction]:
    """The municipality whose coordinator receives referrals for ``key``: the key's own
    jurisdiction when it is a municipality still in use, else None (a country or the EU
    has no coordinator inbox)."""
    jurisdiction = repository.get_jurisdiction(session, key)
    if jurisdiction is None or jurisdiction.retired or jurisdiction.level != "municipality":
        return None
    return jurisdiction


def add_referral(
    session: Session, *, jurisdiction_key: str, categories: Dict, note: str, day: dt.date
) -> Referral:
    """Store a new referral for the municipality ``jurisdiction_key``.

    Only the whitelisted category keys with slug values are kept; ``note`` is the raw text
    the practitioner typed, stored redacted and cut to ``NOTE_MAX_CHARS``.
    """
    if receiving_municipality(session, jurisdiction_key) is None:
        raise ValueError(f"{jurisdiction_key!r} is not a municipality that receives referrals")
    kept = {
        key: value
        for key, value in categories.items()
        if key in CATEGORY_KEYS and isinstance(value, str) and CATEGORY_VALUE.match(value)
    }
    # redact before cutting, so a cut never splits a phone number or address out of reach
    clean_note = redact((note or "").strip())[:NOTE_MAX_CHARS].strip()
    referral = Referral(
        jurisdiction_key=jurisdiction_key,
        received_on=day,
        categories=kept,
        note=clean_note,
        status="new",
    )
    session.add(referral)
    session.flush()
    return referral


def referrals_for(session: Session, jurisdiction_keys: Optional[List[str]]) -> List[Referral]:
    """The referrals for these municipalities (None: every municipality), newest first."""
    query = select(Referral).order_by(Referral.received_on.desc(), Referral.id.desc())
    if jurisdiction_keys is not None:
        query = query.where(Referral.jurisdiction_key.in_(jurisdiction_keys))
    return list(session.scalars(query))


def set_status(session: Session, referral_id: int, status: str) -> Optional[Referral]:
    """Move a referral to ``status`` (new, read or closed); None when there is no such one."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    referral = session.get(Referral, referral_id)
    if referral is not None:
        referral.status = status
        session.flush()
    return referral


def hold_back(session: Session, jurisdiction_key: str, now: dt.datetime) -> None:
    """Count one referral the municipality's inbox did not take in the hour of ``now``
    (in one statement, so parallel ones are all counted)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    insert = UPSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(ReferralHold)
        .values(jurisdiction_key=jurisdiction_key, hour=hour, count=1)
        .on_conflict_do_update(
            index_elements=["jurisdiction_key", "hour"],
            set_={"count": ReferralHold.count + 1},
        )
    )


def holds_for(session: Session, jurisdiction_keys: Optional[List[str]]) -> List[ReferralHold]:
    """The hours in which these municipalities' inboxes (None: all) held referrals back,
    newest first."""
    query = select(ReferralHold).order_by(ReferralHold.hour.desc(), ReferralHold.id)
    if jurisdiction_keys is not None:
        query = query.where(ReferralHold.jurisdiction_key.in_(jurisdiction_keys))
    return list(session.scalars(query))


def delete_received_before(session: Session, day: dt.date) -> int:
    """Delete every referral received before ``day``, and the notices of referrals held
    back before it (retention); how many referrals were deleted."""
    result = session.execute(delete(Referral).where(Referral.received_on < day))
    session.execute(
        delete(ReferralHold).where(ReferralHold.hour < dt.datetime.combine(day, dt.time()))
    )
    return result.rowcount or 0
