"""knowledge/translations.py and translation_files.py: loading the translation files,
reading entries in the reader's language with English (and a note) where none exists,
the outdated flag, and the translations' export/import round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from knowledge import db
from knowledge.exchange import export_kb, import_kb
from knowledge.migrate import upgrade
from knowledge.models import Contact, DecisionRule, GlossaryEntry, Guidance, Translation
from knowledge.policy import Triage
from knowledge.recommendation import recommend
from knowledge.seed import SEED_DIR, SeedError, load_seed, read_seed
from knowledge.translation_files import translation_files
from knowledge.translations import localise, set_translation
from language.labels import label

FIXTURE = Path(__file__).with_name("translations") / "translations.de.yml"
DANGER = Triage(danger="yes", jurisdiction="EU")


@pytest.fixture
def seed(tmp_path) -> Path:
    """The shipped English seed with the tests' small German translation only."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    for path in translation_files(folder):
        path.unlink()
    shutil.copy(FIXTURE, folder)
    return folder


@pytest.fixture
def kb(kb_url, seed):
    """A session on a knowledge base loaded from ``seed`` (SQLite and PostgreSQL)."""
    engine = db.make_engine(kb_url)
    upgrade(engine)
    with db.make_sessionmaker(engine)() as session:
        load_seed(session, seed)
        session.flush()
        yield session
        session.rollback()
    engine.dispose()


def guidance(session, course: str = "emergency") -> Guidance:
    return session.scalar(
        select(Guidance).where(
            Guidance.course_of_action == course, Guidance.jurisdiction_key == "EU"
        )
    )


def test_the_shipped_translations_load_onto_their_entries():
    read_seed()  # raises SeedError naming file and line for any translation in error


def test_loading_stores_one_row_per_translated_field(kb):
    rows = kb.scalars(select(Translation)).all()
    assert len(rows) == 10
    assert {row.language for row in rows} == {"de"}
    assert {row.kind for row in rows} == {
        "guidance",
        "rules",
        "contacts",
        "resources",
        "glossary",
        "faq",
    }


def test_recommendation_in_german_falls_back_to_english_with_a_note(kb):
    english = recommend(kb, DANGER)
    german = recommend(kb, DANGER, "de")
    assert german.title == "Jemand ist vielleicht in Gefahr: jetzt 112 anrufen"
    assert german.rationale == "Jemand ist vielleicht in unmittelbarer Gefahr."
    assert german.who_acts == english.who_acts  # not translated: English
    assert german.steps == english.steps
    assert german.note == label("notes", "untranslated", "de")
    assert german.note.startswith("Teile dieses Rats sind noch nicht auf Deutsch")
    assert english.note is None and english.title == "Someone may be in danger: call 112 now"


def test_a_language_without_translations_is_english_with_its_own_note(kb):
    french = recommend(kb, DANGER, "fr")
    assert french.title == recommend(kb, DANGER).title
    assert french.note == label("notes", "untranslated", "fr")


def test_contact_descriptions_come_in_the_readers_language(kb):
    report = Triage(danger="no", illegal="yes", jurisdiction="AT")
    [dsn] = [c for c in recommend(kb, report, "de").contacts if "(DSN)" in c["name"]]
    assert (
        dsn["description"]
        == "Die Meldestelle des Staatsschutzes (DSN) für extremistische Inhalte im Netz."
    )
    [english] = [c for c in recommend(kb, report).contacts if "(DSN)" in c["name"]]
    assert english["description"].startswith("Austrian state-protection (DSN)")


def test_a_fully_translated_recommendation_has_no_note(kb):
    entry = guidance(kb)
    for name in ("who_acts", "steps"):
        set_translation(kb, "guidance", entry, name, "de", getattr(entry, name))
    kb.flush()
    assert recommend(kb, DANGER, "de").note is None


def test_a_translation_of_changed_english_is_outdated_but_still_shown(kb):
    entry = guidance(kb)
    assert localise(kb, "guidance", entry, "de").outdated == []
    entry.summary = "A new English summary."
    kb.flush()
    local = localise(kb, "guidance", entry, "de")
    assert local.outdated == ["summary"]
    assert local.text("summary").startswith("Wenn jemand bald verletzt werden könnte")
    set_translation(kb, "guidance", entry, "summary", "de", "Eine neue Zusammenfassung.")
    kb.flush()
    assert localise(kb, "guidance", entry, "de").outdated == []


def test_glossary_fields_and_a_translation_the_english_no_longer_needs(kb):
    entry = kb.scalar(select(GlossaryEntry).where(GlossaryEntry.term == "88"))
    local = localise(kb, "glossary", entry, "de")
    assert (local.text("ideology"), local.untranslated) == ("Neonazismus", [])
    entry.innocent_use = None
    kb.flush()
    assert localise(kb, "glossary", entry, "de").text("innocent_use") is None


def write(folder: Path, text: str) -> Path:
    path = folder / "translations.de.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        (
            "language: de\nguidance:\n  - course_of_action: emergency\n    jurisdiction: XX\n"
            "    title: T\n",
            3,
            "guidance entry 1: there is no English guidance entry with course_of_action "
            "'emergency' and jurisdiction 'XX'",
        ),
        (
            'language: de\nglossary:\n  - term: "no such symbol"\n    meaning: M\n',
            3,
            "glossary entry 1: there is no English glossary entry with term 'no such symbol'",
        ),
        (
            "language: de\nfaq:\n  - answer: A\n",
            3,
            "faq entry 1: 'topic' is required (it names the English entry)",
        ),
        (
            'language: de\nglossary:\n  - term: "Happy Merchant"\n    innocent_use: I\n',
            3,
            "glossary entry 1: 'innocent_use' is translated, but the English entry has none",
        ),
        (
            "language: de\nguidance:\n  - course_of_action: emergency\n    jurisdiction: EU\n"
            "    steps: [eins]\n",
            3,
            "guidance entry 1: 'steps' has 1 items, the English has",
        ),
        (
            "language: de\nrules:\n  - priority: 10\n    jurisdiction: EU\n    why: W\n",
            3,
            "rules entry 1: unknown field 'why'",
        ),
    ],
)
def test_a_translation_in_error_is_a_seed_error_with_file_and_line(seed, text, line, problem):
    write(seed, text)
    with pytest.raises(SeedError) as raised:
        read_seed(seed)
    [found] = raised.value.problems
    assert found.startswith(f"translations.de.yml line {line}: {problem}")


def test_a_file_must_say_its_own_language(seed):
    write(seed, "language: fr\n")
    with pytest.raises(SeedError) as raised:
        read_seed(seed)
    assert raised.value.problems == [
        "translations.de.yml: must say 'language: de' (the language of its name)"
    ]


def test_a_translation_in_error_writes_nothing(kb_url, seed):
    write(seed, FIXTURE.read_text(encoding="utf-8") + "  - topic: no_such_topic\n    answer: A\n")
    engine = db.make_engine(kb_url)
    upgrade(engine)
    with db.make_sessionmaker(engine)() as session:
        with pytest.raises(SeedError):
            load_seed(session, seed)
        assert session.scalars(select(Contact)).all() == []
    engine.dispose()


def stored(session):
    return sorted(
        (t.kind, t.entry_id, t.field, t.language, str(t.text), t.english_hash, t.updated_at)
        for t in session.scalars(select(Translation))
    )


def test_export_then_import_keeps_every_translation_and_its_outdated_flag(kb, tmp_path):
    entry = guidance(kb)
    entry.summary = "A new English summary."
    kb.flush()
    before = stored(kb)
    counts = export_kb(kb, tmp_path / "one")
    assert counts["translations"] == 10
    exported = (tmp_path / "one" / "translations.de.yml").read_text(encoding="utf-8")
    assert "    outdated: [summary]\n" in exported
    assert (
        (tmp_path / "one" / "translations.nl.yml")
        .read_text(encoding="utf-8")
        .endswith("language: nl\n")
    )
    assert import_kb(kb, tmp_path / "one", actor="test")["translations"] == 10
    assert stored(kb) == before
    export_kb(kb, tmp_path / "two")
    for name in ("translations.de.yml", "translations.fr.yml", "translations.nl.yml"):
        again = (tmp_path / "two" / name).read_text(encoding="utf-8")
        assert again == (tmp_path / "one" / name).read_text(encoding="utf-8")


def test_an_import_that_changes_the_english_makes_its_translation_outdated(kb, tmp_path):
    export_kb(kb, tmp_path)
    rules = tmp_path / "rules.yml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("Someone may be at immediate risk.", "Someone is at risk.", 1))
    import_kb(kb, tmp_path, actor="test")
    rule = kb.scalar(
        select(DecisionRule).where(
            DecisionRule.priority == 10, DecisionRule.jurisdiction_key == "EU"
        )
    )
    assert localise(kb, "rules", rule, "de").outdated == ["rationale"]


def test_an_import_that_clears_the_outdated_flag_marks_it_current(kb, tmp_path):
    entry = guidance(kb)
    entry.summary = "A new English summary."
    kb.flush()
    export_kb(kb, tmp_path)
    path = tmp_path / "translations.de.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    outdated: [summary]\n", ""))
    import_kb(kb, tmp_path, actor="test")
    assert localise(kb, "guidance", guidance(kb), "de").outdated == []
