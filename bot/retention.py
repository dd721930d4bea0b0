"""Retention: what Signpost deletes once it is old enough, run by ``signpost purge`` and
daily by ``signpost run``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from bot.conversation_store import purge as purge_conversations
from bot.settings import Settings
from knowledge.db import make_engine, make_sessionmaker
from knowledge.referrals import delete_received_before


@dataclass(frozen=True)
class Purged:
    conversations: int
    referrals: int

    def __str__(self) -> str:
        return (
            f"Deleted {self.conversations} idle conversation(s) and "
            f"{self.referrals} old referral(s)."
        )


def purge(settings: Settings, days: Optional[float] = None) -> Purged:
    """Delete conversations idle for ``days`` (default ``RETENTION_DAYS``) and referrals
    received more than ``REFERRAL_RETENTION_DAYS`` ago."""
    conversations = purge_conversations(
        settings.tracker_store_url, days if days is not None else settings.retention_days
    )
    cutoff = dt.date.today() - dt.timedelta(days=settings.referral_retention_days)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            referrals = delete_received_before(session, cutoff)
    finally:
        engine.dispose()
    return Purged(conversations, referrals)
