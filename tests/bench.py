"""Benchmark: per-turn latency and memory of the running assistant, as ratios against
baselines measured in the same run (``make bench``).

Latency baseline: a greeting turn (NLU and a rule, no action server). Measured: a
triage turn (the form and its validation on the action server) and the recommendation
turn (knowledge-base look-ups). Memory baseline: an idle Python interpreter of the same
venv; measured: the Rasa server and the action server (resident set size).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.e2e.assistant import Assistant, prepare, private_settings

ROUNDS = 20
TRIAGE = ["I saw something worrying", "no", "hate speech", "tiktok", "no", "an anonymous account"]


def rss_mib(pid: int) -> float:
    """Resident memory of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(assistant: Assistant, who: str, message: str) -> float:
    started = time.perf_counter()
    assistant.say(who, message)
    return time.perf_counter() - started


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = private_settings(Path(data_dir))
        assistant = Assistant(settings, prepare(settings)).start()
        try:
            for _ in range(3):  # warm up both servers
                assistant.conversation(f"warm-{uuid.uuid4().hex}", *TRIAGE, "Lyon")
            greeting, triage, recommendation = [], [], []
            for _ in range(ROUNDS):
                who = f"bench-{uuid.uuid4().hex}"
                greeting.append(timed(assistant, who, "hello"))
                triage += [timed(assistant, who, m) for m in TRIAGE]
                recommendation.append(timed(assistant, who, "Lyon"))
            memory = {s.name: rss_mib(s.process.pid) for s in assistant.running}
        finally:
            assistant.stop()
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    time.sleep(1)
    baseline_memory = rss_mib(idle.pid)
    idle.kill()

    base = statistics.median(greeting)
    print(f"latency baseline (greeting turn), median of {ROUNDS}: {base * 1000:.0f} ms")
    for name, samples in (("triage turn", triage), ("recommendation turn", recommendation)):
        median = statistics.median(samples)
        p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
        print(
            f"{name}: median {median * 1000:.0f} ms (x{median / base:.2f} baseline), "
            f"p95 {p95 * 1000:.0f} ms (x{p95 / base:.2f})"
        )
    print(f"memory baseline (idle Python): {baseline_memory:.0f} MiB")
    for name, mib in memory.items():
        print(f"{name}: {mib:.0f} MiB (x{mib / baseline_memory:.1f} baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
