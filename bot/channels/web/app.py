"""The web application: widget, chat API, demo page and health, in one aiohttp app."""

from __future__ import annotations

from typing import AsyncIterator

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.admin.routes import setup_admin
from bot.channels.web import shared_limits
from bot.channels.web.draining import setup_draining
from bot.channels.web.keys import KB, LIMITER, NEW_CONVERSATIONS, RASA, SECRET, SETTINGS
from bot.channels.web.middlewares import setup_middlewares
from bot.channels.web.ratelimit import NewConversationLimit, RateLimiter
from bot.channels.web.routes import setup_routes
from bot.config.settings import Settings
from bot.rasa.client import RasaClient, client_session
from knowledge.db import default_sessionmaker

MAX_BODY_BYTES = 16 * 1024


def create_app(
    settings: Settings,
    *,
    secret: bytes,
    limiter: RateLimiter | None = None,
    kb: sessionmaker | None = None,
):
    """The app for ``settings``: widget, chat API and the admin area on the knowledge base
    ``kb`` (default: ``DATABASE_URL``). The Rasa client opens on start-up, closes on clean-up."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS] = settings
    app[SECRET] = secret
    app[LIMITER] = limiter or RateLimiter()
    app[NEW_CONVERSATIONS] = NewConversationLimit(
        settings.new_conversations_per_client_per_hour, settings.new_conversations_per_minute
    )
    if settings.redis_url:  # several fronts: they count together
        app.cleanup_ctx.append(_shared_limits(limiter is None))
    app.cleanup_ctx.append(_rasa_client)
    setup_middlewares(app)
    setup_draining(app)
    setup_routes(app)
    if kb is None:  # the process's one pool for this database (knowledge/db.py)
        kb = default_sessionmaker(settings.database_url)
    app[KB] = kb
    setup_admin(app, settings, kb)
    return app


def _shared_limits(messages_too: bool):
    """Keep the limits in Redis (``REDIS_URL``) while the app runs; the client closes on
    clean-up."""

    async def shared(app: web.Application) -> AsyncIterator[None]:
        settings = app[SETTINGS]
        redis = shared_limits.connect(settings.redis_url)
        app[NEW_CONVERSATIONS] = shared_limits.SharedNewConversationLimit(
            redis,
            app[SECRET],
            settings.new_conversations_per_client_per_hour,
            settings.new_conversations_per_minute,
        )
        if messages_too:
            app[LIMITER] = shared_limits.SharedRateLimiter(redis, app[SECRET])
        try:
            yield
        finally:
            await redis.close()

    return shared


async def _rasa_client(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    async with client_session() as session:
        app[RASA] = RasaClient(settings.rasa_url, settings.rasa_token, session)
        yield
