"""Keeps each child process (the action server, Rasa) answering while ``signpost run``
lives: a part that exits or stops answering its health check is restarted after a
growing pause, with one plain log line each time, and the other parts go on.

While a part is down the channels tell the practitioner that Signpost can't answer right
now and to call 112 (bot/rasa/replies.py, bot/channels/web/views.py,
bot/channels/telegram/handlers.py).
"""

from __future__ import annotations

import asyncio
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Tuple

from bot.config.settings import Settings
from bot.ops.runner import Service, kill, start, wait_ready

# pauses before the 1st, 2nd, ... restart in a row; the last one repeats
RESTART_DELAYS: Tuple[float, ...] = (1, 2, 4, 8, 16, 30)
STABLE_AFTER = 60.0  # a part that stayed up this long starts the pauses over
HEALTH_INTERVAL = 2.0
HEALTH_TIMEOUT = 10.0
# consecutive unanswered health checks before a running part counts as frozen (about 35 s:
# a part that is only slow, on a machine under heavy load, must not be killed for it; the
# channels tell the practitioner after 10 s anyway, bot/rasa/client.py)
FROZEN_AFTER = 3


def answers(url: str, timeout: float = HEALTH_TIMEOUT) -> bool:
    """True when ``url`` answers with a success status within ``timeout``."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 300
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Supervisor:
    """Watches one started service and restarts it when it fails."""

    service: Service
    settings: Settings
    log: Callable[[str], None] = field(
        default=lambda line: print(line, file=sys.stderr, flush=True)
    )
    restarts: int = 0
    health_interval: float = HEALTH_INTERVAL
    frozen_after: int = FROZEN_AFTER
    delays: Tuple[float, ...] = RESTART_DELAYS

    async def watch(self, stopping: asyncio.Event) -> None:
        """Until ``stopping`` is set: check the part, restart it when it has failed."""
        loop = asyncio.get_running_loop()
        unanswered, in_a_row, up_since = 0, 0, time.monotonic()
        while not await _stopped_within(stopping, self.health_interval):
            process = self.service.process
            if process is not None and process.poll() is not None:
                problem = f"stopped (exit code {process.returncode})"
            elif await loop.run_in_executor(None, answers, self.service.ready_url):
                unanswered = 0
                continue
            else:
                unanswered += 1
                if unanswered < self.frozen_after:
                    continue
                problem = f"did not answer its health check {unanswered} times in a row"
            if time.monotonic() - up_since > STABLE_AFTER:
                in_a_row = 0
            delay = self.delays[min(in_a_row, len(self.delays) - 1)]
            self.log(f"The {self.service.name} {problem}; restarting it in {delay:g} s.")
            await loop.run_in_executor(None, kill, self.service)
            if await _stopped_within(stopping, delay):
                return
            start(self.service, self.settings)  # in this thread: it dies with this process
            in_a_row += 1
            unanswered, up_since = 0, time.monotonic()
            try:
                await loop.run_in_executor(None, wait_ready, self.service)
            except RuntimeError as failure:
                self.log(f"The {self.service.name} did not come back: {failure}")
                continue
            self.restarts += 1
            self.log(f"The {self.service.name} is back (restart {self.restarts}).")


async def _stopped_within(stopping: asyncio.Event, seconds: float) -> bool:
    """Wait up to ``seconds``; True if ``stopping`` was set meanwhile."""
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
        return True
    except asyncio.TimeoutError:
        return stopping.is_set()
