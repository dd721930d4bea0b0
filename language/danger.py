"""Signs of immediate danger in a message, in English, German, French and Dutch.

The danger override must fire at any point of any conversation, for threats and
self-harm put in everyday and indirect words, and not for what only sounds alarming.
The signs are data, per language (``data/danger/<lang>.yml``):

- an *alarm* alone is danger (self-harm, farewells, dying for a cause, violence under
  way);
- a *weapon* (or fuel, explosives) is danger with a *target*, a time (*when*) or *now*;
- *harm* (violence, fire, a threat) is danger with a time or now, or with a target and
  an *intent*; a weapon or harm counts as well with a time or now in the sentence before
  or after and a target or intent in either ("He showed her a knife. Tomorrow he goes to
  the synagogue."), unless that time is the writer's own *errand* ("I'll talk to her
  tomorrow");
- *method*, asking how to kill oneself or build a bomb, is danger even as a question;
- a *reunion* (to "join her sister") is danger when the message tells of a death (an
  alarm, or a *loss*).
- *laughter* ("lol", "😂", "his mates think it's a joke") makes harm a joke, but not a
  self-harm alarm with a time ("killing myself tonight lol") nor harm with a time and a
  target.

A sentence that is a near miss counts for nothing: an *idiom* ("this marking is killing
me"); a question (a question mark, or *asking* what a phrase means or what to do in
general), a game, film or drill (*fiction*) or the *past*, unless a time or "now" makes
it real; a *hypothesis* ("stel dat", "imagine if") or a *lesson* ("came up in class today"),
whatever time it names; or one that
says nobody is in danger (*calm*). A short *plea* after a danger sentence ("What should I
do?") asks for help, and makes no question of it. A "not" reaches a few words back, but
not past a clause, a word that turns the thought (the grammar's breaks: "but", "aber")
or one that gives a cause (*breaks*: "because", "weil"); after a turn, "nobody is in
danger" is no longer calm ("niks aan de hand, maar hij wil zichzelf doden").

A message is read with the signs of its own language and English (loan words and quotes
are English), or of all four when its language can't be told: the languages' short words
collide ("mes" is a Dutch knife and a French "my"). English words that are also Dutch or
German words ("vest", "gun") are kept apart (``own:`` in a language's file) and read
only in messages of that language, or of none told; a message of a few words is read in
each language in turn as well ("mes maandag 2b"). Weapon and laughing emoji are read as
words. A reported question ("he asked me how long the train takes") makes no question of
what comes before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import yaml

from knowledge.models import LANGUAGES
from language.detect import detect
from language.reader.grammar import negators, read_patterns
from language.reader.text import CLAUSE_MARK, clean

KINDS = (
    "alarm",
    "weapon",
    "harm",
    "when",
    "now",
    "target",
    "intent",
    "idiom",
    "asking",
    "calm",
    "fiction",
    "past",
    "method",
    "hypothesis",
    "plea",
    "reunion",
    "loss",
    "breaks",
    "errand",
    "laugh",
    "lesson",
)
# "nobody talked about hurting anyone"; "he's not joking"
NEGATABLE = ("alarm", "weapon", "harm", "fiction", "method", "reunion", "laugh")
# "nothing serious, but she wants to die": what follows the turn counts
OVERTURNED = ("calm",)
CONCERNS = ("alarm", "method", "weapon", "harm", "when", "now")
# what makes a concern more than vague: a doubting writer is still believed with these
GRAVE = ("alarm", "method", "weapon", "when", "now")
ALWAYS = LANGUAGES[0]  # English signs count in every language
NEGATION_WORDS = 5  # how far back a "not" reaches
FRAGMENT_WORDS = 2  # a "sentence" this short belongs with its neighbours
PLEA_WORDS = 6  # a trailing "what should I do?" is at most this long
SHORT_WORDS = 6  # a message this short is read in each language in turn ("mes maandag 2b")
OWN = ":own"  # suffix of the signs read only in their own language's messages
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")
_ORDINAL = re.compile(r"\b(\d{1,2})\.(?=\s+[^\W\d_])")  # "3. Klasse", "1. Mai"
_LAST_CLAUSE = re.compile(r"[,;:]|[.!?]+(?=\s)")
# what weapon emoji say, in English (read in every language); "💀" is mostly laughter
EMOJI = {
    "🔫": "pistol",
    "💣": "bomb",
    "🔪": "knife",
    "🗡": "knife",
    "⚔": "sword",
    "🪓": "axe",
    "💊": "pills",
    "☠": "death",
    # laughter, read as "lol" (a *laugh*)
    "😂": "lol",
    "🤣": "lol",
    "😆": "lol",
    "😹": "lol",
}
_EMOJI = re.compile("|".join(EMOJI))

Lists = Dict[str, Dict[str, List[str]]]  # language -> kind -> patterns


@dataclass(frozen=True)
class Signs:
    """The compiled signs, per language and kind."""

    patterns: Dict[str, Dict[str, Optional[re.Pattern]]]

    @classmethod
    def from_lists(cls, lists: Lists) -> Signs:
        return cls(
            {
                language: {kind: _join(kinds.get(kind) or []) for kind in KINDS}
                for language, kinds in lists.items()
            }
        )

    def lists(self) -> Lists:
        """The patterns as lists, to keep them in a trained model."""
        return {
            language: {kind: [p.pattern] for kind, p in kinds.items() if p is not None}
            for language, kinds in self.patterns.items()
        }

    def danger_in(self, text: str) -> bool:
        """True when a sentence of ``text`` is immediate danger, alone or with the time of
        the sentence next to it."""
        readings = [_Reading(self, text)]
        if len(clean(text).split()) <= SHORT_WORDS:  # too short to tell its language by
            readings += [_Reading(self, text, lang) for lang in LANGUAGES]
        return any(reading.danger() for reading in readings)

    def concern(self, text: str) -> bool:
        """True when a sentence that is no near miss names an alarm, a weapon, harm, a time
        or "now": what a classifier's guess of danger needs to be believed ("sorry, bell
        just rang" is not danger, whatever a classifier says)."""
        reading = _Reading(self, text)
        return any(
            not reading.near_miss(s) and any(reading.has(k, s) for k in CONCERNS)
            for s in reading.sentences
        )

    def grave(self, text: str) -> bool:
        """True when a sentence that is no near miss names an alarm, a method, a weapon, a
        time or "now": "not sure if it is serious, they plan to go to the asylum centre on
        saturday night with fire" is grave however unsure its writer is; "not sure, he
        wrote 'you'll see' and nothing else" is not."""
        reading = _Reading(self, text)
        return any(
            not reading.near_miss(s) and any(reading.has(k, s) for k in GRAVE)
            for s in reading.sentences
        )

    def soothed(self, text: str) -> bool:
        """True when ``text`` holds a near miss and nothing of concern besides ("Is 'see
        you in paradise' a threat? A pupil wrote it."): then even the intent classifier's
        guess of danger is not trusted. So is a message that says nobody is in danger
        (*calm*): the guard asks the signs first, so this only overrules a guess."""
        reading = _Reading(self, text)
        if any(reading.has("calm", s) for s in reading.sentences):
            return True  # the writer says nobody is in danger, and no sign says otherwise
        near = [s for s in reading.sentences if reading.near_miss(s)]
        return bool(near) and not any(
            reading.has(k, s) for s in reading.sentences if s not in near for k in CONCERNS
        )


class _Reading:
    """One message with the signs of its languages."""

    def __init__(self, signs: Signs, text: str, language: Optional[str] = None):
        self._found: Dict[Tuple[str, str], bool] = {}  # has()'s answers for this message
        if language is None and text and text.strip():
            language = detect(text)  # before emoji are words
        text = _ORDINAL.sub(r"\1", _EMOJI.sub(lambda m: f" {EMOJI[m.group(0)]} ", text or ""))
        chosen = {language, f"{language}{OWN}", ALWAYS} if language else set(signs.patterns)
        languages = tuple(sorted(lang for lang in chosen if OWN not in lang))
        self.negators = negators(languages)
        self.breaks = _join([p for lang in languages for p in read_patterns(lang)["breaks"]])
        self.kinds = {
            kind: [p for lang in chosen if (p := signs.patterns.get(lang, {}).get(kind))]
            for kind in KINDS
        }
        parts = [(p, self._asks(p)) for p in _SENTENCES.split(text) if p.strip()]
        merged = [(clean(p), asks) for p, asks in _merge_fragments(parts)]
        self.sentences = [s for s, _ in merged if s]
        # a sentence that asks ("is 'see you in jannah' always about dying?")
        self.questions = {s for s, asks in merged if asks}

    def _asks(self, part: str) -> bool:
        """True when ``part`` is a question, not a statement followed by a plea ("He has a
        knife, what should I do?")."""
        part = part.strip()
        if not part.endswith("?"):
            return False
        pieces = [p for p in _LAST_CLAUSE.split(part) if p.strip()]
        last = clean(pieces[-1]) if pieces else ""
        if len(last.split()) <= PLEA_WORDS and self.has("plea", last):
            return part[: part.rfind(pieces[-1])].rstrip(" ,;:").endswith("?")
        return True

    def has(self, kind: str, sentence: str) -> bool:
        """True when ``sentence`` holds a sign of ``kind`` (an alarm, a weapon or harm with
        a "not" before it in its clause does not count; "nobody is in danger" counts only
        after the last turn of thought: "niks aan de hand, maar ..."). Asked many times
        over for the same sentence while one message is read, so each answer is kept for
        this reading (profiled under load: 5 % of the Rasa process)."""
        key = (kind, sentence)
        if key not in self._found:
            self._found[key] = self._has(kind, sentence)
        return self._found[key]

    def _has(self, kind: str, sentence: str) -> bool:
        if kind in OVERTURNED:
            after = self._after_turn(sentence, causes=False)
            # "no danger, but how do I deal with it?" stays calm
            if any(self.has(k, after) for k in CONCERNS):
                sentence = after
        for pattern in self.kinds[kind]:
            for found in pattern.finditer(sentence):
                if kind not in NEGATABLE or not self._negated(sentence, found.start()):
                    return True
        return False

    def _negated(self, sentence: str, start: int) -> bool:
        """True when a "not" stands in the few words before ``start``, in its clause and
        after any word that turns the thought ("probably nothing but he posted ...")."""
        clause = self._after_turn(sentence[:start].split(CLAUSE_MARK)[-1])
        return bool(self.negators.search(" ".join(clause.split()[-NEGATION_WORDS:])))

    def _after_turn(self, text: str, causes: bool = True) -> str:
        """``text`` after its last word that turns the thought ("but", "maar"), or that gives
        a cause ("weil": *breaks*, with ``causes``; "nobody is in danger because ..." stays
        calm)."""
        for breaks in filter(None, (self.breaks, *(self.kinds["breaks"] if causes else []))):
            turns = list(breaks.finditer(text))
            if turns:
                text = text[turns[-1].end() :]
        return text

    def danger(self) -> bool:
        """True when a sentence is immediate danger, alone or with the time of the sentence
        next to it."""
        sentences = self.sentences
        return any(
            self.is_danger(s)
            or self.reunited(s)
            or self.timed_by(s, sentences[max(i - 1, 0) : i] + sentences[i + 1 : i + 2])
            for i, s in enumerate(sentences)
        )

    def is_danger(self, sentence: str) -> bool:
        if self.near_miss(sentence):
            # "he wants to die as a shahid and asked me how long the train takes": what
            # comes before a reported question is no question
            head = self._before_asking(sentence)
            return bool(head) and self.is_danger(head)
        if self.has("alarm", sentence) or self.has("method", sentence):
            return True
        soon = self.has("when", sentence) or self.has("now", sentence)
        if self.has("weapon", sentence) and (soon or self.has("target", sentence)):
            return True
        return self.has("harm", sentence) and (
            soon or (self.has("target", sentence) and self.has("intent", sentence))
        )

    def _before_asking(self, sentence: str) -> str:
        """The words of ``sentence`` before its first sign of *asking* ("he asked me"), when
        something comes before it."""
        if sentence in self.questions:
            return ""
        starts = [m.start() for p in self.kinds["asking"] for m in [p.search(sentence)] if m]
        return sentence[: min(starts)].strip(" ,") if starts and min(starts) > 0 else ""

    def timed_by(self, sentence: str, neighbours: List[str]) -> bool:
        """True when ``sentence`` names a weapon or harm and a sentence next to it the time
        or "now", with a target or an intent in either: one message is one thought (but not
        a near miss's time, nor the writer's own *errand*: "I'll talk to her tomorrow")."""
        if self.near_miss(sentence) or not (
            self.has("weapon", sentence) or self.has("harm", sentence)
        ):
            return False
        aimed = self.has("target", sentence) or self.has("intent", sentence)
        return any(
            not self.near_miss(n)
            and not self.has("errand", n)
            and (self.has("when", n) or self.has("now", n))
            and (aimed or self.has("target", n) or self.has("intent", n))
            for n in neighbours
        )

    def reunited(self, sentence: str) -> bool:
        """True when ``sentence`` speaks of joining someone and the message of a death
        ("tonight she'll join her sister. Her sister killed herself last year.")."""
        return (
            self.has("reunion", sentence)
            and not self.near_miss(sentence)
            and any(self.has("alarm", s) or self.has("loss", s) for s in self.sentences)
        )

    def near_miss(self, sentence: str) -> bool:
        if self.has("calm", sentence) or self.has("idiom", sentence):
            return True
        if self.has("method", sentence):
            return self.has("fiction", sentence)  # seeking a method is no mere question
        if self.has("hypothesis", sentence) or self.has("lesson", sentence):
            return True  # "stel dat hij morgen ...": the time is imagined (or the lesson's)
        soon = self.has("when", sentence) or self.has("now", sentence)
        asks = sentence in self.questions or self.has("asking", sentence)
        if asks or self.has("past", sentence):
            return not soon
        if self.has("fiction", sentence):
            return not (soon and self.has("target", sentence))
        if self.has("laugh", sentence):  # "killing myself tonight lol" is no joke
            return not (soon and (self.has("target", sentence) or self.has("alarm", sentence)))
        return False


def _merge_fragments(parts: List[Tuple[str, bool]]) -> List[Tuple[str, bool]]:
    """Sentences (and whether each asks), with fragments of one or two words kept
    together: "knife. school. tomorrow." is one thought."""
    merged: List[Tuple[str, bool]] = []
    for part, asks in parts:
        if merged and (
            len(part.split()) <= FRAGMENT_WORDS or len(merged[-1][0].split()) <= FRAGMENT_WORDS
        ):
            before, asked = merged[-1]
            merged[-1] = (f"{before.rstrip('.')} {part}", asked or asks)
        else:
            merged.append((part, asks))
    return merged


def _join(patterns: List[str]) -> Optional[re.Pattern]:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def read_signs(folder: Path, languages: Iterable[str] = LANGUAGES) -> Signs:
    """Every language's signs from ``folder``/<lang>.yml (a missing language has none)."""
    lists: Lists = {}
    for language in languages:
        path = folder / f"{language}.yml"
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            lists[language] = {kind: [str(p) for p in data.get(kind) or []] for kind in KINDS}
            own = data.get("own") or {}
            lists[f"{language}{OWN}"] = {
                kind: [str(p) for p in own.get(kind) or []] for kind in KINDS
            }
    return Signs.from_lists(lists)
