"""What a practitioner typed, made safe to hand to the assistant (review finding 10).

A lone UTF-16 surrogate ("\\ud800", possible in JSON) cannot be encoded and made Rasa fail
inside spaCy; a null byte or another control character was stored as typed. Both are
cleaned before Rasa sees the message: a surrogate becomes the replacement character, a
control character other than a line break or tab is dropped. Shared by both channels.
"""

from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"


def cleaned(text: str) -> str:
    """``text`` without what cannot be encoded or shown."""
    return CONTROL.sub("", SURROGATE.sub(REPLACEMENT, text))
