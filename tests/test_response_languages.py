"""Every response of the domain exists in German, French and Dutch beside English: the
same buttons (payloads in the same order) and the same {placeholders}, so no English is
left in a German conversation and no button leads elsewhere in another language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"
LANGUAGES = ("de", "fr", "nl")
PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def responses() -> Dict[str, List[dict]]:
    found: Dict[str, List[dict]] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        found.update(
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        )
    return found


def language_of(variant: dict):
    return next(
        (c.get("value") for c in variant.get("condition") or [] if c.get("name") == "language"),
        None,
    )


RESPONSES = responses()


def test_the_domain_has_responses():
    assert len(RESPONSES) > 40


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_in_every_language(name):
    variants = RESPONSES[name]
    english = [v for v in variants if language_of(v) is None]
    assert english, f"{name} has no English variant"
    for language in LANGUAGES:
        mine = [v for v in variants if language_of(v) == language]
        assert len(mine) == len(english), f"{name}: {len(mine)} {language} variants"
        for en, other in zip(english, mine, strict=True):
            assert other.get("text", "").strip(), f"{name} ({language}) has no text"
            assert set(PLACEHOLDER.findall(other.get("text", ""))) == set(
                PLACEHOLDER.findall(en.get("text", ""))
            ), f"{name} ({language}): placeholders differ"
            payloads = [b["payload"] for b in en.get("buttons") or []]
            assert [b["payload"] for b in other.get("buttons") or []] == payloads
            assert all(b.get("title") for b in other.get("buttons") or [])


# review finding 14: the acronym is said in words wherever a reply uses it
EXPLAINED = {
    None: "radicalisation",
    "de": "radikalisierung",
    "fr": "radicalisation",
    "nl": "radicalisering",
}


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_a_reply_that_says_p_cve_says_what_it_means(name):
    for variant in RESPONSES[name]:
        text = variant.get("text", "")
        if "P/CVE" in text:
            assert EXPLAINED[language_of(variant)] in text.lower(), (name, language_of(variant))
