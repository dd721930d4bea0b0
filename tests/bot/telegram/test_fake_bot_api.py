"""The Bot API stand-in works with the real python-telegram-bot: polling, handlers, errors."""

from __future__ import annotations

import time

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, RetryAfter
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi

USER = 4242


@pytest.fixture
async def fake():
    api = FakeBotApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
async def application(fake):
    """An Application started the way the server starts it, polling the stand-in."""
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="yes")]])

    async def start(update: Update, context) -> None:
        await update.effective_message.reply_text("Welcome", reply_markup=keyboard)

    async def echo(update: Update, context) -> None:
        await update.effective_message.reply_text(f"echo: {update.effective_message.text}")

    async def pressed(update: Update, context) -> None:
        await update.callback_query.answer("Noted")
        await update.callback_query.edit_message_text(f"You chose {update.callback_query.data}")

    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(pressed))
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        yield app
        began = time.monotonic()
        await app.updater.stop()
        await app.stop()
        assert time.monotonic() - began < 3, "shutdown should not wait out a long poll"


async def test_initialisation_talks_to_the_stand_in(fake, application):
    assert application.bot.username == "signpost_test_bot"
    assert fake.calls_to("getMe") and fake.calls_to("deleteWebhook")
    await fake.wait_for(lambda f: f.calls_to("getUpdates"))
    assert fake.calls_to("getUpdates")[0]["timeout"] == 1


async def test_text_message_is_echoed(fake, application):
    update = fake.text_message(USER, "hello there")
    sent = await fake.wait_for(lambda f: f.sent_messages(chat_id=USER))
    assert sent[0]["text"] == "echo: hello there"
    assert sent[0]["chat_id"] == USER
    assert "reply_parameters" not in sent[0]  # PTB's reply_text only quotes outside private chats
    # the stand-in confirmed the update: the next poll carries offset = update_id + 1
    await fake.wait_for(
        lambda f: any(p.get("offset") == update["update_id"] + 1 for p in f.calls_to("getUpdates"))
    )


async def test_command_keyboard_and_callback_query(fake, application):
    fake.text_message(USER, "/start")
    await fake.wait_for(lambda f: f.sent_messages(USER))
    welcome = fake.sent_messages(USER)[0]
    assert welcome["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]
    }
    message = [m for m in fake.messages.values() if m["from"]["is_bot"]][-1]
    update = fake.callback_query(USER, "yes", message)
    answers = await fake.wait_for(lambda f: f.calls_to("answerCallbackQuery"))
    assert answers[0]["callback_query_id"] == update["callback_query"]["id"]
    assert answers[0]["text"] == "Noted"
    edits = await fake.wait_for(lambda f: f.calls_to("editMessageText"))
    assert edits[0]["text"] == "You chose yes"
    assert edits[0]["message_id"] == message["message_id"]


async def test_flood_control_raises_retry_after(fake, application):
    fake.fail_next("sendMessage", times=1, retry_after=1)
    with pytest.raises(RetryAfter) as caught, pytest.warns(DeprecationWarning):
        await application.bot.send_message(chat_id=USER, text="first")
    assert caught.value.retry_after == 1  # an int (with a PTB deprecation warning) in v22
    sent = await application.bot.send_message(chat_id=USER, text="second")
    assert sent.text == "second" and sent.chat.id == USER
    assert [p["text"] for p in fake.sent_messages(USER)] == ["first", "second"]


async def test_every_update_shape_parses_in_ptb(fake):
    bot = ApplicationBuilder().token(TOKEN).base_url(fake.base_url).build().bot
    updates = [
        fake.text_message(USER, "/help me"),
        fake.photo(USER),
        fake.voice(USER),
        fake.document(USER),
        fake.sticker(USER),
        fake.edited_text(USER, "fixed typo", message_id=1),
        fake.group_message(USER, "hi all", chat_id=-1001234),
    ]
    parsed = [Update.de_json(u, bot) for u in updates]
    assert parsed[0].message.entities[0].type == "bot_command"
    assert parsed[0].message.entities[0].length == len("/help")
    assert parsed[1].message.photo[-1].width == 1280
    assert parsed[2].message.voice.mime_type == "audio/ogg"
    assert parsed[3].message.document.file_name
    assert parsed[4].message.sticker.emoji
    assert parsed[5].edited_message.text == "fixed typo" and parsed[5].edited_message.edit_date
    assert parsed[6].effective_chat.type == "group" and parsed[6].effective_chat.id == -1001234
    assert [u.update_id for u in parsed] == sorted({u.update_id for u in parsed})


async def test_get_file_unknown_methods_and_bad_edits_are_recorded(fake):
    async with (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build() as app
    ):
        file = await app.bot.get_file("BQACAgIAAxkBAAIB")
        assert file.file_path.startswith(fake.base_file_url)
        assert await file.download_as_bytearray() == bytearray(b"fake file content")
        with pytest.raises(EndPointNotFound):
            await app.bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": USER})
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await app.bot.edit_message_text("x", chat_id=USER, message_id=999)
        assert await app.bot.set_my_commands([("start", "Begin")])
        assert [c.command for c in await app.bot.get_my_commands()] == ["start"]
    assert fake.calls_to("getFile") == [{"file_id": "BQACAgIAAxkBAAIB"}]
    assert fake.calls_to("downloadFile")
    assert fake.calls_to("sendTelepathy") == [{"chat_id": USER}]


async def test_wait_for_times_out_with_a_dump(fake):
    with pytest.raises(AssertionError, match="calls:"):
        await fake.wait_for(lambda f: f.calls_to("sendMessage"), timeout=0.1)
