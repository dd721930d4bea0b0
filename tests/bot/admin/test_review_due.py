"""Entries due for review, chosen by the database (review finding 19: the start page no
longer loads every entry of every kind), agree with the rule on one entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from bot.admin.entries import count_due_for_review, due_for_review
from bot.admin.kinds import KINDS, review_due

AGES_IN_DAYS = [0, 365, 366, 367, 400]  # the year's edge, both sides


def test_the_database_finds_exactly_the_entries_the_rule_calls_due(session):
    today = dt.date.today()
    for kind in KINDS.values():
        entries = session.scalars(select(kind.model).where(~kind.model.retired)).all()
        for entry, age in zip(entries, AGES_IN_DAYS, strict=False):
            entry.last_reviewed = today - dt.timedelta(days=age)
    session.flush()
    expected = {
        (slug, inspect(entry).identity)
        for slug, kind in KINDS.items()
        for entry in session.scalars(select(kind.model).where(~kind.model.retired))
        if review_due(entry)
    }
    slugs = {id(kind): slug for slug, kind in KINDS.items()}
    assert {(slugs[id(k)], inspect(e).identity) for k, e in due_for_review(session)} == expected
    assert count_due_for_review(session) == len(expected) > 0
