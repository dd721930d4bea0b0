"""Admin accounts: argon2 password hashes, sign-in with lock-out, and server-side sessions.

Sessions live in the database (only a hash of the cookie's token), so signing out or
disabling a user ends every session at once, and a stolen database holds no usable cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from knowledge.messages import N_, Message
from knowledge.models import ADMIN_ROLES, AdminSession, AdminUser, Jurisdiction

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()
# verifying against this when the user is unknown takes as long as for a real user,
# so the answer time does not tell which user names exist
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """A user could not be created or changed; the message says why, in plain words."""


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in on a request, and the CSRF token their forms must carry."""

    user_id: int
    username: str
    role: str
    jurisdiction_key: Optional[str]
    csrf_token: str
    language: Optional[str] = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_problem(password: str) -> Optional[str]:
    """Why ``password`` is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Message(
            "The password must be at least %(length)s characters long.", length=MIN_PASSWORD_LENGTH
        )
    return None


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    jurisdiction_key: Optional[str] = None,
) -> AdminUser:
    """Add a user; a coordinator belongs to one municipality, an admin to none."""
    username = username.strip()
    if not username or len(username) > 80 or not username.isprintable():
        raise AccountError(N_("The user name must be 1 to 80 printable characters."))
    if role not in ADMIN_ROLES:
        raise AccountError(
            Message("The role must be one of: %(roles)s.", roles=", ".join(ADMIN_ROLES))
        )
    if problem := password_problem(password):
        raise AccountError(problem)
    if role == "coordinator":
        place = session.get(Jurisdiction, jurisdiction_key or "")
        if place is None or place.level != "municipality":
            raise AccountError(
                N_("A coordinator needs the key of a municipality in the knowledge base.")
            )
    else:
        jurisdiction_key = None
    if session.scalar(select(AdminUser).where(AdminUser.username == username)):
        raise AccountError(Message("There is already a user called '%(name)s'.", name=username))
    user = AdminUser(
        username=username,
        password_hash=_hasher.hash(password),
        role=role,
        jurisdiction_key=jurisdiction_key,
        failed_logins=0,
        disabled=False,
        created_at=now(),
    )
    session.add(user)
    session.flush()
    return user


def authenticate(
    make_session: sessionmaker, username: str, password: str
) -> tuple[Optional[int], str]:
    """The user's id if ``password`` is right, else None and a message that reveals nothing
    about which part was wrong. Repeated failures lock the account for a while.

    Each attempt is counted in one atomic UPDATE, committed before the (slow) password
    check: parallel attempts cannot read the same count, so no more than
    ``MAX_FAILED_LOGINS`` passwords are ever checked before the lock holds.
    """
    wrong = N_("Wrong user name or password.")
    with make_session.begin() as session:
        user = session.scalar(select(AdminUser).where(AdminUser.username == username.strip()))
        if user is None or user.disabled:
            user_id = password_hash = None
        else:
            user_id, password_hash = user.id, user.password_hash
            claimed = session.execute(
                update(AdminUser)
                .where(
                    AdminUser.id == user_id,
                    AdminUser.failed_logins < MAX_FAILED_LOGINS,
                    or_(AdminUser.locked_until.is_(None), AdminUser.locked_until <= now()),
                )
                .values(failed_logins=AdminUser.failed_logins + 1, locked_until=None)
                .execution_options(synchronize_session=False)
            ).rowcount
    if user_id is None:
        _verify(_DUMMY_HASH, password)
        return None, wrong
    if not claimed:
        return None, LOCKED
    right = _verify(password_hash, password)
    with make_session.begin() as session:
        if not right:
            locked = session.execute(
                update(AdminUser)
                .where(AdminUser.id == user_id, AdminUser.failed_logins >= MAX_FAILED_LOGINS)
                .values(locked_until=now() + LOCKOUT, failed_logins=0)
                .execution_options(synchronize_session=False)
            ).rowcount
            return None, LOCKED if locked else wrong
        user = session.get(AdminUser, user_id)
        user.failed_logins, user.locked_until = 0, None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
    return user_id, ""


# said when an account is locked after too many failed sign-ins
LOCKED = N_("Too many failed attempts. Please wait 15 minutes and try again.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(session: Session, user: AdminUser, password: str) -> None:
    """Replace ``user``'s password and end their sessions."""
    if problem := password_problem(password):
        raise AccountError(problem)
    user.password_hash = _hasher.hash(password)
    end_sessions(session, user.id)


def start_session(session: Session, user: AdminUser, hours: float) -> str:
    """A new session for ``user``; returns the cookie token (only its hash is stored)."""
    session.execute(delete(AdminSession).where(AdminSession.expires_at < now()))
    token = secrets.token_urlsafe(32)
    session.add(
        AdminSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now() + dt.timedelta(hours=hours),
        )
    )
    session.flush()
    return token


def signed_in(session: Session, token: Optional[str]) -> Optional[SignedIn]:
    """Who holds the session cookie ``token``: None when unknown, expired or disabled."""
    if not token:
        return None
    row = session.get(AdminSession, _token_hash(token))
    if row is None or row.expires_at <= now():
        return None
    user = session.get(AdminUser, row.user_id)
    if user is None or user.disabled:
        return None
    return SignedIn(
        user.id, user.username, user.role, user.jurisdiction_key, row.csrf_token, user.language
    )


def end_session(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(AdminSession).where(AdminSession.token_hash == _token_hash(token)))


def end_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(AdminSession).where(AdminSession.user_id == user_id))


def same_token(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison of CSRF tokens."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())
