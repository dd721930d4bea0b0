"""Settings: defaults on loopback, clear errors on bad values, .env files."""

from __future__ import annotations

import pytest

from bot.config.settings import Settings, read_dotenv


def test_defaults_listen_on_loopback_and_keep_data_in_the_data_dir(tmp_path):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    assert (settings.rasa_url, settings.action_url) == (
        "http://127.0.0.1:5005",
        "http://127.0.0.1:5055",
    )
    assert settings.database_url == f"sqlite:///{tmp_path / 'knowledge.db'}"
    assert settings.tracker_store_url == f"sqlite:///{tmp_path / 'conversations.db'}"
    assert len(settings.rasa_token) >= 24  # the API is always guarded, by a fresh token
    assert settings.web_url == "http://127.0.0.1:8080"
    assert "http://localhost:8080" in settings.allowed_origins


@pytest.mark.parametrize("value", ["abc", "0", "70000", "-1"])
def test_a_bad_port_is_refused_with_its_name(value):
    with pytest.raises(ValueError, match="RASA_PORT"):
        Settings.from_env({"RASA_PORT": value})


def test_child_processes_get_the_same_knowledge_base_and_no_telemetry(tmp_path):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path), "RASA_TOKEN": "t"})
    env = settings.child_env()
    assert env["DATABASE_URL"] == settings.database_url
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["SANIC_HOST"] == "127.0.0.1"


def test_dotenv_lines_are_read_and_comments_skipped(tmp_path):
    path = tmp_path / ".env"
    path.write_text("# a comment\nRASA_PORT=6005\n\nRASA_TOKEN='secret'\nnot a setting\n")
    assert read_dotenv(path) == {"RASA_PORT": "6005", "RASA_TOKEN": "secret"}
    assert read_dotenv(tmp_path / "missing") == {}


def test_allowed_origins_must_be_web_origins():
    assert Settings.from_env(
        {"ALLOWED_ORIGINS": "https://intranet.example.org/, http://a.b"}
    ).allowed_origins == (
        "https://intranet.example.org",
        "http://a.b",
    )
    with pytest.raises(ValueError, match="ALLOWED_ORIGINS"):
        Settings.from_env({"ALLOWED_ORIGINS": "intranet.example.org"})


@pytest.mark.parametrize("value", ["0", "-3", "soon"])
def test_retention_must_be_a_positive_number_of_days(value):
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        Settings.from_env({"RETENTION_DAYS": value})
    assert Settings.from_env({"RETENTION_DAYS": "7.5"}).retention_days == 7.5


def test_limits_on_new_conversations_are_positive_whole_numbers(tmp_path):
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    assert (
        settings.new_conversations_per_client_per_hour,
        settings.new_conversations_per_minute,
    ) == (60, 120)
    for name in ("NEW_CONVERSATIONS_PER_CLIENT_PER_HOUR", "NEW_CONVERSATIONS_PER_MINUTE"):
        with pytest.raises(ValueError, match=name):
            Settings.from_env({name: "0"})


def test_trusted_proxies_are_addresses_or_networks():
    settings = Settings.from_env({"TRUSTED_PROXIES": "10.0.0.5, 172.16.0.0/12,::1"})
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.5/32", "172.16.0.0/12", "::1/128"]
    assert Settings.from_env({}).trusted_proxies == ()  # by default nobody's headers count
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        Settings.from_env({"TRUSTED_PROXIES": "proxy.example.org"})


def test_the_hourly_referral_limit_is_checked_and_reaches_the_action_server():
    assert Settings.from_env({}).referrals_per_municipality_per_hour == 20
    limited = Settings.from_env({"REFERRALS_PER_MUNICIPALITY_PER_HOUR": "5"})
    assert limited.child_env()["REFERRALS_PER_MUNICIPALITY_PER_HOUR"] == "5"
    with pytest.raises(ValueError, match="REFERRALS_PER_MUNICIPALITY_PER_HOUR"):
        Settings.from_env({"REFERRALS_PER_MUNICIPALITY_PER_HOUR": "0"})


def test_rasa_apart_needs_a_shared_token_and_urls_are_checked():
    with pytest.raises(ValueError, match="RASA_TOKEN must be set when RASA_URL"):
        Settings.from_env({"RASA_URL": "http://rasa-proxy:5005"})
    settings = Settings.from_env({"RASA_URL": "http://rasa-proxy:5005/", "RASA_TOKEN": "t"})
    assert settings.rasa_url == "http://rasa-proxy:5005"
    assert settings.local_rasa_url == "http://127.0.0.1:5005"  # what signpost run starts
    with pytest.raises(ValueError, match="REDIS_URL"):
        Settings.from_env({"REDIS_URL": "127.0.0.1:6379"})
    with pytest.raises(ValueError, match="ACTION_SERVER_URL"):
        Settings.from_env({"ACTION_SERVER_URL": "actions:5055"})
