"""Admin accounts: argon2 password hashes, sign-in with growing waits after failures and
an optional two-factor code, server-side sessions, and the security log of each step.

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

from bot.admin import throttle, totp
from bot.admin.password_policy import password_problem
from knowledge import security_log
from knowledge.messages import N_, Message
from knowledge.models import ADMIN_ROLES, AdminSession, AdminUser, Jurisdiction

# how long the password step of a two-factor sign-in waits for the code
CODE_MINUTES = 5
_hasher = PasswordHasher()
# verifying against this when the user is unknown or the attempt must wait takes as long
# as for a real user, so the answer time does not tell which user names exist
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
WRONG = N_("Wrong user name or password.")
WRONG_PASSWORD = N_("That is not your current password.")
WRONG_CODE = N_("Wrong code. Type the six digits your authenticator app shows now.")
CODE_EXPIRED = N_("The sign-in took too long. Please sign in again.")


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


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    jurisdiction_key: Optional[str] = None,
    *,
    actor: Optional[str] = None,
    client: Optional[str] = None,
) -> AdminUser:
    """Add a user; a coordinator belongs to one municipality, an admin to none. ``actor``
    is the admin who adds them (none on the command line), from ``client``."""
    username = username.strip()
    if not username or len(username) > 80 or not username.isprintable():
        raise AccountError(N_("The user name must be 1 to 80 printable characters."))
    if role not in ADMIN_ROLES:
        raise AccountError(
            Message("The role must be one of: %(roles)s.", roles=", ".join(ADMIN_ROLES))
        )
    if problem := password_problem(password, username):
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
        disabled=False,
        created_at=now(),
    )
    session.add(user)
    session.flush()
    security_log.record(
        session,
        "user_created",
        actor=actor,
        subject=username,
        client=client,
        detail=role,
    )
    return user


@dataclass(frozen=True)
class Attempt:
    """How a sign-in step went: the user's id once it is done, else what to say;
    ``needs_code`` when the password was right and the two-factor code is to come."""

    user_id: Optional[int] = None
    message: str = ""
    needs_code: bool = False


def authenticate(
    make_session: sessionmaker, username: str, password: str, client: Optional[str] = None
) -> Attempt:
    """Check a sign-in from ``client`` (its network address); the message of a failure
    reveals nothing about which part was wrong or whether the user exists.

    Each attempt is counted as a failure before its password is checked (see
    ``throttle``), and a right password takes it back. Every attempt runs exactly one
    argon2 verification, for an unknown name or an attempt that must wait against a
    stand-in hash, so the time taken tells nothing either. For a user with two-factor
    sign-in the attempt stays counted until the code is right.
    """
    name, at = username.strip(), now()
    user, message = _checked_password(make_session, name, password, client, at, "sign_in_failed")
    if user is None:
        return Attempt(message=message)
    user_id, uses_code = user
    if uses_code:
        return Attempt(user_id, needs_code=True)
    with make_session.begin() as session:
        throttle.succeeded(session, client, name, at)
        security_log.record(session, "sign_in", actor=name, client=client)
        row = session.get(AdminUser, user_id)
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
    return Attempt(user_id)


def confirm_password(
    make_session: sessionmaker, user_id: int, password: str, client: Optional[str] = None
) -> Optional[str]:
    """None if ``password`` is the signed-in user's own, else what to say. Counted and
    throttled like a sign-in, so a session left open cannot be used to guess it."""
    at = now()
    with make_session() as session:
        name = session.get(AdminUser, user_id).username
    user, message = _checked_password(
        make_session, name, password, client, at, "password_check_failed"
    )
    if user is None:
        return WRONG_PASSWORD if message == WRONG else message
    with make_session.begin() as session:
        throttle.succeeded(session, client, name, at)
    return None


def _checked_password(
    make_session: sessionmaker,
    name: str,
    password: str,
    client: Optional[str],
    at: dt.datetime,
    failure: str,
):
    """((user id, uses a code), "") when ``password`` is ``name``'s, else (None, message);
    a failure is logged as the event ``failure``, with any wait it starts."""
    try:
        with make_session.begin() as session:
            user = session.scalar(select(AdminUser).where(AdminUser.username == name))
            exists = user is not None
            known = None
            if exists and not user.disabled:
                known = (user.id, user.password_hash, user.totp_confirmed_at is not None)
            waits = throttle.claim(session, client, name, at)
    except throttle.Throttled as held:
        _verify(_DUMMY_HASH, password)
        return None, waiting(held.until)
    right = _verify(known[1] if known else _DUMMY_HASH, password)
    if right and known:
        return (known[0], known[2]), ""
    with make_session.begin() as session:
        why = "" if known else N_("user disabled") if exists else N_("unknown user name")
        actor = name if exists else None
        security_log.record(session, failure, actor=actor, client=client, detail=why)
        for rule in waits:
            security_log.record(
                session, "sign_in_throttled", actor=actor, client=client, detail=rule.label
            )
    return None, WRONG


def waiting(until: dt.datetime) -> Message:
    """What a client that must wait is told."""
    return Message(
        "Too many failed attempts. Please try again after %(time)s UTC.",
        time=until.strftime("%H:%M:%S"),
    )


def check_code(
    make_session: sessionmaker,
    token: Optional[str],
    code: str,
    server_key: bytes,
    client: Optional[str] = None,
) -> Attempt:
    """The second step of a two-factor sign-in: the code for the session ``token`` that
    the password step started. Counted and throttled like a password; a code that was
    used once is refused."""
    at = now()
    try:
        with make_session.begin() as session:
            user = _awaiting(session, token, at)
            if user is None:
                return Attempt(message=CODE_EXPIRED)
            user_id, name, sealed = user.id, user.username, user.totp_secret
            waits = throttle.claim(session, client, name, at)
    except throttle.Throttled as held:
        return Attempt(message=waiting(held.until))
    with make_session.begin() as session:
        step = totp.matching_step(
            totp.unseal(sealed, server_key),
            code,
            at,
            session.get(AdminUser, user_id).totp_last_step,
        )
        used = (
            step is not None
            and session.execute(
                update(AdminUser)
                .where(
                    AdminUser.id == user_id,
                    or_(AdminUser.totp_last_step.is_(None), AdminUser.totp_last_step < step),
                )
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            ).rowcount
        )
        if not used:
            security_log.record(session, "code_failed", actor=name, client=client)
            for rule in waits:
                security_log.record(
                    session, "sign_in_throttled", actor=name, client=client, detail=rule.label
                )
            return Attempt(message=WRONG_CODE)
        # the password's attempt and the code's
        throttle.succeeded(session, client, name, at, attempts=2)
        end_session(session, token)
        security_log.record(
            session, "sign_in", actor=name, client=client, detail=N_("with a two-factor code")
        )
    return Attempt(user_id)


def _awaiting(session: Session, token: Optional[str], at: dt.datetime) -> Optional[AdminUser]:
    """The user whose password step started the session ``token``, if it is still open."""
    row = session.get(AdminSession, _token_hash(token)) if token else None
    if row is None or not row.awaiting_code or row.expires_at <= at:
        return None
    user = session.get(AdminUser, row.user_id)
    if user is None or user.disabled or user.totp_confirmed_at is None:
        return None
    return user


def awaiting_csrf(session: Session, token: Optional[str]) -> Optional[str]:
    """The CSRF token of the code form of the session ``token``, if it awaits a code."""
    if _awaiting(session, token, now()) is None:
        return None
    return session.get(AdminSession, _token_hash(token)).csrf_token


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(
    session: Session, user: AdminUser, password: str, keep: Optional[str] = None
) -> None:
    """Replace ``user``'s password and end their sessions (but the session ``keep``)."""
    if problem := password_problem(password, user.username):
        raise AccountError(problem)
    user.password_hash = _hasher.hash(password)
    end_sessions(session, user.id, keep)


def start_session(
    session: Session, user: AdminUser, hours: float, *, awaiting_code: bool = False
) -> str:
    """A new session for ``user``; returns the cookie token (only its hash is stored).
    One ``awaiting_code`` is not signed in yet and lasts ``CODE_MINUTES``."""
    session.execute(delete(AdminSession).where(AdminSession.expires_at < now()))
    token = secrets.token_urlsafe(32)
    lasts = dt.timedelta(minutes=CODE_MINUTES) if awaiting_code else dt.timedelta(hours=hours)
    session.add(
        AdminSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now() + lasts,
            last_seen_at=now(),
            awaiting_code=awaiting_code,
        )
    )
    session.flush()
    return token


def signed_in(
    session: Session, token: Optional[str], idle: Optional[dt.timedelta] = None
) -> Optional[SignedIn]:
    """Who holds the session cookie ``token``: None when unknown, expired, unused for
    ``idle`` or disabled. Marks the session used, writing at most once a minute."""
    if not token:
        return None
    row = session.get(AdminSession, _token_hash(token))
    at = now()
    if row is None or row.awaiting_code or row.expires_at <= at:
        return None
    if idle is not None and (row.last_seen_at is None or row.last_seen_at <= at - idle):
        return None
    if row.last_seen_at is None or at - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = at
    user = session.get(AdminUser, row.user_id)
    if user is None or user.disabled:
        return None
    return SignedIn(
        user.id, user.username, user.role, user.jurisdiction_key, row.csrf_token, user.language
    )


# how stale a session's last-seen time may get before it is written again
SEEN_EVERY = dt.timedelta(minutes=1)


def end_session(session: Session, token: Optional[str]) -> None:
    if token:
        session.execute(delete(AdminSession).where(AdminSession.token_hash == _token_hash(token)))


def end_sessions(session: Session, user_id: int, keep: Optional[str] = None) -> None:
    """End every session of ``user_id``, but the one whose cookie token is ``keep``."""
    query = delete(AdminSession).where(AdminSession.user_id == user_id)
    if keep:
        query = query.where(AdminSession.token_hash != _token_hash(keep))
    session.execute(query)


def same_token(expected: str, given: Optional[str]) -> bool:
    """Constant-time comparison of CSRF tokens."""
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def start_totp(session: Session, user: AdminUser, server_key: bytes) -> str:
    """A new two-factor secret for ``user``, kept until a code confirms it (turning
    two-factor sign-in on); returns the secret to show."""
    if user.totp_confirmed_at is not None:
        raise AccountError(N_("Two-factor sign-in is already on."))
    secret = totp.new_secret()
    user.totp_secret, user.totp_last_step = totp.seal(secret, server_key), None
    return secret


def pending_totp(user: AdminUser, server_key: bytes) -> Optional[str]:
    """The secret being set up for ``user``, not confirmed yet; None otherwise."""
    if user.totp_confirmed_at is not None:
        return None
    return totp.unseal(user.totp_secret, server_key)


def confirm_totp(
    session: Session, user: AdminUser, code: str, server_key: bytes, client: Optional[str]
) -> None:
    """Turn two-factor sign-in on once ``code`` shows the app holds the new secret."""
    at = now()
    step = totp.matching_step(pending_totp(user, server_key), code, at, None)
    if step is None:
        raise AccountError(WRONG_CODE)
    user.totp_confirmed_at, user.totp_last_step = at, step
    security_log.record(session, "totp_enabled", actor=user.username, client=client)


def code_is_right(user: AdminUser, code: str, server_key: bytes) -> bool:
    """``code`` is a current code of ``user``'s two-factor secret, not used before;
    it is then used."""
    secret = totp.unseal(user.totp_secret, server_key)
    step = totp.matching_step(secret, code, now(), user.totp_last_step)
    if step is None or user.totp_confirmed_at is None:
        return False
    user.totp_last_step = step
    return True


def turn_off_totp(session: Session, user: AdminUser, actor: str, client: Optional[str]) -> None:
    """Turn ``user``'s two-factor sign-in off and forget the secret."""
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    subject = None if actor == user.username else user.username
    security_log.record(session, "totp_disabled", actor=actor, subject=subject, client=client)
