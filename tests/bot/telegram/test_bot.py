"""The Telegram bot against the Bot API stand-in: admission, refusals, buttons, robustness."""

from __future__ import annotations

import pytest

from bot.channels.telegram import render, texts
from bot.cli import make_invite
from privacy.pseudonyms import pseudonym
from tests.bot.telegram.conftest import ALLOWED, SECRET, STRANGER
from tests.bot.telegram.fake_bot_api import parse_html


def texts_to(api, chat_id):
    return [m["text"] for m in api.sent_messages(chat_id)]


async def said(api, chat_id, fragment):
    """Wait until the bot has sent ``chat_id`` a message containing ``fragment``."""
    return await api.wait_for(
        lambda f: [m for m in f.sent_messages(chat_id) if fragment in m["text"]]
    )


async def test_commands_are_registered_on_start(bot, fake_api):
    calls = await fake_api.wait_for(lambda f: f.calls_to("setMyCommands"))
    assert "forget" in str(calls[0]["commands"])


async def test_a_stranger_is_refused_and_nothing_of_theirs_is_stored(bot, fake_api, fake_rasa):
    fake_api.text_message(STRANGER, "a pupil shared an ISIS video")
    await said(fake_api, STRANGER, "only for practitioners admitted")
    fake_api.text_message(STRANGER, "/start WRONGCODE")
    await said(fake_api, STRANGER, "not valid")
    assert fake_rasa.app["events"] == {}


async def test_an_invite_code_admits_once(bot, fake_api, fake_rasa, telegram_settings, monkeypatch):
    monkeypatch.setenv("SIGNPOST_SECRET", SECRET.decode())
    code = make_invite(
        type(telegram_settings)(**{**telegram_settings.__dict__, "secret": SECRET.decode()})
    )
    fake_api.text_message(STRANGER, f"/start {code}")
    await said(fake_api, STRANGER, "Welcome")
    await said(fake_api, STRANGER, "not an emergency service")
    await said(fake_api, STRANGER, "You said: /greet")
    fake_api.text_message(333, f"/start {code}")  # the same code again, by someone else
    await said(fake_api, 333, "already been used")
    fake_api.text_message(STRANGER, "hello again")
    await said(fake_api, STRANGER, "You said: hello again")


async def test_invites_are_checked_in_the_settings_database_not_the_environments(
    bot, fake_api, telegram_settings, monkeypatch, tmp_path
):
    """Review finding 18: with DATABASE_URL only in .env, the admin pages (settings) wrote
    invites to one database and the bot (the environment) checked them in another."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    code = make_invite(
        type(telegram_settings)(**{**telegram_settings.__dict__, "secret": SECRET.decode()})
    )
    fake_api.text_message(STRANGER, f"/start {code}")
    await said(fake_api, STRANGER, "Welcome")
    assert not (tmp_path / "elsewhere.db").exists()


async def test_rasa_sees_a_keyed_hash_never_the_telegram_id(bot, fake_api, fake_rasa):
    fake_api.text_message(ALLOWED, "hello")
    await said(fake_api, ALLOWED, "You said: hello")
    assert list(fake_rasa.app["events"]) == [pseudonym(SECRET, "tg", str(ALLOWED))]
    assert str(ALLOWED) not in list(fake_rasa.app["events"])[0]


async def test_a_button_tap_marks_the_keyboard_and_answers(bot, fake_api, fake_rasa):
    fake_api.text_message(ALLOWED, "hello")
    [question] = await said(fake_api, ALLOWED, "You said: hello")
    keyboard = question["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "No", "callback_data": "c0"}]]
    fake_api.callback_query(ALLOWED, "c0")
    card = await said(fake_api, ALLOWED, "Report it")
    assert "<b>Report it</b>" in card[0]["text"] and card[0]["parse_mode"] == "HTML"
    assert 'href="https://meldestelle-respect.de"' in card[0]["text"]
    assert fake_api.calls_to("answerCallbackQuery")
    [marked] = fake_api.calls_to("editMessageReplyMarkup")
    assert marked["reply_markup"]["inline_keyboard"][0][0]["text"] == "✓ No"
    sender = pseudonym(SECRET, "tg", str(ALLOWED))
    said_to_rasa = [e["text"] for e in fake_rasa.app["events"][sender] if e["event"] == "user"]
    assert said_to_rasa == ['/set_language{"language":"en"}', "hello", '/inform{"danger":"no"}']


async def test_groups_are_refused(bot, fake_api, fake_rasa):
    fake_api.group_message(ALLOWED, "hello everyone", chat_id=-100)
    await said(fake_api, -100, "private chat")
    assert fake_rasa.app["events"] == {}


@pytest.mark.parametrize("kind", ["photo", "voice", "document", "sticker"])
async def test_evidence_is_refused_and_never_downloaded(bot, fake_api, fake_rasa, kind):
    getattr(fake_api, kind)(ALLOWED)
    await said(fake_api, ALLOWED, "only read text")
    assert fake_api.calls_to("getFile") == [] and fake_api.calls_to("downloadFile") == []
    assert fake_rasa.app["events"] == {}


async def test_an_edited_message_is_answered_politely(bot, fake_api):
    fake_api.edited_text(ALLOWED, "corrected", message_id=5)
    await said(fake_api, ALLOWED, "edited a message")


async def test_flood_control_retry_after_is_waited_out(bot, fake_api):
    fake_api.fail_next("sendMessage", times=1, retry_after=1)
    fake_api.text_message(ALLOWED, "hello")
    # the stand-in records the refused attempt too: the same message is sent twice
    attempts = await fake_api.wait_for(
        lambda f: len(f.sent_messages(ALLOWED)) >= 2 and f.sent_messages(ALLOWED)
    )
    assert [m["text"] for m in attempts] == ["You said: hello", "You said: hello"]
    sends = [c.at for c in fake_api.calls if c.method == "sendMessage"]
    assert sends[1] - sends[0] >= 1.0  # retried only after the retry_after Telegram asked for


async def test_flood_control_on_any_call_is_waited_out_by_the_rate_limiter(bot, fake_api):
    """Not only sending: a 429 on the typing action or on answering a tap is retried too,
    and the answer still arrives (python-telegram-bot's AIORateLimiter, not a loop of ours)."""
    fake_api.fail_next("sendChatAction", times=1, retry_after=1)
    fake_api.text_message(ALLOWED, "hello")
    await said(fake_api, ALLOWED, "You said: hello")
    assert len(fake_api.calls_to("sendChatAction")) == 2
    fake_api.fail_next("answerCallbackQuery", times=1, retry_after=1)
    fake_api.callback_query(ALLOWED, "c0")
    await said(fake_api, ALLOWED, "Report it")
    assert len(fake_api.calls_to("answerCallbackQuery")) == 2


async def test_a_card_over_the_limit_arrives_whole_in_balanced_parts(bot, fake_api):
    fake_api.text_message(ALLOWED, "long card")
    await said(fake_api, ALLOWED, "Contact 11")
    parts = [m for m in fake_api.sent_messages(ALLOWED) if m["text"] != "Recommendation text"]
    assert len(parts) >= 3 and all(m["parse_mode"] == "HTML" for m in parts)
    shown = "".join(parse_html(m["text"]) for m in parts)  # as Telegram parses each part
    assert "Involve the coordinator" in shown and "Reason 119" in shown
    assert all(f"Contact {n}" in shown and f"+49 30 {n:04d}" in shown for n in range(12))
    assert "Guide with a long title" in shown


async def test_a_part_telegram_cannot_parse_is_sent_again_as_plain_text(bot, fake_api):
    fake_api.refuse_html_next(times=1)
    fake_api.text_message(ALLOWED, "long card")
    await said(fake_api, ALLOWED, "Contact 11")
    sent = fake_api.sent_messages(ALLOWED)
    refused, again = sent[0], sent[1]
    assert refused["parse_mode"] == "HTML" and "parse_mode" not in again
    assert again["text"] == render.plain(refused["text"])
    assert "<b>" not in again["text"] and "Involve the coordinator" in again["text"]
    assert all(m.get("parse_mode") == "HTML" for m in sent[2:])  # the other parts as they were


async def test_rasa_unreachable_gives_112(bot, fake_api, fake_rasa):
    await fake_rasa.close()
    fake_api.text_message(ALLOWED, "hello")
    await said(fake_api, ALLOWED, "call 112")


async def test_a_message_the_action_server_could_not_answer_gets_112_and_resend(bot, fake_api):
    fake_api.text_message(ALLOWED, "unanswered")
    await said(
        fake_api, ALLOWED, "Please send it again in a minute. If someone is in danger, call 112"
    )


async def test_one_user_s_error_does_not_stop_the_poller(bot, fake_api):
    fake_api.text_message(ALLOWED, "boom")
    await said(fake_api, ALLOWED, "can't answer right now")
    fake_api.text_message(ALLOWED, "still there?")
    await said(fake_api, ALLOWED, "You said: still there?")


async def test_long_replies_are_split_under_the_limit(bot, fake_api):
    fake_api.text_message(ALLOWED, "long")
    await said(fake_api, ALLOWED, "line 99")
    pieces = [m["text"] for m in fake_api.sent_messages(ALLOWED) if "line" in m["text"]]
    assert len(pieces) >= 3 and all(len(p) <= 4096 for p in pieces)
    assert "".join(pieces).count("line ") == 100


async def test_privacy_and_forget_commands(bot, fake_api, fake_rasa, telegram_settings):
    fake_api.text_message(ALLOWED, "/privacy")
    await said(fake_api, ALLOWED, "not end-to-end encrypted")
    fake_api.text_message(ALLOWED, "/forget")
    await said(fake_api, ALLOWED, texts.text("forgotten", "en"))
