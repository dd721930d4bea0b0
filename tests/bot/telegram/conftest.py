"""The real Telegram Application, polling a local Bot API stand-in, talking to a Rasa stand-in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.config.settings import Settings
from bot.ops.runner import start_telegram, stop_telegram
from tests.bot.fake_rasa import TOKEN as RASA_TOKEN
from tests.bot.telegram.fake_bot_api import TOKEN, FakeBotApi

SECRET = b"telegram-test-secret"
ALLOWED = 111  # an allow-listed practitioner
STRANGER = 222


@pytest.fixture
async def fake_api():
    api = FakeBotApi()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
def telegram_settings(tmp_path, sqlite_kb, fake_rasa, fake_api):
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path),
            "DATABASE_URL": sqlite_kb,
            "RASA_TOKEN": RASA_TOKEN,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": fake_api.base_url,
            "TELEGRAM_ALLOWED_USERS": str(ALLOWED),
        }
    )
    return replace(settings, rasa_host=fake_rasa.host, rasa_port=fake_rasa.port)


@pytest.fixture
async def bot(telegram_settings):
    application = await start_telegram(telegram_settings, SECRET, poll_timeout=1)
    yield application
    await stop_telegram(application)
