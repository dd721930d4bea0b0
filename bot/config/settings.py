"""Settings from environment variables (and an optional ``.env`` file); README lists each."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple, Union

from knowledge.db import PROJECT_ROOT

IPNetwork = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# name -> (default, what it is for); the README's settings table mirrors this.
DEFAULTS: Dict[str, tuple] = {
    "SIGNPOST_DATA_DIR": ("var", "folder for the SQLite files, generated config and models"),
    "DATABASE_URL": ("sqlite:///<data dir>/knowledge.db", "the knowledge base"),
    "TRACKER_STORE_URL": ("sqlite:///<data dir>/conversations.db", "Rasa's conversation store"),
    "RASA_HOST": ("127.0.0.1", "interface the Rasa server listens on"),
    "RASA_PORT": ("5005", "port of the Rasa server"),
    "ACTION_SERVER_HOST": ("127.0.0.1", "interface the action server listens on"),
    "ACTION_SERVER_PORT": ("5055", "port of the action server"),
    "RASA_TOKEN": (
        "random, made at each start",
        "token guarding Rasa's HTTP API; set it when Rasa runs apart (RASA_URL)",
    ),
    "RASA_URL": (
        "(unset: the Rasa signpost run starts)",
        "where the channels reach Rasa: a proxy in front of several instances (production)",
    ),
    "ACTION_SERVER_URL": (
        "(unset: the action server signpost run starts)",
        "where Rasa reaches the action servers: a proxy or service address (production)",
    ),
    "REDIS_URL": (
        "(unset: in-process)",
        "Redis for Rasa's lock store and the chat API's rate limits, shared by every instance",
    ),
    "WEB_HOST": ("127.0.0.1", "interface the web server (widget, API, health) listens on"),
    "WEB_PORT": ("8080", "port of the web server"),
    "ALLOWED_ORIGINS": ("the web server's own", "comma-separated origins allowed to embed"),
    "SIGNPOST_SECRET": ("made once, kept in <data dir>/secret.key", "signs conversation ids"),
    "LOG_LEVEL": ("INFO", "DEBUG, INFO, WARNING or ERROR"),
    "RETENTION_DAYS": ("30", "conversations idle this long are deleted (signpost purge, daily)"),
    "REFERRAL_RETENTION_DAYS": (
        "90",
        "referrals in the coordinators' inbox are deleted after this",
    ),
    "SECURITY_LOG_RETENTION_DAYS": (
        "365",
        "admin sign-ins and account changes are kept this long in the security log",
    ),
    "INSIGHTS_MIN_COUNT": ("5", "insights show no count below this (smaller cells are hidden)"),
    "NEW_CONVERSATIONS_PER_CLIENT_PER_HOUR": (
        "60",
        "widget conversations one client address may start in any hour",
    ),
    "NEW_CONVERSATIONS_PER_MINUTE": ("120", "widget conversations all clients may start a minute"),
    "REFERRALS_PER_MUNICIPALITY_PER_HOUR": (
        "20",
        "referrals a municipality's inbox takes an hour; more are held back, with a notice",
    ),
    "ADMIN_SESSION_HOURS": ("8", "an admin sign-in lasts at most this long (idle or not)"),
    "ADMIN_IDLE_MINUTES": ("30", "an admin sign-in unused this long ends"),
    "TRUSTED_PROXIES": (
        "(none)",
        "comma-separated addresses or networks of reverse proxies whose X-Forwarded-* count",
    ),
    "TELEGRAM_BOT_TOKEN": ("(unset: no Telegram bot)", "the bot's token from BotFather"),
    "TELEGRAM_API_BASE_URL": ("https://api.telegram.org/bot", "a self-hosted Bot API server"),
    "TELEGRAM_ALLOWED_USERS": ("(none)", "Telegram user ids admitted without an invite code"),
    "TELEGRAM_WEBHOOK_URL": ("(unset: long polling)", "public URL for webhook mode"),
    "TELEGRAM_WEBHOOK_PORT": ("8443", "local port the webhook listener binds (webhook mode)"),
}


@dataclass(frozen=True)
class Settings:
    """Where Signpost's parts listen and where it keeps its data."""

    data_dir: Path
    database_url: str
    tracker_store_url: str
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    rasa_token: Optional[str] = None
    log_level: str = "INFO"
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    allowed_origins: Tuple[str, ...] = ()
    secret: Optional[str] = None
    retention_days: float = 30.0
    referral_retention_days: float = 90.0
    security_log_retention_days: float = 365.0
    insights_min_count: int = 5
    new_conversations_per_client_per_hour: int = 60
    new_conversations_per_minute: int = 120
    referrals_per_municipality_per_hour: int = 20
    admin_session_hours: float = 8.0
    admin_idle_minutes: float = 30.0
    trusted_proxies: Tuple[IPNetwork, ...] = ()
    telegram_token: Optional[str] = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_allowed_users: Tuple[int, ...] = ()
    telegram_webhook_url: Optional[str] = None
    telegram_webhook_port: int = 8443
    rasa_url_setting: Optional[str] = None
    action_url_setting: Optional[str] = None
    redis_url: Optional[str] = None

    @property
    def rasa_url(self) -> str:
        """Where the channels reach Rasa: ``RASA_URL``, or the Rasa this host runs."""
        return self.rasa_url_setting or self.local_rasa_url

    @property
    def local_rasa_url(self) -> str:
        """The Rasa server this host runs (``RASA_HOST``:``RASA_PORT``)."""
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        """Where Rasa reaches the actions: ``ACTION_SERVER_URL``, or this host's server."""
        return self.action_url_setting or self.local_action_url

    @property
    def local_action_url(self) -> str:
        """The action server this host runs (``ACTION_SERVER_HOST``:``ACTION_SERVER_PORT``)."""
        return f"http://{self.action_host}:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.web_host}:{self.web_port}"

    @property
    def models_dir(self) -> Path:
        return PROJECT_ROOT / "models"

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """Settings from ``env`` (default: ``.env`` overlaid by the process environment)."""
        env = dict(env) if env is not None else {**read_dotenv(PROJECT_ROOT / ".env"), **os.environ}
        data_dir = Path(env.get("SIGNPOST_DATA_DIR") or PROJECT_ROOT / "var").resolve()
        web_host = env.get("WEB_HOST") or "127.0.0.1"
        web_port = _port(env, "WEB_PORT", 8080)
        rasa_url = _url(env, "RASA_URL", ("http://", "https://"))
        if rasa_url and not env.get("RASA_TOKEN"):
            raise ValueError(
                "RASA_TOKEN must be set when RASA_URL is: every Rasa instance and every "
                "front must share it"
            )
        return cls(
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'knowledge.db'}",
            tracker_store_url=env.get("TRACKER_STORE_URL")
            or f"sqlite:///{data_dir / 'conversations.db'}",
            rasa_host=env.get("RASA_HOST") or "127.0.0.1",
            rasa_port=_port(env, "RASA_PORT", 5005),
            action_host=env.get("ACTION_SERVER_HOST") or "127.0.0.1",
            action_port=_port(env, "ACTION_SERVER_PORT", 5055),
            rasa_token=env.get("RASA_TOKEN") or secrets.token_urlsafe(24),
            log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
            web_host=web_host,
            web_port=web_port,
            allowed_origins=_origins(env.get("ALLOWED_ORIGINS"), web_host, web_port),
            secret=env.get("SIGNPOST_SECRET") or None,
            retention_days=_days(env.get("RETENTION_DAYS")),
            referral_retention_days=_positive(env, "REFERRAL_RETENTION_DAYS", 90.0, float),
            security_log_retention_days=_positive(env, "SECURITY_LOG_RETENTION_DAYS", 365.0, float),
            insights_min_count=_positive(env, "INSIGHTS_MIN_COUNT", 5, int),
            new_conversations_per_client_per_hour=_positive(
                env, "NEW_CONVERSATIONS_PER_CLIENT_PER_HOUR", 60, int
            ),
            new_conversations_per_minute=_positive(env, "NEW_CONVERSATIONS_PER_MINUTE", 120, int),
            referrals_per_municipality_per_hour=_positive(
                env, "REFERRALS_PER_MUNICIPALITY_PER_HOUR", 20, int
            ),
            admin_session_hours=_positive(env, "ADMIN_SESSION_HOURS", 8.0, float),
            admin_idle_minutes=_positive(env, "ADMIN_IDLE_MINUTES", 30.0, float),
            trusted_proxies=_networks(env.get("TRUSTED_PROXIES")),
            telegram_token=env.get("TELEGRAM_BOT_TOKEN") or None,
            telegram_base_url=env.get("TELEGRAM_API_BASE_URL") or "https://api.telegram.org/bot",
            telegram_allowed_users=_user_ids(env.get("TELEGRAM_ALLOWED_USERS")),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            telegram_webhook_port=_port(env, "TELEGRAM_WEBHOOK_PORT", 8443),
            rasa_url_setting=rasa_url,
            action_url_setting=_url(env, "ACTION_SERVER_URL", ("http://", "https://")),
            redis_url=_url(env, "REDIS_URL", ("redis://", "rediss://")),
        )

    def child_env(self) -> Dict[str, str]:
        """The environment for the processes Signpost starts (same data, no telemetry)."""
        return {
            **os.environ,
            "SIGNPOST_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            # the action server files the referrals, so it applies their limit
            "REFERRALS_PER_MUNICIPALITY_PER_HOUR": str(self.referrals_per_municipality_per_hour),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SANIC_HOST": self.action_host,
        }


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"{name} must be a port number between 1 and 65535, not {raw!r}")
    return int(raw)


def _url(env: Mapping[str, str], name: str, schemes: Tuple[str, ...]) -> Optional[str]:
    """A URL starting with one of ``schemes`` (no trailing slash), or None when unset."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return None
    if not raw.startswith(schemes):
        raise ValueError(f"{name} must start with {' or '.join(schemes)}, not {raw!r}")
    return raw.rstrip("/")


def _days(raw: Optional[str]) -> float:
    """The retention period in days: a positive number, 30 by default."""
    try:
        days = float(raw) if raw else 30.0
    except ValueError:
        days = -1.0
    if days <= 0:
        raise ValueError(f"RETENTION_DAYS must be a positive number of days, not {raw!r}")
    return days


def _positive(env: Mapping[str, str], name: str, default, kind):
    """A positive number of type ``kind`` from ``env[name]``; a clear error otherwise."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name} must be a positive {'whole ' if kind is int else ''}number")
    return value


def _user_ids(raw: Optional[str]) -> Tuple[int, ...]:
    """Telegram user ids from a comma-separated list; a clear error for anything else."""
    ids = [part.strip() for part in (raw or "").split(",") if part.strip()]
    bad = [part for part in ids if not part.isdigit()]
    if bad:
        raise ValueError(f"TELEGRAM_ALLOWED_USERS must be numeric Telegram user ids: {bad}")
    return tuple(int(part) for part in ids)


def _networks(raw: Optional[str]) -> Tuple[IPNetwork, ...]:
    """Proxy addresses or networks from a comma-separated list; a clear error for others."""
    networks, bad = [], []
    for part in (p.strip() for p in (raw or "").split(",")):
        if part:
            try:
                networks.append(ipaddress.ip_network(part, strict=False))
            except ValueError:
                bad.append(part)
    if bad:
        raise ValueError(f"TRUSTED_PROXIES must be IP addresses or networks (10.0.0.0/8): {bad}")
    return tuple(networks)


def _origins(raw: Optional[str], host: str, port: int) -> Tuple[str, ...]:
    """Allowed embedding origins: the setting, or the web server's own addresses."""
    if raw:
        origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
        bad = [o for o in origins if not o.startswith(("http://", "https://"))]
        if bad:
            raise ValueError(f"ALLOWED_ORIGINS entries must start with http:// or https://: {bad}")
        return origins
    own = {f"http://{host}:{port}", f"http://localhost:{port}", f"http://127.0.0.1:{port}"}
    return tuple(sorted(own))


def read_dotenv(path: Path) -> Dict[str, str]:
    """``NAME=value`` lines of ``path`` (comments and blank lines skipped); {} if absent."""
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip().strip("'\"")
    return values
