"""Loads the seed knowledge base from the YAML files in ``knowledge/seed/``.

Everything is checked before anything is written, so a bad file never leaves a
half-loaded knowledge base behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List

import yaml
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from knowledge.models import (
    CONTACT_ROLES,
    COURSES,
    LEVELS,
    URGENCIES,
    Contact,
    DecisionRule,
    GlossaryEntry,
    Guidance,
    Jurisdiction,
    Resource,
    VocabularyTerm,
)

SEED_DIR = Path(__file__).resolve().parent / "seed"

# file stem -> (model, field renames from YAML to columns); jurisdictions load first
TABLES = {
    "jurisdictions": (Jurisdiction, {"parent": "parent_key"}),
    "vocabulary": (VocabularyTerm, {}),
    "contacts": (Contact, {"jurisdiction": "jurisdiction_key"}),
    "guidance": (Guidance, {"jurisdiction": "jurisdiction_key"}),
    "rules": (DecisionRule, {"jurisdiction": "jurisdiction_key"}),
    "glossary": (GlossaryEntry, {}),
    "resources": (Resource, {"jurisdiction": "jurisdiction_key"}),
}
RULE_CONDITIONS = {
    "danger": ("yes", "no", "unsure"),
    "illegal": ("yes", "no", "unsure"),
    "poster": ("known_person", "anonymous", "organised_group", "unsure"),
    "other_agencies": ("yes", "no", "unsure"),
}


class SeedError(ValueError):
    """The seed files hold problems; ``problems`` lists every one, with its file and entry."""

    def __init__(self, problems: List[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SeedEntry:
    table: str
    where: str
    values: Dict[str, Any]


def read_seed(seed_dir: Path = SEED_DIR) -> List[SeedEntry]:
    """Read and check every seed file; raise ``SeedError`` listing all problems found."""
    entries: List[SeedEntry] = []
    problems: List[str] = []
    for table, (model, renames) in TABLES.items():
        path = seed_dir / f"{table}.yml"
        if not path.exists():
            problems.append(f"{path.name}: file is missing")
            continue
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f" line {mark.line + 1}" if mark else ""
            problems.append(
                f"{path.name}:{line} not valid YAML ({getattr(error, 'problem', error)})"
            )
            continue
        defaults = document.get("defaults") or {}
        columns = set(model.__table__.columns.keys())
        for index, raw in enumerate(document.get(table) or [], start=1):
            where = f"{path.name}: entry {index}"
            if not isinstance(raw, dict):
                problems.append(f"{where}: must be a set of 'field: value' lines")
                continue
            values = {renames.get(k, k): v for k, v in {**defaults, **raw}.items()}
            unknown = sorted(set(values) - columns)
            if unknown:
                problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
                values = {k: v for k, v in values.items() if k in columns}
            problems += [f"{where}: '{name}' is required" for name in _missing(model, values)]
            entries.append(SeedEntry(table, where, values))
    problems += list(_check(entries))
    if problems:
        raise SeedError(problems)
    return entries


def _missing(model, values: Dict[str, Any]) -> List[str]:
    """Required columns (NOT NULL, no default) that ``values`` leaves empty; source and
    review date are checked with every entry's other fields."""
    return [
        column.name
        for column in model.__table__.columns
        if not column.nullable
        and column.default is None
        and column.name != "id"
        and column.name not in ("source", "last_reviewed")
        and values.get(column.name) in (None, "")
    ]


def _check(entries: Iterable[SeedEntry]) -> Iterable[str]:
    entries = list(entries)
    keys = {e.values.get("key") for e in entries if e.table == "jurisdictions"}
    for entry in entries:
        values, where = entry.values, entry.where
        for required in ("source", "last_reviewed"):
            if not values.get(required):
                yield f"{where}: '{required}' is required"
        if values.get("last_reviewed") and not isinstance(values["last_reviewed"], dt.date):
            yield f"{where}: last_reviewed must be a date like 2026-11-22"
        for ref in ("jurisdiction_key", "parent_key"):
            if values.get(ref) and values[ref] not in keys:
                yield f"{where}: {ref.replace('_key', '')} '{values[ref]}' is not a jurisdiction"
        if entry.table == "jurisdictions" and values.get("level") not in LEVELS:
            yield f"{where}: level must be one of {', '.join(LEVELS)}"
        if entry.table == "contacts" and values.get("role") not in CONTACT_ROLES:
            yield f"{where}: role '{values.get('role')}' is not one of {', '.join(CONTACT_ROLES)}"
        for course in values.get("courses") or []:
            if course not in COURSES:
                yield f"{where}: course '{course}' is not one of {', '.join(COURSES)}"
        if entry.table in ("guidance", "rules") and values.get("course_of_action") not in COURSES:
            yield f"{where}: course_of_action must be one of {', '.join(COURSES)}"
        if entry.table == "rules":
            if values.get("urgency") not in URGENCIES:
                yield f"{where}: urgency must be one of {', '.join(URGENCIES)}"
            for condition, allowed in RULE_CONDITIONS.items():
                for answer in values.get(condition) or []:
                    if answer not in allowed:
                        yield f"{where}: {condition} answer '{answer}' is not one of {allowed}"
        for listed in ("synonyms", "answer_words", "aliases", "steps", "courses", "also"):
            if any(not isinstance(item, str) for item in values.get(listed) or []):
                yield f"{where}: every item of '{listed}' must be text (quote yes/no/numbers)"
        if entry.table == "guidance" and not values.get("steps"):
            yield f"{where}: guidance needs at least one step"


def is_seeded(session: Session) -> bool:
    """True when the knowledge base already holds jurisdictions."""
    return bool(session.scalar(select(func.count()).select_from(Jurisdiction)))


def load_seed(
    session: Session, seed_dir: Path = SEED_DIR, *, replace: bool = False
) -> Dict[str, int]:
    """Write the seed into an empty knowledge base (or replace its content); count per table.

    The caller owns the transaction; nothing is written when a seed file has problems.
    """
    entries = read_seed(seed_dir)
    if is_seeded(session):
        if not replace:
            return {}
        for table in reversed(list(TABLES)):
            session.execute(delete(TABLES[table][0]))
    counts: Dict[str, int] = {}
    for table, (model, _renames) in TABLES.items():
        rows = [model(**e.values) for e in entries if e.table == table]
        if table == "jurisdictions":  # a level's parents exist before it is written
            for level in LEVELS:
                session.add_all([row for row in rows if row.level == level])
                session.flush()
        else:
            session.add_all(rows)
        counts[table] = len(rows)
    session.flush()
    return counts
