"""knowledge/referrals.py: what a referral keeps, the inbox order, and its states."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from knowledge.models import Referral
from knowledge.referrals import (
    add_referral,
    receiving_municipality,
    referrals_for,
    set_status,
)

CATEGORIES = {
    "danger": "no",
    "content_type": "hate_speech",
    "platform": "tiktok",
    "illegal": "no",
    "poster": "known_person",
    "other_agencies": "yes",
    "course_of_action": "refer_coordinator",
    "urgency": "this_week",
}
DAY = dt.date(2026, 3, 2)


def add(session, key="DE:beispielstadt", *, note="", day=DAY, **categories):
    return add_referral(
        session,
        jurisdiction_key=key,
        categories={**CATEGORIES, **categories},
        note=note,
        day=day,
    )


def test_a_referral_keeps_the_categories_the_day_and_starts_new(session):
    referral = add(session)
    stored = session.scalars(select(Referral)).one()
    assert stored is referral
    assert (stored.jurisdiction_key, stored.received_on, stored.status, stored.note) == (
        "DE:beispielstadt",
        DAY,
        "new",
        "",
    )
    assert stored.categories == CATEGORIES


def test_only_whitelisted_keys_with_category_values_are_kept(session):
    referral = add(
        session,
        sender_id="abc123",
        jurisdiction="DE:beispielstadt",
        platform="my pupil Max posted it",
        content_type=None,
    )
    session.expire_all()
    stored = session.get(Referral, referral.id)
    expected = {k: v for k, v in CATEGORIES.items() if k not in ("platform", "content_type")}
    assert stored.categories == expected


def test_the_note_is_stored_redacted_and_cut_to_500_characters(session):
    note = "My pupil Max Mustermann (max@example.org, +49 30 1234567) worries me. " + "x" * 600
    referral = add(session, note=note)
    session.expire_all()
    stored = session.get(Referral, referral.id).note
    assert len(stored) == 500
    for planted in ("Max", "Mustermann", "max@example.org", "1234567"):
        assert planted not in stored
    assert stored.startswith("My pupil [name] ([email], [phone]) worries me.")


@pytest.mark.parametrize("key", ["DE", "EU", "nowhere"])
def test_only_a_municipality_receives_referrals(session, key):
    assert receiving_municipality(session, key) is None
    with pytest.raises(ValueError, match="not a municipality"):
        add(session, key)
    assert session.scalars(select(Referral)).all() == []


def test_a_retired_municipality_receives_none(session):
    municipality = receiving_municipality(session, "AT:musterstadt")
    assert municipality is not None and municipality.name.startswith("Musterstadt")
    municipality.retired = True
    session.flush()
    assert receiving_municipality(session, "AT:musterstadt") is None


def test_inbox_lists_newest_first_and_filters_by_municipality(session):
    old = add(session, day=dt.date(2026, 1, 5))
    other = add(session, "AT:musterstadt", day=dt.date(2026, 2, 1))
    same_day_first = add(session, day=dt.date(2026, 2, 1))
    same_day_later = add(session, day=dt.date(2026, 2, 1))
    assert referrals_for(session, None) == [same_day_later, same_day_first, other, old]
    assert referrals_for(session, ["DE:beispielstadt"]) == [same_day_later, same_day_first, old]
    assert referrals_for(session, ["AT:musterstadt", "NL:voorbeeldstad"]) == [other]
    assert referrals_for(session, []) == []


def test_status_moves_through_read_and_closed(session):
    referral = add(session)
    assert set_status(session, referral.id, "read") is referral
    session.expire_all()
    assert session.get(Referral, referral.id).status == "read"
    set_status(session, referral.id, "closed")
    session.expire_all()
    assert session.get(Referral, referral.id).status == "closed"


def test_unknown_status_or_referral(session):
    referral = add(session)
    with pytest.raises(ValueError, match="new, read, closed"):
        set_status(session, referral.id, "deleted")
    assert set_status(session, referral.id + 1000, "read") is None
    session.expire_all()
    assert session.get(Referral, referral.id).status == "new"
