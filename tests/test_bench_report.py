"""``make bench`` rewrites its tables and keeps the hand-written analysis below them."""

from __future__ import annotations

import pytest

from tests import bench


@pytest.fixture
def report(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "REPORT", tmp_path / "benchmarks.md")
    monkeypatch.setattr(bench, "PLOT", tmp_path / "bench-latency.png")
    return bench.REPORT


def test_the_analysis_outlives_a_new_run(report):
    run = bench.Run("Signpost, REST", 10, latencies=[0.1, 0.2], seconds=1.0)
    report.write_text(f"# old tables\n| x | 1 |\n\n{bench.ANALYSIS}\n\nWhy it moved.\n")
    bench.write_report([run], {"Signpost (embedded default)": {"first answer": 9.0}})
    written = report.read_text()
    assert "old tables" not in written
    assert "| Signpost, REST | 10 | 2.0 |" in written
    assert written.endswith(f"{bench.ANALYSIS}\n\nWhy it moved.\n")


def test_a_first_report_has_only_the_tables(report):
    bench.write_report([bench.Run("stock Rasa, REST", 1, [0.05], seconds=1.0)], {})
    assert bench.ANALYSIS not in report.read_text()
