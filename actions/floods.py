"""What the action server remembers so that one conversation can neither fill a
coordinator's inbox nor inflate the counts: which conversations sent a referral or had an
outcome counted today.

It is kept in this process's memory only, never stored, as keyed hashes (with a key made
at start and kept nowhere). A restart forgets it, which at worst lets a conversation send
or count once more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
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


# conversations that sent a referral today: one is enough, more is a flood
REFERRED = OncePerDay()
# (conversation, course of action) counted today: a repeated triage counts once
COUNTED = OncePerDay()
