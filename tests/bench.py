"""Benchmark (``make bench``): Signpost's embedded default against a stock ``rasa init``
assistant trained in a temporary folder and run in the same session, on the same machine.

Measured for both: time from start to the first answer, resident memory of every process,
training time (stock only: Signpost's model is trained by ``make model``), and whole
conversations at 1, 10 and 50 concurrent practitioners through Rasa's REST channel (and,
for Signpost, through the web front the widget uses): per-turn p50/p95/p99, turns per
second, errors, and wrong outcomes (a Signpost triage that does not end in the expected
course of action). Writes ``docs/benchmarks.md`` and ``docs/bench-latency.png``.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import aiohttp

from tests.e2e.assistant import free_port
from tests.e2e.cluster import cluster
from tests.e2e.signpost_process import ROOT, SignpostProcess

LEVELS = (1, 10, 50)
# the production profile (tests/e2e/cluster.py: PostgreSQL, Redis, HAProxy) with one and
# two Rasa instances, at the level of the target
PRODUCTION_INSTANCES = (1, 2)
PRODUCTION_LEVEL = 10
CONVERSATIONS = {1: 5, 10: 30, 50: 100}
# a whole triage in a practitioner's words; the answer to the last turn is the card
TRIAGE = [
    "I saw something worrying",
    "no",
    "hate speech",
    "tiktok",
    "no",
    "an anonymous account",
    "Lyon",
]
# not illegal, an anonymous account: the default policy's dont_feed (../shared/DOMAIN.md)
EXPECTED_COURSE = "dont_feed"
# a whole conversation with the stock moodbot of ``rasa init``
STOCK = ["hello", "I am sad", "no", "very bad", "yes", "bye", "hi"]
REPORT = ROOT / "docs" / "benchmarks.md"
PLOT = ROOT / "docs" / "bench-latency.png"


@dataclass
class Run:
    """The turns of one load level against one target."""

    target: str
    level: int
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    wrong: int = 0
    seconds: float = 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB (Linux /proc)."""
    total = 0.0
    for p in [pid, *_descendants(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def _descendants(pid: int) -> List[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found += [int(entry.name), *_descendants(int(entry.name))]
    return found


async def rest_conversation(session, url: str, turns: List[str], run: Run, check) -> None:
    """One conversation through Rasa's REST channel."""
    sender = f"bench-{uuid.uuid4().hex}"

    async def turn(text: str) -> Optional[list]:
        async with session.post(url, json={"sender": sender, "message": text}) as response:
            replies = await response.json() if response.status == 200 else []
            return replies or None  # every turn of the assistant answers something

    await timed_turns(turn, turns, run, check)


async def web_conversation(session, base: str, turns: List[str], run: Run, check) -> None:
    """One conversation through the web front, as the widget holds it."""
    async with session.post(f"{base}/api/conversations", json={"language": "en"}) as opened:
        if opened.status != 201:
            run.errors += len(turns)
            return
        conversation = (await opened.json())["conversation_id"]
    url = f"{base}/api/conversations/{conversation}/messages"

    async def turn(text: str) -> Optional[list]:
        async with session.post(url, json={"text": text}) as response:
            messages = (await response.json()).get("messages", [])
            return messages if response.status == 200 else None

    await timed_turns(turn, turns, run, check)


async def timed_turns(turn: Callable, turns: List[str], run: Run, check) -> None:
    """Play ``turns``, timing each; a turn that fails (None, or an error) counts as an
    error, and ``check`` judges the last answer."""
    last: list = []
    for text in turns:
        started = time.perf_counter()
        try:
            answer = await turn(text)
        except (aiohttp.ClientError, asyncio.TimeoutError):
            answer = None
        if answer is None:
            run.errors += 1
        else:
            last = answer
        run.latencies.append(time.perf_counter() - started)
    if check is not None and not check(last):
        run.wrong += 1


def card_says(course: str) -> Callable[[list], bool]:
    """The last turn's replies hold a recommendation card for ``course`` (REST: its
    ``custom`` payload; web front: its ``card``)."""

    def holds(replies: list) -> bool:
        cards = [r.get("custom") or r.get("card") or {} for r in replies]
        return any(c.get("course_of_action") == course for c in cards if isinstance(c, dict))

    return holds


async def load(target: str, level: int, one: Callable, turns: List[str], check) -> Run:
    run = Run(target, level)
    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=level)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        await one(session, turns, Run(target, level), None)  # warm up
        gate = asyncio.Semaphore(level)

        async def conversation():
            async with gate:
                await one(session, turns, run, check)

        started = time.perf_counter()
        await asyncio.gather(*(conversation() for _ in range(CONVERSATIONS[level])))
        run.seconds = time.perf_counter() - started
    return run


def wait_answering(url: str, process: subprocess.Popen, timeout: float = 600) -> float:
    """Seconds until a REST message to ``url`` is answered (time to first answer)."""
    import json
    import urllib.request

    started = time.monotonic()
    body = json.dumps({"sender": "first", "message": "hello"}).encode()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as response:
                if json.load(response):
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} never answered")


def stock_assistant(folder: Path) -> Dict[str, float]:
    """``rasa init`` in ``folder`` (it trains its model); the training time."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=folder,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return {"training": time.monotonic() - started}


def main() -> int:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    runs: List[Run] = []
    facts: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        (scratch / "stock").mkdir()
        print("training the stock rasa init assistant...", flush=True)
        facts["stock Rasa (rasa init)"] = stock_assistant(scratch / "stock")
        port = free_port()
        stock = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--port", str(port), "-m", "models"],
            cwd=scratch / "stock",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            rest = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
            facts["stock Rasa (rasa init)"]["first answer"] = wait_answering(rest, stock)
            for level in LEVELS:
                print(f"stock, {level} concurrent...", flush=True)
                one = _rest(rest)
                runs.append(asyncio.run(load("stock Rasa, REST", level, one, STOCK, None)))
            facts["stock Rasa (rasa init)"]["memory"] = rss_mib(stock.pid)
        finally:
            stock.terminate()
            stock.wait()

        (scratch / "signpost").mkdir()
        signpost = SignpostProcess(
            scratch / "signpost",
            RASA_TOKEN="bench-token",
            # every bench conversation comes from one address: lift the flood limits
            NEW_CONVERSATIONS_PER_CLIENT_PER_HOUR="1000000",
            NEW_CONVERSATIONS_PER_MINUTE="1000000",
        )
        try:
            rest = f"http://127.0.0.1:{signpost.env['RASA_PORT']}/webhooks/rest/webhook"
            first = wait_answering(rest, signpost.process)
            signpost.wait_healthy()
            facts["Signpost (embedded default)"] = {"first answer": first}
            check = card_says(EXPECTED_COURSE)
            for level in LEVELS:
                print(f"Signpost, {level} concurrent...", flush=True)
                runs.append(asyncio.run(load("Signpost, REST", level, _rest(rest), TRIAGE, check)))
                web = _web(signpost.url)
                runs.append(asyncio.run(load("Signpost, web front", level, web, TRIAGE, check)))
            memory = {"signpost run (web)": rss_mib(signpost.process.pid)}
            facts["Signpost (embedded default)"]["memory"] = memory["signpost run (web)"]
        finally:
            signpost.stop()

        for instances in PRODUCTION_INSTANCES:
            name = f"production profile, {instances} Rasa"
            print(f"{name}, {PRODUCTION_LEVEL} concurrent...", flush=True)
            with cluster(scratch / f"production-{instances}", instances) as running:
                runs.append(
                    asyncio.run(
                        load(
                            f"{name}, web front",
                            PRODUCTION_LEVEL,
                            _web(running.front_url),
                            TRIAGE,
                            card_says(EXPECTED_COURSE),
                        )
                    )
                )
                facts[name] = {"memory": sum(rss_mib(part.process.pid) for part in running.parts)}
    write_report(runs, facts)
    return 0


def _rest(url: str):
    return lambda session, turns, run, check: rest_conversation(session, url, turns, run, check)


def _web(base: str):
    return lambda session, turns, run, check: web_conversation(session, base, turns, run, check)


def write_report(runs: List[Run], facts: Dict[str, Dict[str, float]]) -> None:
    """The table in docs/benchmarks.md and the latency plot."""
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (tests/bench.py) on {time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} CPUs. Whole conversations of 7 turns; Signpost's is a triage "
        "to a don't-feed card, stock's the moodbot of `rasa init`. The production profile "
        "runs every part apart (docs/deployment.md) on this one machine.",
        "",
        "| target | concurrent | turns/s | p50 ms | p95 ms | p99 ms | errors | wrong outcomes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run.target} | {run.level} | {run.turns_per_second:.1f} | {run.quantile(0.5):.0f} "
            f"| {run.quantile(0.95):.0f} | {run.quantile(0.99):.0f} | {run.errors} | {run.wrong} |"
        )
    lines += [
        "",
        "| assistant | first answer after start (s) | training (s) | memory (MiB, all processes) |",
    ]
    lines += ["|---|---|---|---|"]
    for name, fact in facts.items():
        training = f"{fact['training']:.0f}" if "training" in fact else "(make model)"
        first = f"{fact['first answer']:.1f}" if "first answer" in fact else "(not measured)"
        lines.append(f"| {name} | {first} | {training} | {fact.get('memory', 0):.0f} |")
    lines += ["", "![per-turn latency](bench-latency.png)", ""]
    REPORT.write_text("\n".join(lines) + _analysis())
    print("\n".join(lines))
    _plot(runs)


ANALYSIS = "## What moved the numbers"


def _analysis() -> str:
    """The hand-written part of the report (from ``ANALYSIS`` on), kept as it is when the
    tables are written anew."""
    old = REPORT.read_text() if REPORT.exists() else ""
    return "\n" + old[old.index(ANALYSIS) :] if ANALYSIS in old else ""


def _plot(runs: List[Run]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4))
    for target in dict.fromkeys(r.target for r in runs):
        mine = [r for r in runs if r.target == target]
        axis.plot(
            [r.level for r in mine], [r.quantile(0.95) for r in mine], marker="o", label=target
        )
    axis.set_xlabel("concurrent conversations")
    axis.set_ylabel("p95 per turn (ms)")
    axis.set_xscale("log")
    axis.legend()
    figure.tight_layout()
    figure.savefig(PLOT, dpi=100)


if __name__ == "__main__":
    sys.exit(main())
