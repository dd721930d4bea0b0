"""Direct access to Rasa's SQL tracker store, for what Rasa's API does not offer: erasure."""

from __future__ import annotations

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
