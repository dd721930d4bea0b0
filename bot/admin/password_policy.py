"""What makes a password acceptable: long enough once spaces are set aside, not on a list
of common or leaked passwords, and not easy to guess by zxcvbn's estimate (its lists of
passwords, words and names, keyboard patterns, dates and repeats)."""

from __future__ import annotations

from typing import Optional

from zxcvbn import zxcvbn
from zxcvbn.matching import RANKED_DICTIONARIES

from knowledge.messages import N_, Message

MIN_LENGTH = 12
# zxcvbn's score 3: about 10^8 guesses or more ("safely unguessable" online)
MIN_SCORE = 3
# zxcvbn reads this many characters; a longer password is judged by its start
ZXCVBN_LENGTH = 72


def password_problem(password: str, username: str = "") -> Optional[str]:
    """Why ``password`` is not acceptable, or None."""
    if len(" ".join(password.split())) < MIN_LENGTH:
        return Message(
            "The password must be at least %(length)s characters long.", length=MIN_LENGTH
        )
    if password.strip().lower() in RANKED_DICTIONARIES["passwords"]:
        return N_("This password is on a list of common or leaked passwords. Choose another.")
    inputs = [username] if username else []
    if zxcvbn(password[:ZXCVBN_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
        return N_(
            "This password is too easy to guess. Use several words that do not belong "
            "together, or a longer mix; avoid names, dates, keyboard rows and repeats."
        )
    return None
