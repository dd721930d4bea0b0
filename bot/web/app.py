"""The web application: widget, chat API, demo page and health, in one aiohttp app."""

from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web

from bot.rasa_client import RasaClient, client_session
from bot.settings import Settings
from bot.web.keys import LIMITER, RASA, SECRET, SETTINGS
from bot.web.middlewares import setup_middlewares
from bot.web.ratelimit import RateLimiter
from bot.web.routes import setup_routes

MAX_BODY_BYTES = 16 * 1024


def create_app(settings: Settings, *, secret: bytes, limiter: RateLimiter | None = None):
    """The app for ``settings``; its Rasa client opens on start-up and closes on clean-up."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS] = settings
    app[SECRET] = secret
    app[LIMITER] = limiter or RateLimiter()
    app.cleanup_ctx.append(_rasa_client)
    setup_middlewares(app)
    setup_routes(app)
    return app


async def _rasa_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    async with client_session() as session:
        app[RASA] = RasaClient(settings.rasa_url, settings.rasa_token, session)
        yield
