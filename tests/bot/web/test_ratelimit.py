"""The token bucket (a burst, then the average rate, per key) and the limit on new
conversations (per client and overall, in sliding windows)."""

from __future__ import annotations

import pytest

from bot.channels.web.ratelimit import NewConversationLimit, RateLimiter, client_key


def test_burst_then_refill_at_the_average_rate():
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, clock=lambda: now[0])
    assert [limiter.allow("a")[0] for _ in range(3)] == [True, True, False]
    assert limiter.allow("a")[1] == 10.0
    assert limiter.allow("b")[0] is True
    now[0] = 10.0
    assert limiter.allow("a") == (True, 0.0)


def test_new_conversations_per_client_in_any_hour():
    now = [0.0]
    limit = NewConversationLimit(per_client_per_hour=3, per_minute=100, clock=lambda: now[0])
    assert [limit.allow("192.0.2.1")[0] for _ in range(3)] == [True, True, True]
    now[0] = 600.0
    assert limit.allow("192.0.2.1") == (False, 3000)  # the first one leaves the hour
    assert limit.allow("192.0.2.2") == (True, 0)  # another client is not held up
    now[0] = 3600.0
    assert limit.allow("192.0.2.1") == (True, 0)


def test_new_conversations_overall_and_a_refused_client_uses_no_one_elses_share():
    now = [0.0]
    limit = NewConversationLimit(per_client_per_hour=2, per_minute=3, clock=lambda: now[0])
    flood = [limit.allow("192.0.2.66")[0] for _ in range(50)]
    assert flood.count(True) == 2
    assert limit.allow("192.0.2.1") == (True, 0)
    assert limit.allow("192.0.2.2") == (False, 60)  # three in this minute from everyone
    now[0] = 60.0
    assert limit.allow("192.0.2.2") == (True, 0)


@pytest.mark.parametrize(
    "address, key",
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        (None, "unknown"),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_network(address, key):
    assert client_key(address) == key
