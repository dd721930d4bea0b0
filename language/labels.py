"""The labels a recommendation is drawn with (roles, headings, urgency, notes), in the
conversation's language: one file, ``labels.yml``, so the plain-text card and the Telegram
card say the same words, and a language added there is added everywhere."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yml")
DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=1)
def _labels() -> Dict[str, Dict[str, Dict[str, str]]]:
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def label(kind: str, key: Optional[str], language: Optional[str] = None) -> str:
    """The ``kind`` label of ``key`` ("urgency", "today") in ``language``, else in English,
    else the key itself (a role a coordinator added that has no label yet)."""
    key = key or ""
    for lang in (language, DEFAULT_LANGUAGE):
        found = _labels().get(lang or "", {}).get(kind, {}).get(key)
        if found:
            return found
    return key


def country_name(code: str, fallback: str, language: Optional[str] = None) -> str:
    """A country's name in ``language`` ("DE" -> "Deutschland"), from Babel's CLDR data;
    ``fallback`` (the knowledge base's name) for anything that is not a country code."""
    from babel import Locale

    try:
        return Locale.parse(language or DEFAULT_LANGUAGE).territories.get(code, fallback)
    except (ValueError, TypeError):
        return fallback
