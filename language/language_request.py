"""A Rasa NLU component: a message that asks for another language is ``set_language``.

"can we switch to French? ce sera plus simple pour moi" mixes two languages and an
answer-like tail, and the intent classifier, which learns from whole messages, may take it
for an answer. A language named with a word that asks to switch or continue in it
(``switch`` in ``language/reader/grammar/<lang>.yml``), or a language named alone ("Deutsch",
"en français"), is a request, whatever the classifier said (or how unsure it was); a long
message that names its own language on the way is not; danger keeps its place first.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from language.danger_guard import put_first
from language.detect import requested
from language.reader.grammar import grammar
from language.reader.text import clean, words

INTENT_NAME = "set_language"
DANGER_INTENT = "report_danger"
ALONE = 3  # words: a language named in a message this short is a request by itself
LONGEST = 12  # words: a longer message tells of something else, whatever language it names


def asks_for_a_language(text: str) -> bool:
    """True when ``text`` asks to go on in one of the four languages."""
    if requested(text) is None:
        return False
    cleaned = clean(text)
    length = len(words(cleaned))
    if length > LONGEST:
        return False  # "bonjour, sorry I write in english. A young of our centre share ..."
    return length <= ALONE or bool(grammar().switch.search(cleaned))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LanguageRequest(GraphComponent):
    """Makes a request for another language ``set_language``."""

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageRequest:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get("name") == DANGER_INTENT:
                continue
            if asks_for_a_language(message.get(TEXT) or ""):
                put_first(message, INTENT_NAME)
        return messages
