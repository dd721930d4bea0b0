"""The token bucket: a burst, then the average rate, per key."""

from __future__ import annotations

from bot.web.ratelimit import RateLimiter


def test_burst_then_refill_at_the_average_rate():
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, clock=lambda: now[0])
    assert [limiter.allow("a")[0] for _ in range(3)] == [True, True, False]
    assert limiter.allow("a")[1] == 10.0
    assert limiter.allow("b")[0] is True
    now[0] = 10.0
    assert limiter.allow("a") == (True, 0.0)
