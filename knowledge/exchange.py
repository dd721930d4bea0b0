"""The whole knowledge base as YAML files in the seed's format, out and back in, so a
municipality can keep it in git and review every change before it goes live.

The import checks everything (every file, every entry, what the rest of the database still
needs) before it changes anything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from pathlib import Path
from typing import Any, Deque, Dict, List, Mapping, Set, Tuple

import yaml
from sqlalchemy import Integer, func, select
from sqlalchemy.orm import Session

from knowledge.models import LEVELS, AdminUser, AuditEntry, Jurisdiction, Referral, Translation
from knowledge.seed import TABLES, SeedError, SeedReading, check_seed
from knowledge.translation_files import export_sections, outdated_before, store_translations
from knowledge.translations import OTHER_LANGUAGES, TRANSLATED

SOURCED = ("source", "source_url", "last_reviewed", "retired")
# An entry whose file entry has the same values here is updated in place, keeping its id
# (which the audit log and the order of contacts rest on); the rest are removed or added.
# Every child table's match includes its jurisdiction, so a kept entry never points at a
# jurisdiction the import removes.
MATCH_BY = {
    "jurisdictions": ("key",),
    "vocabulary": ("slot", "value", "language"),
    "contacts": ("jurisdiction_key", "name"),
    "guidance": ("course_of_action", "jurisdiction_key"),
    "rules": ("jurisdiction_key", "priority"),
    "glossary": ("term",),
    "faq": ("topic",),
    "resources": ("jurisdiction_key", "title"),
    "legal_bases": ("jurisdiction_key", "provision"),
    "platforms": ("name",),
}
FLOW_WIDTH = 60  # a list of words that fits in this many characters is written [a, b, c]
HEADER = (
    "# The {table} of a Signpost knowledge base (fields: knowledge/seed/README.md).\n"
    "# Edit, then check and load the whole folder with: signpost kb import FOLDER\n"
)
TRANSLATION_HEADER = (
    "# Translations of a Signpost knowledge base's entries (format: knowledge/seed/README.md).\n"
    "# A field left out is read in English; 'outdated' lists fields whose English changed.\n"
)


def export_kb(session: Session, folder: Path) -> Dict[str, int]:
    """Write every entry, retired ones too, into one YAML file per table in ``folder``, in
    the seed format and a stable order; count per table."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table, (_model, renames) in TABLES.items():
        names = {column: name for name, column in renames.items()}
        entries = [_entry(row, names) for row in _rows(session, table)]
        (folder / f"{table}.yml").write_text(_document(table, entries), encoding="utf-8")
        counts[table] = len(entries)
    translated = {kind: _rows(session, kind) for kind in TRANSLATED}
    counts["translations"] = 0
    for language in OTHER_LANGUAGES:
        sections = export_sections(session, language, translated)
        text = TRANSLATION_HEADER + _spaced({"language": language, **sections})
        (folder / f"translations.{language}.yml").write_text(text, encoding="utf-8")
        counts["translations"] += sum(
            len(set(item) & set(TRANSLATED[kind]))
            for kind, items in sections.items()
            for item in items
        )
    return counts


def import_kb(session: Session, folder: Path, *, actor: str) -> Dict[str, int]:
    """Make the knowledge base hold exactly the entries of ``folder``'s YAML files, in the
    caller's transaction, and record it in the audit log; count per table.

    Raises ``SeedError`` listing every problem, with file and line, before changing anything.
    Admin users, sessions, the audit log, counts, referrals and Telegram access stay as
    they are.
    """
    reading = check_seed(folder)
    problems = reading.problems + _jurisdictions_still_needed(session, reading)
    if problems:
        raise SeedError(problems)
    wanted = {table: [e.values for e in reading.entries if e.table == table] for table in TABLES}
    before = {table: len(_rows(session, table)) for table in TABLES}
    before["translations"] = len(session.scalars(select(Translation.id)).all())
    was_outdated = outdated_before(session, {kind: TABLES[kind][0] for kind in TRANSLATED})
    rows, kept = _replace(session, wanted)
    counts = {table: len(entries) for table, entries in wanted.items()}
    still = {key: flag for key, flag in was_outdated.items() if key[:2] in kept}
    counts["translations"] = store_translations(session, reading.translations, rows, still)
    session.add(
        AuditEntry(
            at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
            actor=actor,
            kind="knowledge_base",
            entry_key="*",
            action="import",
            before=before,
            after=counts,
        )
    )
    session.flush()
    return counts


def _rows(session: Session, table: str) -> List[Any]:
    """A table's entries in the order they are exported: jurisdictions from the EU down and
    by key, the others in the order they were added."""
    model = TABLES[table][0]
    if table == "jurisdictions":
        rows = session.scalars(select(model))
        return sorted(rows, key=lambda row: (LEVELS.index(row.level), row.key))
    return list(session.scalars(select(model).order_by(model.id)))


def _columns(model) -> List[Any]:
    """The columns a file entry holds: the entry's own fields, then source and review."""
    columns = [
        column
        for column in model.__table__.columns
        if not (column.primary_key and isinstance(column.type, Integer))
    ]
    return [c for c in columns if c.name not in SOURCED] + [c for c in columns if c.name in SOURCED]


def _entry(row: Any, names: Mapping[str, str]) -> Dict[str, Any]:
    entry = {}
    for column in _columns(type(row)):
        value = getattr(row, column.name)
        if column.name == "retired" and not value:
            continue  # only retired entries say so
        entry[names.get(column.name, column.name)] = value
    return entry


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, as in the seed files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, items: List[Any]) -> yaml.Node:
    words = all(isinstance(item, str) and "\n" not in item for item in items)
    short = words and len(", ".join(items)) <= FLOW_WIDTH
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=short)


_Dumper.add_representer(list, _represent_list)


def _document(table: str, entries: List[Dict[str, Any]]) -> str:
    """A table file's text (see ``_spaced``)."""
    return HEADER.format(table=table) + _spaced({table: entries})


def _spaced(document: Dict[str, Any]) -> str:
    """YAML with one field per line (so a diff shows exactly which field changed), and a
    blank line between entries."""
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 20)
    lines: List[str] = []
    for line in text.splitlines():
        if line.startswith("  - ") and not (lines[-1].endswith(":") and lines[-1][0] != " "):
            lines.append("")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _jurisdictions_still_needed(session: Session, reading: SeedReading) -> List[str]:
    """Jurisdictions the files leave out although referrals or admin users, which the import
    keeps, still belong to them."""
    if "jurisdictions" in reading.unreadable:
        return []
    kept = {e.values.get("key") for e in reading.entries if e.table == "jurisdictions"}
    users = {
        (model, noun): dict(
            session.execute(
                select(model.jurisdiction_key, func.count())
                .where(model.jurisdiction_key.is_not(None))
                .group_by(model.jurisdiction_key)
            ).all()
        )
        for model, noun in ((Referral, "referral"), (AdminUser, "admin user"))
    }
    needed = sorted({key for counted in users.values() for key in counted} - kept)
    problems = []
    for key in needed:
        held = " and ".join(
            f"{counted[key]} {noun}(s)"
            for (_model, noun), counted in users.items()
            if key in counted
        )
        problems.append(
            f"jurisdictions.yml: '{key}' is missing, but {held} still belong to it: keep it "
            "in the file (add 'retired: true' to stop using it)"
        )
    return problems


def _replace(
    session: Session, wanted: Mapping[str, List[Dict[str, Any]]]
) -> Tuple[Dict[str, List[Any]], Set[Tuple[str, Any]]]:
    """Update matching entries in place, remove the others and add the new ones, in an order
    the foreign keys allow (parents before children are added, after they are removed).

    Returns each table's rows in the order of ``wanted``, and the (table, id) of the rows
    that were kept (their translations stay theirs).
    """
    plans = {table: _match(session, table, wanted[table]) for table in TABLES}
    placed = {id(values): row for plan in plans.values() for row, values in plan[0]}
    kept_ids = {(table, row.id) for table in TRANSLATED for row, _values in plans[table][0]}
    for table in reversed(list(TABLES)):
        if table != "jurisdictions":
            for row in plans[table][2]:
                session.delete(row)
    session.flush()
    kept, new, gone = plans["jurisdictions"]
    for level in LEVELS:
        session.add_all(Jurisdiction(**v) for v in new if v.get("level") == level)
        session.flush()
    _update(kept)
    session.flush()
    for level in reversed(LEVELS):
        for row in gone:
            if row.level == level:
                session.delete(row)
        session.flush()
    for values in plans["jurisdictions"][1]:
        placed[id(values)] = session.get(Jurisdiction, values["key"])
    for table, (model, _renames) in TABLES.items():
        if table != "jurisdictions":
            kept, new, _gone = plans[table]
            _update(kept)
            for values in new:
                placed[id(values)] = model(**values)
                session.add(placed[id(values)])
    session.flush()
    return {table: [placed[id(values)] for values in wanted[table]] for table in TABLES}, kept_ids


def _match(
    session: Session, table: str, entries: List[Dict[str, Any]]
) -> Tuple[List[Tuple[Any, Dict[str, Any]]], List[Dict[str, Any]], List[Any]]:
    """Pair file entries with rows by ``MATCH_BY``, in order: (row, entry) pairs to update,
    entries to add, rows to remove."""
    names = MATCH_BY[table]
    waiting: Dict[Tuple[Any, ...], Deque[Any]] = defaultdict(deque)
    for row in _rows(session, table):
        waiting[tuple(getattr(row, name) for name in names)].append(row)
    kept, new = [], []
    for values in entries:
        rows = waiting.get(tuple(values.get(name) for name in names))
        if rows:
            kept.append((rows.popleft(), values))
        else:
            new.append(values)
    gone = [row for rows in waiting.values() for row in rows]
    return kept, new, gone


def _update(pairs: List[Tuple[Any, Dict[str, Any]]]) -> None:
    """Give each row its entry's values; a field the entry leaves out gets the default."""
    for row, values in pairs:
        for column in _columns(type(row)):
            value = values[column.name] if column.name in values else _default(column)
            if getattr(row, column.name) != value:
                setattr(row, column.name, value)


def _default(column) -> Any:
    if column.default is None:
        return None
    if column.default.is_callable:
        return column.default.arg(None)  # SQLAlchemy wraps callables to take a context
    return column.default.arg
