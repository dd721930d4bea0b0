"""actions/floods.py: what the action server remembers against floods, and for how long."""

from __future__ import annotations

import datetime as dt

from actions.floods import OncePerDay, PerHour


def test_once_per_day_remembers_until_midnight():
    day = [dt.date(2026, 12, 4)]
    once = OncePerDay(lambda: day[0])
    once.add("web-1", "report")
    assert once.seen("web-1", "report")
    assert not once.seen("web-1", "emergency") and not once.seen("web-2", "report")
    day[0] += dt.timedelta(days=1)
    assert not once.seen("web-1", "report")


def test_conversations_are_kept_as_keyed_hashes_only():
    once = OncePerDay()
    once.add("web-1f2e3d")
    [kept] = once._seen
    assert b"web-1f2e3d" not in kept and len(kept) == 16
    assert not OncePerDay().seen("web-1f2e3d")  # another key: nothing to match it against


def test_per_hour_counts_within_the_clock_s_hour():
    now = [dt.datetime(2026, 12, 4, 14, 5)]
    hour = PerHour(lambda: now[0])
    hour.add("DE:beispielstadt")
    hour.add("DE:beispielstadt")
    assert (hour["DE:beispielstadt"], hour["AT:musterstadt"]) == (2, 0)
    now[0] = dt.datetime(2026, 12, 4, 14, 59)
    assert hour["DE:beispielstadt"] == 2
    now[0] = dt.datetime(2026, 12, 4, 15, 0)
    assert hour["DE:beispielstadt"] == 0
