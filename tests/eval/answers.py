"""Evaluates the answer reader on the held-out answer sets (``<lang>/answers.eval.yml``).

Per question and language: accuracy, and every uncertain answer read as yes or no (the
one confusion that changes advice silently). Run as ``python -m tests.eval.answers``
for the table; ``tests/eval/test_understanding.py`` holds the bars CI enforces.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

import yaml
from sqlalchemy.orm import Session

from language.reader import PLACE_SLOT, UNSURE, AnswerReader, Reading
from tests.eval.sets import files

LANGUAGES = ("en", "de", "fr", "nl")
MIN_ACCURACY = 0.95
NOTHING = "-"  # what was read when nothing was (the question is asked again)


@dataclass(frozen=True)
class Item:
    language: str
    slot: str
    text: str
    expected: FrozenSet[str]


@dataclass
class Score:
    """How one question fared in one language."""

    total: int = 0
    right: int = 0
    misses: List[Tuple[Item, str]] = field(default_factory=list)
    doubt_as_answer: List[Tuple[Item, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


def load(language: str, round_: Optional[int] = None) -> List[Item]:
    """The held-out answers of one language, every round (``answers*.eval.yml``)."""
    items = []
    for path in files(language, "answers", round_):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [
            Item(language, slot, str(text), frozenset(str(label).split("|")))
            for slot, by_label in data["answers"].items()
            for label, texts in by_label.items()
            for text in texts
        ]
    return items


def label(reading: Reading, slot: str) -> str:
    """A reading in the labels of the evaluation sets."""
    if not reading:
        return NOTHING
    if (
        slot == PLACE_SLOT
        and reading.value != UNSURE
        and getattr(reading.detail, "outside_eu", False)
    ):
        return "outside_eu"
    return str(reading.value)


def evaluate(reader: AnswerReader, items: List[Item]) -> Dict[Tuple[str, str], Score]:
    """Score every item, by (language, question)."""
    scores: Dict[Tuple[str, str], Score] = defaultdict(Score)
    for item in items:
        reading = reader.in_language(item.language).read(item.text, item.slot, asked=True)
        got = label(reading, item.slot)
        score = scores[(item.language, item.slot)]
        score.total += 1
        if got in item.expected:
            score.right += 1
        else:
            score.misses.append((item, got))
            if UNSURE in item.expected and got in ("yes", "no"):
                score.doubt_as_answer.append((item, got))
    return dict(scores)


def table(scores: Dict[Tuple[str, str], Score]) -> Iterator[str]:
    """The per-question table, as Markdown rows."""
    languages = sorted({lang for lang, _ in scores}, key=LANGUAGES.index)
    slots = sorted({slot for _, slot in scores})
    yield "| question | " + " | ".join(languages) + " |"
    yield "| --- |" + " --- |" * len(languages)
    for slot in slots:
        cells = []
        for lang in languages:
            score = scores.get((lang, slot))
            cells.append(f"{score.accuracy:.1%} ({score.right}/{score.total})" if score else "")
        yield f"| `{slot}` | " + " | ".join(cells) + " |"
    doubt = {
        lang: sum(len(s.doubt_as_answer) for (where, _), s in scores.items() if where == lang)
        for lang in languages
    }
    yield "| not sure read as yes/no | " + " | ".join(str(doubt[lang]) for lang in languages) + " |"


@contextmanager
def seeded_knowledge_base() -> Iterator[Session]:
    """A session on a new SQLite knowledge base holding the shipped seed: the figures
    measure what a fresh installation reads, whatever a local database holds."""
    from knowledge import db
    from knowledge.migrate import upgrade
    from knowledge.seed import load_seed

    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{Path(folder) / 'knowledge.db'}")
        upgrade(engine)
        with db.make_sessionmaker(engine).begin() as session:
            load_seed(session)
        with db.make_sessionmaker(engine)() as session:
            yield session
        engine.dispose()


def main(argv: List[str]) -> int:
    from language.reader import reader_for

    parser = argparse.ArgumentParser(prog="python -m tests.eval.answers")
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--round", type=int, dest="round_", help="only this round's files")
    args = parser.parse_args(argv)
    languages = args.languages
    with seeded_knowledge_base() as session:
        reader = reader_for(session)
        scores = evaluate(reader, [item for lang in languages for item in load(lang, args.round_)])
    print("\n".join(table(scores)))
    for (lang, slot), score in sorted(scores.items()):
        for item, got in score.misses:
            expected = "|".join(sorted(item.expected))
            print(f"  miss {lang} {slot}: {item.text!r} -> {got} (expected {expected})")
    failing = [k for k, s in scores.items() if s.accuracy < MIN_ACCURACY or s.doubt_as_answer]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
