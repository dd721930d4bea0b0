"""What the action server remembers so that a flood of conversations can neither fill a
coordinator's inbox nor inflate the counts: which conversations sent a referral or had an
outcome counted today, and how many referrals each municipality's inbox took this hour.

By default it is kept in this process's memory only, never stored: conversations as keyed
hashes (with a key made at start and kept nowhere), municipalities as counts. A restart
forgets it, which at worst lets a conversation send or count once more. With several
action servers (``REDIS_URL``, the production profile) it is kept in Redis instead, shared
by all of them: keyed hashes under a key derived from the server's secret, counts per
hour, every key expiring when its day or hour is over (``use_redis``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
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
        return _keyed(self._key, parts)


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


class SharedOncePerDay:
    """``OncePerDay`` in Redis, for several action servers: a set per kind and day."""

    def __init__(self, redis, key: bytes, kind: str, today=dt.date.today) -> None:
        self._redis, self._key, self._kind, self._today = redis, key, kind, today

    def seen(self, *parts: str) -> bool:
        return bool(self._redis.sismember(self._set(), self._digest(parts)))

    def add(self, *parts: str) -> None:
        name = self._set()
        self._redis.pipeline().sadd(name, self._digest(parts)).expire(name, 2 * 86400).execute()

    def _set(self) -> str:
        return f"{PREFIX}{self._kind}:{self._today().isoformat()}"

    def _digest(self, parts: tuple) -> bytes:
        return _keyed(self._key, parts)


class SharedPerHour:
    """``PerHour`` in Redis, for several action servers: a counter per key and hour."""

    def __init__(self, redis, kind: str, now=dt.datetime.now) -> None:
        self._redis, self._kind, self._now = redis, kind, now

    def __getitem__(self, key: str) -> int:
        return int(self._redis.get(self._name(key)) or 0)

    def add(self, key: str) -> None:
        name = self._name(key)
        self._redis.pipeline().incr(name).expire(name, 2 * 3600).execute()

    def _name(self, key: str) -> str:
        return f"{PREFIX}{self._kind}:{self._now().strftime('%Y-%m-%dT%H')}:{key}"


PREFIX = "signpost:floods:"


def _keyed(key: bytes, parts: tuple) -> bytes:
    """A keyed hash of what happened (a conversation and what): nothing readable is kept."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.blake2b(text.encode(), key=key, digest_size=16).digest()


def use_redis(url: str, secret: bytes) -> None:
    """Keep what this module remembers in the Redis at ``url``, shared by every action
    server whose ``secret`` is the same (called at start when ``REDIS_URL`` is set)."""
    import redis

    client = redis.Redis.from_url(url)
    key = hmac.new(secret, b"floods", hashlib.sha256).digest()[:32]
    global REFERRED, COUNTED, REFERRALS_THIS_HOUR
    REFERRED = SharedOncePerDay(client, key, "referred")
    COUNTED = SharedOncePerDay(client, key, "counted")
    REFERRALS_THIS_HOUR = SharedPerHour(client, "referrals")
