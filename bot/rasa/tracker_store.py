"""The tracker store Rasa runs with: the redacting SQL store (privacy/tracker_store.py)
with the measured costs of Rasa's SQL store removed (issue 12, profiled at 10 concurrent
triages, where the store was a third of the Rasa process).

- **SQLite commits** were 12 %: in the default rollback-journal mode a commit writes and
  syncs a journal file and the database file while the turn's event loop waits. In
  write-ahead-log mode a commit appends to one log and syncs it once (0.5 ms against
  1.4 ms a commit on an idle disk here, far more on a busy one). SQLite's default
  ``synchronous=FULL`` stays: every committed turn is on disk through a power cut, as
  before. The mode stays with the file, so the web front's deletions and the daily purge
  use it too.
- **Reading the conversation back** at the start of every turn, all of it, and counting
  it again with a subquery before saving, were 14 % and 4 %. The store now keeps the
  stored events (as the JSON text it wrote, personal data already removed) of the
  conversations of the last minutes, and before using them asks the database one
  indexed question: how many events the conversation has and the last one's id. Any
  change by anyone else (another Rasa instance, "Delete conversation", the purge) changes
  that answer, and the conversation is then read from the database as Rasa reads it.
  Events are never changed in place, so the same answer means the same events.

PostgreSQL keeps its own journal settings; the kept events work the same on both.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import bindparam, func, select

from privacy.tracker_store import RedactingSQLTrackerStore, redacted

SESSION_STARTED = SessionStarted.type_name
Signature = Tuple[int, Optional[int]]  # how many events a conversation has, the last id

# Conversations whose events are kept between turns: enough for the concurrent
# conversations of a region (a turn of one not kept reads it from the database, as
# before), a few MB at most.
KEPT_CONVERSATIONS = 256
# A conversation idle this long is forgotten (its next turn reads it from the database):
# what it said stays in this process no longer than a practitioner's pause.
KEPT_SECONDS = 600


@dataclass
class Kept:
    """A conversation's latest session as stored: its events' JSON text, in order."""

    signature: Signature
    events: List[str]
    session_start: Optional[float]  # the timestamp of its latest SessionStarted, if any
    used: float


class KeptConversations:
    """The stored events of recently active conversations, each with the signature the
    database had when they were read or written; oldest forgotten first."""

    def __init__(self, limit: int = KEPT_CONVERSATIONS, seconds: float = KEPT_SECONDS):
        self.limit = limit
        self.seconds = seconds
        self._kept: OrderedDict[str, Kept] = OrderedDict()

    def get(self, sender_id: str, signature: Signature) -> Optional[Kept]:
        """The conversation's events if the database still has exactly these."""
        kept = self._kept.pop(sender_id, None)
        now = time.monotonic()
        if kept is None or kept.signature != signature or now - kept.used > self.seconds:
            return None
        kept.used = now
        self._kept[sender_id] = kept
        return kept

    def put(self, sender_id: str, kept: Kept) -> None:
        self._kept.pop(sender_id, None)
        self._kept[sender_id] = kept
        now = time.monotonic()
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if len(self._kept) <= self.limit and now - oldest.used <= self.seconds:
                break
            self._kept.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        self._kept.pop(sender_id, None)


class SignpostTrackerStore(RedactingSQLTrackerStore):
    """Rasa's SQL tracker store as Signpost runs it (endpoints ``type``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept = KeptConversations()
        # built once: the same question twice a turn
        self._signature_query = select(
            func.count(self.SQLEvent.id), func.max(self.SQLEvent.id)
        ).where(self.SQLEvent.sender_id == bindparam("sender_id"))
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:  # the mode is kept in the file
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    def _signature(self, session, sender_id: str) -> Signature:
        count, last = session.execute(self._signature_query, {"sender_id": sender_id}).one()
        return int(count), last

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        """The latest session's tracker, as Rasa's SQL store builds it."""
        with self.session_scope() as session:
            signature = self._signature(session, sender_id)
            kept = self.kept.get(sender_id, signature)
            if kept is None:
                query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
                stored = [row.data for row in query.all()]
        if kept is None:
            events = [json.loads(data) for data in stored]
            starts = [e.get("timestamp") for e in events if e.get("event") == SESSION_STARTED]
            start = max((s for s in starts if s is not None), default=None)
            self.kept.put(sender_id, Kept(signature, stored, start, time.monotonic()))
        else:
            events = [json.loads(data) for data in kept.events]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's ``SQLTrackerStore.save`` (the events not stored yet, personal data
        removed), counting what is stored by the kept events where they are current."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            signature = self._signature(session, sender_id)
            kept = self.kept.get(sender_id, signature)
            if kept is None:
                new = list(self._additional_events(session, tracker))
            else:
                stored = itertools.islice(tracker.events, len(kept.events), None)
                new = [redacted(event) for event in stored]
            rows = [self._row(sender_id, event.type_name, event.as_dict()) for event in new]
            session.add_all(rows)
            session.flush()  # gives the rows their ids
            written = [(row.id, row.timestamp, row.data) for row in rows]
            session.commit()
        if kept is None or any(isinstance(event, SessionStarted) for event in new):
            self.kept.forget(sender_id)  # read as Rasa reads it at the next turn
            return
        count = signature[0] + len(written)
        last = written[-1][0] if written else signature[1]
        # Rasa reads the events whose timestamp is at least the latest SessionStarted's
        # (all of them where there is none): one appended with an earlier timestamp is
        # left out here as it is there
        start = kept.session_start
        data = kept.events + [
            data for _, at, data in written if start is None or (at is not None and at >= start)
        ]
        self.kept.put(sender_id, Kept((count, last), data, start, time.monotonic()))

    def _row(self, sender_id: str, type_name: str, data: dict):
        """An events row as Rasa's ``SQLTrackerStore.save`` writes it."""
        intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=type_name,
            timestamp=data.get("timestamp"),
            intent_name=intent,
            action_name=data.get("name"),
            data=json.dumps(data),
        )
