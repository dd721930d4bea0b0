"""knowledge/migrate.py: the migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, inspect

from knowledge import db
from knowledge.migrate import upgrade
from knowledge.models import Base


@pytest.fixture
def migrated_engine(kb_url):
    engine = db.make_engine(kb_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def differences(engine, metadata: MetaData) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), metadata)


def test_upgraded_database_matches_the_models(migrated_engine):
    assert differences(migrated_engine, Base.metadata) == []


def test_upgrade_records_the_head_revision(migrated_engine):
    from alembic.script import ScriptDirectory

    from knowledge.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head == "0011"  # one line per migration added, so the count is checked too
    with migrated_engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head


def test_upgrade_twice_is_harmless(migrated_engine):
    upgrade(migrated_engine)
    assert differences(migrated_engine, Base.metadata) == []


def test_comparison_notices_a_column_the_migrations_lack(migrated_engine):
    """Guards the test above: a model change without a migration must show up."""
    metadata = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        copy = table.to_metadata(metadata)
        if table.name == "glossary":
            copy.append_column(Column("region", String(40)))
    found = differences(migrated_engine, metadata)
    assert [(d[0], d[2], d[3].name) for d in found] == [("add_column", "glossary", "region")]


def test_upgrade_creates_every_model_table(migrated_engine):
    tables = set(inspect(migrated_engine).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)


def test_a_new_sqlite_knowledge_base_is_readable_by_its_owner_only(tmp_path):
    """It holds the admin accounts (password hashes) and the referral inbox."""
    from knowledge.db import make_engine

    path = tmp_path / "kb" / "knowledge.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    assert path.stat().st_mode & 0o777 == 0o600
