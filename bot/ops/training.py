"""Trains the Rasa model and the answer reader's classifier, each only when its inputs changed."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Iterable

from bot.config.settings import Settings
from knowledge.db import PROJECT_ROOT

# what the Rasa model is trained from; data/answers trains the answer reader instead
TRAINING_INPUTS = (
    "config.yml",
    "domain",
    "data/nlu",
    "data/rules",
    "data/danger",
    "language/danger.py",
    "language/danger_guard.py",
)


def fingerprint(paths: Iterable[Path]) -> str:
    """A hash of the files under ``paths`` (names and contents)."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        for file in files:
            digest.update(str(file.relative_to(PROJECT_ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def train_reader() -> None:
    """Train (or load from its cache) the answer reader's classifier, so the action server
    starts without training it."""
    from language.reader.classifier import trained

    trained()


def train(settings: Settings, *, force: bool = False) -> Path:
    """The trained model for the current data; trains one only when none matches."""
    train_reader()
    name = "signpost-" + fingerprint([PROJECT_ROOT / p for p in TRAINING_INPUTS])
    model = settings.models_dir / f"{name}.tar.gz"
    if model.exists() and not force:
        return model
    print(f"Training the Rasa model {name} (a few minutes)...", flush=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "train",
            "--fixed-model-name",
            name,
            "--out",
            str(settings.models_dir),
            "--config",
            "config.yml",
            "--domain",
            "domain",
            "--data",
            "data/nlu",
            "data/rules",
        ],
        cwd=PROJECT_ROOT,
        env=settings.child_env(),
        check=True,
    )
    return model
