"""Who may use the Telegram channel: one-time invite codes and admitted members.

Codes and user ids are kept only as keyed hashes (privacy/pseudonyms.py) under the
server's secret key; a new code is shown once, to whoever made it, and stored nowhere.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import TelegramInvite, TelegramMember
from privacy.pseudonyms import pseudonym


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def new_invite_code(session: Session, secret: bytes, note: str = "") -> str:
    """A new one-time code, returned once; only its keyed hash is stored. Made here for
    the command line and the admin pages alike."""
    code = secrets.token_urlsafe(9)
    add_invite(session, invite_hash(secret, code), note.strip()[:200])
    return code


def invite_hash(secret: bytes, code: str) -> str:
    """What is stored of an invite code, and what a code sent to the bot is looked up by."""
    return pseudonym(secret, "invite", code.strip())


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
