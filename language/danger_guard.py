"""A Rasa NLU component: a clear sign of immediate danger makes the intent ``report_danger``.

The statistical intent classifier may miss a threat phrased in a new way; the danger
override must not. The guard learns the ``danger_signal`` regular expressions from
the training data (``data/nlu/lookups/danger.yml``) and, when one matches a message,
puts ``report_danger`` first with full confidence, whatever the classifier said.
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DANGER_INTENT = "report_danger"
SIGNAL_NAME = "danger_signal"
PATTERNS_FILE = "danger_patterns.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerGuard(GraphComponent):
    """Overrides the intent with ``report_danger`` when a danger signal matches."""

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        patterns: Optional[List[str]] = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._patterns = list(patterns or [])
        self._compiled = [re.compile(p, re.IGNORECASE) for p in self._patterns]

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerGuard:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> DangerGuard:
        with model_storage.read_from(resource) as directory:
            patterns = json.loads((directory / PATTERNS_FILE).read_text(encoding="utf-8"))
        return cls(model_storage, resource, patterns)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the ``danger_signal`` patterns of the training data in the model."""
        patterns = [
            feature["pattern"]
            for feature in training_data.regex_features
            if feature.get("name") == SIGNAL_NAME
        ]
        with self._model_storage.write_to(self._resource) as directory:
            (directory / PATTERNS_FILE).write_text(json.dumps(patterns), encoding="utf-8")
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Put ``report_danger`` first for every message a danger signal matches."""
        for message in messages:
            if self.is_danger(message.get(TEXT) or ""):
                ranking = [
                    r
                    for r in message.get(INTENT_RANKING_KEY) or []
                    if r.get("name") != DANGER_INTENT
                ]
                top = {"name": DANGER_INTENT, "confidence": 1.0}
                message.set(INTENT, top, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
        return messages

    def is_danger(self, text: str) -> bool:
        """True when any danger signal matches ``text``."""
        return any(pattern.search(text) for pattern in self._compiled)
