"""Prints the held-out NLU evaluation and fails below the accuracy the triage relies on.

Run as ``python -m tests.nlu.report results/nlu`` after ``rasa test nlu``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_INTENT_ACCURACY = 0.85
# the danger override must not miss: every held-out danger sentence is recognised
MIN_DANGER_RECALL = 1.0


def main(results_dir: str) -> int:
    report = json.loads((Path(results_dir) / "intent_report.json").read_text())
    accuracy = report["accuracy"]
    print(
        f"held-out intent accuracy {accuracy:.3f}, "
        f"macro F1 {report['macro avg']['f1-score']:.3f}, "
        f"weighted F1 {report['weighted avg']['f1-score']:.3f}, "
        f"{int(report['macro avg']['support'])} utterances"
    )
    weakest = sorted(
        ((name, v) for name, v in report.items() if isinstance(v, dict) and "confused_with" in v),
        key=lambda item: item[1]["f1-score"],
    )[:3]
    for name, values in weakest:
        confused = values["confused_with"]
        print(f"  weakest: {name} F1 {values['f1-score']:.2f}, confused with {confused}")
    danger_recall = report.get("report_danger", {}).get("recall", 0.0)
    print(f"  report_danger recall {danger_recall:.2f}")
    if accuracy < MIN_INTENT_ACCURACY or danger_recall < MIN_DANGER_RECALL:
        print(f"below the floor: accuracy {MIN_INTENT_ACCURACY}, danger recall {MIN_DANGER_RECALL}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
