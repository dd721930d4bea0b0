"""Widget conversations: server-made, unguessable ids, and the pseudonym Rasa sees.

The browser holds only a signed random id; Rasa sees a keyed hash of it, so the
tracker store never holds what the browser holds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from privacy.pseudonyms import pseudonym

ID_BYTES = 24


def new_id(secret: bytes) -> str:
    """A fresh conversation id: random part plus its signature."""
    random_part = secrets.token_urlsafe(ID_BYTES)
    return f"{random_part}.{_sign(secret, random_part)}"


def is_valid(secret: bytes, conversation_id: str) -> bool:
    """True for ids this server made (any other string is refused)."""
    random_part, _, signature = conversation_id.partition(".")
    if not random_part or len(conversation_id) > 100 or not conversation_id.isascii():
        return False  # "abc.é" made compare_digest raise (a 500): it is simply unknown
    return hmac.compare_digest(signature, _sign(secret, random_part))


def sender_id(secret: bytes, conversation_id: str) -> str:
    """The pseudonymous id Rasa stores for this conversation."""
    return pseudonym(secret, "web", conversation_id)


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]
