"""Shared fixtures: a migrated, seeded knowledge base on SQLite and, where reachable, PostgreSQL."""

from __future__ import annotations

import socket
import uuid
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from knowledge import db
from knowledge.migrate import upgrade
from knowledge.seed import load_seed

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"


def postgres_reachable() -> bool:
    """True when the machine's PostgreSQL answers on 127.0.0.1:5432."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def kb_url(request, tmp_path) -> Iterator[str]:
    """An empty database URL: an SQLite file, or a fresh schema in the PostgreSQL test db."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'knowledge.db'}"
        return
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    schema = f"kb_{uuid.uuid4().hex[:12]}"
    admin = db.make_engine(POSTGRES_ADMIN_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def kb_engine(kb_url):
    """A migrated and seeded knowledge base."""
    engine = db.make_engine(kb_url)
    upgrade(engine)
    with db.make_sessionmaker(engine).begin() as session:
        load_seed(session)
    yield engine
    engine.dispose()


@pytest.fixture
def session(kb_engine) -> Iterator[Session]:
    """A session on the seeded knowledge base; changes are rolled back afterwards."""
    with db.make_sessionmaker(kb_engine)() as session:
        yield session
        session.rollback()


@pytest.fixture
def sqlite_kb(tmp_path, monkeypatch) -> Iterator[str]:
    """A seeded SQLite knowledge base that the actions use (through ``DATABASE_URL``)."""
    url = f"sqlite:///{tmp_path / 'actions-kb.db'}"
    engine = db.make_engine(url)
    upgrade(engine)
    with db.make_sessionmaker(engine).begin() as session:
        load_seed(session)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    db.default_sessionmaker.cache_clear()
    yield url
    db.default_sessionmaker.cache_clear()
