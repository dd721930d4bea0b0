"""The assistant's domain as one dictionary, merged from the files of ``domain/`` the way
Rasa merges them (lists joined, mappings combined), for tests and checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import yaml

DOMAIN_DIR = Path(__file__).resolve().parent.parent / "domain"


def load_domain(folder: Path = DOMAIN_DIR) -> Dict[str, Any]:
    merged: Dict[str, Any] = {}
    for path in sorted(folder.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged
