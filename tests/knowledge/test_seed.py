"""knowledge/seed.py: the seed loads whole, once, or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Dict

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge import db
from knowledge.migrate import upgrade
from knowledge.models import CONTACT_ROLES, Contact, GlossaryEntry, Translation
from knowledge.seed import SEED_DIR, TABLES, SeedError, load_seed, read_seed
from knowledge.translation_files import translation_files
from knowledge.translations import TRANSLATED


def translated_fields(folder: Path) -> int:
    """How many fields the translation files of ``folder`` translate (they are still
    being written, so the tests count them rather than knowing the number)."""
    documents = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in translation_files(folder)]
    return sum(
        len(set(item) & set(TRANSLATED[kind]))
        for document in documents
        for kind in TRANSLATED
        for item in document.get(kind) or []
    )


# 1 EU + 27 member states + 4 example municipalities, and so on for the other files.
TABLE_COUNTS = {
    "jurisdictions": 32,
    "vocabulary": 160,  # every question's categories, once per language
    "contacts": 26,
    "guidance": 8,  # the five courses, two national variants and the self-care line
    "rules": 8,
    "glossary": 21,
    "faq": 18,
    "resources": 15,  # ten to read, five example municipalities' offers to engage
    "legal_bases": 39,  # EU 4, DE 10, AT 10, FR 7, NL 8
    "platforms": 11,
}
SEED_COUNTS = {**TABLE_COUNTS, "translations": translated_fields(SEED_DIR)}


def row_counts(session: Session) -> Dict[str, int]:
    models = {table: model for table, (model, _renames) in TABLES.items()}
    return {
        table: session.scalar(select(func.count()).select_from(model))
        for table, model in {**models, "translations": Translation}.items()
    }


@pytest.fixture
def empty_session(kb_url):
    """A session on a migrated but empty knowledge base (SQLite and PostgreSQL)."""
    engine = db.make_engine(kb_url)
    upgrade(engine)
    with db.make_sessionmaker(engine)() as session:
        yield session
        session.rollback()
    engine.dispose()


def edit_yaml(path: Path, edit) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    """The number of the first line of ``path`` that holds ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def replace_once(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{old!r} not in {path.name}: update the test's broken seed"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def broken_seed(tmp_path) -> Path:
    """A copy of the seed with five problems in three files (and no translations, which
    would report the contact moved to XX again: test_translations checks them)."""
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    for path in translation_files(seed):
        path.unlink()

    def break_contacts(document):
        document["contacts"][0]["phone_number"] = "0800 000"  # unknown field
        document["contacts"][1]["jurisdiction"] = "XX"  # no such jurisdiction
        document["contacts"][2]["role"] = "informant"  # not a role

    edit_yaml(seed / "contacts.yml", break_contacts)
    edit_yaml(seed / "guidance.yml", lambda document: document["guidance"][0].pop("source"))
    replace_once(seed / "rules.yml", 'danger: ["yes"]', "danger: [yes]")  # YAML reads True
    return seed


def broken_seed_problems(seed: Path):
    """What ``broken_seed`` should report: each problem at the line of its field, or of its
    entry when the field is missing."""
    contacts, guidance, rules = (seed / f"{t}.yml" for t in ("contacts", "guidance", "rules"))
    return [
        f"contacts.yml line {line_of(contacts, 'phone_number:')}: entry 1: "
        "unknown field(s) phone_number",
        f"contacts.yml line {line_of(contacts, 'jurisdiction: XX')}: entry 2: "
        "jurisdiction 'XX' is not a jurisdiction",
        f"contacts.yml line {line_of(contacts, 'role: informant')}: entry 3: "
        f"role 'informant' is not one of {', '.join(CONTACT_ROLES)}",
        f"guidance.yml line {line_of(guidance, '- ')}: entry 1: 'source' is required",
        f"rules.yml line {line_of(rules, 'danger: [yes]')}: entry 1: "
        "danger answer 'True' is not one of yes, no, unsure",
    ]


def test_load_seed_returns_and_writes_the_expected_count_per_table(empty_session):
    assert load_seed(empty_session) == SEED_COUNTS
    assert row_counts(empty_session) == SEED_COUNTS


def test_load_seed_twice_is_a_no_op(session):
    phone_before = session.scalar(select(Contact.phone).where(Contact.role == "counselling"))
    assert load_seed(session) == {}
    assert row_counts(session) == SEED_COUNTS
    assert (
        session.scalar(select(Contact.phone).where(Contact.role == "counselling")) == phone_before
    )


def test_load_seed_with_replace_discards_edits_and_restores_the_seed(session):
    bamf = session.scalar(select(Contact).where(Contact.phone == "0911 943 43 43"))
    bamf.phone = "000"
    session.add(GlossaryEntry(term="added by a coordinator", meaning="m", ideology="i", source="s"))
    session.flush()

    assert load_seed(session, replace=True) == SEED_COUNTS

    assert row_counts(session) == SEED_COUNTS
    phones = set(session.scalars(select(Contact.phone)))
    assert "0911 943 43 43" in phones and "000" not in phones
    terms = set(session.scalars(select(GlossaryEntry.term)))
    assert "added by a coordinator" not in terms


def test_read_seed_of_the_shipped_seed_has_no_problems():
    entries = read_seed()
    counted = {table: sum(e.table == table for e in entries) for table in TABLES}
    assert counted == TABLE_COUNTS


def test_broken_seed_raises_seed_error_listing_every_problem_with_file_line_and_entry(
    broken_seed,
):
    with pytest.raises(SeedError) as raised:
        read_seed(broken_seed)
    assert raised.value.problems == broken_seed_problems(broken_seed)
    assert str(raised.value) == "\n".join(broken_seed_problems(broken_seed))


def test_broken_seed_writes_nothing_into_an_empty_knowledge_base(empty_session, broken_seed):
    with pytest.raises(SeedError):
        load_seed(empty_session, broken_seed)
    assert row_counts(empty_session) == dict.fromkeys([*TABLES, "translations"], 0)


def test_broken_seed_with_replace_leaves_the_knowledge_base_untouched(session, broken_seed):
    with pytest.raises(SeedError):
        load_seed(session, broken_seed, replace=True)
    assert row_counts(session) == SEED_COUNTS


def test_missing_seed_file_is_reported_by_name(tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    (seed / "glossary.yml").unlink()
    with pytest.raises(SeedError) as raised:
        read_seed(seed)
    assert raised.value.problems == ["glossary.yml: file is missing"]


def test_entry_with_unknown_field_also_reports_its_other_problems(tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)

    def break_contacts(document):
        document["contacts"][0]["phone_number"] = "0800 000"
        document["contacts"][0]["role"] = "informant"

    edit_yaml(seed / "contacts.yml", break_contacts)
    with pytest.raises(SeedError) as raised:
        read_seed(seed)
    contacts = seed / "contacts.yml"
    assert raised.value.problems == [
        f"contacts.yml line {line_of(contacts, 'phone_number:')}: entry 1: "
        "unknown field(s) phone_number",
        f"contacts.yml line {line_of(contacts, 'role: informant')}: entry 1: "
        f"role 'informant' is not one of {', '.join(CONTACT_ROLES)}",
    ]


def drop_meaning(seed: Path) -> None:
    edit_yaml(seed / "glossary.yml", lambda document: document["glossary"][0].pop("meaning"))


def bad_yaml(seed: Path) -> None:
    (seed / "glossary.yml").write_text('glossary:\n  - term: "88\n', encoding="utf-8")


def entry_not_a_mapping(seed: Path) -> None:
    (seed / "glossary.yml").write_text("glossary:\n  - just a string\n", encoding="utf-8")


@pytest.mark.parametrize(
    "damage, expected_start",
    [
        pytest.param(
            drop_meaning,
            "glossary.yml line 2: entry 1: ",  # the first entry, after 'glossary:'
            id="required-field-missing",
        ),
        pytest.param(
            bad_yaml,
            "glossary.yml line 3: not valid YAML",  # the quote is still open at the end
            id="yaml-syntax-error",
        ),
        pytest.param(
            entry_not_a_mapping,
            "glossary.yml line 2: entry 1: ",
            id="entry-not-a-mapping",
        ),
    ],
)
def test_malformed_seed_file_raises_seed_error_naming_file_line_and_entry(
    tmp_path, damage, expected_start
):
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    damage(seed)
    with pytest.raises(SeedError) as raised:
        read_seed(seed)
    assert [p[: len(expected_start)] for p in raised.value.problems] == [expected_start]
