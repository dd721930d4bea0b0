"""Evaluates the danger override on the held-out danger sets (``<lang>/danger.eval.yml``):
every danger message must be recognised (recall 1.0), and near misses should not be (the
false-alarm rate, target at most 5 %).

A message counts as danger when the trained model's intent is ``report_danger``, as the
rules that answer it see it. Run as ``python -m tests.eval.danger [--url U --token T]``
against a running Rasa server, or in-process with the newest model;
``tests/eval/test_understanding.py`` holds the bars CI enforces.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Tuple

import yaml

from tests.eval.sets import ROOT, files

LANGUAGES = ("en", "de", "fr", "nl")
DANGER = "report_danger"
MAX_FALSE_ALARMS = 0.05  # the target; reported, not enforced


@dataclass
class DangerScore:
    danger: int = 0
    caught: int = 0
    near_misses: int = 0
    false_alarms: int = 0
    missed: List[str] = field(default_factory=list)
    alarmed: List[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.danger if self.danger else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.near_misses if self.near_misses else 0.0


def load(language: str, round_: Optional[int] = None) -> Tuple[List[str], List[str]]:
    """(danger messages, near misses) of one language, every round (``danger*.eval.yml``)."""
    danger: List[str] = []
    near: List[str] = []
    for path in files(language, "danger", round_):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        danger += [str(t) for t in data.get("danger") or []]
        near += [str(t) for t in data.get("not_danger") or []]
    return danger, near


def evaluate(
    is_danger: Callable[[str], bool],
    languages: Iterable[str] = LANGUAGES,
    round_: Optional[int] = None,
) -> Dict[str, DangerScore]:
    scores: Dict[str, DangerScore] = {}
    for language in languages:
        danger, near = load(language, round_)
        score = scores[language] = DangerScore(danger=len(danger), near_misses=len(near))
        for text in danger:
            if is_danger(text):
                score.caught += 1
            else:
                score.missed.append(text)
        for text in near:
            if is_danger(text):
                score.false_alarms += 1
                score.alarmed.append(text)
    return scores


def table(scores: Dict[str, DangerScore]) -> List[str]:
    lines = ["| language | danger recall | false alarms on near misses |", "| --- | --- | --- |"]
    for language, s in scores.items():
        lines.append(
            f"| {language} | {s.recall:.1%} ({s.caught}/{s.danger}) | "
            f"{s.false_alarm_rate:.1%} ({s.false_alarms}/{s.near_misses}) |"
        )
    return lines


def http_parser(url: str, token: str) -> Callable[[str], bool]:
    """Danger as a running Rasa server's /model/parse sees it."""

    def is_danger(text: str) -> bool:
        request = urllib.request.Request(
            f"{url.rstrip('/')}/model/parse?token={token}",
            json.dumps({"text": text}).encode(),
            {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["intent"]["name"] == DANGER

    return is_danger


def signs_only() -> Callable[[str], bool]:
    """Danger as the signs of ``data/danger`` alone see it (the guard without the intent
    classifier): a lower bound of the assistant's recall."""
    from language.danger import read_signs

    return read_signs(ROOT / "data" / "danger").danger_in


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.danger")
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="")
    parser.add_argument("--round", type=int, dest="round_", help="only this round's files")
    parser.add_argument(
        "--signs-only",
        action="store_true",
        help="the signs of data/danger alone, without a server (quick, while editing them)",
    )
    args = parser.parse_args(argv)
    is_danger = signs_only() if args.signs_only else http_parser(args.url, args.token)
    scores = evaluate(is_danger, args.languages, args.round_)
    print("\n".join(table(scores)))
    for language, s in scores.items():
        for text in s.missed:
            print(f"  missed {language}: {text!r}")
        for text in s.alarmed:
            print(f"  false alarm {language}: {text!r}")
    return 1 if any(s.missed for s in scores.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
