"""For tests that change the action server's settings: actions/kb.py reads them once per
process (as the action server does), so a test that sets the environment forgets them."""

from __future__ import annotations

from actions import kb
from knowledge import db


def forget_action_settings() -> None:
    """The next knowledge-base session of the actions reads the settings (and opens its
    engine) afresh."""
    kb.settings.cache_clear()
    db.default_sessionmaker.cache_clear()
