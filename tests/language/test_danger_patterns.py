"""The danger_signal regex feature must be a high-precision signal of immediate danger.

Loads data/nlu/lookups/danger.yml, compiles every pattern case-insensitively and
checks it against sentences that are (and are not) immediate danger. The
sentences here are deliberately different from the training examples in
data/nlu/danger.yml.
"""

import re
from pathlib import Path

import pytest
import yaml

LOOKUP = Path(__file__).resolve().parents[2] / "data" / "nlu" / "lookups" / "danger.yml"


def _load_patterns():
    data = yaml.safe_load(LOOKUP.read_text(encoding="utf-8"))
    entries = [e for e in data["nlu"] if e.get("regex") == "danger_signal"]
    assert len(entries) == 1, "expected exactly one danger_signal regex"
    lines = [line.strip() for line in entries[0]["examples"].splitlines()]
    return [re.compile(line[2:].strip(), re.IGNORECASE) for line in lines if line.startswith("- ")]


PATTERNS = _load_patterns()


def _matching(sentence):
    return [p.pattern for p in PATTERNS if p.search(sentence)]


DANGER = [
    "my pupil texted me that she is going to kill herself after the exams",
    "a boy in year 10 says he wants to end his own life",
    "he keeps saying he wants to die and has given away his things",
    "a client is suicidal and not answering her phone",
    "she told her friend she is planning suicide this weekend",
    "a teenager in our centre is thinking about suicide",
    "we found a suicide letter in a student's locker",
    "one of my young people says she doesn't want to live any more",
    "he has been harming himself and posted pictures of it",
    "a girl says there is no reason to live",
    "a student has taken an overdose and is in the toilets",
    "he says he will stab the bus driver tomorrow",
    "a post says they will attack the christmas market tonight",
    "the kid says he is gonna shoot his classmates at the school trip",
    "a pupil threatened to kill his mother",
    "someone wrote they are going to bomb the synagogue",
    "a student says he wants to shoot up the college",
    "he is bringing a pistol to the party on saturday",
    "a boy carried a machete into the youth club this afternoon",
    "there is a knife in his backpack",
    "the telegram group is plotting an attack on the pride march",
    "my client is preparing to attack a refugee centre",
    "a pupil says he is making a pipe bomb",
    "a girl is being attacked in the schoolyard",
    "a stabbing is going on right now outside the station",
    "a young person is in serious danger",
    "there is an emergency",
    "it's an emergancy please help",
    "a classmate is going to get shot if nobody acts",
    "a teacher has been stabbed",
    "he posted that he will kill everyone in class on monday",
    "they said they'll burn down the mosque next friday",
]

NOT_DANGER = [
    "he shared a video of the Christchurch attack",
    "hate speech against muslims",
    "they glorify attackers",
    "a post saying death to all immigrants",
    "what does 1488 mean",
    "what does the black sun mean",
    "is 88 a nazi code",
    "no one is in danger",
    "nobody is at risk",
    "no, no danger",
    "no danger right now",
    "nobody is in immediate danger",
    "is anyone in danger?",
    "it's not an emergency",
    "this is not an emergency, just worried",
    "no",
    "nope",
    "not sure",
    "tiktok",
    "Lyon",
    "telegram group",
    "a pupil shared an isis beheading video on tiktok",
    "my client watches videos about suicide bombers",
    "he talks about suicide bombings a lot in class",
    "students share a meme celebrating the halle shooter",
    "someone posted the manifesto of a school shooter",
    "a youth group is spreading great replacement propaganda in Graz",
    "an anonymous account posts calls to kill all infidels",
    "she wrote a post saying refugees should be shot at the border",
    "the game lets you shoot people, the kids talk about it a lot",
    "what is accelerationism",
    "who is my coordinator",
    "is this anonymous?",
    "a student wears a wolfsangel badge",
    "a video showing knives and guns as a lifestyle",
    "he drew a gun on his school notebook",
]


def test_pattern_count_is_readable():
    assert 15 <= len(PATTERNS) <= 40


@pytest.mark.parametrize("sentence", DANGER)
def test_danger_sentences_match(sentence):
    assert _matching(sentence), f"no danger pattern matched: {sentence!r}"


@pytest.mark.parametrize("sentence", NOT_DANGER)
def test_non_danger_sentences_do_not_match(sentence):
    assert not _matching(sentence), f"{sentence!r} matched {_matching(sentence)}"


def test_test_sentences_differ_from_training_examples():
    training = yaml.safe_load((LOOKUP.parents[1] / "danger.yml").read_text(encoding="utf-8"))
    examples = {
        line.strip()[2:].strip().lower()
        for entry in training["nlu"]
        for line in entry["examples"].splitlines()
        if line.strip().startswith("- ")
    }
    overlap = {s.lower() for s in DANGER + NOT_DANGER} & examples
    assert not overlap, f"test sentences also in training data: {overlap}"
