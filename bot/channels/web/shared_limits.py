"""The chat API's rate limits kept in Redis (``REDIS_URL``), so every instance of the web
front counts together: the same limits as bot/channels/web/ratelimit.py (a token bucket
per conversation, sliding windows for new conversations), each check one atomic Lua
script.

Redis sees no address or conversation id: keys are keyed hashes (privacy/pseudonyms.py),
and every key expires once its window has passed.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Optional, Tuple

from bot.channels.web.ratelimit import client_key
from privacy.pseudonyms import pseudonym

PREFIX = "signpost:limit:"

# KEYS[1]: the bucket. ARGV: now, per_minute, burst. Returns {allowed, wait} (wait as text).
TOKEN_BUCKET = """
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]) / 60.0, tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local allowed, wait = 1, 0
if tokens < 1 then allowed, wait = 0, (1 - tokens) / rate else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return {allowed, tostring(wait)}
"""

# KEYS[1]: one client's window, KEYS[2]: everyone's. ARGV: now, client limit, client
# window, everyone's limit, everyone's window, a unique member. Counts only starts let through.
SLIDING_WINDOWS = """
local now = tonumber(ARGV[1])
local function wait(key, limit, window)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) < limit then return 0 end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
local w = math.max(wait(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[3])),
                   wait(KEYS[2], tonumber(ARGV[4]), tonumber(ARGV[5])))
if w > 0 then return tostring(w) end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[3])))
redis.call('ZADD', KEYS[2], now, ARGV[6])
redis.call('EXPIRE', KEYS[2], math.ceil(tonumber(ARGV[5])))
return '0'
"""


def connect(url: str):
    """An asyncio Redis client for ``url`` (redis-py, installed with Rasa)."""
    from redis import asyncio as redis

    return redis.from_url(url)


@dataclass
class _SharedLimit:
    """What both limits share: the Redis client, the key that hashes what they count, and
    their Lua script, registered on first use."""

    redis: object
    secret: bytes

    def __post_init__(self) -> None:
        self._scripts: dict = {}

    def _hashed(self, prefix: str, kind: str, value: str) -> str:
        return prefix + pseudonym(self.secret, kind, value)

    async def _run(self, source: str, keys: list, args: list):
        if source not in self._scripts:
            self._scripts[source] = self.redis.register_script(source)
        return await self._scripts[source](keys=keys, args=args)


@dataclass
class SharedRateLimiter(_SharedLimit):
    """Messages per conversation (``burst`` at once, ``per_minute`` on average), counted
    by every front together."""

    per_minute: float = 20.0
    burst: int = 8
    clock: Callable[[], float] = time.time
    prefix: str = PREFIX

    async def check(self, key: str) -> Tuple[bool, float]:
        """(allowed, seconds to wait before the next message is allowed)."""
        allowed, wait = await self._run(
            TOKEN_BUCKET,
            keys=[self._hashed(self.prefix, "bucket", key)],
            args=[repr(self.clock()), self.per_minute, self.burst],
        )
        return bool(int(allowed)), float(wait)


@dataclass
class SharedNewConversationLimit(_SharedLimit):
    """New conversations per client address in any hour and from everyone in any minute,
    counted by every front together."""

    per_client_per_hour: int = 60
    per_minute: int = 120
    clock: Callable[[], float] = time.time
    prefix: str = PREFIX

    async def check(self, address: Optional[str]) -> Tuple[bool, int]:
        """(allowed, whole seconds to wait before trying again) for a client at ``address``."""
        now = self.clock()
        wait = float(
            await self._run(
                SLIDING_WINDOWS,
                keys=[
                    self._hashed(self.prefix, "client", client_key(address)),
                    self.prefix + "everyone",
                ],
                args=[repr(now), self.per_client_per_hour, 3600, self.per_minute, 60, _member(now)],
            )
        )
        if wait > 0:
            return False, max(1, math.ceil(wait))
        return True, 0


def _member(now: float) -> str:
    """A member unique to this start, so two starts in the same instant both count."""
    import secrets

    return f"{now!r}:{secrets.token_hex(6)}"
