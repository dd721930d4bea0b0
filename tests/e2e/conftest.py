"""One running assistant for the end-to-end tests of a session."""

from __future__ import annotations

import pytest

from tests.e2e.assistant import Assistant, prepare, private_settings


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    settings = private_settings(tmp_path_factory.mktemp("assistant"))
    running = Assistant(settings, prepare(settings)).start()
    yield running
    running.stop()
    if running.latencies:
        ordered = sorted(running.latencies)
        print(
            f"\nper-turn latency over {len(ordered)} turns: "
            f"median {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms"
        )
