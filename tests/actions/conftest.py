"""Each action test starts with an action server that remembers nothing (actions.floods)."""

from __future__ import annotations

import pytest

from actions import floods


@pytest.fixture(autouse=True)
def forgetful_action_server(monkeypatch):
    monkeypatch.setattr(floods, "REFERRED", floods.OncePerDay())
    monkeypatch.setattr(floods, "COUNTED", floods.OncePerDay())
    monkeypatch.setattr(floods, "REFERRALS_THIS_HOUR", floods.PerHour())
