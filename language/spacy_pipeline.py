"""Builds Signpost's spaCy pipeline: a blank English model whose entity rulers are
generated from the knowledge base (categories, symbols, places).

Pretrained spaCy pipelines cannot be downloaded here, and a rule-based recogniser
fed by the knowledge base is what the triage needs anyway: its entities are exactly
the words the knowledge base knows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Dict, Iterable, List

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy.orm import Session

from knowledge import repository
from knowledge.db import PROJECT_ROOT
from knowledge.places import EU_MEMBER_STATES, country_index, local_names, place_names

PIPELINE_DIR = PROJECT_ROOT / "build" / "spacy" / "signpost_en"
CATEGORY_ENTITIES = ("content_type", "platform", "poster")
# Towns this large are recognised in lower case too ("we're in berlin"), unless the
# name is also an ordinary word.
LOWERCASE_TOWN_POPULATION = 100_000
# Larger towns are also recognised by their other names ("Wien", "München", "Köln").
LOCAL_NAME_POPULATION = 100_000
COMMON_WORDS = {
    "nice",
    "split",
    "of",
    "mobile",
    "reading",
    "bath",
    "none",
    "as",
    "ede",
    "best",
    "born",
    "goes",
    "lens",
    "sale",
    "hope",
    "union",
    "university",
}


def patterns(session: Session) -> Dict[str, List[dict]]:
    """Entity-ruler patterns per ruler, generated from the knowledge base, sorted."""
    terms: List[dict] = []
    for term in repository.vocabulary(session):
        if term.slot in CATEGORY_ENTITIES:
            terms += [_pattern(term.slot, s) for s in term.synonyms if len(s) >= 3]
    for entry in repository.glossary(session):
        terms += [_pattern("symbol", p) for p in [entry.term, *entry.aliases] if len(p) >= 2]
    for jurisdiction in repository.jurisdictions(session):
        names = [jurisdiction.name.split(" (")[0], *(jurisdiction.aliases or [])]
        terms += [_pattern("place", n) for n in names if jurisdiction.level != "eu"]
    terms += [_pattern("place", name) for name in country_index() if len(name) >= 4]

    towns_cased, towns_lower = [], []
    for name, country in place_names():
        if country not in EU_MEMBER_STATES or len(name) < 3:
            continue
        towns_cased.append(_pattern("place", name))
    towns_cased += [_pattern("place", name) for name, _ in local_names(LOCAL_NAME_POPULATION)]
    for name, country in place_names(min_population=LOWERCASE_TOWN_POPULATION):
        lowered = name.lower()
        if country in EU_MEMBER_STATES and lowered not in STOP_WORDS | COMMON_WORDS:
            towns_lower.append(_pattern("place", lowered))
    return {
        "signpost_terms": _sorted(terms),
        "signpost_towns_cased": _sorted(towns_cased),
        "signpost_towns_lower": _sorted(towns_lower),
    }


def build(session: Session, target: Path = PIPELINE_DIR) -> Path:
    """Write the pipeline to ``target`` (replacing an older build) and return the path."""
    nlp = spacy.blank("en")
    nlp.meta.update(
        {
            "name": "signpost_en",
            "version": "1.0.0",
            "description": "Signpost entity patterns from the knowledge base",
        }
    )
    rulers = patterns(session)
    for name, attr in (
        ("signpost_terms", "LOWER"),
        ("signpost_towns_cased", "ORTH"),
        ("signpost_towns_lower", "LOWER"),
    ):
        ruler = nlp.add_pipe(
            "entity_ruler", name=name, config={"phrase_matcher_attr": attr, "validate": True}
        )
        ruler.add_patterns(rulers[name])
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


def _pattern(label: str, phrase: str) -> dict:
    return {"label": label, "pattern": phrase}


def _sorted(items: Iterable[dict]) -> List[dict]:
    unique = {json.dumps(p, sort_keys=True, ensure_ascii=False): p for p in items}
    return [unique[k] for k in sorted(unique)]
