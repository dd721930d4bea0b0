"""The generated endpoints file: action server and SQL tracker store from the settings."""

from __future__ import annotations

import pytest
import yaml

from bot.config.settings import Settings
from bot.rasa.run_files import tracker_store_config, write_endpoints, write_logging_config


def test_sqlite_tracker_store_is_a_file_in_the_data_dir(tmp_path):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), "ACTION_SERVER_PORT": "6055"})
    endpoints = yaml.safe_load(write_endpoints(settings).read_text())
    assert endpoints == {
        "action_endpoint": {"url": "http://127.0.0.1:6055/webhook"},
        "tracker_store": {
            "type": "bot.rasa.tracker_store.SignpostTrackerStore",
            "dialect": "sqlite",
            "db": str(tmp_path / "conversations.db"),
        },
    }


def test_postgresql_url_becomes_rasa_fields():
    config = tracker_store_config("postgresql://signpost:pw@db.internal:6543/conversations")
    assert config == {
        "type": "bot.rasa.tracker_store.SignpostTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 6543,
        "db": "conversations",
        "username": "signpost",
        "password": "pw",
    }


def test_other_databases_are_refused():
    with pytest.raises(ValueError, match="TRACKER_STORE_URL"):
        tracker_store_config("mysql://root@localhost/test")


def test_endpoints_file_is_readable_only_by_its_owner(tmp_path):
    path = write_endpoints(Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)}))
    assert path.stat().st_mode & 0o077 == 0


def test_logging_config_redacts_every_handler_at_the_settings_level(tmp_path):
    from bot.ops.runner import services

    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), "LOG_LEVEL": "debug"})
    config = yaml.safe_load(write_logging_config(settings).read_text())
    assert config["root"] == {"level": "DEBUG", "handlers": ["console"]}
    assert config["handlers"]["console"]["filters"] == ["redact"]
    assert config["filters"]["redact"] == {"()": "privacy.log_filter.RedactingFilter"}
    assert set(config["loggers"]) == {"sanic.root", "sanic.error", "sanic.access"}
    rasa = next(s for s in services(settings, tmp_path / "model.tar.gz") if s.name == "Rasa")
    flag = rasa.command.index("--logging-config-file")
    assert rasa.command[flag + 1] == str(tmp_path / "logging.yml")


def test_every_option_of_the_url_reaches_rasa():
    """Issue 12: a schema chosen with ``options=-csearch_path=...`` (or sslmode) is kept."""
    url = "postgresql://signpost@db/conversations?options=-csearch_path%3Dsignpost&sslmode=require"
    config = tracker_store_config(url)
    assert config["query"] == {"options": "-csearch_path=signpost", "sslmode": "require"}


def test_without_redis_rasa_keeps_its_own_lock_and_with_it_shares_one(tmp_path):
    """Issue 12: two Rasa instances must lock a conversation in one place."""
    alone = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    assert "lock_store" not in yaml.safe_load(write_endpoints(alone).read_text())
    shared = Settings.from_env(
        {
            "SIGNPOST_DATA_DIR": str(tmp_path),
            "REDIS_URL": "rediss://:s%40cret@redis.internal:6380/2",
            "ACTION_SERVER_URL": "http://actions:5055/",
        }
    )
    endpoints = yaml.safe_load(write_endpoints(shared).read_text())
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "redis.internal",
        "port": 6380,
        "db": 2,
        "password": "s@cret",
        "use_ssl": True,
        "key_prefix": "signpost",
    }
    assert endpoints["action_endpoint"] == {"url": "http://actions:5055/webhook"}


def test_rasa_builds_its_redis_lock_store_from_the_endpoints(tmp_path):
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import read_endpoint_config

    settings = Settings.from_env(
        {"SIGNPOST_DATA_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/3"}
    )
    config = read_endpoint_config(str(write_endpoints(settings)), "lock_store")
    store = LockStore.create(config)
    assert isinstance(store, RedisLockStore)
    assert store.key_prefix == "signpost:lock:"
