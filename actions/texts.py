"""Says a domain response in a given language from the action server itself.

Rasa renders a response an action asks for with the slots as they were before that
action ran, so an action that has just chosen or read the conversation's language would
be answered in the old one. The domain (sent with every action call) holds every
response's variants; this picks the one whose condition is the language, else the one
without a condition (English), and fills in its {placeholders} the way Rasa does.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def variant(domain: DomainDict, response: str, language: Optional[str]) -> Dict[str, Any]:
    """The variant of ``response`` for ``language``."""
    variants: List[Dict[str, Any]] = domain.get("responses", {}).get(response) or []
    for candidate in variants:
        for condition in candidate.get("condition") or []:
            if condition.get("name") == "language" and condition.get("value") == language:
                return candidate
    plain = [v for v in variants if not v.get("condition")]
    if not plain:
        raise KeyError(f"the domain has no response {response!r} for every language")
    return plain[0]


def fill(template: str, values: Dict[str, Any]) -> str:
    """``template`` with {name} replaced by ``values[name]`` and {{ }} as braces."""
    filled = _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)
    return filled.replace("{{", "{").replace("}}", "}")


def say(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    response: str,
    language: Optional[str],
    **values: Any,
) -> None:
    """Send ``response`` in ``language``, its placeholders filled with ``values``."""
    chosen = variant(domain, response, language)
    buttons = [
        {"title": fill(b["title"], values), "payload": fill(b["payload"], values)}
        for b in chosen.get("buttons") or []
    ]
    dispatcher.utter_message(text=fill(chosen.get("text", ""), values), buttons=buttons)
