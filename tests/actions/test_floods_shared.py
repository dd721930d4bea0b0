"""Issue 12 / review finding 1: with REDIS_URL, several action servers remember floods
together (on the Redis these machines run; skipped where none is reachable)."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from actions import floods
from tests.conftest import REDIS_URL, redis_reachable

pytestmark = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def shared(monkeypatch):
    """Two action servers' memories on one Redis, under a kind of this test's own."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    kind = f"test-{secrets.token_hex(4)}"
    key = secrets.token_bytes(32)
    yield client, kind, key
    for name in client.scan_iter(match=f"{floods.PREFIX}{kind}*"):
        client.delete(name)
    client.close()


def test_a_referral_sent_through_one_server_is_known_to_the_other(shared):
    client, kind, key = shared
    first, second = (floods.SharedOncePerDay(client, key, kind) for _ in range(2))
    assert not second.seen("web-conversation-1")
    first.add("web-conversation-1")
    assert second.seen("web-conversation-1") and not second.seen("web-conversation-2")
    [name] = list(client.scan_iter(match=f"{floods.PREFIX}{kind}*"))
    assert b"conversation" not in b"".join(client.smembers(name))  # only keyed hashes
    assert 0 < client.ttl(name) <= 2 * 86400


def test_tomorrow_starts_afresh(shared):
    client, kind, key = shared
    day = [dt.date(2026, 12, 1)]
    memory = floods.SharedOncePerDay(client, key, kind, today=lambda: day[0])
    memory.add("web-1", "report")
    assert memory.seen("web-1", "report")
    day[0] += dt.timedelta(days=1)
    assert not memory.seen("web-1", "report")


def test_an_inbox_counts_referrals_from_every_server_within_the_hour(shared):
    client, kind, _ = shared
    now = [dt.datetime(2026, 12, 1, 14, 5)]
    servers = [floods.SharedPerHour(client, kind, now=lambda: now[0]) for _ in range(2)]
    for n in range(3):
        servers[n % 2].add("DE:beispielstadt")
    assert servers[0]["DE:beispielstadt"] == servers[1]["DE:beispielstadt"] == 3
    assert servers[1]["AT:musterstadt"] == 0
    now[0] = dt.datetime(2026, 12, 1, 15, 0)
    assert servers[0]["DE:beispielstadt"] == 0


def test_use_redis_shares_the_modules_memories_between_servers_with_one_secret(monkeypatch):
    for name in ("REFERRED", "COUNTED", "REFERRALS_THIS_HOUR"):
        monkeypatch.setattr(floods, name, getattr(floods, name))  # undone after
    secret = secrets.token_bytes(16)
    floods.use_redis(REDIS_URL, secret)
    one = floods.REFERRED
    floods.use_redis(REDIS_URL, secret)
    conversation = f"web-{secrets.token_hex(8)}"
    one.add(conversation)
    assert floods.REFERRED.seen(conversation)
    floods.use_redis(REDIS_URL, secrets.token_bytes(16))  # another deployment's secret
    assert not floods.REFERRED.seen(conversation)
