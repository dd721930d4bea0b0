"""Reads what a practitioner typed into the triage's categories.

The order is the same for every question and language:

1. **Doubt first.** An answer that says the writer does not know ("no idea", "weiß
   nicht", "pas clair pour moi") is "not sure", whatever else it says, so doubt is
   never read as yes or no.
2. **The knowledge base's words.** Category words (coordinators edit them), as whole
   words with their endings; for the yes / no questions a word is turned around by a
   "not" in its clause ("not illegal", "nobody is in danger", "I doubt it's against the
   law"). Then small typos, in a reply to that very question.
3. **A plain or leaning yes / no** ("yep", "probably not", "glaub schon").
4. **The trained classifier** (``data/answers``) for what no word list knows, when it is
   confident enough.

Unless the answer replies to that question (``asked``), only specific words count, so
a first message is read for what it clearly states and nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from language.reader.classifier import AnswerClassifier
from language.reader.grammar import Grammar, grammar, grammar_for
from language.reader.lexicon import Lexicon, Match
from language.reader.text import CLAUSE_MARK, clauses, clean

YES_NO_SLOTS = ("danger", "illegal", "other_agencies", "footing", "referral_consent")
CATEGORY_SLOTS = ("content_type", "platform", "poster")
PLACE_SLOT = "jurisdiction"
UNSURE = "unsure"
GUESSED = "classifier"  # a Reading's ``how`` when the classifier guessed it
FLIP = {"yes": "no", "no": "yes"}
# below this the classifier's guess is no reading (the question is asked again): a
# yes / no must be surer than one of eight kinds of content (cross-validated on data/answers)
MIN_CONFIDENCE = {"yes_no": 0.55, "category": 0.4, "one_word": 0.7}
# guesses the classifier may not make: a "no" to the danger question turns off the 112
# advice, so only words that say no count ("sorry, bell just rang" is no answer at all);
# an unread reply is asked again and, a second time, taken as "not sure"
NEVER_GUESSED = {("danger", "no")}
# the parts of a reply, to pick the one about work or leave out the one that declines
_PARTS = re.compile(r"[,;.!?]|\bbut\b|\baber\b|\bmais\b|\bmaar\b", re.IGNORECASE)
# a first message names who posted only when a posting word follows this close
POSTER_REACH = 40  # characters
CLAUSE_REACH = 120  # characters: the posting word at the end of the same clause
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")  # an HTML tag pasted in
_ASIDE = re.compile(rf" {CLAUSE_MARK} [\w-]+ {CLAUSE_MARK} ")


@dataclass(frozen=True)
class Reading:
    """What an answer was read as, and how (for the evaluation and the logs)."""

    value: Optional[str]
    how: str = ""
    detail: object = None  # the place found, for a place

    def __bool__(self) -> bool:
        return self.value is not None


NOTHING = Reading(None)


class AnswerReader:
    """Reads answers with the knowledge base's words, the grammar and the classifier."""

    def __init__(
        self,
        lexicon: Lexicon,
        classifier: Optional[AnswerClassifier] = None,
        place: Optional[Callable[[str], Optional[Any]]] = None,
        rules: Optional[Grammar] = None,
    ):
        self.lexicon = lexicon
        self.classifier = classifier
        self.place = place
        self.grammar = rules or grammar()

    # -- one question -----------------------------------------------------------------

    def in_language(self, language: Optional[str]) -> AnswerReader:
        """This reader for a conversation in ``language`` (its words for "not" only)."""
        if language is None:
            return self
        return AnswerReader(self.lexicon, self.classifier, self.place, grammar_for(language))

    def read(self, text: str, slot: str, *, asked: bool = True) -> Reading:
        """The category ``text`` gives for ``slot``; ``asked`` when it replies to that
        question (then generic words, typos and the classifier count too)."""
        if _MARKUP.search(text or ""):
            return NOTHING  # "<img src=x onerror=alert(1)>" is no answer (and no X)
        cleaned = self.grammar.idioms.sub(" ", clean(text)).strip()
        if asked:
            cleaned = self.grammar.sure_tags.sub("", cleaned)  # "illegal, aren't they"
            if text.rstrip().endswith("?"):
                cleaned = self.grammar.tags.sub("", cleaned)  # "c'est illegal, non ?"
        if not cleaned:
            return NOTHING
        if slot == PLACE_SLOT:
            return self._read_place(text, cleaned, asked=asked)
        if slot in YES_NO_SLOTS:
            reading = self._read_yes_no(cleaned, slot, asked=asked)
        else:
            reading = self._read_category(cleaned, slot, asked=asked)
        if reading or not asked:
            return reading
        return self._guess(cleaned, slot)

    def read_all(
        self, text: str, *, asked: Optional[str] = None, slots: Iterable[str] = ()
    ) -> Dict[str, Reading]:
        """Every slot of ``slots`` that ``text`` states; ``asked`` is the question it
        replies to (read as such), the others only from specific words."""
        found = {}
        for slot in slots:
            reading = self.read(text, slot, asked=slot == asked)
            if reading:
                found[slot] = reading
        return found

    # -- yes / no ---------------------------------------------------------------------

    def _read_yes_no(self, cleaned: str, slot: str, *, asked: bool) -> Reading:
        g = self.grammar
        if asked and self._doubts_answer(cleaned, slot):
            return Reading(UNSURE, "doubt")
        topical: List[str] = []
        plain: List[str] = []
        for number, clause in enumerate(clauses(cleaned, g.breaks, g.joins)):
            matches = self._topical(clause, slot, asked=asked)
            if not asked and matches and self._doubts(clause, matches):
                return Reading(UNSURE, "doubt")
            lead = self._leading_interjection(clause, matches) if number == 0 else 0
            for match in matches:
                if match.value == UNSURE:
                    continue  # read above, as doubt, in a reply; not a statement otherwise
                if self._is_interjection(match.phrase):
                    if match.start <= lead:  # "sure, as long as there are no names": one yes
                        plain.append(match.value)
                elif match.value in FLIP:
                    topical.append(self._negated(clause, match, lead))
        if topical:
            reading = _agree(topical, "words")
            if reading or not plain:
                return reading
        if not asked:
            return NOTHING
        if plain:
            return _agree(plain, "words")
        yes, no = bool(g.yes.search(cleaned)), bool(g.no.search(cleaned))
        if yes != no:
            return Reading("yes" if yes else "no", "yes/no")
        return NOTHING

    def _topical(self, clause: str, slot: str, *, asked: bool) -> List[Match]:
        matches = self.lexicon.find(clause, slot, asked=asked)
        if slot == "other_agencies" and not asked:
            # an agency counts only when it is said to be involved ("the police know")
            if not self.grammar.involvement.search(clause):
                return [m for m in matches if m.value != "yes"]
        return matches

    def _negated(self, clause: str, match: Match, lead: int) -> str:
        """``match``'s value, turned around by a negation elsewhere in its clause ("it
        isn't illegal", "no one is in danger", "I doubt it breaks the law"). A leading
        "no" answers the question and turns nothing around ("no its not illegal"); words
        that say "no" themselves stay as they are ("no, no danger" is no twice)."""
        if self.grammar.negators.search(match.phrase):
            return match.value
        outside = (
            " " * lead
            + clause[lead : match.start]
            + " " * (match.end - match.start)
            + clause[match.end :]
        )
        return FLIP[match.value] if self.grammar.negators.search(outside) else match.value

    def _leading_interjection(self, clause: str, matches: List[Match]) -> int:
        """The length of a leading yes or no that answers the question and negates
        nothing ("no" in "no its not illegal", not in "no threat" or "no one is in
        danger"), else 0."""
        lead = self.grammar.lead.match(clause)
        if lead is None or any(m.start == 0 and m.end > lead.end() for m in matches):
            return 0
        return lead.end()

    def _is_interjection(self, phrase: str) -> bool:
        g = self.grammar
        return bool(g.yes.fullmatch(phrase) or g.no.fullmatch(phrase))

    # -- categories -------------------------------------------------------------------

    def _read_category(self, cleaned: str, slot: str, *, asked: bool) -> Reading:
        if asked and slot == "poster" and self._either(cleaned):
            return Reading(UNSURE, "doubt")  # "could be a pupil or a fake profile"
        if asked and self._doubts_answer(cleaned, slot):
            if slot == "poster" and self._describes_unknown_account(cleaned):
                return Reading("anonymous", "words")  # "no idea who, some fake profile"
            return Reading(UNSURE, "doubt")
        found = self.lexicon.find(cleaned, slot, asked=asked)
        if slot == "poster":
            found = sorted(found + self._ours(cleaned, found), key=lambda m: m.start)
        matches = [
            m
            for i, m in enumerate(found)
            if not self._denied(cleaned, m, found[i - 1].end if i else 0)
        ]
        if slot == "poster" and not asked:
            matches = [m for m in matches if self._posts(cleaned, m)]
        if slot == "poster" and any(m.value == "known_person" for m in matches):
            matches = [m for m in matches if not self._owned(cleaned, m)]
        if slot == "poster" and not asked:
            # "one of my players shares videos of an influencer": the one who shares
            # posted it; the influencer made what was shared
            matches = [m for m in matches if self._posts_after(cleaned, m)] or matches
        matches = [m for m in matches if m.value != UNSURE]  # read above, as doubt
        if matches:
            return Reading(self._best(cleaned, slot, matches), "words")
        if asked:
            typo = self.lexicon.near_miss(cleaned, slot)
            if typo is not None:
                return Reading(typo.value, "typo")
        return NOTHING

    def _best(self, cleaned: str, slot: str, matches: List[Match]) -> str:
        """Of several categories named, the classifier decides ("a group chat on telegram",
        "a stranger who commented under our club's post"), else the one named most, then
        the first named."""
        values = {m.value for m in matches}
        if len(values) > 1 and self.classifier is not None:
            ranked = self.classifier.rank(cleaned, slot, values)
            if ranked:
                return ranked
        counts = Counter(m.value for m in matches)
        first: Dict[str, int] = {}
        for m in matches:
            first.setdefault(m.value, m.start)
        return max(counts, key=lambda v: (counts[v], -first[v]))

    def _ours(self, cleaned: str, found: List[Match]) -> List[Match]:
        """Someone from the practitioner's own class, team or centre ("one of the kids at
        the youth club") that no word of the knowledge base names: someone known through
        work."""
        return [
            Match("known_person", m.start(), m.end(), m.group(0), True)
            for m in self.grammar.ours.finditer(cleaned)
            if not any(f.start < m.end() and m.start() < f.end for f in found)
        ]

    def _either(self, cleaned: str) -> bool:
        """Two kinds of poster given as alternatives ("ein Schüler oder ein Fake-Profil"):
        the practitioner does not know which, so not sure."""
        found = self.lexicon.find(cleaned, "poster", asked=True)
        found = sorted(found + self._ours(cleaned, found), key=lambda m: m.start)
        found = [m for m in found if m.value != UNSURE]
        return any(
            a.value != b.value and self.grammar.alternatives.search(cleaned[a.end : b.start])
            for a, b in zip(found, found[1:], strict=False)
        )

    def _owned(self, cleaned: str, match: Match) -> bool:
        """An unknown-account word owned by the person just described ("a young man I
        accompany ... he has a new account"): that person's account, not a stranger's."""
        before = cleaned[max(0, match.start - 30) : match.start]
        return match.value == "anonymous" and bool(self.grammar.owned.search(before))

    def _describes_unknown_account(self, cleaned: str) -> bool:
        """Not knowing who posted, said with an unknown account described ("keine Ahnung
        wer das ist, irgendein Fake-Profil"), is an anonymous account, not doubt."""
        return any(
            m.value == "anonymous" and m.specific
            for m in self.lexicon.find(cleaned, "poster", asked=True)
        )

    def _posts(self, cleaned: str, match: Match) -> bool:
        """True when the person ``match`` names is the one who posted: a posting word
        follows closely ("a pupil shared ...", "a far-right group has a TikTok account"),
        "by" / "from" comes before ("posted by an anonymous account"), or, for someone the
        practitioner knows, "he" or "she" posts later on. "A student showed me" says
        nothing of who posted."""
        if self._posts_after(cleaned, match):
            return True
        before = cleaned[max(0, match.start - 12) : match.start]
        if self.grammar.posted_by.search(before):
            return True
        # "one of my players ... he has started posting memes"
        return match.value == "known_person" and bool(self.grammar.someone_posts.search(cleaned))

    def _posts_after(self, cleaned: str, match: Match) -> bool:
        """True when a posting word follows the person ``match`` names closely, in the
        same clause ("a pupil shared ..."), and nobody only showed it."""
        # an aside of one word, "one of the girls (16) from our club", is left out
        rest = _ASIDE.sub(" ", cleaned[match.end : match.end + CLAUSE_REACH])
        after = rest[:POSTER_REACH]
        # German and Dutch put the verb last: "ein Schüler aus meiner 8. hat in der
        # Klassengruppe ein Bild gepostet" (the rest of the clause, however long)
        clause = rest.split(CLAUSE_MARK)[0]
        after = clause if len(clause) > len(after) else after
        posted = self.grammar.posting.search(after)
        # "Jongeren ... lieten me een account zien dat filmpjes post": not who posted
        return bool(posted) and not self.grammar.shown.search(after[: posted.start()])

    def _denied(self, cleaned: str, match: Match, previous: int) -> bool:
        """True when a "not" stands between the previous category word (or the start of
        the clause) and ``match`` ("it wasn't tiktok, it was insta", "I don't think it's
        anyone from our school")."""
        before = cleaned[previous : match.start].split(CLAUSE_MARK)[-1]
        return bool(self.grammar.negators.search(before))

    # -- places -----------------------------------------------------------------------

    def _read_place(self, text: str, cleaned: str, *, asked: bool) -> Reading:
        """Where the practitioner works: a place named (in a reply to the question, or
        after "we're in", "I work in" elsewhere); else, in a reply, "not sure"; else a
        place typed with a typo. Parts of a reply that say "not sure" or "I'd rather not
        say" are left out ("In Germany, but I'd rather not say the town")."""
        if self.place is None or not (asked or self.grammar.location.search(cleaned)):
            return NOTHING
        if asked and self._declines(cleaned):
            kept = [
                part
                for part in _PARTS.split(text)
                if part.strip() and not self._declines(clean(part))
            ]
            place = self._place_in(" , ".join(kept), typos=False) if kept else None
            return Reading(place.key, "place", place) if place else Reading(UNSURE, "doubt")
        place = self._place_in(text, typos=False)
        if place is None and asked:
            place = self._place_in(text, typos=True)
        return Reading(place.key, "place", place) if place is not None else NOTHING

    def _declines(self, cleaned: str) -> bool:
        """True when (part of) a reply says "not sure" or declines to say where."""
        return self._doubt_in(cleaned, []) is not None or any(
            m.value == UNSURE for m in self.lexicon.find(cleaned, PLACE_SLOT, asked=True)
        )

    def _place_in(self, text: str, *, typos: bool):
        """The place ``text`` names; of several, the one in a sentence about work ("I live
        in Maastricht but I work in Aachen")."""
        pieces = [
            p for p in re.split(r"[,;.!?]|\bbut\b|\baber\b|\bmais\b|\bmaar\b", text) if p.strip()
        ]
        abroad = None  # "à Villexemple, au collège": no town called College, Alaska
        if len(pieces) > 1:
            for piece in pieces:
                if self.grammar.workplace.search(clean(piece)):
                    place = self.place(piece, typos=typos)
                    if place is not None and not place.outside_eu:
                        return place
                    abroad = abroad or place
        return self.place(text, typos=typos) or abroad

    # -- shared -----------------------------------------------------------------------

    def _doubts_answer(self, cleaned: str, slot: str) -> bool:
        """True when an answer says the writer does not know. After a plain yes or no, a
        doubt that is plainly about something else ("yes, send it, maybe other schools see
        it too": a thought of its own, with none of the question's words) does not count;
        one that opens with "but" qualifies the answer, and counts."""
        answered = False
        for clause in clauses(cleaned, self.grammar.breaks, self.grammar.joins):
            found = self.lexicon.find(clause, slot, asked=True)
            answers = [m for m in found if m.value != UNSURE]
            doubts = [
                m.end
                for m in found
                if m.value == UNSURE and not self.grammar.which.match(clause[m.end :])
            ]
            grammatical = self._doubt_in(clause, answers)
            if grammatical is not None:
                doubts.append(grammatical.end())
            if not doubts:
                answered = (
                    answered
                    or bool(answers)
                    or bool(self.grammar.yes.search(clause) or self.grammar.no.search(clause))
                )
                continue
            aside = (
                slot in YES_NO_SLOTS
                and answered
                and not answers
                and not self.grammar.breaks.match(clause)  # "..., but I don't know if"
                and len(clause[min(doubts) :].split()) >= 3
            )
            if not aside:
                return True
        return False

    def _doubt_in(self, clause: str, matches: List[Match]):
        for found in self.grammar.doubt.finditer(clause):
            inside = any(m.start <= found.start() and found.end() <= m.end for m in matches)
            if not inside and not self.grammar.which.match(clause[found.end() :]):
                return found
        return None

    def _doubts(self, clause: str, matches: List[Match]) -> bool:
        """True when ``clause`` says "I don't know" outside the category words found
        ("someone I don't know" is a kind of poster, not doubt)."""
        return self._doubt_in(clause, matches) is not None

    def _guess(self, cleaned: str, slot: str) -> Reading:
        if self.classifier is None:
            return NOTHING
        guess = self.classifier.guess(cleaned, slot)
        floor = MIN_CONFIDENCE["yes_no" if slot in YES_NO_SLOTS else "category"]
        if len(cleaned.split()) == 1:
            floor = max(floor, MIN_CONFIDENCE["one_word"])  # "stuff" says too little
        if guess is None or guess.confidence < floor or (slot, guess.value) in NEVER_GUESSED:
            return NOTHING
        return Reading(guess.value, GUESSED)


def _agree(values: List[str], how: str) -> Reading:
    """The value most of ``values`` say; nothing when they are split evenly."""
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return NOTHING
    return Reading(counts[0][0], how)


def entries(terms: Iterable) -> Tuple[Tuple[str, str, str, bool], ...]:
    """The vocabulary terms as lexicon entries: (slot, value, phrase, specific)."""
    return tuple(
        sorted(
            (t.slot, t.value, phrase, specific)
            for t in terms
            if not getattr(t, "retired", False)
            for phrases, specific in ((t.synonyms or [], True), (t.answer_words or [], False))
            for phrase in phrases
        )
    )
