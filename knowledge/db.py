"""Engine and session factory for the knowledge base (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (the settings' ``database_url``, bot/config/settings.py: this
    module reads no configuration itself); SQLite files get their folder created and
    foreign keys on."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = Path(url[len("sqlite:///") :])
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # the knowledge base holds accounts: its owner's only
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker:
    """Sessions for ``engine``; objects stay readable after commit (no lazy reloads)."""
    return sessionmaker(engine, future=True, expire_on_commit=False)


@cache
def default_sessionmaker(url: str) -> sessionmaker:
    """One pooled engine per URL for the process, opened on first use, never at import."""
    return make_sessionmaker(make_engine(url))
