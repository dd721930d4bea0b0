"""Rate limits of the chat API: messages per conversation (token bucket), so one
conversation cannot flood Rasa, and new conversations per client and overall (sliding
windows), so nobody can flood it, the coordinators' inboxes or the counts by starting
one conversation after another."""

from __future__ import annotations

import ipaddress
import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Deque, Dict, Optional, Tuple


@dataclass
class RateLimiter:
    """Allows ``burst`` messages at once and ``per_minute`` on average per key."""

    per_minute: float = 20.0
    burst: int = 8
    clock: Callable[[], float] = time.monotonic
    _buckets: Dict[str, Tuple[float, float]] = field(default_factory=dict)

    def allow(self, key: str) -> Tuple[bool, float]:
        """(allowed, seconds to wait before the next message is allowed)."""
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.per_minute / 60.0)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return False, (1.0 - tokens) * 60.0 / self.per_minute
        self._buckets[key] = (tokens - 1.0, now)
        if len(self._buckets) > 10_000:  # forget idle conversations
            self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}
        return True, 0.0

    async def check(self, key: str) -> Tuple[bool, float]:
        """The same as ``allow``, as the chat API asks every limiter (shared_limits.py)."""
        return self.allow(key)


@dataclass
class WindowLimit:
    """At most ``limit`` events per key in any ``window`` seconds (the times of the
    events in the window are kept, nothing else)."""

    limit: int
    window: float
    clock: Callable[[], float] = time.monotonic
    _times: Dict[str, Deque[float]] = field(default_factory=dict)

    def wait(self, key: str) -> float:
        """Seconds until ``key`` may have another event (0: it may now)."""
        now = self.clock()
        times = self._times.get(key)
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._times.pop(key, None)
            return 0.0
        return 0.0 if len(times) < self.limit else times[0] + self.window - now

    def record(self, key: str) -> None:
        now = self.clock()
        self._times.setdefault(key, deque()).append(now)
        if len(self._times) > 10_000:  # forget clients whose window has passed
            self._times = {k: t for k, t in self._times.items() if t[-1] > now - self.window}


@dataclass
class NewConversationLimit:
    """New conversations: at most ``per_client_per_hour`` from one client in any hour and
    ``per_minute`` from everyone together in any minute. Only conversations let through
    are counted, so a refused client uses up nobody else's share."""

    per_client_per_hour: int = 60
    per_minute: int = 120
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._clients = WindowLimit(self.per_client_per_hour, 3600.0, self.clock)
        self._everyone = WindowLimit(self.per_minute, 60.0, self.clock)

    def allow(self, address: Optional[str]) -> Tuple[bool, int]:
        """(allowed, whole seconds to wait before trying again) for a client at ``address``."""
        client = client_key(address)
        wait = max(self._clients.wait(client), self._everyone.wait(""))
        if wait > 0:
            return False, max(1, math.ceil(wait))
        self._clients.record(client)
        self._everyone.record("")
        return True, 0

    async def check(self, address: Optional[str]) -> Tuple[bool, int]:
        """The same as ``allow``, as the chat API asks every limiter (shared_limits.py)."""
        return self.allow(address)


def client_key(address: Optional[str]) -> str:
    """Whom a limit per client counts: an IPv4 address, or the /64 network of an IPv6 one
    (a household or an office is given a whole /64, so one client can have many)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
