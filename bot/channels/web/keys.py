"""Typed keys of what the web application holds."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.channels.web.ratelimit import NewConversationLimit, RateLimiter
from bot.config.settings import Settings
from bot.rasa.client import RasaClient

SETTINGS = web.AppKey("settings", Settings)
SECRET = web.AppKey("secret", bytes)
RASA = web.AppKey("rasa", RasaClient)
LIMITER = web.AppKey("limiter", RateLimiter)
NEW_CONVERSATIONS = web.AppKey("new_conversations", NewConversationLimit)
KB = web.AppKey("kb", sessionmaker)  # the knowledge base, opened once for the app
