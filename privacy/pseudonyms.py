"""Keyed hashes: what Rasa and the database know of a channel's user, instead of its id."""

from __future__ import annotations

import hashlib
import hmac

# the channels whose pseudonyms name Signpost's conversations in Rasa's store: deletion and
# the retention purge touch only these, never rows another application keeps in the table
# (other keyed hashes, e.g. of invite codes, have other prefixes)
CHANNELS = ("web", "tg")


def pseudonym(secret: bytes, channel: str, raw_id: str) -> str:
    """A stable pseudonym of ``raw_id`` on ``channel`` (e.g. "tg-3f2a..."); not reversible
    without the secret key."""
    digest = hmac.new(secret, f"{channel}:{raw_id}".encode(), hashlib.sha256).hexdigest()
    return f"{channel}-{digest[:40]}"
