"""The knowledge-base session the actions use: opened per answer, so edits show at once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from knowledge.db import default_sessionmaker


def kb_session() -> Session:
    """A new read session on the configured knowledge base (``DATABASE_URL``)."""
    return default_sessionmaker()()
