"""Supervision of the child processes: restart after an exit or a freeze, children that
die with their parent, and a start that names who holds its ports."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from bot.config.settings import Settings
from bot.ops import ports
from bot.ops.runner import Service, start, stop
from bot.ops.supervisor import Supervisor
from tests.e2e.assistant import free_port


def http_service(port: int) -> Service:
    """A tiny child that answers HTTP like the action server's /health."""
    return Service(
        "test server",
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        f"http://127.0.0.1:{port}/",
    )


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})


async def supervised_until(supervisor: Supervisor, condition, timeout: float = 30.0):
    """Run ``supervisor`` until ``condition()`` holds; fail after ``timeout`` seconds."""
    stopping = asyncio.Event()
    watching = asyncio.create_task(supervisor.watch(stopping))
    deadline = time.monotonic() + timeout
    try:
        while not condition():
            assert time.monotonic() < deadline, "the part was not restarted in time"
            await asyncio.sleep(0.2)
    finally:
        stopping.set()
        await watching


def answering(service: Service) -> bool:
    try:
        with urllib.request.urlopen(service.ready_url, timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("fault", [signal.SIGKILL, signal.SIGSTOP], ids=["killed", "frozen"])
async def test_a_part_that_dies_or_freezes_is_restarted_and_answers_again(settings, fault):
    service = http_service(free_port())
    lines = []
    supervisor = Supervisor(service, settings, log=lines.append, health_interval=0.3, delays=(0.1,))
    supervisor.frozen_after = 2
    start(service, settings, subprocess.DEVNULL)
    try:
        await asyncio.get_running_loop().run_in_executor(None, _wait_answering, service)
        first = service.process.pid
        os.kill(first, fault)
        await supervised_until(
            supervisor,
            lambda: (
                supervisor.restarts == 1 and service.process.pid != first and answering(service)
            ),
        )
    finally:
        stop([service], grace=2)
    reason = "stopped (exit code -9)" if fault == signal.SIGKILL else "did not answer"
    assert any(reason in line and "restarting it" in line for line in lines), lines
    assert any("is back (restart 1)" in line for line in lines), lines


def _wait_answering(service: Service, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not answering(service):
        assert time.monotonic() < deadline, "the test server never answered"
        time.sleep(0.1)


def test_children_die_with_signpost_run(tmp_path):
    """``kill -9`` of the parent leaves no child running (PR_SET_PDEATHSIG)."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            "from bot.ops.runner import Service, start\n"
            "from bot.config.settings import Settings\n"
            f"settings = Settings.from_env({{'SIGNPOST_DATA_DIR': {str(tmp_path)!r}}})\n"
            "sleep = [sys.executable, '-c', 'import time; time.sleep(60)']\n"
            "child = Service('sleeper', sleep, '')\n"
            "start(child, settings)\n"
            "print(child.process.pid, flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the child outlived its parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie is dead
    except FileNotFoundError:
        return False


def test_a_taken_port_is_named_with_the_process_that_holds_it():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        problems = ports.taken([("Rasa", "127.0.0.1", port)])
    assert len(problems) == 1
    assert f"Port {port} (Rasa) is already in use by process {os.getpid()}" in problems[0]
    assert ports.taken([("Rasa", "127.0.0.1", port)]) == []  # free again once closed
