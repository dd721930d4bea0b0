"""Direct access to Rasa's SQL tracker store, for what Rasa's API does not offer: erasure of
one conversation, and deletion of conversations past the retention period.

Rasa is otherwise reached only over HTTP; this is the one exception, reading the same
``TRACKER_STORE_URL`` (options such as a PostgreSQL ``search_path`` included) that
bot/rasa/run_files.py hands to Rasa. Only Signpost's own conversations are touched (sender
ids made by privacy/pseudonyms.py), whoever else keeps rows in the table."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, inspect, text

from privacy.pseudonyms import CHANNELS

# a sender id Signpost made: '<channel>-<hex>'
OURS = "(" + " OR ".join(f"sender_id LIKE '{channel}-%'" for channel in CHANNELS) + ")"


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
                        f"SELECT sender_id FROM events WHERE {OURS} GROUP BY sender_id "
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
