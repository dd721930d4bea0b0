"""The chat API: conversations, messages, history, and every refusal as a clear 4xx."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from bot.channels.web import conversations
from bot.channels.web.app import create_app
from bot.rasa.client import TIMEOUT_SECONDS
from tests.bot.web.conftest import SECRET

INTRANET = {"Origin": "https://intranet.example.org"}


async def test_a_new_conversation_gets_a_signed_unguessable_id(client):
    first = await (await client.post("/api/conversations")).json()
    second = await (await client.post("/api/conversations")).json()
    assert [m["role"] for m in first["messages"]] == ["bot"]  # the assistant greets first
    assert first["conversation_id"] != second["conversation_id"]
    assert conversations.is_valid(SECRET, first["conversation_id"])
    assert len(first["conversation_id"]) > 40


async def test_a_message_is_answered_and_kept_in_the_history(client, conversation_id):
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hello"}
    )
    assert response.status == 200
    [reply] = (await response.json())["messages"]
    assert reply == {
        "role": "bot",
        "text": "You said: hello",
        "buttons": [{"title": "No", "payload": '/inform{"danger":"no"}'}],
    }
    await client.post(
        f"/api/conversations/{conversation_id}/messages",
        json={"text": "No", "payload": '/inform{"danger":"no"}'},
    )
    history = (await (await client.get(f"/api/conversations/{conversation_id}")).json())["messages"]
    # the greeting request is not the user's words; a tapped button shows its title
    assert [m["role"] for m in history] == ["bot", "user", "bot", "user", "bot"]
    assert history[3] == {"role": "user", "text": "No"}
    assert history[4]["card"]["course_of_action"] == "report"
    assert "text" not in history[4]  # the card replaces its plain-text twin


async def test_rasa_never_sees_the_browser_s_conversation_id(client, conversation_id, fake_rasa):
    await client.post(f"/api/conversations/{conversation_id}/messages", json={"text": "hi"})
    senders = list(fake_rasa.app["events"])
    assert senders == [conversations.sender_id(SECRET, conversation_id)]
    assert conversation_id not in senders[0]


@pytest.mark.parametrize(
    "conversation_id",
    # "abc.%C3%A9": non-ASCII made the signature check raise, a 500 (review finding 9)
    ["made-up", "abc.def", "x" * 200, conversations.new_id(b"other-secret"), "abc.%C3%A9"],
)
async def test_ids_the_server_did_not_make_are_unknown(client, conversation_id):
    for response in (
        await client.get(f"/api/conversations/{conversation_id}"),
        await client.post(f"/api/conversations/{conversation_id}/messages", json={"text": "hi"}),
    ):
        assert response.status == 404
        assert (await response.json())["error"] == "unknown_conversation"


@pytest.mark.parametrize(
    "body, status, code",
    [
        (b"not json", 400, "the_request_is_not_valid_json"),
        (b"[1, 2]", 400, "send_a_json_object_with_a_text_field"),
        (b'{"text": 5}', 400, "send_a_json_object_with_a_text_field"),
        (b'{"text": "   "}', 400, "the_message_is_empty"),
        (b'{"text": "No", "payload": "inform"}', 400, "a_button_payload_must_be_a_short_/intent"),
        (b'{"text": "' + b"x" * 2001 + b'"}', 413, "too_large"),
        (b'{"text": "' + b"x" * 20_000 + b'"}', 413, "too_large"),
        (b"[" * 5000 + b"]" * 5000, 400, "the_request_is_not_valid_json"),
    ],
    ids=[
        "not-json",
        "not-object",
        "text-not-string",
        "blank",
        "bad-payload",
        "long",
        "huge",
        "nested-5000-deep",
    ],
)
async def test_malformed_requests_get_a_clear_4xx_and_the_server_keeps_working(
    client, conversation_id, body, status, code
):
    url = f"/api/conversations/{conversation_id}/messages"
    response = await client.post(url, data=body, headers={"Content-Type": "application/json"})
    assert response.status == status
    payload = await response.json()
    assert payload["error"] == code and payload["message"]
    assert (await client.post(url, json={"text": "still there?"})).status == 200


async def test_rate_limit_answers_429_with_a_message_per_conversation(client, conversation_id):
    url = f"/api/conversations/{conversation_id}/messages"
    statuses = [(await client.post(url, json={"text": "hi"})).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = await client.post(url, json={"text": "hi"})
    assert int(limited.headers["Retry-After"]) >= 1
    assert "wait a moment" in (await limited.json())["message"]
    other = (await (await client.post("/api/conversations")).json())["conversation_id"]
    assert (
        await client.post(f"/api/conversations/{other}/messages", json={"text": "hi"})
    ).status == 200


async def test_starting_conversations_is_limited_per_client_with_a_message(
    aiohttp_client, web_settings, fake_rasa
):
    """200 rapid creations were all answered 201, each a Rasa turn (review finding 1)."""
    settings = replace(web_settings, new_conversations_per_client_per_hour=3)
    client = await aiohttp_client(create_app(settings, secret=SECRET))
    responses = [await client.post("/api/conversations") for _ in range(5)]
    assert [r.status for r in responses] == [201, 201, 201, 429, 429]
    refused = responses[-1]
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    body = await refused.json()
    assert body["error"] == "too_many_conversations" and "call 112" in body["message"]
    assert len(fake_rasa.app["events"]) == 3  # a refused start costs Rasa nothing
    started = (await responses[0].json())["conversation_id"]
    url = f"/api/conversations/{started}/messages"
    assert (await client.post(url, json={"text": "hi"})).status == 200


async def test_starting_conversations_is_limited_overall(aiohttp_client, web_settings):
    settings = replace(web_settings, new_conversations_per_minute=2)
    client = await aiohttp_client(create_app(settings, secret=SECRET))
    statuses = [(await client.post("/api/conversations")).status for _ in range(3)]
    assert statuses == [201, 201, 429]


async def test_an_allowed_origin_gets_cors_headers_and_others_are_refused(client, conversation_id):
    allowed = await client.post("/api/conversations", headers=INTRANET)
    assert allowed.status == 201
    assert allowed.headers["Access-Control-Allow-Origin"] == INTRANET["Origin"]
    preflight = await client.options(
        f"/api/conversations/{conversation_id}/messages", headers=INTRANET
    )
    assert preflight.status == 204
    refused = await client.post("/api/conversations", headers={"Origin": "https://evil.example"})
    assert refused.status == 403
    assert (await refused.json())["error"] == "origin_refused"
    assert "Access-Control-Allow-Origin" not in refused.headers


async def test_rasa_down_gives_a_clear_message_with_112(client, conversation_id, fake_rasa):
    await fake_rasa.close()
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "hello"}
    )
    assert response.status == 503
    assert "112" in (await response.json())["message"]


async def test_delete_erases_every_stored_event_of_that_conversation_only(
    client, conversation_id, web_settings
):
    from rasa.core.tracker_store import SQLTrackerStore
    from sqlalchemy import create_engine, text

    engine = create_engine(web_settings.tracker_store_url, future=True)
    SQLTrackerStore.SQLEvent.__table__.create(engine)
    mine = conversations.sender_id(SECRET, conversation_id)
    with engine.begin() as connection:
        for sender in (mine, mine, "someone-else"):
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp) VALUES (:s, 'user', 1)"),
                {"s": sender},
            )
    response = await client.delete(f"/api/conversations/{conversation_id}")
    assert response.status == 200
    assert (await response.json())["deleted"] == 2
    with engine.connect() as connection:
        left = connection.execute(text("SELECT sender_id FROM events")).scalars().all()
    engine.dispose()
    assert left == ["someone-else"]
    assert (await client.delete("/api/conversations/made-up")).status == 404


async def test_a_lone_surrogate_or_a_null_byte_is_cleaned_before_rasa(
    client, conversation_id, fake_rasa
):
    """Review finding 10: "\\ud800" made Rasa fail inside spaCy; null bytes were stored."""
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages",
        data='{"text": "a pupil\\u0000 posted \\ud800 this"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status == 200
    [reply] = (await response.json())["messages"]
    assert reply["text"] == "You said: a pupil posted \ufffd this"
    [log] = fake_rasa.app["events"].values()
    assert log[-2] == {"event": "user", "text": "a pupil posted \ufffd this"}


async def test_a_message_rasa_did_not_process_never_shows_the_previous_replies_as_new(
    client, conversation_id
):
    """Review finding 10: when Rasa fails on a message it stores nothing and its REST
    channel answers []; the replies after the last stored message were the last turn's."""
    url = f"/api/conversations/{conversation_id}/messages"
    assert (await client.post(url, json={"text": "hello"})).status == 200
    response = await client.post(url, json={"text": "lost"})
    assert response.status == 503
    body = await response.json()
    assert body["error"] == "assistant_unreachable" and "112" in body["message"]
    assert "You said: hello" not in str(body)


async def test_the_widget_is_told_how_long_a_conversation_is_kept(client, web_settings):
    """The widget's privacy hint says after how many days an idle conversation is deleted."""
    opened = await (await client.post("/api/conversations")).json()
    assert opened["retention_days"] == web_settings.retention_days == 30
    history = await (await client.get(f"/api/conversations/{opened['conversation_id']}")).json()
    assert history["retention_days"] == 30


async def test_a_message_the_action_server_could_not_answer_is_said_to_be_unanswered(
    client, conversation_id
):
    """Issue 12: with the action server down, Rasa's adapter takes the message back and
    sends a marker; the practitioner hears "can't answer, call 112", never silence, and
    the marker never shows in the history."""
    url = f"/api/conversations/{conversation_id}/messages"
    response = await client.post(url, json={"text": "unanswered"})
    assert response.status == 503
    assert "112" in (await response.json())["message"]
    history = await (await client.get(f"/api/conversations/{conversation_id}")).json()
    assert all(m.get("text") or m.get("card") for m in history["messages"])
    assert history["messages"][-1] == {"role": "user", "text": "unanswered"}


async def test_a_frozen_rasa_is_answered_for_within_ten_seconds(client, conversation_id):
    """Issue 12: a Rasa that stopped answering kept the practitioner waiting 30 s."""
    started = time.monotonic()
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"text": "frozen"}
    )
    assert response.status == 503 and "112" in (await response.json())["message"]
    assert time.monotonic() - started < TIMEOUT_SECONDS + 2
