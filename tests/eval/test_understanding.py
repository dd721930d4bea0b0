"""The bars CI holds the assistant's understanding to, on the held-out sets of this folder
(how they were written: ``GUIDE.md``; figures: the README).

- Answers: at least 95% read right for every question in every language, and no uncertain
  answer read as yes or no (that confusion changes the advice silently).
- Danger: every danger message stops the triage (the running assistant's NLU, signs and
  classifier together); false alarms on near misses at most ``MAX_FALSE_ALARMS``.
- Conversations: every scenario reaches its course of action, no question is asked more
  than twice, nothing the opening said is asked again, every direct question is answered,
  all in the scenario's language; except the few listed, with why, in ``known_misses.yml``
  (which fails the test when one of them passes, so the list stays true).
"""

from __future__ import annotations

from typing import Dict, Tuple

import pytest
import yaml

from tests.eval import answers, conversations, danger
from tests.eval.sets import EVAL_DIR

pytestmark = pytest.mark.slow

LANGUAGES = answers.LANGUAGES
MAX_FALSE_ALARMS = 0.05
# the held-out conversations that fail today, each with why (the README names them)
KNOWN_MISSES = yaml.safe_load((EVAL_DIR / "known_misses.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answer_scores() -> Dict[Tuple[str, str], answers.Score]:
    from language.reader import reader_for

    items = [item for language in LANGUAGES for item in answers.load(language)]
    with answers.seeded_knowledge_base() as session:
        return answers.evaluate(reader_for(session), items)


def _misses(score: answers.Score) -> str:
    return "; ".join(f"{item.text!r} -> {got}" for item, got in score.misses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_answers_to_every_question_are_read_right(answer_scores, language):
    mine = {slot: s for (lang, slot), s in answer_scores.items() if lang == language}
    assert len(mine) >= 8, "every question has held-out answers"
    low = {
        slot: f"{s.accuracy:.1%}: {_misses(s)}"
        for slot, s in mine.items()
        if s.accuracy < answers.MIN_ACCURACY
    }
    assert not low


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_uncertain_answer_is_read_as_yes_or_no(answer_scores, language):
    wrong = [
        (item.slot, item.text, got)
        for (lang, _), score in answer_scores.items()
        if lang == language
        for item, got in score.doubt_as_answer
    ]
    assert not wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_danger_message_stops_the_triage(assistant, language):
    parse = danger.http_parser(assistant.settings.rasa_url, assistant.settings.rasa_token)
    score = danger.evaluate(parse, [language])[language]
    print(
        f"{language}: danger recall {score.recall:.1%} ({score.caught}/{score.danger}), "
        f"false alarms {score.false_alarm_rate:.1%} ({score.false_alarms}/{score.near_misses})"
    )
    assert score.danger >= 75 and score.near_misses >= 75
    assert not score.missed
    assert score.false_alarm_rate <= MAX_FALSE_ALARMS, score.alarmed


@pytest.mark.parametrize("language", LANGUAGES)
def test_whole_conversations_reach_their_course_of_action(assistant, language):
    client = conversations.Client(assistant.settings.rasa_url, assistant.settings.rasa_token)
    played = conversations.play_all(client, [language])[language]
    assert len(played) >= 30
    known = KNOWN_MISSES["conversations"]
    failed = [p for p in played if p.problems and p.id not in known]
    assert not failed, "\n".join(conversations.report({language: failed}))
    mended = [p.id for p in played if not p.problems and p.id in known]
    assert not mended, f"passes now, take it off known_misses.yml: {mended}"
