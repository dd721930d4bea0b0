"""language/questions.py: which of the knowledge base's questions a practitioner asks."""

from __future__ import annotations

import pytest

from knowledge import repository
from language.questions import matching_question


@pytest.fixture(scope="module")
def entries(module_sqlite_session):
    return repository.faq(module_sqlite_session)


@pytest.mark.parametrize(
    "text, topic",
    [
        ("what's a trusted flagger?", "trusted_flaggers"),
        ("Was sind vertrauenswürdige Hinweisgeber?", "trusted_flaggers"),
        ("should I forward the video to my head teacher?", "evidence_and_forwarding"),
        ("which number do I call in Austria?", "emergency_numbers"),
        ("is it safe to use you on Telegram, is it encrypted?", "telegram_privacy"),
        ("should I comment under it to argue?", "dont_feed"),
        # a keyword's words with a word or two between them
        ("should I forward the beheading video to the police?", "evidence_and_forwarding"),
        ("can I tell you the pupil's name?", "names"),
    ],
)
def test_a_question_finds_its_entry(entries, text, topic):
    assert matching_question(entries, text).topic == topic


def test_a_question_the_knowledge_base_has_no_answer_to(entries):
    assert matching_question(entries, "what is the weather tomorrow?") is None
