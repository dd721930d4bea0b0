"""compose.yaml, the Kubernetes manifests and the Dockerfile agree with the code: every
command they run is one ``signpost`` accepts, every setting they set is one Signpost reads
(with a value it accepts), every file they name exists, every port and health path is the
one the parts serve, and every outside image is the version the tests run against."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest
import yaml

from bot.cli import PARTS, command_line
from bot.config.settings import DEFAULTS, Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
MANIFESTS = list(yaml.safe_load_all((ROOT / "deploy/kubernetes/signpost.yaml").read_text()))
IMAGE = "signpost:latest"
# the settings only the Kubernetes Secret holds (docs/deployment.md says how to make it)
SECRET_SETTINGS = (
    "DATABASE_URL",
    "TRACKER_STORE_URL",
    "REDIS_URL",
    "RASA_TOKEN",
    "SIGNPOST_SECRET",
)
# what each part serves, from the code's own defaults
PORTS = {
    "front": int(DEFAULTS["WEB_PORT"][0]),
    "rasa": int(DEFAULTS["RASA_PORT"][0]),
    "actions": int(DEFAULTS["ACTION_SERVER_PORT"][0]),
}
HEALTH = {"front": "/healthz", "rasa": "/", "actions": "/health"}
# outside images and the command that prints the version these machines test against
OUTSIDE = {
    "postgres": ["psql", "--version"],
    "redis": ["redis-server", "--version"],
    "haproxy": ["/usr/sbin/haproxy", "-v"],
}


def signpost_services() -> Iterator[Tuple[str, dict]]:
    for name, service in COMPOSE["services"].items():
        if service.get("image") == IMAGE:
            yield name, service


def containers() -> Iterator[dict]:
    for manifest in MANIFESTS:
        spec = manifest.get("spec", {})
        template = spec.get("template", {}).get("spec", {})
        yield from template.get("containers", [])


def filled(environment: Dict[str, str]) -> Dict[str, str]:
    """``${NAME:?...}`` and ``${NAME:-default}`` as compose fills them (a made-up value)."""

    def one(value: str) -> str:
        return re.sub(r"\$\{(\w+)(?::-([^}]*))?[^}]*\}", lambda m: m.group(2) or "x" * 24, value)

    return {name: one(str(value)) for name, value in environment.items()}


def test_every_command_is_one_signpost_accepts():
    commands: List[List[str]] = [s["command"] for _, s in signpost_services()]
    commands += [c["args"] for c in containers()]
    assert len(commands) >= 8
    for command in commands:
        command_line().parse_args(command)  # exits (fails the test) on anything else
    served = {c[1] for c in commands if c[0] == "serve"}
    assert served == set(PARTS), "every part runs somewhere, in both"


def test_every_setting_is_read_by_signpost_with_a_value_it_accepts():
    for name, service in signpost_services():
        environment = filled(service["environment"])
        assert set(environment) <= set(DEFAULTS), (name, set(environment) - set(DEFAULTS))
        Settings.from_env(environment)  # raises on a value Signpost would refuse
    [config] = [m for m in MANIFESTS if m["kind"] == "ConfigMap"]
    assert set(config["data"]) <= set(DEFAULTS)
    assert set(SECRET_SETTINGS) <= set(DEFAULTS)
    Settings.from_env(
        {
            **config["data"],
            **{name: "x" * 24 for name in SECRET_SETTINGS},
            "DATABASE_URL": "postgresql://db/signpost",
            "TRACKER_STORE_URL": "postgresql://db/signpost",
            "REDIS_URL": "redis://redis:6379/0",
        }
    )
    deployment = (ROOT / "docs/deployment.md").read_text()
    assert all(f"--from-literal={name}=" in deployment for name in SECRET_SETTINGS)
    for container in containers():
        sources = {next(iter(source.values()))["name"] for source in container["envFrom"]}
        assert sources == {"signpost"}, container["name"]


def test_ports_and_health_checks_are_the_ones_the_parts_serve():
    for container in containers():
        args = container["args"]
        if args[0] != "serve":
            continue
        part = args[1]
        assert [p["containerPort"] for p in container["ports"]] == [PORTS[part]]
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            if probe in container:
                check = container[probe]["httpGet"]
                assert (check["path"], check["port"]) == (HEALTH[part], PORTS[part])
    for _, service in signpost_services():
        if "healthcheck" in service:
            part = service["command"][1]
            assert f"127.0.0.1:{PORTS[part]}{HEALTH[part]}" in " ".join(
                service["healthcheck"]["test"]
            )
    urls = filled(COMPOSE["x-signpost"]["environment"])
    assert urls["RASA_URL"].endswith(f":{PORTS['rasa']}")
    assert urls["ACTION_SERVER_URL"].endswith(f":{PORTS['actions']}")
    services = {m["metadata"]["name"]: m for m in MANIFESTS if m["kind"] == "Service"}
    [config] = [m for m in MANIFESTS if m["kind"] == "ConfigMap"]
    for setting, part in (("RASA_URL", "rasa"), ("ACTION_SERVER_URL", "actions")):
        host, port = config["data"][setting].split("//")[1].split(":")
        assert services[host]["spec"]["ports"][0]["port"] == int(port) == PORTS[part]


def test_every_file_named_exists():
    for service in COMPOSE["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).is_file(), source
    dockerfile = (ROOT / "Dockerfile").read_text()
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_the_signpost_image_is_built_here_and_outside_images_are_the_tested_versions():
    built = [s for s in COMPOSE["services"].values() if s.get("image") == IMAGE and "build" in s]
    assert built and all(s["build"] == "." for s in built)
    assert {c["image"] for c in containers()} == {IMAGE}
    outside = {
        s["image"].split(":")[0]: s["image"].split(":")[1]
        for s in COMPOSE["services"].values()
        if s.get("image") != IMAGE
    }
    assert set(outside) == set(OUTSIDE)
    for name, command in OUTSIDE.items():
        if not shutil.which(command[0]):
            continue
        printed = subprocess.run(command, capture_output=True, text=True).stdout
        tested = re.search(
            r"(\d+)\.(\d+)", printed.split("version")[-1] if "version" in printed else printed
        )
        wanted = outside[name].split(".")
        assert tested and list(tested.groups())[: len(wanted)] == wanted, (name, printed)


@pytest.mark.skipif(not Path("/usr/sbin/haproxy").exists(), reason="no HAProxy here")
def test_the_proxy_config_is_valid_for_haproxy():
    checked = subprocess.run(
        ["/usr/sbin/haproxy", "-c", "-f", str(ROOT / "deploy/haproxy.cfg")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
