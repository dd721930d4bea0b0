"""The held-out sets are never trained on: no sentence of them (of three words or more)
appears among the training examples (``data/``). Shorter answers ("not sure", "no idea")
are everyone's words and may appear in both; so may the knowledge base's category words
and button labels, which the assistant shows and a practitioner may type back."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Set

import yaml

from tests.eval.sets import EVAL_DIR, ROOT

TRAINING = [ROOT / "data"]
MIN_WORDS = 3
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def normal(text: str) -> str:
    """Lower case, entity annotations as their text, only letters and digits."""
    text = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(re.findall(r"\w+", text.lower()))


def strings(value) -> Iterator[str]:
    """Every string inside a loaded YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def training_sentences() -> Set[str]:
    found: Set[str] = set()
    for folder in TRAINING:
        for path in folder.rglob("*.yml"):
            for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
                for line in text.splitlines():  # Rasa's `examples: |` blocks
                    found.add(normal(line.strip().removeprefix("- ")))
    return found


def held_out(path: Path) -> Iterator[str]:
    for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
        if len(normal(text).split()) >= MIN_WORDS:
            yield text


def test_no_held_out_sentence_is_in_the_training_data():
    trained = training_sentences()
    assert len(trained) > 1000
    leaked = [
        f"{path.relative_to(EVAL_DIR)}: {text!r}"
        for path in sorted(EVAL_DIR.rglob("*.eval.yml"))
        for text in held_out(path)
        if normal(text) in trained
    ]
    assert not leaked
