"""knowledge/exchange.py and ``signpost kb export|import``: the knowledge base as YAML in git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from knowledge import db
from knowledge.exchange import export_kb, import_kb
from knowledge.models import (
    AdminSession,
    AdminUser,
    Base,
    Contact,
    GlossaryEntry,
    Jurisdiction,
    Referral,
    TelegramInvite,
    TelegramMember,
    TriageCount,
)
from knowledge.seed import TABLES, SeedError, read_seed
from knowledge.translation_files import translation_files
from knowledge.translations import translations_of
from tests.conftest import seeded_engine

from .test_seed import SEED_COUNTS, TABLE_COUNTS, line_of, replace_once

NOW = dt.datetime(2026, 11, 23, 9, 30)


def every_row(session: Session) -> Dict[str, List[dict]]:
    """Every row of every table, columns and values, in primary-key order."""
    session.flush()
    return {
        table.name: [
            dict(row)
            for row in session.execute(select(table).order_by(*table.primary_key.columns))
            .mappings()
            .all()
        ]
        for table in Base.metadata.sorted_tables
    }


def add_admin_area_rows(session: Session) -> None:
    """Rows of the tables an import must leave alone."""
    user = AdminUser(
        username="coordinator-beispielstadt",
        password_hash="argon2-hash",
        role="coordinator",
        jurisdiction_key="DE:beispielstadt",
        created_at=NOW,
    )
    session.add(user)
    session.flush()
    session.add_all(
        [
            AdminSession(token_hash="t" * 64, user_id=user.id, csrf_token="c", expires_at=NOW),
            Referral(jurisdiction_key="DE:beispielstadt", received_on=NOW.date(), note="n"),
            TriageCount(
                week=NOW.date(),
                jurisdiction_key="DE:beispielstadt",
                course_of_action="report",
                content_type="hate_speech",
                platform="tiktok",
                count=3,
            ),
            TelegramInvite(code_hash="h" * 64, created_at=NOW),
            TelegramMember(member_hash="m" * 64, admitted_at=NOW),
        ]
    )
    session.flush()


def test_export_then_import_changes_no_row_of_any_table(session, tmp_path):
    add_admin_area_rows(session)
    # a gap in the ids, as an admin's deletion leaves: importing by deleting and inserting
    # again would renumber the entries (and lose their audit history) even on SQLite
    first = session.scalar(select(Contact).order_by(Contact.id))
    translated = translations_of(session, "contacts", first.id)
    for row in [first, *translated]:
        session.delete(row)
    counts = {
        **SEED_COUNTS,
        "contacts": SEED_COUNTS["contacts"] - 1,
        "translations": SEED_COUNTS["translations"] - len(translated),
    }
    before = every_row(session)

    assert export_kb(session, tmp_path / "kb") == counts
    assert import_kb(session, tmp_path / "kb", actor="test") == counts

    after = every_row(session)
    audit = after.pop("audit_log")
    assert audit[len(before.pop("audit_log")) :] == [
        {
            "id": audit[-1]["id"],
            "at": audit[-1]["at"],
            "actor": "test",
            "kind": "knowledge_base",
            "entry_key": "*",
            "action": "import",
            "before": counts,
            "after": counts,
        }
    ]
    assert after == before


def test_the_export_is_the_seed_format_and_stable(session, tmp_path):
    export_kb(session, tmp_path / "one")
    entries = read_seed(tmp_path / "one")
    assert {t: sum(e.table == t for e in entries) for t in TABLES} == TABLE_COUNTS
    assert entries[0].values["key"] == "EU" and entries[0].values["last_reviewed"] == dt.date(
        2026, 11, 22
    )
    export_kb(session, tmp_path / "two")
    for table in TABLES:
        one = (tmp_path / "one" / f"{table}.yml").read_text(encoding="utf-8")
        assert one == (tmp_path / "two" / f"{table}.yml").read_text(encoding="utf-8")
    rules = (tmp_path / "one" / "rules.yml").read_text(encoding="utf-8")
    assert "\n  - jurisdiction: EU\n    priority: 10\n    danger: ['yes']\n" in rules
    assert "last_reviewed: 2026-11-22\n" in rules


def test_retired_entries_are_exported_as_retired_and_stay_retired(session, tmp_path):
    entry = session.scalar(select(GlossaryEntry).where(GlossaryEntry.term == "88"))
    entry.retired = True
    session.flush()
    export_kb(session, tmp_path)
    glossary = (tmp_path / "glossary.yml").read_text(encoding="utf-8")
    assert glossary.count("retired: true") == 1 and "retired: false" not in glossary

    import_kb(session, tmp_path, actor="test")
    retired = session.scalars(select(GlossaryEntry.term).where(GlossaryEntry.retired.is_(True)))
    assert list(retired) == ["88"]


def test_an_edited_phone_number_is_imported_into_the_same_entry(session, tmp_path):
    bamf = session.scalar(select(Contact).where(Contact.phone == "0911 943 43 43"))
    before = every_row(session)
    export_kb(session, tmp_path)
    replace_once(tmp_path / "contacts.yml", "phone: 0911 943 43 43", "phone: +49 911 943 43 44")

    import_kb(session, tmp_path, actor="test")

    expected = {table: rows for table, rows in before.items() if table != "audit_log"}
    next(row for row in expected["contacts"] if row["id"] == bamf.id)["phone"] = "+49 911 943 43 44"
    after = every_row(session)
    after.pop("audit_log")
    assert after == expected  # that one field of that one entry, nothing else


def test_entries_left_out_are_removed_and_new_ones_added(session, tmp_path):
    export_kb(session, tmp_path)
    path = tmp_path / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    first, rest = text.split("\n\n  - ", 1)  # drop the first entry ('88')
    planted = (
        "\n\n  - term: wolfsangel test\n    aliases: []\n    meaning: m\n    ideology: i\n"
        "    innocent_use: null\n    source: a test\n    last_reviewed: 2026-11-23\n"
    )
    path.write_text(first.split("  - ", 1)[0] + "  - " + rest + planted, encoding="utf-8")
    removed_country = tmp_path / "jurisdictions.yml"
    blocks = removed_country.read_text(encoding="utf-8").split("\n\n")
    kept = [b for b in blocks if "  - key: MT\n" not in b]
    assert len(kept) == len(blocks) - 1
    removed_country.write_text("\n\n".join(kept), encoding="utf-8")

    for translations in translation_files(tmp_path):  # they name entries removed here
        translations.unlink()
    counts = import_kb(session, tmp_path, actor="test")

    assert counts == {**SEED_COUNTS, "jurisdictions": 31, "translations": 0}
    terms = set(session.scalars(select(GlossaryEntry.term)))
    assert "88" not in terms and "wolfsangel test" in terms and len(terms) == 21
    assert session.get(Jurisdiction, "MT") is None


def test_a_jurisdiction_that_referrals_and_admin_users_belong_to_is_not_removed(session, tmp_path):
    session.add(Referral(jurisdiction_key="MT", received_on=NOW.date()))
    session.add_all(
        AdminUser(
            username=name, password_hash="h", role="coordinator", jurisdiction_key="MT",
            created_at=NOW,
        )
        for name in ("one", "two")
    )  # fmt: skip
    export_kb(session, tmp_path)
    path = tmp_path / "jurisdictions.yml"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join(b for b in blocks if "  - key: MT\n" not in b), encoding="utf-8")
    before = every_row(session)

    with pytest.raises(SeedError) as raised:
        import_kb(session, tmp_path, actor="test")

    assert raised.value.problems == [
        "jurisdictions.yml: 'MT' is missing, but 1 referral(s) and 2 admin user(s) still "
        "belong to it: keep it in the file (add 'retired: true' to stop using it)"
    ]
    assert every_row(session) == before


PLANTED_RULES = """
  - priority: 35
    jurisdiction: EU
    illegal: ['yes']
    course_of_action: refer_coordinator
    urgency: today
    rationale: Planted after a rule that takes all its answers.
    source: a test
    last_reviewed: 2026-11-23

  - priority: 60
    jurisdiction: EU
    illegal: ['no']
    poster: [anonymous]
    course_of_action: engage
    urgency: this_week
    rationale: Planted beside the dont_feed rule of the same priority.
    source: a test
    last_reviewed: 2026-11-23
"""


def entry_number(path: Path, line: int) -> int:
    """Which entry of ``path`` the given line belongs to (entries start with '  - ')."""
    lines = path.read_text(encoding="utf-8").splitlines()[:line]
    return sum(text.startswith("  - ") for text in lines)


@pytest.fixture
def broken_export(session, tmp_path) -> Path:
    """An export with planted problems in four files."""
    export_kb(session, tmp_path)
    replace_once(tmp_path / "contacts.yml", "phone: 0911 943 43 43", "phone: 0911 CALL NOW")
    replace_once(tmp_path / "resources.yml", "jurisdiction: EU", "jurisdiction: XX")
    with (tmp_path / "rules.yml").open("a", encoding="utf-8") as rules:
        rules.write(PLANTED_RULES)
    replace_once(tmp_path / "glossary.yml", "\n    ideology: ", "\n   ideology: ")
    return tmp_path


def test_a_broken_export_reports_every_problem_with_file_and_line_and_changes_nothing(
    session, broken_export
):
    contacts, rules, glossary, resources = (
        broken_export / f"{t}.yml" for t in ("contacts", "rules", "glossary", "resources")
    )
    phone = line_of(contacts, "0911 CALL NOW")
    dont_feed, shadowed, clashing = (
        line_of(rules, "priority: 60") - 1,
        line_of(rules, "- priority: 35"),
        line_of(rules, "- priority: 60"),
    )
    place = line_of(resources, "jurisdiction: XX")
    indent = line_of(glossary, "   ideology: ")
    before = every_row(session)

    with pytest.raises(SeedError) as raised:
        import_kb(session, broken_export, actor="test")

    assert raised.value.problems == [
        f"contacts.yml line {phone}: entry {entry_number(contacts, phone)}: "
        "'0911 CALL NOW' is not a phone number (write it like +49 30 1234567)",
        f"rules.yml line {dont_feed}: entry 7: contradicts the rule with priority 60 (engage): "
        "both have priority 60 and match when illegal is 'no' and poster is 'anonymous', but "
        "this one says dont_feed (when_convenient) and that one engage (this_week); which one "
        "applies depends on the order they were added",
        f"rules.yml line {shadowed}: entry 9: can never match: the rule with priority 30 "
        "(report) is tried first and accepts every answer this one accepts",
        f"rules.yml line {clashing}: entry 10: contradicts the rule with priority 60 "
        "(dont_feed): both have priority 60 and match when illegal is 'no' and poster is "
        "'anonymous', but this one says engage (this_week) and that one dont_feed "
        "(when_convenient); which one applies depends on the order they were added",
        f"glossary.yml line {indent}: not valid YAML (did not find expected '-' indicator)",
        f"resources.yml line {place}: entry 1: jurisdiction 'XX' is not a jurisdiction",
    ]
    assert every_row(session) == before


@pytest.fixture
def cli_kb(kb_url, tmp_path, monkeypatch) -> str:
    """A seeded knowledge base that ``signpost`` uses through ``DATABASE_URL``."""
    seeded_engine(kb_url).dispose()
    monkeypatch.setenv("DATABASE_URL", kb_url)
    monkeypatch.setenv("SIGNPOST_DATA_DIR", str(tmp_path / "var"))
    return kb_url


def contact_phones(url: str) -> List[str]:
    engine = db.make_engine(url)
    try:
        with db.make_sessionmaker(engine)() as session:
            return list(session.scalars(select(Contact.phone).order_by(Contact.id)))
    finally:
        engine.dispose()


def test_signpost_kb_export_and_import(cli_kb, tmp_path, capsys):
    folder = tmp_path / "kb"
    counts = ", ".join(f"{n} {t}" for t, n in SEED_COUNTS.items())
    assert main(["kb", "export", str(folder)]) == 0
    assert capsys.readouterr().out == f"Exported to {folder}: {counts}\n"
    exported = {t: (folder / f"{t}.yml").read_text(encoding="utf-8") for t in TABLES}

    assert main(["kb", "import", str(folder)]) == 0
    assert capsys.readouterr().out == f"Imported: {counts}\n"
    assert main(["kb", "export", str(tmp_path / "again")]) == 0
    again = {t: (tmp_path / "again" / f"{t}.yml").read_text(encoding="utf-8") for t in TABLES}
    assert again == exported

    replace_once(folder / "contacts.yml", "phone: 0800 2020 44", "phone: +43 800 2020 45")
    assert main(["kb", "import", str(folder)]) == 0
    assert "+43 800 2020 45" in contact_phones(cli_kb)


def test_signpost_kb_import_of_a_broken_folder_lists_the_problems_and_exits_1(
    cli_kb, tmp_path, capsys
):
    folder = tmp_path / "kb"
    main(["kb", "export", str(folder)])
    phones = contact_phones(cli_kb)
    replace_once(folder / "contacts.yml", "phone: 0800 2020 44", "phone: 0800 2020 44 ext. 5")
    replace_once(folder / "resources.yml", "jurisdiction: EU", "jurisdiction: XX")
    capsys.readouterr()

    assert main(["kb", "import", str(folder)]) == 1

    phone = line_of(folder / "contacts.yml", "ext. 5")
    place = line_of(folder / "resources.yml", "jurisdiction: XX")
    assert capsys.readouterr().err == (
        "Nothing imported: fix these 2 problem(s) first.\n"
        f"contacts.yml line {phone}: entry {entry_number(folder / 'contacts.yml', phone)}: "
        "'0800 2020 44 ext. 5' is not a phone number (write it like +49 30 1234567)\n"
        f"resources.yml line {place}: entry 1: jurisdiction 'XX' is not a jurisdiction\n"
    )
    assert contact_phones(cli_kb) == phones
