"""The action server's settings and knowledge-base sessions.

The action server reads the same settings object as the rest of Signpost
(bot/config/settings.py: the environment over ``.env``; ``signpost run`` hands its own
values on), once, when first needed. Sessions are opened per answer, so edits in the
admin area show at once.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from bot.config.settings import Settings
from knowledge.db import default_sessionmaker


@cache
def settings() -> Settings:
    """The settings, read once per process (a test that changes them clears this cache)."""
    return Settings.from_env()


def kb_sessions() -> sessionmaker:
    """Sessions on the configured knowledge base, one pooled engine per process."""
    return default_sessionmaker(settings().database_url)


def kb_session() -> Session:
    """A new read session on the configured knowledge base."""
    return kb_sessions()()
