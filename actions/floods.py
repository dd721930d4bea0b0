"""What the action server remembers so that a flood of conversations can neither fill a
coordinator's inbox nor inflate the counts: which conversations sent a referral or had an
outcome counted today, and how many referrals each municipality's inbox took this hour.

It is kept in this process's memory only, never stored: conversations as keyed hashes
(with a key made at start and kept nowhere), municipalities as counts. A restart forgets
it, which at worst lets a conversation send or count once more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from typing import Callable, Optional, Set


class OncePerDay:
    """Which things happened today (a conversation and what), forgotten at midnight."""

    def __init__(self, today: Callable[[], dt.date] = dt.date.today) -> None:
        self._today = today
        self._key = secrets.token_bytes(32)
        self._day: Optional[dt.date] = None
        self._seen: Set[bytes] = set()

    def seen(self, *parts: str) -> bool:
        return self._digest(parts) in self._current()

    def add(self, *parts: str) -> None:
        self._current().add(self._digest(parts))

    def _current(self) -> Set[bytes]:
        today = self._today()
        if today != self._day:
            self._day, self._seen = today, set()
        return self._seen

    def _digest(self, parts: tuple) -> bytes:
        text = "\x1f".join(str(part) for part in parts)
        return hashlib.blake2b(text.encode(), key=self._key, digest_size=16).digest()


class PerHour:
    """How often each key happened in the current hour of the clock, forgotten after it."""

    def __init__(self, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self._now = now
        self._hour: Optional[dt.datetime] = None
        self._counts: Counter = Counter()

    def __getitem__(self, key: str) -> int:
        return self._current()[key]

    def add(self, key: str) -> None:
        self._current()[key] += 1

    def _current(self) -> Counter:
        hour = self._now().replace(minute=0, second=0, microsecond=0)
        if hour != self._hour:
            self._hour, self._counts = hour, Counter()
        return self._counts


# conversations that sent a referral today: one is enough, more is a flood
REFERRED = OncePerDay()
# (conversation, course of action) counted today: a repeated triage counts once
COUNTED = OncePerDay()
# referrals each municipality's inbox took this hour
REFERRALS_THIS_HOUR = PerHour()
