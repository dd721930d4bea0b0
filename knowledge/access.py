"""Who may use the Telegram channel: one-time invite codes and admitted members.

The caller hashes codes and user ids with its secret key; nothing here is in clear.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import TelegramInvite, TelegramMember


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def add_invite(session: Session, code_hash: str, note: str = "") -> TelegramInvite:
    """Record a new invite (by the hash of its code)."""
    invite = TelegramInvite(code_hash=code_hash, created_at=_now(), note=note)
    session.add(invite)
    session.flush()
    return invite


def redeem_invite(session: Session, code_hash: str, member_hash: str) -> bool:
    """Admit ``member_hash`` with an unused invite; False if the code is unknown or used."""
    invite = session.scalar(
        select(TelegramInvite).where(
            TelegramInvite.code_hash == code_hash, TelegramInvite.used_at.is_(None)
        )
    )
    if invite is None:
        return False
    invite.used_at = _now()
    if session.get(TelegramMember, member_hash) is None:
        session.add(TelegramMember(member_hash=member_hash, admitted_at=_now()))
    session.flush()
    return True


def is_member(session: Session, member_hash: str) -> bool:
    """True when this (hashed) user has been admitted."""
    return session.get(TelegramMember, member_hash) is not None
