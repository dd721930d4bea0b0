"""A Rasa NLU component: the danger override's last word on ``report_danger``.

The intent classifier learns danger from examples and may miss a threat phrased in a new
way, or take a figure of speech for one. The guard reads the signs of danger of every
language (``language.danger``, from ``data/danger/<lang>.yml``, kept in the model when it
is trained): where they show immediate danger, ``report_danger`` comes first with full
confidence, whatever the classifier said. When the classifier gives danger a fair chance
(``CLOSE_CALL``), the message decides: danger when it names harm, a weapon, a time or
"now" outside a near miss; else (nothing of the kind, or only near misses: a question
about what a phrase means, "nobody is in danger", a game, a joke, history) the
classifier's ``report_danger`` gives way to its next guess, as it does when the message
says the writer does not know (doubt without signs is "not sure", not an emergency).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from language.danger import Signs, read_signs

DANGER_INTENT = "report_danger"
SIGNS_FILE = "danger_signs.json"
DEFAULT_SIGNS = "data/danger"
# the classifier's confidence in report_danger from which a message that names harm is
# taken as danger: when in doubt, the emergency advice is the safe side
CLOSE_CALL = 0.2


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DangerGuard(GraphComponent):
    """Puts ``report_danger`` first on signs of danger, and takes it back on near misses."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {"signs": DEFAULT_SIGNS}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        signs: Optional[Signs] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self.signs = signs or Signs.from_lists({})

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The signs' files are the guard's training data: a change retrains it."""
        digest = hashlib.sha256()
        for path in sorted(Path(config.get("signs") or DEFAULT_SIGNS).glob("*.yml")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DangerGuard:
        return cls(config, model_storage, resource)

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
            lists = json.loads((directory / SIGNS_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, Signs.from_lists(lists))

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the signs of danger of ``data/danger`` in the model."""
        self.signs = read_signs(Path(self._config.get("signs") or DEFAULT_SIGNS))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / SIGNS_FILE).write_text(
                json.dumps(self.signs.lists(), ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = list(message.get(INTENT_RANKING_KEY) or [])
            danger = max(
                (r.get("confidence", 0.0) for r in ranking if r.get("name") == DANGER_INTENT),
                default=0.0,
            )
            if self.signs.danger_in(text):
                _decide(message, ranking, danger=True)
            elif danger >= CLOSE_CALL and not self.signs.soothed(text):
                vague = _doubts(text) and not self.signs.grave(text)
                _decide(message, ranking, danger=self.signs.concern(text) and not vague)
            else:
                _decide(message, ranking, danger=False)
        return messages


def _doubts(text: str) -> bool:
    """The message says the writer does not know ("je sais pas trop, il a écrit « vous
    allez voir »"): without signs of danger, and without a time, a weapon or an alarm,
    that is "not sure", which the triage answers with the 112 advice and goes on; the
    classifier's guess does not make it an emergency."""
    from language.reader.grammar import grammar
    from language.reader.text import clean

    return bool(grammar().doubt.search(clean(text)))


def put_first(message: Message, intent: str) -> None:
    """Make ``intent`` the message's intent beyond doubt: full confidence, and no other
    intent close enough for the fallback to call the message ambiguous. Shared with the
    other components that overrule the classifier (``language_request``)."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    others = [dict(r) for r in ranking if r.get("name") != intent]
    ranking = [{"name": intent, "confidence": 1.0}, *({**r, "confidence": 0.0} for r in others)]
    message.set(INTENT, dict(ranking[0]), add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _decide(message: Message, ranking: List[dict], *, danger: bool) -> None:
    """Make ``report_danger`` the intent, beyond doubt; or take it out of the ranking."""
    if danger:
        put_first(message, DANGER_INTENT)
        return
    others = [dict(r) for r in ranking if r.get("name") != DANGER_INTENT]
    if others and (message.get(INTENT) or {}).get("name") == DANGER_INTENT:
        message.set(INTENT, dict(others[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, others, add_to_output=True)
