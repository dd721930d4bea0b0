"""Making Telegram invite codes, for the command line and the admin pages alike."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from bot.pseudonyms import pseudonym
from bot.secret_key import load_or_create
from bot.settings import Settings
from knowledge.access import add_invite


def new_invite_code(session: Session, settings: Settings, note: str = "") -> str:
    """A new one-time code, returned once; only its keyed hash is stored."""
    code = secrets.token_urlsafe(9)
    code_hash = pseudonym(load_or_create(settings.data_dir, settings.secret), "invite", code)
    add_invite(session, code_hash, note.strip()[:200])
    return code
