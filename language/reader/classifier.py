"""A per-question classifier trained on typed answers (``data/answers/<lang>.yml``): what the
word lists can't know ("she's one of the girls I mentor", "lads from the boxing club"),
read from letters and words the way people really write them.

One model per question, over every language at once: character n-grams (typos, endings,
"tiktokk") and word pairs ("not illegal"), weighted by TF-IDF, into a logistic
regression. Trained in a second or two and kept under ``build/reader/`` by the hash of
its data, so the action server loads it instead of training at each start.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from knowledge.db import PROJECT_ROOT
from language.reader.text import clean

logger = logging.getLogger(__name__)

ANSWERS_DIR = PROJECT_ROOT / "data" / "answers"
CACHE_DIR = PROJECT_ROOT / "build" / "reader"


@dataclass(frozen=True)
class Guess:
    """The classifier's reading of an answer, and how sure it is (0 to 1)."""

    value: str
    confidence: float


def read_examples(folder: Path = ANSWERS_DIR) -> Dict[str, List[Tuple[str, str]]]:
    """(answer, category) pairs per question, from every language's answers file."""
    examples: Dict[str, List[Tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for slot, by_value in (data.get("answers") or {}).items():
            for value, answers in (by_value or {}).items():
                for answer in answers or []:
                    examples.setdefault(slot, []).append((str(answer), str(value)))
    return examples


class AnswerClassifier:
    """One trained model per question."""

    def __init__(self, models: Dict[str, object]):
        self._models = models

    @classmethod
    def train(cls, examples: Dict[str, List[Tuple[str, str]]]) -> AnswerClassifier:
        return cls(
            {
                slot: _fit([clean(a) for a, _ in pairs], [v for _, v in pairs])
                for slot, pairs in examples.items()
                if len({v for _, v in pairs}) > 1
            }
        )

    def slots(self) -> Iterable[str]:
        return self._models.keys()

    def guess(self, cleaned: str, slot: str) -> Optional[Guess]:
        """The most likely category of ``cleaned`` for ``slot``, or None without a model."""
        model = self._models.get(slot)
        if model is None or not cleaned:
            return None
        probabilities = model.predict_proba([cleaned])[0]
        best = probabilities.argmax()
        return Guess(str(model.classes_[best]), float(probabilities[best]))

    def rank(self, cleaned: str, slot: str, values: Iterable[str]) -> Optional[str]:
        """Of ``values``, the one the model finds most likely for ``cleaned``."""
        model = self._models.get(slot)
        if model is None:
            return None
        probabilities = dict(zip(model.classes_, model.predict_proba([cleaned])[0], strict=True))
        known = [v for v in values if v in probabilities]
        return max(known, key=probabilities.get) if known else None


def _fit(texts: List[str], labels: List[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    token_pattern=r"(?u)\b\w[\w']*\b",
                    sublinear_tf=True,
                ),
            ),
        ]
    )
    model = Pipeline([("features", features), ("model", LogisticRegression(C=8.0, max_iter=3000))])
    return model.fit(texts, labels)


def data_hash(folder: Path = ANSWERS_DIR) -> str:
    """A hash of the answers files (names and contents) and of this module's settings."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted(folder.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def trained() -> AnswerClassifier:
    """The classifier for the current answers files: from the cache, or trained now."""
    cache = CACHE_DIR / f"answers-{data_hash()}.pkl"
    if cache.exists():
        try:
            return pickle.loads(cache.read_bytes())
        except Exception as error:  # an unreadable cache is only a cache
            logger.warning("Retraining the answer classifier (%s)", type(error).__name__)
    classifier = AnswerClassifier.train(read_examples())
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        for old in CACHE_DIR.glob("answers-*.pkl"):
            old.unlink()
        cache.write_bytes(pickle.dumps(classifier))
    except OSError as error:
        logger.warning("Could not keep the answer classifier (%s)", type(error).__name__)
    return classifier
