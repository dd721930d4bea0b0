"""Shared fixtures: migrated, seeded knowledge bases on SQLite and, where reachable, PostgreSQL."""

from __future__ import annotations

import socket
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import db
from knowledge.migrate import upgrade
from knowledge.seed import load_seed
from tests.actions_settings import forget_action_settings

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", "postgresql"]


REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(port: int) -> bool:
    """True when a service of the machine answers on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def postgres_reachable() -> bool:
    """True when the machine's PostgreSQL answers on 127.0.0.1:5432."""
    return reachable(5432)


def redis_reachable() -> bool:
    """True when the machine's Redis answers on 127.0.0.1:6379."""
    return reachable(6379)


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty database: an SQLite file in ``folder``, or a fresh schema in the
    PostgreSQL test database (dropped afterwards; the test is skipped if it is unreachable)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'knowledge.db'}"
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


def seeded_engine(url: str) -> Engine:
    """An engine on ``url`` after the migrations and the seed have run."""
    engine = db.make_engine(url)
    upgrade(engine)
    with db.make_sessionmaker(engine).begin() as session:
        load_seed(session)
    return engine


@contextmanager
def seeded_session(url: str) -> Iterator[Session]:
    """A session on a freshly seeded ``url``; its changes are rolled back afterwards."""
    engine = seeded_engine(url)
    with db.make_sessionmaker(engine)() as session:
        yield session
        session.rollback()
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def kb_url(request, tmp_path) -> Iterator[str]:
    """An empty knowledge-base URL, once per backend."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def kb_engine(kb_url) -> Iterator[Engine]:
    """A migrated and seeded knowledge base."""
    engine = seeded_engine(kb_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(kb_engine) -> Iterator[Session]:
    """A session on the seeded knowledge base; changes are rolled back afterwards."""
    with db.make_sessionmaker(kb_engine)() as session:
        yield session
        session.rollback()


@pytest.fixture(scope="module", params=BACKENDS)
def module_session(request, tmp_path_factory) -> Iterator[Session]:
    """One seeded knowledge base per backend, shared by a module's read-only tests."""
    with empty_database(request.param, tmp_path_factory.mktemp("module-kb")) as url:
        with seeded_session(url) as session:
            yield session


@pytest.fixture(scope="module")
def module_sqlite_session(tmp_path_factory) -> Iterator[Session]:
    """One seeded SQLite knowledge base, shared by a module's read-only tests."""
    with empty_database("sqlite", tmp_path_factory.mktemp("module-kb")) as url:
        with seeded_session(url) as session:
            yield session


@pytest.fixture
def sqlite_kb(tmp_path, monkeypatch) -> Iterator[str]:
    """A seeded SQLite knowledge base that the actions use (through ``DATABASE_URL``)."""
    with empty_database("sqlite", tmp_path) as url:
        seeded_engine(url).dispose()
        monkeypatch.setenv("DATABASE_URL", url)
        forget_action_settings()
        yield url
        forget_action_settings()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """One running assistant (Rasa and the action server) for every test of a session that
    needs one: the end-to-end tests and the evaluations against the running assistant."""
    from tests.e2e.assistant import Assistant, prepare, private_settings

    settings = private_settings(tmp_path_factory.mktemp("assistant"))
    running = Assistant(settings, prepare(settings)).start()
    yield running
    running.stop()
    if running.latencies:
        ordered = sorted(running.latencies)
        print(
            f"\nper-turn latency over {len(ordered)} turns: "
            f"median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms"
        )
