"""Direct access to Rasa's SQL tracker store, for what Rasa's API does not offer: erasure of
one conversation, and deletion of conversations past the retention period."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, inspect, text


def erase(tracker_store_url: str, sender_id: str) -> int:
    """Delete every stored event of one conversation; the number of events removed."""
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            result = connection.execute(
                text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender_id}
            )
            return result.rowcount or 0
    finally:
        engine.dispose()


def purge(tracker_store_url: str, retention_days: float, *, now: float | None = None) -> int:
    """Delete every conversation whose latest event is older than ``retention_days``; the
    number of conversations removed. A conversation is kept or deleted whole."""
    cutoff = (now if now is not None else time.time()) - retention_days * 86_400
    engine = create_engine(tracker_store_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        with engine.begin() as connection:
            old = (
                connection.execute(
                    text(
                        "SELECT sender_id FROM events GROUP BY sender_id "
                        "HAVING max(timestamp) < :cutoff"
                    ),
                    {"cutoff": cutoff},
                )
                .scalars()
                .all()
            )
            for sender in old:
                connection.execute(
                    text("DELETE FROM events WHERE sender_id = :sender"), {"sender": sender}
                )
            return len(old)
    finally:
        engine.dispose()
