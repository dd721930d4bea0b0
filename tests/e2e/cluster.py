"""The production profile on one machine, for the scale-out tests and the benchmark: an
action server, N Rasa instances on one PostgreSQL tracker store (a schema of its own) and
one Redis lock store, Debian's HAProxy in front of the Rasa instances, and the web front
(``signpost serve front``) reaching Rasa through the proxy. Every part is started with
``signpost serve <part>``, as docs/deployment.md runs it."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from sqlalchemy import text

from knowledge import db
from tests.conftest import POSTGRES_ADMIN_URL, REDIS_URL, postgres_reachable
from tests.e2e.assistant import free_port
from tests.e2e.signpost_process import ROOT

HAPROXY = "/usr/sbin/haproxy"
TOKEN = "cluster-test-token"

# round robin per request; a server that fails two checks 0.5 s apart is taken out, and a
# request whose connection is refused is sent to the other server
HAPROXY_CONFIG = """\
global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  retries 3
  option redispatch
frontend rasa
  bind 127.0.0.1:{port}
  default_backend rasa_instances
backend rasa_instances
  balance roundrobin
  option httpchk GET /
  default-server inter 500ms fall 2 rise 2
{servers}
listen stats
  bind 127.0.0.1:{stats_port}
  stats enable
  stats uri /stats
"""


@dataclass
class Part:
    name: str
    process: subprocess.Popen
    url: str
    log: Path


@dataclass
class Cluster:
    """The running parts and where to reach them."""

    folder: Path
    schema: str
    env: Dict[str, str]
    secret: str = ""  # every front's SIGNPOST_SECRET
    proxy_url: str = ""
    stats_url: str = ""
    front_url: str = ""
    parts: List[Part] = field(default_factory=list)

    @property
    def tracker_store_url(self) -> str:
        return f"{POSTGRES_ADMIN_URL}?options=-csearch_path%3D{self.schema}"

    def start(self, name: str, part: str, port: int, **env: str) -> Part:
        log = self.folder / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", part],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started = Part(name, process, f"http://127.0.0.1:{port}", log)
        self.parts.append(started)
        return started

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if p.name == name)

    def kill(self, name: str) -> None:
        """``kill -9`` of one part, as a crash would."""
        os.killpg(self.part(name).process.pid, signal.SIGKILL)
        self.part(name).process.wait()

    def requests_per_rasa(self) -> Dict[str, int]:
        """How many requests the proxy sent to each Rasa instance (HAProxy's statistics)."""
        with urllib.request.urlopen(self.stats_url + "/stats;csv", timeout=5) as response:
            rows = csv.DictReader(io.StringIO(response.read().decode().lstrip("# ")))
            return {
                row["svname"]: int(row["stot"] or 0)
                for row in rows
                if row["pxname"] == "rasa_instances" and row["svname"].startswith("rasa")
            }

    def events(self, sender: str) -> List[dict]:
        """The stored events of one conversation, in the order Rasa wrote them."""
        engine = db.make_engine(POSTGRES_ADMIN_URL)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        f'SELECT id, type_name, timestamp, data FROM "{self.schema}".events '
                        "WHERE sender_id = :sender ORDER BY id"
                    ),
                    {"sender": sender},
                )
                return [dict(row._mapping) for row in rows]
        finally:
            engine.dispose()


def wait_answering(part: Part, path: str, timeout: float = 420.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if part.process.poll() is not None:
            raise RuntimeError(f"{part.name} exited: {part.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(part.url + path, timeout=3):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(
        f"{part.name} did not answer in {timeout:.0f} s: {part.log.read_text()[-3000:]}"
    )


def wait_for_table(schema: str, table: str, timeout: float = 300.0) -> None:
    """Until Rasa has made its tables: a second instance starting meanwhile would race
    the first one creating them."""
    engine = db.make_engine(POSTGRES_ADMIN_URL)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                found = connection.execute(
                    text(
                        "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema = :schema AND table_name = :table"
                    ),
                    {"schema": schema, "table": table},
                ).scalar()
            if found:
                return
            time.sleep(0.5)
    finally:
        engine.dispose()
    raise RuntimeError(f"Rasa made no {schema}.{table} in {timeout:.0f} s")


@contextlib.contextmanager
def cluster(folder: Path, rasa_instances: int = 2) -> Iterator[Cluster]:
    """Start the production profile with ``rasa_instances`` Rasa servers; stop it after."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    if not Path(HAPROXY).exists():
        pytest.fail("HAProxy is missing: scripts/test_packages.sh installs Debian's haproxy")
    schema = f"cluster_{secrets.token_hex(4)}"
    admin = db.make_engine(POSTGRES_ADMIN_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    action_port, proxy_port, stats_port, front_port = (free_port() for _ in range(4))
    env = {
        **os.environ,
        "SIGNPOST_DATA_DIR": str(folder / "front"),
        "DATABASE_URL": f"sqlite:///{folder / 'knowledge.db'}",
        "RASA_TOKEN": TOKEN,
        # a new one each run: the rate limits' keys in the shared Redis are hashed with it
        "SIGNPOST_SECRET": secrets.token_hex(16),
        # the practitioners of the tests all come from 127.0.0.1
        "NEW_CONVERSATIONS_PER_CLIENT_PER_HOUR": "1000",
        "REDIS_URL": REDIS_URL,
        "RASA_URL": f"http://127.0.0.1:{proxy_port}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}",
        "ACTION_SERVER_PORT": str(action_port),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    running = Cluster(folder, schema, env, secret=env["SIGNPOST_SECRET"])
    env["TRACKER_STORE_URL"] = running.tracker_store_url
    proxy = None
    try:
        subprocess.run(  # the knowledge base, made once before any part reads it
            [sys.executable, "-m", "bot.cli", "kb", "init"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        actions = running.start("actions", "actions", action_port)
        rasa_ports = [free_port() for _ in range(rasa_instances)]
        for n, port in enumerate(rasa_ports, start=1):
            running.start(
                f"rasa{n}",
                "rasa",
                port,
                RASA_PORT=str(port),
                SIGNPOST_DATA_DIR=str(folder / f"rasa{n}"),
            )
            if n == 1:
                wait_for_table(schema, "events")
        servers = "\n".join(
            f"  server rasa{n} 127.0.0.1:{port} check" for n, port in enumerate(rasa_ports, 1)
        )
        config = folder / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(port=proxy_port, stats_port=stats_port, servers=servers)
        )
        proxy = subprocess.Popen(
            [HAPROXY, "-db", "-f", str(config)],
            stdout=(folder / "haproxy.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        running.proxy_url = env["RASA_URL"]
        running.stats_url = f"http://127.0.0.1:{stats_port}"
        front = running.start("front", "front", front_port, WEB_PORT=str(front_port))
        running.front_url = front.url
        wait_answering(actions, "/health")
        for n in range(1, rasa_instances + 1):
            wait_answering(running.part(f"rasa{n}"), "/")
        wait_answering(front, "/healthz")
        yield running
    finally:
        for part in running.parts:
            if part.process.poll() is None:
                os.killpg(part.process.pid, signal.SIGTERM)
        for part in running.parts:
            try:
                part.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(part.process.pid, signal.SIGKILL)
                part.process.wait()
        if proxy is not None:
            proxy.terminate()
            proxy.wait()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
        shutil.rmtree(folder / "front", ignore_errors=True)
