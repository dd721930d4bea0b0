"""A per-conversation rate limit (token bucket), so one conversation cannot flood Rasa."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Tuple


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
