"""Writes the files ``rasa run`` reads, from the settings: the endpoints (action server,
SQL tracker store that redacts personal data before storing) and the logging config
(every log line redacted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict
from urllib.parse import unquote, urlsplit

import yaml
from sqlalchemy.engine import make_url

from bot.config.settings import Settings
from privacy.log_filter import dict_config

TRACKER_STORE = "bot.rasa.tracker_store.SignpostTrackerStore"
LOCK_KEY_PREFIX = "signpost"  # Rasa allows letters and digits only
# How long a conversation's lock outlives a Rasa instance that died holding it: the next
# turn of that conversation waits this long on another instance. Rasa's default, 60 s, is
# far beyond the 10 s the channels wait (bot/rasa/client.py), so every conversation caught
# by a crash told its practitioner twice to send again (measured, tests/e2e/test_scale_out.py);
# below 10 s the wait ends before the channel gives up. A practitioner's turns come one at a
# time (the widget holds the next until the answer is there), so a lock that expires under a
# very slow turn lets nothing overtake it. Rasa reads it from TICKET_LOCK_LIFETIME.
LOCK_LIFETIME_SECONDS = 8


def rasa_environment() -> Dict[str, str]:
    """What a Rasa process needs in its environment beside the settings."""
    return {"TICKET_LOCK_LIFETIME": str(LOCK_LIFETIME_SECONDS)}


def tracker_store_config(url: str) -> Dict[str, Any]:
    """Rasa's SQL tracker-store settings for a SQLAlchemy URL (SQLite or PostgreSQL)."""
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    if dialect == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return {"type": TRACKER_STORE, "dialect": "sqlite", "db": parsed.database}
    if dialect != "postgresql":
        raise ValueError(f"TRACKER_STORE_URL must be sqlite:/// or postgresql://, not {dialect}")
    config = {
        "type": TRACKER_STORE,
        "dialect": "postgresql",
        "url": parsed.host or "127.0.0.1",  # Rasa reads the SQL host from "url"
        "port": parsed.port or 5432,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
        # every option of the URL (a schema's search_path, sslmode, ...) reaches Rasa too
        "query": dict(parsed.query) or None,
    }
    return {k: v for k, v in config.items() if v is not None}


def lock_store_config(url: str) -> Dict[str, Any]:
    """Rasa's ``RedisLockStore`` settings for a Redis URL: one conversation's turns are
    handled one at a time whichever Rasa instance receives them."""
    parsed = urlsplit(url)
    database = parsed.path.lstrip("/")
    config = {
        "type": "redis",
        "url": parsed.hostname or "127.0.0.1",  # Rasa reads the Redis host from "url"
        "port": parsed.port or 6379,
        "db": int(database) if database.isdigit() else 0,
        "username": unquote(parsed.username) if parsed.username else None,
        "password": unquote(parsed.password) if parsed.password else None,
        "use_ssl": parsed.scheme == "rediss",
        "key_prefix": LOCK_KEY_PREFIX,
    }
    return {k: v for k, v in config.items() if v is not None}


def write_endpoints(settings: Settings) -> Path:
    """Write ``<data dir>/endpoints.yml`` for ``rasa run`` and return its path: the action
    server, the tracker store, and with ``REDIS_URL`` the lock store several Rasa
    instances share (without one, Rasa locks conversations in its own memory)."""
    path = settings.data_dir / "endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    endpoints = {
        "action_endpoint": {"url": f"{settings.action_url}/webhook"},
        "tracker_store": tracker_store_config(settings.tracker_store_url),
    }
    if settings.redis_url:
        endpoints["lock_store"] = lock_store_config(settings.redis_url)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    path.chmod(0o600)  # may hold the tracker store's password
    return path


def write_logging_config(settings: Settings) -> Path:
    """Write ``<data dir>/logging.yml`` for ``rasa run --logging-config-file`` (a
    ``logging.config.dictConfig`` dictionary whose handlers redact every line)."""
    path = settings.data_dir / "logging.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(dict_config(settings.log_level), sort_keys=False))
    return path
