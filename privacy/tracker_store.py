"""Rasa's SQL tracker store, writing every event through the redaction first.

Rasa keeps a user message's original text whatever an NLU component does, so the place
to remove personal data is where events are written: user texts (and the copies in their
parse data and entities) and free-text slot values. The conversation in memory, and so
understanding and the actions of the current turn, still see the original.
"""

from __future__ import annotations

import copy
from typing import Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SlotSet, UserUttered

from privacy.redaction import redact


class RedactingSQLTrackerStore(SQLTrackerStore):
    """An SQL tracker store that never stores personal data typed by a practitioner."""

    def _additional_events(self, session, tracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redacted(event)


def redacted(event: Event) -> Event:
    """A copy of ``event`` with personal data removed (events without free text unchanged)."""
    if isinstance(event, UserUttered):
        clean = copy.deepcopy(event)
        clean.text = redact(event.text or "")
        parse_data = clean.parse_data or {}
        if parse_data.get("text"):
            parse_data["text"] = redact(parse_data["text"])
        for entity in list(clean.entities or []) + list(parse_data.get("entities") or []):
            if isinstance(entity.get("value"), str):
                entity["value"] = redact(entity["value"])
        clean.metadata = {}
        return clean
    if isinstance(event, SlotSet) and isinstance(event.value, str):
        return SlotSet(event.key, redact(event.value), timestamp=event.timestamp)
    return event
