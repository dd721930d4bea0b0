"""Retention: referrals older than REFERRAL_RETENTION_DAYS go, newer ones stay (both
backends); the purge command reports both kinds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.cli import main
from bot.config.settings import Settings
from bot.ops.retention import purge
from knowledge import db
from knowledge.models import Referral, SecurityEvent
from knowledge.referrals import add_referral
from knowledge.security_log import record
from tests.conftest import seeded_engine

PLACE = "DE:beispielstadt"


def received(engine, *days_ago: int) -> None:
    with db.make_sessionmaker(engine).begin() as session:
        for ago in days_ago:
            add_referral(
                session,
                jurisdiction_key=PLACE,
                categories={"danger": "no"},
                note="",
                day=dt.date.today() - dt.timedelta(days=ago),
            )


def test_referrals_past_their_retention_are_deleted_and_no_others(kb_url, tmp_path):
    engine = seeded_engine(kb_url)
    received(engine, 0, 89, 90, 91, 400)
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path),
            "DATABASE_URL": kb_url,
            "REFERRAL_RETENTION_DAYS": "90",
        }
    )
    purged = purge(settings)
    assert (purged.conversations, purged.referrals) == (0, 2)
    with db.make_sessionmaker(engine)() as session:
        kept = sorted(
            (dt.date.today() - r).days for r in session.scalars(select(Referral.received_on))
        )
    assert kept == [0, 89, 90]
    engine.dispose()


def test_the_purge_command_reports_what_it_deleted(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    seeded_engine(url).dispose()
    engine = db.make_engine(url)
    received(engine, 200)
    engine.dispose()
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["purge"]) == 0
    printed = capsys.readouterr().out
    assert "Deleted 0 idle conversation(s) and 1 old referral(s)." in printed
    assert "Deleted 0 security log event(s) past their retention." in printed


def test_security_log_events_past_their_retention_are_deleted_and_no_others(kb_url, tmp_path):
    """Review finding 4: the security log is kept SECURITY_LOG_RETENTION_DAYS (365)."""
    engine = seeded_engine(kb_url)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with db.make_sessionmaker(engine).begin() as session:
        for days in (0, 29, 31, 400):
            record(session, "sign_in", actor="ada", client="127.0.0.1").at = now - dt.timedelta(
                days=days
            )
    settings = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path),
            "DATABASE_URL": kb_url,
            "SECURITY_LOG_RETENTION_DAYS": "30",
        }
    )
    assert purge(settings).security_events == 2
    with db.make_sessionmaker(engine)() as session:
        kept = sorted((now - at).days for at in session.scalars(select(SecurityEvent.at)))
    assert kept == [0, 29]
    assert Settings.from_env({}).security_log_retention_days == 365
    engine.dispose()
