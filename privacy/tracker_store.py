"""Rasa's SQL tracker store, writing every event through the redaction first.

Rasa keeps a user message's original text whatever an NLU component does, so the place
to remove personal data is where events are written: user texts (and the copies in their
parse data and entities) and free-text slot values. The conversation in memory, and so
understanding and the actions of the current turn, still see the original.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered

from privacy.redaction import redact


class RedactingSQLTrackerStore(SQLTrackerStore):
    """An SQL tracker store that never stores personal data typed by a practitioner."""

    def _additional_events(self, session, tracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redacted(event)


def redacted(event: Event) -> Event:
    """A copy of ``event`` with personal data removed (events without free text unchanged).
    The copy shares what it does not change with the event (a deep copy of every message's
    parse data was a third of this step's time under load, issue 12)."""
    if isinstance(event, UserUttered):
        clean = copy.copy(event)
        clean.text = redact(event.text or "")
        clean.entities = _redacted_entities(event.entities)
        parse_data = dict(event.parse_data or {})
        if parse_data.get("text"):
            same = parse_data["text"] == event.text
            parse_data["text"] = clean.text if same else redact(parse_data["text"])
        if "entities" in parse_data:
            parse_data["entities"] = _redacted_entities(parse_data["entities"])
        clean.parse_data = parse_data
        clean.metadata = {}
        return clean
    if isinstance(event, SlotSet) and isinstance(event.value, str):
        return SlotSet(event.key, redact(event.value), timestamp=event.timestamp)
    return event


def _redacted_entities(entities: Optional[List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    return [
        {**entity, "value": redact(entity["value"])}
        if isinstance(entity.get("value"), str)
        else entity
        for entity in entities or []
    ]
