"""Numbers in admin URLs that name a row."""

from __future__ import annotations

import re
from typing import Optional


def row_id(text: str) -> Optional[int]:
    """The number in a URL that names a row, or None ("²" and 20-digit numbers are no
    row: they made int() or the database fail with a 500)."""
    return int(text) if re.fullmatch(r"[0-9]{1,18}", text or "") else None
