"""axe-core, the accessibility rules engine, from npm (test tools download nothing else):
installed once into ``var/node`` and injected into a Playwright page."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from typing import Dict, List

import pytest

from tests.e2e.signpost_process import ROOT

AXE_VERSION = "4.11.4"
NODE_DIR = ROOT / "var" / "node"
AXE_SCRIPT = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@cache
def axe_source() -> str:
    """The text of axe.min.js, installed with npm if it is not there yet."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the accessibility checks load axe-core from npm")
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(NODE_DIR),
                f"axe-core@{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
        )
    return AXE_SCRIPT.read_text(encoding="utf-8")


def violations(page) -> List[Dict]:
    """axe's violations on the page as it is now: rule id, impact and the elements."""
    page.add_script_tag(content=axe_source())
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))",
        TAGS,
    )
    return found
