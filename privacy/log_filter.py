"""Keeps personal data out of the logs: every log record's message (its arguments filled
in), exception text and stack are redacted like stored conversations are.

The filter is installed on the handlers that write (so it sees what every logger
propagates) and on the loggers of libraries that bring their own handlers (Sanic). It
never raises: a record it cannot redact is replaced by a fixed line instead of leaking.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, Iterable

from privacy.redaction import CUES, EMAIL, HANDLE, IBAN, URL, first_names, redact

WITHHELD = "[log line withheld]"
# loggers that Sanic (Rasa's and the action server's web framework) gives their own
# handlers, so records logged on them need the filter before those handlers run
OWN_HANDLER_LOGGERS = ("sanic.root", "sanic.error", "sanic.access")
# Sanic's per-request lines: with this format they print nothing but the logger's name,
# and the loopback calls they record (Rasa to the action server) tell an operator nothing
ACCESS_LOGGER = "sanic.access"
_WORD = re.compile(r"[^\W\d_]+")
_MARK = "signpost_redacted"


class RedactingFilter(logging.Filter):
    """Redacts a record in place and lets it through; idempotent, so a record that
    passes several filtered loggers and handlers is redacted once."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MARK, False):
            return True
        try:
            record.msg = redact_log_text(record.getMessage())
            record.args = ()
            if record.exc_info and not record.exc_text:
                record.exc_text = logging.Formatter().formatException(record.exc_info)
            if record.exc_text:
                record.exc_text = redact_log_text(record.exc_text)
            if record.stack_info:
                record.stack_info = redact_log_text(record.stack_info)
        except Exception:  # whatever went wrong, the line must not leak
            record.msg, record.args = WITHHELD, ()
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        setattr(record, _MARK, True)
        return True


def redact_log_text(text: str) -> str:
    """``text`` redacted, skipping the (costly) redaction when nothing in it can be
    personal data: no digit, @, web address, name-like word or cue such as "pupil"."""
    return redact(text) if might_hold_personal_data(text) else text


def might_hold_personal_data(text: str) -> bool:
    """True unless ``text`` has none of what the redaction looks for (a superset of its
    checks: it decides what is removed, this only whether to ask it)."""
    if any(c.isdigit() for c in text) or "@" in text:
        return True
    if any(pattern.search(text) for pattern in (EMAIL, URL, HANDLE, IBAN)):
        return True
    names = first_names()
    for word in _WORD.findall(text):
        if word.lower() in CUES or word in names or word.capitalize() in names:
            return True
    return False


def install(loggers: Iterable[logging.Logger] = ()) -> RedactingFilter:
    """Add the filter to every handler of the root logger and to the loggers that have
    their own handlers (Sanic's, and any given); call after the handlers exist."""
    redacting = RedactingFilter()
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(redacting)
    for logger in [*(logging.getLogger(name) for name in OWN_HANDLER_LOGGERS), *loggers]:
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(redacting)
    return redacting


def configure(level: str) -> None:
    """Log to stderr at ``level`` with every line redacted (the processes Signpost runs
    itself: the action server, the web server and the Telegram bot). Python warnings go
    through logging too, so a warning quoting a value is redacted like any line."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)-8s %(name)s - %(message)s")
    logging.captureWarnings(True)
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.WARNING)
    install()


def dict_config(level: str) -> Dict[str, Any]:
    """The same, as a ``logging.config.dictConfig`` dictionary (``rasa run
    --logging-config-file``): Rasa's colored handler replaces this one but keeps its
    filters, and Sanic's own loggers carry the filter themselves."""
    redact_only = {"filters": ["redact"]}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": f"{__name__}.RedactingFilter"}},
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)-8s %(name)s - %(message)s"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "plain",
                "filters": ["redact"],
            }
        },
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {
            **{name: dict(redact_only) for name in OWN_HANDLER_LOGGERS},
            ACCESS_LOGGER: {**redact_only, "level": "WARNING"},
        },
    }
