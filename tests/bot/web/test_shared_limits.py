"""Issue 12: with REDIS_URL, every instance of the web front counts the chat API's limits
together, on the Redis these machines run (skipped where none is reachable)."""

from __future__ import annotations

import secrets
from dataclasses import replace

import pytest

from bot.channels.web import shared_limits
from bot.channels.web.app import create_app
from tests.conftest import REDIS_URL, redis_reachable

OFFICE = "198.51.100.7"


pytestmark = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
async def redis():
    client = shared_limits.connect(REDIS_URL)
    prefix = f"signpost-test:{secrets.token_hex(4)}:"
    yield client, prefix
    keys = [key async for key in client.scan_iter(match=prefix + "*")]
    if keys:
        await client.delete(*keys)
    await client.close()


async def test_two_fronts_share_one_clients_new_conversations(redis):
    client, prefix = redis
    fronts = [
        shared_limits.SharedNewConversationLimit(
            client, b"key", per_client_per_hour=3, per_minute=100, prefix=prefix
        )
        for _ in range(2)
    ]
    answers = [await fronts[n % 2].check(OFFICE) for n in range(4)]
    assert [allowed for allowed, _ in answers] == [True, True, True, False]
    assert 3590 <= answers[-1][1] <= 3600  # until the oldest start leaves the hour
    assert (await fronts[1].check("203.0.113.9"))[0]  # another client is not held back
    # an IPv6 client counts as its /64 on both fronts
    assert (await fronts[0].check("2001:db8::1"))[0]
    assert (await fronts[1].check("2001:db8::2"))[0]


async def test_everyones_limit_holds_across_fronts(redis):
    client, prefix = redis
    fronts = [
        shared_limits.SharedNewConversationLimit(
            client, b"key", per_client_per_hour=100, per_minute=4, prefix=prefix
        )
        for _ in range(2)
    ]
    allowed = [(await fronts[n % 2].check(f"203.0.113.{n}"))[0] for n in range(6)]
    assert allowed == [True] * 4 + [False] * 2


async def test_a_conversations_messages_are_counted_by_every_front(redis):
    client, prefix = redis
    now = [1000.0]
    fronts = [
        shared_limits.SharedRateLimiter(
            client, b"key", per_minute=6, burst=3, clock=lambda: now[0], prefix=prefix
        )
        for _ in range(2)
    ]
    answers = [await fronts[n % 2].check("conversation-1") for n in range(4)]
    assert [allowed for allowed, _ in answers] == [True, True, True, False]
    assert answers[-1][1] == pytest.approx(10.0)  # one message every 10 s at 6 a minute
    now[0] += 10.0
    assert (await fronts[1].check("conversation-1"))[0]
    assert (await fronts[0].check("conversation-2"))[0]


async def test_redis_holds_no_address_or_conversation_id_and_forgets(redis):
    client, prefix = redis
    starts = shared_limits.SharedNewConversationLimit(client, b"key", prefix=prefix)
    messages = shared_limits.SharedRateLimiter(client, b"key", prefix=prefix)
    await starts.check(OFFICE)
    await messages.check("web-conversation-id")
    keys = [key.decode() async for key in client.scan_iter(match=prefix + "*")]
    assert len(keys) == 3  # the client's window, everyone's, the conversation's bucket
    for key in keys:
        assert OFFICE not in key and "conversation" not in key
        assert 0 < await client.ttl(key) <= 3600
        kind = (await client.type(key)).decode()
        held = await (client.zrange(key, 0, -1) if kind == "zset" else client.hgetall(key))
        assert OFFICE not in str(held) and "conversation" not in str(held)


async def test_the_chat_api_of_two_fronts_refuses_the_third_start_with_429(
    aiohttp_client, web_settings
):
    settings = replace(web_settings, redis_url=REDIS_URL, new_conversations_per_client_per_hour=2)
    secret = secrets.token_bytes(16)  # this test's client key, apart from other runs'
    fronts = [await aiohttp_client(create_app(settings, secret=secret)) for _ in range(2)]
    statuses = [(await fronts[n % 2].post("/api/conversations")).status for n in range(3)]
    assert statuses == [201, 201, 429]
