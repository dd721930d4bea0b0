"""The translation files ``translations.<lang>.yml`` of a seed or export folder: read and
checked against the English entries beside them, stored, and written back out.

A file names each English entry by the fields that identify it (a guidance's course and
jurisdiction, a glossary entry's term, a resource's English title) and gives the fields it
translates; what it leaves out is read in English. ``outdated: [summary]`` marks fields
translated from an earlier English (the export writes it, so the flag survives a round trip).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.models import Translation
from knowledge.translations import (
    LIST_FIELDS,
    OTHER_LANGUAGES,
    TRANSLATED,
    english_hash,
    has_text,
    is_outdated,
    now,
)
from knowledge.yaml_files import FAST_SAFE_LOADER

# section -> (file field, column) pairs naming the English entry a translation is of
IDENTIFY: Dict[str, Tuple[Tuple[str, str], ...]] = {
    "guidance": (("course_of_action", "course_of_action"), ("jurisdiction", "jurisdiction_key")),
    "rules": (("priority", "priority"), ("jurisdiction", "jurisdiction_key")),
    "contacts": (("jurisdiction", "jurisdiction_key"), ("en_name", "name")),
    "resources": (("en_title", "title"),),
    "glossary": (("term", "term"),),
    "faq": (("topic", "topic"),),
    "legal_bases": (("jurisdiction", "jurisdiction_key"), ("provision", "provision")),
    "platforms": (("name", "name"),),
}
# a resource's title may be shared between places; its jurisdiction then says which
OPTIONAL_IDENTIFY = {"resources": (("jurisdiction", "jurisdiction_key"),)}
# (kind, entry id, field, language): one stored translation
Key = Tuple[str, int, str, str]


@dataclass
class SeedTranslation:
    """One entry's translated fields in one language, and the English entry they are of
    (``index``: its position among its kind's entries in the folder)."""

    kind: str
    index: int
    language: str
    texts: Dict[str, Any]
    outdated: List[str] = field(default_factory=list)


def translation_files(folder: Path) -> List[Path]:
    """The folder's translation files, one per language."""
    return sorted(folder.glob("translations.*.yml"))


def read_translations(
    folder: Path, entries: Sequence[Any], unreadable: Sequence[str] = ()
) -> Tuple[List[SeedTranslation], List[str]]:
    """Every translation in ``folder``, checked against the English ``entries`` (the
    folder's ``SeedEntry`` list), and every problem found, with file and line. Sections
    of kinds whose English file could not be read are not checked (every entry would
    seem unknown)."""
    by_kind: Dict[str, List[Mapping[str, Any]]] = {
        kind: [e.values for e in entries if e.table == kind] for kind in TRANSLATED
    }
    found: List[SeedTranslation] = []
    problems: List[str] = []
    for path in translation_files(folder):
        problems += _read_file(path, by_kind, found, set(unreadable))
    return found, problems


def _read_file(
    path: Path,
    by_kind: Mapping[str, List[Mapping[str, Any]]],
    found: List[SeedTranslation],
    unreadable: Set[str],
) -> List[str]:
    name, language = path.name, path.name.split(".")[1]
    if language not in OTHER_LANGUAGES:
        return [f"{name}: '{language}' is not a language to translate into ({OTHER_LANGUAGES})"]
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=FAST_SAFE_LOADER)
        document = yaml.load(text, Loader=FAST_SAFE_LOADER)
    except UnicodeDecodeError:
        return [f"{name}: not UTF-8 text"]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        return [f"{name}{line}: not valid YAML ({getattr(error, 'problem', error)})"]
    if not isinstance(document, dict):
        return [f"{name}: must start with 'language: {language}'"]
    nodes = {key.value: (key, value) for key, value in node.value}
    problems = []
    if document.get("language") != language:
        problems.append(f"{name}: must say 'language: {language}' (the language of its name)")
    for key, (key_node, _value) in nodes.items():
        if key not in TRANSLATED and key != "language":
            sections = ", ".join(TRANSLATED)
            problems.append(f"{name} line {_line(key_node)}: unknown section '{key}' ({sections})")
    seen: Set[Tuple[str, int]] = set()
    for kind in TRANSLATED:
        items = document.get(kind) or []
        if kind not in nodes or not items or kind in unreadable:
            continue
        if not isinstance(items, list):
            problems.append(f"{name} line {_line(nodes[kind][0])}: '{kind}' must be a list")
            continue
        for number, (item, item_node) in enumerate(
            zip(items, nodes[kind][1].value, strict=True), start=1
        ):
            where = f"{name} line {_line(item_node)}: {kind} entry {number}"
            read = _read_item(kind, item, by_kind[kind], language, where)
            if isinstance(read, list):
                problems += read
            elif (kind, read.index) in seen:
                problems.append(f"{where}: translates the same entry as an earlier one")
            else:
                seen.add((kind, read.index))
                found.append(read)
    return problems


def _read_item(
    kind: str,
    item: Any,
    english: List[Mapping[str, Any]],
    language: str,
    where: str,
) -> SeedTranslation | List[str]:
    """The translation of one file entry, or what is wrong with it."""
    if not isinstance(item, dict):
        return [f"{where}: must be a set of 'field: value' lines"]
    identify = IDENTIFY[kind] + OPTIONAL_IDENTIFY.get(kind, ())
    known = {name for name, _column in identify} | set(TRANSLATED[kind]) | {"outdated"}
    problems = [f"{where}: unknown field '{k}'" for k in item if k not in known]
    missing = [name for name, _column in IDENTIFY[kind] if item.get(name) in (None, "")]
    if missing:
        return problems + [f"{where}: '{missing[0]}' is required (it names the English entry)"]
    index = _english_entry(kind, item, english)
    if isinstance(index, str):
        return problems + [f"{where}: {index}"]
    texts = {name: item[name] for name in TRANSLATED[kind] if name in item}
    for name, text in texts.items():
        if name not in english[index]:
            continue  # the English entry's own check reports the missing field
        problem = _text_problem(name, text, english[index][name])
        if problem:
            problems.append(f"{where}: {problem}")
    outdated = item.get("outdated") or []
    if not isinstance(outdated, list) or any(o not in texts for o in outdated):
        problems.append(f"{where}: 'outdated' must list fields this entry translates")
    if problems:
        return problems
    return SeedTranslation(kind, index, language, texts, list(outdated))


def _english_entry(kind: str, item: Mapping[str, Any], english: List[Mapping[str, Any]]):
    """The position of the English entry ``item`` names, or why there is none."""
    given = [
        (name, column, item[name])
        for name, column in IDENTIFY[kind] + OPTIONAL_IDENTIFY.get(kind, ())
        if item.get(name) not in (None, "")
    ]
    matches = [
        i
        for i, values in enumerate(english)
        if all(str(values.get(column)) == str(value) for _name, column, value in given)
    ]
    if not matches:
        named = " and ".join(f"{name} '{value}'" for name, _column, value in given)
        return f"there is no English {kind} entry with {named}"
    # several (a retired rule and its successor, say): the first in use, as the export wrote
    return next((i for i in matches if not english[i].get("retired")), matches[0])


def _text_problem(name: str, text: Any, english: Any) -> Optional[str]:
    if not has_text(english):
        return f"'{name}' is translated, but the English entry has none (leave it out)"
    if name in LIST_FIELDS:
        if not isinstance(text, list) or not all(isinstance(s, str) and s for s in text):
            return f"'{name}' must be a list of texts"
        if len(text) != len(english):
            return f"'{name}' has {len(text)} items, the English has {len(english)}"
        return None
    if not isinstance(text, str) or not text.strip():
        return f"'{name}' must be a text (put it in quotes)"
    return None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def store_translations(
    session: Session,
    translations: Sequence[SeedTranslation],
    rows: Mapping[str, Sequence[Any]],
    kept: Mapping[Key, bool],
) -> int:
    """Make the stored translations exactly ``translations`` (their entries: ``rows``, per
    kind in the folder's order); count the fields stored.

    ``kept`` holds, for each stored translation of an entry the write kept, whether it was
    outdated before: a text the file leaves unchanged and flagged as it was keeps its row,
    so an English changed by this very import makes it outdated.
    """
    existing = {_key(t): t for t in session.scalars(select(Translation))}
    written: Set[Key] = set()
    for item in translations:
        entry = rows[item.kind][item.index]
        for name, text in item.texts.items():
            key = (item.kind, entry.id, name, item.language)
            written.add(key)
            row = existing.get(key)
            outdated = name in item.outdated
            if row is not None and key in kept and row.text == text and kept[key] == outdated:
                continue
            if row is None:
                row = Translation(kind=item.kind, entry_id=entry.id, field=name)
                row.language = item.language
                session.add(row)
            row.text = text
            row.english_hash = "" if outdated else english_hash(getattr(entry, name))
            row.updated_at = now()
    for key, row in existing.items():
        if key not in written:
            session.delete(row)
    session.flush()
    return len(written)


def outdated_before(session: Session, models: Mapping[str, Any]) -> Dict[Key, bool]:
    """Whether each stored translation is outdated now (before an import changes the
    English), for ``store_translations``."""
    state = {}
    for row in session.scalars(select(Translation)):
        entry = session.get(models[row.kind], row.entry_id) if row.kind in models else None
        if entry is not None:
            state[_key(row)] = is_outdated(row, entry)
    return state


def _key(row: Translation) -> Key:
    return (row.kind, row.entry_id, row.field, row.language)


def export_sections(
    session: Session, language: str, entries: Mapping[str, Sequence[Any]]
) -> Dict[str, List[Dict[str, Any]]]:
    """The ``language`` file's sections: for each of ``entries`` (per kind, in export
    order) that has translations, what names it and its translated fields."""
    stored: Dict[Tuple[str, int], List[Translation]] = {}
    for row in session.scalars(select(Translation).where(Translation.language == language)):
        stored.setdefault((row.kind, row.entry_id), []).append(row)
    sections: Dict[str, List[Dict[str, Any]]] = {}
    for kind, rows in entries.items():
        titles = [row.title for row in rows] if kind == "resources" else []
        for entry in rows:
            found = {t.field: t for t in stored.get((kind, entry.id), [])}
            if not found:
                continue
            item = {name: getattr(entry, column) for name, column in IDENTIFY[kind]}
            if kind == "resources" and titles.count(entry.title) > 1:
                item["jurisdiction"] = entry.jurisdiction_key
            item.update({n: found[n].text for n in TRANSLATED[kind] if n in found})
            outdated = [n for n in TRANSLATED[kind] if n in found and is_outdated(found[n], entry)]
            if outdated:
                item["outdated"] = outdated
            sections.setdefault(kind, []).append(item)
    return sections
