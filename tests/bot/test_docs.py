"""Keeps the docs and the domain honest: every setting documented, every action implemented."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from rasa_sdk import Action

import actions
from bot.config.settings import DEFAULTS
from tests.domain import load_domain

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in DEFAULTS if f"| `{name}` |" not in readme]
    assert missing == []


def test_the_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text()[:1500]
    assert "make run" in head and "make test" in head


def implemented_actions() -> dict:
    found = {}
    for module in pkgutil.iter_modules(actions.__path__):
        loaded = importlib.import_module(f"actions.{module.name}")
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == loaded.__name__:
                found[cls().name()] = cls
    return found


def test_every_domain_action_has_exactly_one_implementation():
    domain = load_domain()
    assert sorted(implemented_actions()) == sorted(domain["actions"])


def test_ci_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
