"""Counts triage outcomes per week for the coordinators' insights: one counter per kind.

Only the week, the jurisdiction and the categories are kept, never a conversation or a
time of day, so a counter row says how often something happened, not to whom.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from knowledge.models import TriageCount

UNKNOWN = "unknown"
COUNTER_KEYS = ("week", "jurisdiction_key", "course_of_action", "content_type", "platform")
# Both dialects add one to the existing row in the same statement, so concurrent
# recordings never lose a count (no read-modify-write race).
UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week: the only date a counter keeps."""
    return day - dt.timedelta(days=day.weekday())


def record_outcome(
    session: Session,
    *,
    jurisdiction_key: str,
    course_of_action: str,
    content_type: Optional[str],
    platform: Optional[str],
    day: dt.date,
) -> None:
    """Add one to the week's counter for this outcome (creating it at 1 if it is new).

    A content type or platform that was not asked (the danger override) counts as
    ``"unknown"``. A datetime is cut to its date, so no time of day is ever stored.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    dialect = session.get_bind().dialect.name
    if dialect not in UPSERTS:
        raise ValueError(f"Triage counts need PostgreSQL or SQLite, not {dialect}")
    statement = UPSERTS[dialect](TriageCount).values(
        week=week_of(day),
        jurisdiction_key=jurisdiction_key,
        course_of_action=course_of_action,
        content_type=content_type or UNKNOWN,
        platform=platform or UNKNOWN,
        count=1,
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=list(COUNTER_KEYS),
            set_={"count": TriageCount.count + 1},
        )
    )
