"""The reader and the place resolver are rebuilt only when the knowledge base's words or
places change (issue 12), and a coordinator's edit still counts at the next answer."""

from __future__ import annotations

from sqlalchemy import select

from knowledge.models import Jurisdiction, VocabularyTerm
from knowledge.places import resolver_for
from language.reader import reader_for


def test_a_new_word_counts_at_the_next_answer(session):
    before = reader_for(session)
    assert reader_for(session).lexicon is before.lexicon  # nothing changed: not rebuilt
    assert before.read("zorblax", "platform", asked=True).value is None
    term = session.scalars(
        select(VocabularyTerm).where(
            VocabularyTerm.slot == "platform", VocabularyTerm.value == "tiktok"
        )
    ).first()
    term.synonyms = [*term.synonyms, "zorblax"]
    session.flush()
    assert reader_for(session).read("zorblax", "platform", asked=True).value == "tiktok"


def test_a_new_alias_counts_at_the_next_answer(session):
    before = resolver_for(session)
    assert resolver_for(session) is before  # nothing changed: not rebuilt
    assert before.resolve("Quuxburg", typos=False) is None
    town = session.scalars(select(Jurisdiction).where(Jurisdiction.level == "municipality")).first()
    town.aliases = [*(town.aliases or []), "Quuxburg"]
    session.flush()
    assert resolver_for(session).resolve("Quuxburg", typos=False).key == town.key
