"""Signs of immediate danger in a message, in English, German, French and Dutch.

The danger override must fire at any point of any conversation, for threats and
self-harm put in everyday and indirect words, and not for what only sounds alarming.
The signs are data, per language (``data/danger/<lang>.yml``):

- an *alarm* alone is danger (self-harm, farewells, dying for a cause, violence under
  way);
- a *weapon* (or fuel, explosives) is danger with a *target*, a time (*when*) or *now*;
- *harm* (violence, fire, a threat) is danger with a time or now, or with a target and
  an *intent*.

A sentence that is a near miss counts for nothing: an *idiom* ("this marking is killing
me"); a question (a question mark, or *asking* what a phrase means or what to do in
general), a game, film or drill (*fiction*) or the *past*, unless a time or "now" makes
it real; or one that says nobody is in danger (*calm*).

A message is read with the signs of its own language and English (loan words and quotes
are English), or of all four when its language can't be told: the languages' short words
collide ("mes" is a Dutch knife and a French "my").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from knowledge.models import LANGUAGES
from language.detect import detect
from language.reader.grammar import negators
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
)
# "nobody talked about hurting anyone"; "he's not joking"
NEGATABLE = ("alarm", "weapon", "harm", "fiction")
CONCERNS = ("alarm", "weapon", "harm", "when", "now")
ALWAYS = LANGUAGES[0]  # English signs count in every language
NEGATION_WORDS = 5  # how far back a "not" reaches
FRAGMENT_WORDS = 2  # a "sentence" this short belongs with its neighbours
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\n+")

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
        """True when a sentence of ``text`` is immediate danger."""
        reading = _Reading(self, text)
        return any(reading.is_danger(s) for s in reading.sentences)

    def concern(self, text: str) -> bool:
        """True when a sentence that is no near miss names an alarm, a weapon, harm, a time
        or "now": what a classifier's guess of danger needs to be believed ("sorry, bell
        just rang" is not danger, whatever a classifier says)."""
        reading = _Reading(self, text)
        return any(
            not reading.near_miss(s) and any(reading.has(k, s) for k in CONCERNS)
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

    def __init__(self, signs: Signs, text: str):
        parts = _merge_fragments([p for p in _SENTENCES.split(text or "") if p.strip()])
        self.sentences = [s for s in (clean(p) for p in parts) if s]
        # a sentence that asks ("is 'see you in jannah' always about dying?")
        self.questions = {clean(p) for p in parts if p.strip().endswith("?")}
        language = detect(text) if text else None
        chosen = {language, ALWAYS} if language else set(signs.patterns)
        self.negators = negators(tuple(sorted(chosen)))
        self.kinds = {
            kind: [p for lang in chosen if (p := signs.patterns.get(lang, {}).get(kind))]
            for kind in KINDS
        }

    def has(self, kind: str, sentence: str) -> bool:
        """True when ``sentence`` holds a sign of ``kind`` (an alarm, a weapon or harm with
        a "not" before it in its clause does not count)."""
        for pattern in self.kinds[kind]:
            for found in pattern.finditer(sentence):
                if kind not in NEGATABLE or not self._negated(sentence, found.start()):
                    return True
        return False

    def _negated(self, sentence: str, start: int) -> bool:
        """True when a "not" stands in the few words before ``start``, in its clause."""
        clause = sentence[:start].split(CLAUSE_MARK)[-1]
        return bool(self.negators.search(" ".join(clause.split()[-NEGATION_WORDS:])))

    def is_danger(self, sentence: str) -> bool:
        if self.near_miss(sentence):
            return False
        if self.has("alarm", sentence):
            return True
        soon = self.has("when", sentence) or self.has("now", sentence)
        if self.has("weapon", sentence) and (soon or self.has("target", sentence)):
            return True
        return self.has("harm", sentence) and (
            soon or (self.has("target", sentence) and self.has("intent", sentence))
        )

    def near_miss(self, sentence: str) -> bool:
        if self.has("calm", sentence) or self.has("idiom", sentence):
            return True
        soon = self.has("when", sentence) or self.has("now", sentence)
        asks = sentence in self.questions or self.has("asking", sentence)
        if asks or self.has("past", sentence):
            return not soon
        if self.has("fiction", sentence):
            return not (soon and self.has("target", sentence))
        return False


def _merge_fragments(parts: List[str]) -> List[str]:
    """Sentences, with fragments of one or two words kept together: "knife. school.
    tomorrow." is one thought."""
    merged: List[str] = []
    for part in parts:
        if merged and (
            len(part.split()) <= FRAGMENT_WORDS or len(merged[-1].split()) <= FRAGMENT_WORDS
        ):
            merged[-1] = f"{merged[-1].rstrip('.')} {part}"
        else:
            merged.append(part)
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
    return Signs.from_lists(lists)
