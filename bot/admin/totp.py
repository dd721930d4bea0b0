"""Two-factor sign-in with the six-digit codes of an authenticator app (TOTP, RFC 6238).

The secret is kept encrypted with a key derived from the server's secret key, so the
database alone does not give it away; a code is accepted once, in its 30-second step or
one step either side (clocks drift).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from typing import Optional

import pyotp
from cryptography.fernet import Fernet, InvalidToken

ISSUER = "Signpost"


def new_secret() -> str:
    return pyotp.random_base32()


def _fernet(server_key: bytes) -> Fernet:
    derived = hmac.new(server_key, b"signpost admin totp secret", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret: str, server_key: bytes) -> str:
    """``secret`` encrypted for the database."""
    return _fernet(server_key).encrypt(secret.encode()).decode()


def unseal(sealed: Optional[str], server_key: bytes) -> Optional[str]:
    """The secret of ``sealed``; None if there is none or the server key changed."""
    if not sealed:
        return None
    try:
        return _fernet(server_key).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def provisioning_uri(secret: str, username: str) -> str:
    """The ``otpauth://`` address an authenticator app takes instead of a typed secret."""
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def matching_step(
    secret: Optional[str], code: str, at: dt.datetime, last_step: Optional[int]
) -> Optional[int]:
    """The time step ``code`` is the code of (now or one step either side) and that is
    later than ``last_step``, the step last used; None if there is none."""
    code = "".join(code.split())
    if not secret or len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at.replace(tzinfo=dt.timezone.utc))
    for step in (now, now - 1, now + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(
            totp.generate_otp(step), code
        ):
            return step
    return None
