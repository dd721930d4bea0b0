"""Starts and supervises Signpost: the action server and Rasa as child processes, the web
server and the Telegram bot in this event loop; Ctrl-C stops everything cleanly."""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from aiohttp import web

from bot.config.settings import Settings
from bot.ops import ports
from bot.rasa.run_files import rasa_environment, write_endpoints, write_logging_config
from knowledge.db import PROJECT_ROOT
from privacy import log_filter

# files a service creates (Rasa's conversation store, logs) are readable by their owner only
PRIVATE_FILES = 0o077
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# requests in flight get this long to finish after SIGTERM before the web server closes
DRAIN_SECONDS = 10.0


@dataclass
class Service:
    """A child process and the URL that answers once it is ready."""

    name: str
    command: List[str]
    ready_url: str
    env: Dict[str, str] = field(default_factory=dict)  # beside the settings' child_env
    process: Optional[subprocess.Popen] = field(default=None, repr=False)


def services(settings: Settings, model: Path) -> List[Service]:
    """The action server and the Rasa server, configured from ``settings``."""
    return [action_service(settings), rasa_service(settings, model)]


def action_service(settings: Settings) -> Service:
    """The action server on ``ACTION_SERVER_HOST``:``ACTION_SERVER_PORT``."""
    return Service(
        "action server",
        [sys.executable, "-m", "actions", "--port", str(settings.action_port)],
        f"{settings.local_action_url}/health",
    )


def rasa_service(settings: Settings, model: Path) -> Service:
    """The Rasa server on ``RASA_HOST``:``RASA_PORT`` with ``model``."""
    rasa = [
        sys.executable,
        "-m",
        "bot.rasa.process",  # stock Rasa with its measured hot spot removed
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(write_endpoints(settings)),
        "--credentials",
        "credentials.yml",
        "--logging-config-file",
        str(write_logging_config(settings)),
        "--interface",
        settings.rasa_host,
        "--port",
        str(settings.rasa_port),
    ]
    if settings.rasa_token:
        # one argument with "=": a token may begin with "-" (a random one does, one start
        # in 64), which argparse would take for an option of its own
        rasa += ["--enable-api", f"--auth-token={settings.rasa_token}"]
    return Service("Rasa", rasa, f"{settings.local_rasa_url}/", rasa_environment())


def serve_part(settings: Settings, part: str, model: Optional[Path]) -> int:
    """Run one part alone in the foreground (``signpost serve``): the orchestrator
    (compose, Kubernetes) supervises and scales it, so nothing here restarts it. Rasa
    and the action server replace this process; the front runs in this event loop."""
    log_filter.configure(settings.log_level)
    if part == "front":
        return asyncio.run(serve(settings, model=None))
    service = rasa_service(settings, model) if part == "rasa" else action_service(settings)
    os.chdir(PROJECT_ROOT)
    os.umask(PRIVATE_FILES)
    env = {**settings.child_env(), **service.env, "LOG_LEVEL": settings.log_level}
    os.execve(sys.executable, service.command, env)
    return 1  # not reached: execve does not return


def start(service: Service, settings: Settings, output=None) -> None:
    """Start ``service`` in its own process group (so stopping reaches its children);
    its output goes to ``output`` (a file) or to this process's. Both log at the settings'
    level, every line redacted (the action server and Rasa's logging config install the
    filter). The child is killed when the thread that started it ends, so call this from
    the main thread: a ``kill -9`` of ``signpost run`` leaves no part running."""
    service.process = subprocess.Popen(
        service.command,
        cwd=PROJECT_ROOT,
        env={**settings.child_env(), **service.env, "LOG_LEVEL": settings.log_level},
        start_new_session=True,
        umask=PRIVATE_FILES,
        stdout=output,
        stderr=subprocess.STDOUT if output is not None else None,
        preexec_fn=_die_with_parent(os.getpid()),
    )


def _die_with_parent(parent: int):
    """In the child, before it runs: ask Linux to SIGKILL it when its parent dies
    (``PR_SET_PDEATHSIG``), and go at once if the parent is already gone."""

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux: the parent's clean stop still works
        prctl = None

    def arrange() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arrange


def kill(service: Service) -> None:
    """Kill ``service`` and its process group at once (a part that failed or froze)."""
    if service.process is None:
        return
    if service.process.poll() is None:
        _signal_group(service.process.pid, signal.SIGKILL)
    service.process.wait()


def wait_ready(service: Service, timeout: float = 300.0) -> None:
    """Wait until ``service`` answers; fail with its name if it exits or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process is not None and service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with code {service.process.returncode}")
        try:
            with urllib.request.urlopen(service.ready_url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{service.name} did not answer at {service.ready_url} in {timeout:.0f}s")


def stop(running: List[Service], grace: float = 15.0) -> None:
    """Ask every service to stop, then kill what is still running after ``grace`` seconds."""
    for service in running:
        if service.process and service.process.poll() is None:
            _signal_group(service.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for service in running:
        if service.process is None:
            continue
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(service.process.pid, signal.SIGKILL)
            service.process.wait()


def _signal_group(pid: int, sig: int) -> None:
    """Send ``sig`` to the process group ``pid`` leads; one that ended meanwhile is fine."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def run_all(settings: Settings, model: Path) -> int:
    """Run every part until Ctrl-C (or SIGTERM) or until one of them dies; this process
    (web server, Telegram bot) logs at the settings' level with every line redacted."""
    log_filter.configure(settings.log_level)
    return asyncio.run(serve(settings, model))


async def serve(settings: Settings, model: Optional[Path]) -> int:
    """Start the action server and Rasa (unless ``model`` is None: the front alone), then
    the web server in this event loop; keep the children answering (bot/ops/supervisor.py)
    until SIGINT or SIGTERM, then stop taking new work, let what is in flight finish
    (``DRAIN_SECONDS``) and stop everything."""
    from bot.channels.web.app import create_app
    from bot.channels.web.draining import drain
    from bot.config.secret_key import load_or_create
    from bot.ops.supervisor import Supervisor

    children = [
        ("action server", settings.action_host, settings.action_port),
        ("Rasa", settings.rasa_host, settings.rasa_port),
    ]
    web_server = ("web server", settings.web_host, settings.web_port)
    taken = ports.taken((children if model is not None else []) + [web_server])
    if taken:
        print("\n".join(taken + ["Stop it, or choose other ports (see README)."]), file=sys.stderr)
        return 1
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    running: List[Service] = []
    watching: List[asyncio.Task] = []
    web_runner = telegram = purging = None
    try:
        for service in services(settings, model) if model is not None else []:
            start(service, settings)
            running.append(service)
            print(f"Starting the {service.name}...", flush=True)
        # both load at once (each mostly on one core): the first answer comes when the
        # slower is ready, not after the sum of the two
        await asyncio.gather(*(loop.run_in_executor(None, wait_ready, s) for s in running))
        if stopping.is_set():
            return 0
        watching = [
            asyncio.create_task(Supervisor(service, settings).watch(stopping))
            for service in running
        ]
        secret = load_or_create(settings.data_dir, settings.secret)
        web_runner = web.AppRunner(create_app(settings, secret=secret), access_log=None)
        await web_runner.setup()
        await web.TCPSite(web_runner, settings.web_host, settings.web_port).start()
        if settings.telegram_token:
            telegram = await start_telegram(settings, secret)
        purging = asyncio.create_task(purge_daily(settings))
        print(
            "\nSignpost is running.\n"
            f"  Demo intranet page with the chat widget: {settings.web_url}/\n"
            f'  Embed the widget: <script src="{settings.web_url}/widget.js" defer></script>\n'
            f"  Health: {settings.web_url}/healthz\n"
            + (f"  Telegram bot: {telegram.bot.username}\n" if telegram else "")
            + "  Stop it: Ctrl-C\n",
            flush=True,
        )
        await stopping.wait()
        return 0
    finally:
        print("Stopping Signpost...", flush=True)
        if purging is not None:
            purging.cancel()
        if web_runner is not None:
            cut = await drain(web_runner, DRAIN_SECONDS)
            if cut:
                print(f"{cut} requests were still running after {DRAIN_SECONDS:g} s.", flush=True)
        if telegram is not None:
            await stop_telegram(telegram)
        if web_runner is not None:
            await web_runner.cleanup()
        for task in watching:
            task.cancel()
        await asyncio.gather(*watching, return_exceptions=True)
        await loop.run_in_executor(None, stop, running)


async def start_telegram(settings: Settings, secret: bytes, *, poll_timeout: int = 10):
    """The Telegram bot in this event loop: long polling, or a webhook when one is set."""
    from bot.channels.telegram.app import build_application, connect

    application = build_application(settings, secret=secret)
    await application.initialize()
    await connect(application)
    await application.start()
    if settings.telegram_webhook_url:
        await application.updater.start_webhook(
            listen=settings.web_host,
            port=settings.telegram_webhook_port,
            webhook_url=settings.telegram_webhook_url,
        )
    else:
        await application.updater.start_polling(poll_interval=0.0, timeout=poll_timeout)
    return application


async def stop_telegram(application) -> None:
    """Stop polling, the handlers, and close the bot's Rasa client."""
    from bot.channels.telegram.app import disconnect

    if application.updater.running:
        await application.updater.stop()
    await application.stop()
    await application.shutdown()
    await disconnect(application)


async def purge_daily(settings: Settings) -> None:
    """Delete what is past its retention period now, then once a day."""
    from bot.ops.retention import purge

    while True:
        try:
            purged = await asyncio.get_running_loop().run_in_executor(None, purge, settings)
            if purged.conversations or purged.referrals:
                print(f"Retention: {purged}", flush=True)
        except Exception as problem:  # a database hiccup must not stop the assistant
            print(f"Retention purge failed, will retry tomorrow: {problem}", file=sys.stderr)
        await asyncio.sleep(24 * 3600)
