"""Loads the seed knowledge base from the YAML files in ``knowledge/seed/``.

Everything is checked before anything is written, so a bad file never leaves a
half-loaded knowledge base behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.checks import MODELS, Place, entry_problems
from knowledge.checks import RULE_CONDITIONS as RULE_CONDITIONS  # the admin pages read it here
from knowledge.models import LEVELS, Jurisdiction
from knowledge.translation_files import SeedTranslation, read_translations, store_translations
from knowledge.yaml_files import FAST_SAFE_LOADER

SEED_DIR = Path(__file__).resolve().parent / "seed"

# YAML field names that differ from their columns
RENAMES = {"parent": "parent_key", "jurisdiction": "jurisdiction_key"}
# file stem -> (model, field renames from YAML to columns); jurisdictions load first
TABLES = {
    table: (model, {k: v for k, v in RENAMES.items() if v in model.__table__.columns})
    for table, model in MODELS.items()
}


class SeedError(ValueError):
    """The seed files hold problems; ``problems`` lists every one, with its file and line."""

    def __init__(self, problems: List[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SeedEntry:
    """One entry of a seed file: its column values, and the lines they were written on."""

    table: str
    file: str
    index: int
    line: int
    values: Dict[str, Any]
    lines: Dict[str, int] = field(default_factory=dict)  # column -> line of its field

    def where(self, column: Optional[str] = None) -> str:
        """ "contacts.yml line 42: entry 7", at the line of ``column`` when it was written."""
        return f"{self.file} line {self.lines.get(column, self.line)}: entry {self.index}"


@dataclass
class SeedReading:
    """Every entry of a seed folder, every problem found, the tables whose file could
    not be read at all, and the entries' translations (``translations.<lang>.yml``)."""

    entries: List[SeedEntry]
    problems: List[str]
    unreadable: List[str]
    translations: List[SeedTranslation] = field(default_factory=list)


def read_seed(seed_dir: Path = SEED_DIR) -> List[SeedEntry]:
    """Read and check every seed file; raise ``SeedError`` listing all problems found."""
    reading = check_seed(seed_dir)
    if reading.problems:
        raise SeedError(reading.problems)
    return reading.entries


def check_seed(seed_dir: Path = SEED_DIR) -> SeedReading:
    """Read and check every seed file, collecting every problem rather than stopping."""
    entries: List[SeedEntry] = []
    file_problems = {
        table: [
            p for path in table_files(seed_dir, table) for p in _read_file(path, table, entries)
        ]
        for table in TABLES
    }
    unreadable = [table for table, problems in file_problems.items() if problems]
    places = None  # jurisdictions.yml unreadable: don't report every reference as unknown
    if "jurisdictions" not in unreadable:
        places = {
            e.values["key"]: Place(e.values.get("level"), e.values.get("parent_key"))
            for e in entries
            if e.table == "jurisdictions" and isinstance(e.values.get("key"), str)
        }
    problems: List[str] = []
    for table in TABLES:
        problems += file_problems[table]
        written = [e for e in entries if e.table == table]
        others = [e.values for e in written]
        for entry in written:
            found = entry_problems(table, entry.values, jurisdictions=places, others=others)
            problems += [f"{entry.where(problem.field)}: {problem}" for problem in found]
    translations, translation_problems = read_translations(seed_dir, entries, unreadable)
    return SeedReading(entries, problems + translation_problems, unreadable, translations)


def table_files(seed_dir: Path, table: str) -> List[Path]:
    """The files of one table: ``<table>.yml``, then any ``<table>.<part>.yml`` beside it
    (the vocabulary keeps each language in a file of its own: ``vocabulary.de.yml``)."""
    return [seed_dir / f"{table}.yml", *sorted(seed_dir.glob(f"{table}.*.yml"))]


class _Loader(FAST_SAFE_LOADER):
    """Reads an impossible date (2026-13-45) as text, so the entry check can point at it."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _read_file(path: Path, table: str, entries: List[SeedEntry]) -> List[str]:
    """Append the entries of one seed file to ``entries``; return what is wrong with the
    file as a whole (missing, not YAML, not a list under its table's name)."""
    name = path.name
    if not path.exists():
        return [f"{name}: file is missing"]
    try:
        loader = _Loader(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return [f"{name}: not UTF-8 text"]
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        return [f"{name}{line}: not valid YAML ({getattr(error, 'problem', error)})"]
    finally:
        loader.dispose()
    if not isinstance(document, dict) or table not in document:
        return [f"{name}: must start with '{table}:' followed by a list of entries"]
    nodes = {key.value: value for key, value in node.value}
    problems = [
        f"{name} line {_line(key)}: unknown top-level key '{key.value}' (only '{table}' and "
        "'defaults')"
        for key, _value in node.value
        if key.value not in (table, "defaults")
    ]
    defaults, items = document.get("defaults") or {}, document[table] or []
    if not isinstance(defaults, dict):
        problems.append(
            f"{name} line {_line(nodes['defaults'])}: defaults must be 'field: value' lines"
        )
        defaults = {}
    if not isinstance(items, list):
        problems.append(f"{name} line {_line(nodes[table])}: '{table}' must be a list of entries")
        items = []
    renames = TABLES[table][1]
    default_lines = _field_lines(nodes.get("defaults"))
    item_nodes = nodes[table].value if items else []
    for index, (raw, item) in enumerate(zip(items, item_nodes, strict=True), start=1):
        if not isinstance(raw, dict):
            problems.append(
                f"{name} line {_line(item)}: entry {index}: must be a set of 'field: value' lines"
            )
            continue
        values = {renames.get(str(k), str(k)): v for k, v in {**defaults, **raw}.items()}
        lines = {**default_lines, **_field_lines(item)}
        lines = {renames.get(k, k): line for k, line in lines.items()}
        entries.append(SeedEntry(table, name, index, _line(item), values, lines))
    return problems


def _field_lines(node: Optional[yaml.Node]) -> Dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): _line(key) for key, _value in node.value}


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def is_seeded(session: Session) -> bool:
    """True when the knowledge base already holds jurisdictions."""
    return bool(session.scalar(select(func.count()).select_from(Jurisdiction)))


def load_seed(
    session: Session, seed_dir: Path = SEED_DIR, *, replace: bool = False
) -> Dict[str, int]:
    """Write the seed into an empty knowledge base (or replace its content); count per table.

    The caller owns the transaction; nothing is written when a seed file has problems.
    Replacing goes through the import, which keeps what referrals and admin users point
    to and records the replacement in the audit log. The translations load last, onto
    the English entries they name.
    """
    reading = check_seed(seed_dir)
    if reading.problems:
        raise SeedError(reading.problems)
    if is_seeded(session):
        if not replace:
            return {}
        from knowledge.exchange import import_kb

        return import_kb(session, seed_dir, actor="seed (kb init --replace)")
    counts: Dict[str, int] = {}
    written: Dict[str, List[Any]] = {}
    for table, (model, _renames) in TABLES.items():
        rows = written[table] = [model(**e.values) for e in reading.entries if e.table == table]
        if table == "jurisdictions":  # a level's parents exist before it is written
            for level in LEVELS:
                session.add_all([row for row in rows if row.level == level])
                session.flush()
        else:
            session.add_all(rows)
        counts[table] = len(rows)
    session.flush()
    counts["translations"] = store_translations(session, reading.translations, written, {})
    return counts
