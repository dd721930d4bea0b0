"""The practitioner's language on Telegram: guessed from the app, told to the assistant once,
switched with /language, and the bot's own texts and commands in it."""

from __future__ import annotations

import json

import pytest
from telegram import User

from bot.channels.telegram import languages
from privacy.pseudonyms import pseudonym
from tests.bot.telegram.conftest import ALLOWED, SECRET, STRANGER
from tests.bot.telegram.test_bot import said

SENDER = pseudonym(SECRET, "tg", str(ALLOWED))


def told_rasa(fake_rasa, sender=SENDER):
    return [e["text"] for e in fake_rasa.app["events"].get(sender, []) if e["event"] == "user"]


@pytest.mark.parametrize(
    "code, language",
    [("de", "de"), ("de-AT", "de"), ("fr", "fr"), ("nl-BE", "nl"), ("en-GB", "en"), ("es", "en")]
    + [("pt-br", "en"), (None, "en")],
)
def test_the_language_is_guessed_from_the_telegram_app(code, language):
    user = User(1, "Test", is_bot=False, language_code=code)
    assert languages.guess(user) == language


async def test_the_guess_is_told_to_the_assistant_once_before_the_greeting(
    bot, fake_api, fake_rasa
):
    fake_api.language_codes[ALLOWED] = "de-AT"
    fake_api.text_message(ALLOWED, "/start")
    await said(fake_api, ALLOWED, "Signpost ist kein Notdienst")
    await said(fake_api, ALLOWED, "You said: /greet")
    fake_api.text_message(ALLOWED, "ein Schüler hat ein Video geteilt")
    await said(fake_api, ALLOWED, "You said: ein Schüler")
    assert told_rasa(fake_rasa) == [
        '/set_language{"language":"de"}',
        "/greet",
        "ein Schüler hat ein Video geteilt",
    ]


async def test_a_conversation_that_has_a_language_keeps_it(bot, fake_api, fake_rasa):
    fake_rasa.app["languages"][SENDER] = "fr"  # e.g. chosen before the bot restarted
    fake_api.language_codes[ALLOWED] = "de"
    fake_api.text_message(ALLOWED, "bonjour")
    await said(fake_api, ALLOWED, "You said: bonjour")
    assert told_rasa(fake_rasa) == ["bonjour"]
    fake_api.text_message(ALLOWED, "/privacy")
    await said(fake_api, ALLOWED, "<b>Confidentialité</b>")


async def test_the_language_command_offers_four_languages_and_switches(bot, fake_api, fake_rasa):
    fake_api.text_message(ALLOWED, "/language")
    [offer] = await said(fake_api, ALLOWED, "Which language")
    keyboard = offer["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == ["English", "Deutsch", "Français", "Nederlands"]
    fake_api.callback_query(ALLOWED, keyboard[3][0]["callback_data"])
    await said(fake_api, ALLOWED, "Language: nl")
    [marked] = fake_api.calls_to("editMessageReplyMarkup")
    assert marked["reply_markup"]["inline_keyboard"] == [
        [{"text": "✓ Nederlands", "callback_data": "answered"}]
    ]
    assert told_rasa(fake_rasa)[-1] == '/set_language{"language":"nl"}'
    fake_api.text_message(ALLOWED, "/forget")
    await said(fake_api, ALLOWED, "Klaar: uw gesprek met Signpost is verwijderd.")


async def test_a_stranger_is_refused_in_their_own_language(bot, fake_api, fake_rasa):
    fake_api.language_codes[STRANGER] = "nl"
    fake_api.text_message(STRANGER, "hallo")
    await said(fake_api, STRANGER, "alleen voor professionals")
    fake_api.language_codes[STRANGER] = "fr-CA"
    fake_api.photo(STRANGER)
    await said(fake_api, STRANGER, "Je ne peux lire que du texte")
    assert fake_rasa.app["events"] == {}


async def test_commands_are_described_in_each_language(bot, fake_api):
    await fake_api.wait_for(lambda f: len(f.calls_to("setMyCommands")) == 4)
    scope = json.dumps(None)
    assert sorted(fake_api.commands, key=str) == sorted(
        [(scope, None), (scope, "de"), (scope, "fr"), (scope, "nl")], key=str
    )
    german = {c["command"]: c["description"] for c in fake_api.commands[(scope, "de")]}
    assert german["forget"] == "Ihr Gespräch löschen" and "language" in german
    english = {c["command"] for c in fake_api.commands[(scope, None)]}
    assert english == set(german)
