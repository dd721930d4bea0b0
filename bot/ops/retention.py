"""Retention: what Signpost deletes once it is old enough, run by ``signpost purge`` and
daily by ``signpost run``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot.admin import throttle
from bot.config.settings import Settings
from bot.rasa.conversation_store import purge as purge_conversations
from knowledge import security_log
from knowledge.db import make_engine, make_sessionmaker
from knowledge.referrals import delete_received_before


@dataclass(frozen=True)
class Purged:
    conversations: int
    referrals: int
    security_events: int = 0

    def __str__(self) -> str:
        return (
            f"Deleted {self.conversations} idle conversation(s) and "
            f"{self.referrals} old referral(s). "
            f"Deleted {self.security_events} security log event(s) past their retention."
        )


def purge(settings: Settings, days: Optional[float] = None) -> Purged:
    """Delete conversations idle for ``days`` (default ``RETENTION_DAYS``), referrals
    received more than ``REFERRAL_RETENTION_DAYS`` ago, security log events older than
    ``SECURITY_LOG_RETENTION_DAYS`` and sign-in counts long unused."""
    conversations = purge_conversations(
        settings.tracker_store_url, days if days is not None else settings.retention_days
    )
    cutoff = dt.date.today() - dt.timedelta(days=settings.referral_retention_days)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            referrals = delete_received_before(session, cutoff)
            now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
            events = security_log.delete_before(
                session, now - dt.timedelta(days=settings.security_log_retention_days)
            )
            throttle.forget_before(session, now - throttle.FORGET_AFTER)
    finally:
        engine.dispose()
    return Purged(conversations, referrals, events)
