"""What the Telegram bot says itself, in the conversation's language: ``texts.yml`` holds
each text once per language, so a language is added in one place."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

TEXTS_FILE = Path(__file__).with_name("texts.yml")
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def all_texts() -> Dict[str, Dict[str, Any]]:
    """Every language's texts, by language ("en") and name ("intro")."""
    return yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))


def text(name: str, language: Optional[str]) -> str:
    """The text ``name`` in ``language`` (English for a language the bot doesn't speak)."""
    return _in(language)[name]


def commands(language: Optional[str]) -> List[Tuple[str, str]]:
    """The bot's commands and their descriptions in ``language``, in menu order."""
    return list(_in(language)["commands"].items())


def _in(language: Optional[str]) -> Dict[str, Any]:
    texts = all_texts()
    return texts.get(language or DEFAULT_LANGUAGE) or texts[DEFAULT_LANGUAGE]
