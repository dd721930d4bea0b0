"""privacy/log_filter.py: no log line, exception or stack carries the personal data typed
into a conversation, whatever logger or handler writes it."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import warnings

import pytest
import yaml

from privacy import log_filter
from privacy.log_filter import WITHHELD, RedactingFilter, might_hold_personal_data

PLANTED = ["Max Mustermann", "Mustermann", "max.mustermann@example.org", "+49 30 1234567"]
TEXT = "my pupil Max Mustermann (max.mustermann@example.org, +49 30 1234567)"


def record(msg, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("rasa.core.processor", logging.DEBUG, __file__, 1, msg, args, exc_info)


def formatted(rec: logging.LogRecord) -> str:
    return logging.Formatter("%(message)s").format(rec)


def leaked(text: str):
    return [item for item in PLANTED if item in text]


@pytest.fixture
def isolated_logging():
    """Put the global logging state back as it was after a test changes it."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    named = {name: logging.getLogger(name) for name in log_filter.OWN_HANDLER_LOGGERS}
    saved_named = {name: (lg.handlers[:], lg.filters[:], lg.level) for name, lg in named.items()}
    yield
    root.handlers[:], root.level = saved[0], saved[1]
    for name, (handlers, filters, level) in saved_named.items():
        named[name].handlers[:], named[name].filters[:] = handlers, filters
        named[name].setLevel(level)


def test_message_and_its_arguments_are_redacted():
    rec = record("Received user message '%s' with intent '%s'", TEXT, "report_content")
    assert RedactingFilter().filter(rec) is True
    assert formatted(rec) == (
        "Received user message 'my pupil [name] ([email], [phone])' with intent 'report_content'"
    )
    assert rec.args == ()


def test_exception_text_and_stack_are_redacted():
    try:
        raise ValueError(f"could not store {TEXT}")
    except ValueError:
        rec = record("storing failed", exc_info=sys.exc_info())
    rec.stack_info = f"Stack (most recent call last):\n  value = {TEXT!r}"
    RedactingFilter().filter(rec)
    text = formatted(rec)
    assert "ValueError: could not store my pupil [name]" in text
    assert "Traceback" in text
    assert leaked(text) == []


def test_a_line_without_personal_data_is_left_alone_without_asking_the_redaction(monkeypatch):
    def no_call(text):
        raise AssertionError("redaction was asked")

    monkeypatch.setattr(log_filter, "redact", no_call)
    line = "Predicted next action 'triage_form' with confidence one."
    assert not might_hold_personal_data(line)
    rec = record(line)
    RedactingFilter().filter(rec)
    assert formatted(rec) == line


@pytest.mark.parametrize(
    "line",
    [
        "value 0301234567",
        "reach me at someone@example.org",
        "see tiktok.com/@x",
        "my pupil robert said",  # a cue: the word after it may be a name
        "Anna posted it",
    ],
)
def test_anything_that_may_be_personal_data_goes_to_the_redaction(line):
    assert might_hold_personal_data(line)


def test_a_failure_withholds_the_line_instead_of_leaking(monkeypatch):
    def broken(text):
        raise RuntimeError("spaCy missing")

    monkeypatch.setattr(log_filter, "redact", broken)
    try:
        raise KeyError(TEXT)
    except KeyError:
        rec = record("slot %s", TEXT, exc_info=sys.exc_info())
    assert RedactingFilter().filter(rec) is True
    assert formatted(rec) == WITHHELD
    assert (rec.exc_info, rec.exc_text) == (None, None)


def test_a_record_is_redacted_once(monkeypatch):
    calls = []
    real = log_filter.redact
    monkeypatch.setattr(log_filter, "redact", lambda text: calls.append(text) or real(text))
    rec = record("note: %s", TEXT)
    first, second = RedactingFilter(), RedactingFilter()
    first.filter(rec)
    second.filter(rec)
    assert len(calls) == 1 and leaked(formatted(rec)) == []


def test_configure_redacts_every_logger_and_sanics_own_handlers(isolated_logging):
    logging.getLogger().handlers[:] = []
    root_out, sanic_out = io.StringIO(), io.StringIO()
    log_filter.configure("DEBUG")
    logging.getLogger().handlers[0].setStream(root_out)
    sanic_handler = logging.StreamHandler(sanic_out)  # as Sanic's own logging config adds
    logging.getLogger("sanic.error").addHandler(sanic_handler)
    logging.getLogger("rasa_sdk.executor").debug("slot value %s", TEXT)
    logging.getLogger("sanic.error").error("request failed for %s", TEXT)
    logging.getLogger("py.warnings").handlers[:] = []
    warnings.warn(f"odd slot value {TEXT}", UserWarning, stacklevel=1)
    logging.captureWarnings(False)
    assert "[name]" in root_out.getvalue() and "[name]" in sanic_out.getvalue()
    assert "odd slot value my pupil [name]" in root_out.getvalue()
    assert leaked(root_out.getvalue() + sanic_out.getvalue()) == []


RASA_LOGGING = """
import logging, sys
from rasa.utils.common import configure_logging_from_file
from rasa.utils.io import configure_colored_logging
from privacy.log_filter import RedactingFilter
configure_logging_from_file(sys.argv[1])
configure_colored_logging("DEBUG")
[handler] = logging.getLogger().handlers
assert any(isinstance(f, RedactingFilter) for f in handler.filters), handler.filters
assert any(isinstance(f, RedactingFilter) for f in logging.getLogger("sanic.error").filters)
logging.getLogger("rasa.core.processor").debug("Received user message '%s'", sys.argv[2])
"""


def test_rasas_colored_handler_keeps_the_filter_of_the_logging_config(tmp_path):
    """What ``rasa run --logging-config-file`` does, in a process of its own: dictConfig,
    then coloredlogs replaces the stderr handler (keeping its filters)."""
    path = tmp_path / "logging.yml"
    path.write_text(yaml.safe_dump(log_filter.dict_config("DEBUG")))
    result = subprocess.run(
        [sys.executable, "-c", RASA_LOGGING, str(path), TEXT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Received user message 'my pupil [name] ([email], [phone])'" in result.stderr
    assert leaked(result.stdout + result.stderr) == []
