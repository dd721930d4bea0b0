"""Runs the README's main job (``signpost run``) as a subprocess for browser tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict

from tests.e2e.assistant import free_port

ROOT = Path(__file__).resolve().parents[2]


class SignpostProcess:
    """``signpost run`` with a private data dir and free ports; stopped like Ctrl-C."""

    def __init__(self, data_dir: Path, **extra_env: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env: Dict[str, str] = {
            **os.environ,
            "SIGNPOST_DATA_DIR": str(data_dir),
            "WEB_PORT": str(self.port),
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(free_port()),
            **extra_env,
        }
        self.data_dir = data_dir
        self.log_path = data_dir / "signpost.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_healthy(self, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"signpost run exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=3) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise RuntimeError(f"signpost run did not become healthy:\n{self.log_tail()}")

    def stop(self) -> int:
        """Stop it the way Ctrl-C does; its exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def log_tail(self, lines: int = 40) -> str:
        """The end of what it printed, for a failure message."""
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
