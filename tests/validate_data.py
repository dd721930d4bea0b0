"""``rasa data validate``, held strictly: it must pass, and its only warnings may be about
responses that stories never name because forms or custom actions send them.

Run as ``python -m tests.validate_data``; exits non-zero on anything else.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.domain import load_domain

ROOT = Path(__file__).resolve().parent.parent
UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")
SENT_BY_RASA = {"utter_default": "action_default_fallback"}


def used_outside_stories(response: str, forms: dict, action_code: str) -> bool:
    """True when a form asks with ``response`` or an action sends it."""
    asked = {f"utter_ask_{slot}" for form in forms.values() for slot in form["required_slots"]} | {
        f"utter_ask_{name}_{slot}"
        for name, form in forms.items()
        for slot in form["required_slots"]
    }
    return response in asked or response in SENT_BY_RASA or f'"{response}"' in action_code


def main() -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "data",
            "validate",
            "--domain",
            "domain",
            "--data",
            "data/nlu",
            "data/rules",
            "--config",
            "config.yml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    if result.returncode != 0:
        print(output[-5000:])
        print("rasa data validate failed")
        return 1
    forms = load_domain()["forms"]
    action_code = "\n".join(p.read_text() for p in (ROOT / "actions").glob("*.py"))
    problems = []
    for line in output.splitlines():
        if "Warning" not in line and "WARNING" not in line:
            continue
        unused = UNUSED.search(line)
        if unused and used_outside_stories(unused.group(1), forms, action_code):
            continue
        if (
            "DeprecationWarning" in line
            or "MovedIn20Warning" in line
            or "declare_namespace" in line
        ):
            continue  # library noise, not about our data
        problems.append(line.strip())
    allowed = len(UNUSED.findall(output))
    print(f"rasa data validate: passed; {allowed} responses are sent by forms or actions only")
    for problem in problems:
        print("  unexpected warning:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
