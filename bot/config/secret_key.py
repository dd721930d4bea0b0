"""The server's secret key (signs widget conversation ids, keys the hashes of channel ids).

Taken from ``SIGNPOST_SECRET``, or made once and kept in ``<data dir>/secret.key``
(readable only by its owner), so ids stay valid across restarts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Optional


def load_or_create(data_dir: Path, configured: Optional[str] = None) -> bytes:
    """The configured secret, or the one kept in the data dir (made on first use)."""
    if configured:
        return configured.encode()
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
