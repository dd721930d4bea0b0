"""Builds the spaCy pipeline and trains the Rasa model, each only when its inputs changed."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Iterable

from bot.settings import Settings
from knowledge.db import PROJECT_ROOT, make_engine, make_sessionmaker

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
STAMP = "patterns.sha256"


def fingerprint(paths: Iterable[Path]) -> str:
    """A hash of the files under ``paths`` (names and contents)."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in ([root] if root.is_file() else root.rglob("*")) if p.is_file())
        for file in files:
            digest.update(str(file.relative_to(PROJECT_ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def build_spacy_pipeline(settings: Settings) -> Path:
    """(Re)build the project's spaCy pipeline when the knowledge base's patterns changed."""
    from language import spacy_pipeline

    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            patterns = spacy_pipeline.patterns(session)
            digest = hashlib.sha256(json.dumps(patterns, sort_keys=True).encode()).hexdigest()
            stamp = spacy_pipeline.PIPELINE_DIR / STAMP
            if stamp.exists() and stamp.read_text() == digest:
                return spacy_pipeline.PIPELINE_DIR
            print("Building the spaCy pipeline from the knowledge base...", flush=True)
            target = spacy_pipeline.build(session)
            (target / STAMP).write_text(digest)
            return target
    finally:
        engine.dispose()


def train(settings: Settings, *, force: bool = False) -> Path:
    """The trained model for the current data; trains one only when none matches."""
    spacy_dir = build_spacy_pipeline(settings)
    name = "signpost-" + fingerprint(
        [PROJECT_ROOT / p for p in TRAINING_INPUTS] + [spacy_dir / STAMP]
    )
    model = settings.models_dir / f"{name}.tar.gz"
    if model.exists() and not force:
        return model
    print(f"Training the Rasa model {name} (about 2 minutes)...", flush=True)
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
            "domain.yml",
            "--data",
            "data",
        ],
        cwd=PROJECT_ROOT,
        env=settings.child_env(),
        check=True,
    )
    return model
