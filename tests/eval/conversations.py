"""Plays the held-out free-text conversations (``<lang>/conversations.eval.yml``) against a
running assistant, as an outside client would: the REST channel for messages, Rasa's
tracker API only to see which question is pending (the format is in ``GUIDE.md``).

Each scenario must reach its course of action, ask no question more than twice, not ask
what the opening already said, and answer in the scenario's language; each direct
question's reply must hold one of its keywords. Run as
``python -m tests.eval.conversations --url http://127.0.0.1:5005 --token T [LANG...]``;
``tests/eval/test_conversations.py`` plays them all in CI.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import yaml

from tests.eval.sets import files

LANGUAGES = ("en", "de", "fr", "nl")
COURSES = {"emergency", "report", "refer_coordinator", "engage", "dont_feed"}
MAX_ASKS = 2
PLACE_LABELS = {"unsure": "EU", "outside_eu": "EU"}
MAX_TURNS = 16
MIN_LANGUAGE_SHARE = 0.6
# what a practitioner says when a question has no answer in the scenario, and to go on
UNSURE = {"en": "not sure", "de": "weiß nicht", "fr": "je ne sais pas", "nl": "weet ik niet"}
NUDGE = {
    "en": "what should I do?",
    "de": "was soll ich tun?",
    "fr": "que dois-je faire ?",
    "nl": "wat moet ik doen?",
}
# the language check of ../shared/tools/conversation_driver.py: most frequent stop words
STOPWORDS = {
    "en": "the and you is are to of it this that what your for not with can be or do".split(),
    "de": "der die das und sie ist nicht ein eine zu mit was ihr ihre oder wer wo auf ich".split(),
    "fr": "le la les et vous est pas un une de du des que qui avec ou pour ce votre".split(),
    "nl": "de het een en u is niet van dat wat uw met of voor wie waar op je ik".split(),
}


def language_share(texts: List[str], language: str) -> float:
    """Share of the texts (4+ words) whose stop words are mostly ``language``'s; a text whose
    stop words tie between languages tells nothing and is left out."""
    hits = total = 0
    for text in texts:
        tokens = [w.strip(".,!?:;()\"'").lower() for w in text.split()]
        if len(tokens) < 4:
            continue
        score = {k: sum(w in v for w in tokens) for k, v in STOPWORDS.items()}
        best = max(score.values())
        if [k for k, v in score.items() if v == best] == [language]:
            hits += 1
        elif best == 0 or list(score.values()).count(best) > 1:
            continue  # too few words to tell ("Noted: Extremist symbols or codes")
        total += 1
    return hits / total if total else 1.0


@dataclass
class Client:
    """The REST channel and the tracker API of one running Rasa server."""

    url: str
    token: str = ""

    def _call(self, path: str, data: Optional[dict] = None) -> Any:
        query = f"?token={self.token}" if self.token else ""
        request = urllib.request.Request(f"{self.url.rstrip('/')}{path}{query}")
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, body, timeout=120) as response:
            return json.loads(response.read() or b"null")

    def say(self, sender: str, text: str) -> List[dict]:
        return self._call("/webhooks/rest/webhook", {"sender": sender, "message": text}) or []

    def slots(self, sender: str) -> Dict[str, Any]:
        return self._call(f"/conversations/{sender}/tracker")["slots"]


@dataclass
class Played:
    """One scenario's transcript and what went wrong."""

    id: str
    problems: List[str] = field(default_factory=list)
    transcript: List[str] = field(default_factory=list)


def reply_text(reply: dict) -> str:
    custom = reply.get("custom")
    return str(reply.get("text") or "") + (json.dumps(custom, ensure_ascii=False) if custom else "")


def play(client: Client, scenario: dict, language: str) -> Played:
    """Play one scenario; the problems are empty when it passed."""
    played = Played(scenario["id"])
    sender = f"eval-{uuid.uuid4().hex[:12]}"
    replies: List[dict] = []
    expect = scenario["expect"]
    lang = expect.get("lang", language)
    answers = scenario.get("answers") or {}
    interrupts = {i["turn"]: i for i in scenario.get("interrupts") or []}
    asked: Dict[str, int] = {}

    since_switch: List[dict] = []  # the replies since the scenario changed language

    def say(text: str) -> List[dict]:
        got = client.say(sender, text)
        played.transcript.append(f"user: {text}")
        played.transcript += [f"bot: {reply_text(r)[:400]}" for r in got]
        replies.extend(got)
        since_switch.extend(got)
        return got

    say(scenario["opening"])
    nudged = False
    for turn in range(MAX_TURNS):
        slots = client.slots(sender)
        done = slots.get("course_of_action") in COURSES
        if done and not interrupts:
            break
        # what the scenario says at turn N is said even when the triage ended sooner
        # (danger told after the advice must still override it)
        due = min(interrupts) if done else turn
        if due in interrupts:
            interrupt = interrupts.pop(due)
            if "lang" in interrupt:
                # "from here on the replies are in this language" (the scenario's expected
                # language is the one it ends in, not always the one it starts in)
                since_switch.clear()
            got = say(interrupt["text"])
            lang = interrupt.get("lang", lang)
            wanted = interrupt.get("any")
            if wanted and not _contains(got, wanted):
                played.problems.append(f"interrupt at turn {turn}: none of {wanted} in reply")
            continue
        question = slots.get("requested_slot")
        if not question:
            if nudged:
                break
            nudged = True
            say(NUDGE.get(lang, NUDGE["en"]))
            continue
        asked[question] = asked.get(question, 0) + 1
        given = answers.get(question, UNSURE.get(lang, "not sure"))
        if isinstance(given, list):
            given = given[min(asked[question], len(given)) - 1]
        say(str(given))
    slots = client.slots(sender)
    course = slots.get("course_of_action")
    if course != expect["course_of_action"]:
        played.problems.append(f"course {course!r}, expected {expect['course_of_action']!r}")
    for question, times in asked.items():
        if times > MAX_ASKS:
            played.problems.append(f"asked {question} {times} times")
    for question in expect.get("not_asked") or []:
        if question in asked:
            played.problems.append(f"asked {question}, which the opening said")
    for slot, value in (expect.get("slots") or {}).items():
        # the guide's labels for where one works: not sure and outside the EU are the EU
        wanted = PLACE_LABELS.get(value, value) if slot == "jurisdiction" else value
        if slots.get(slot) != wanted:
            played.problems.append(f"{slot} is {slots.get(slot)!r}, expected {value!r}")
    for key in ("contacts_any", "text_any"):
        if key in expect and not _contains(replies, expect[key]):
            played.problems.append(f"none of {expect[key]} in the replies")
    share = language_share([str(r.get("text") or "") for r in since_switch], lang)
    if share < MIN_LANGUAGE_SHARE:
        played.problems.append(f"only {share:.0%} of the replies in {lang}")
    return played


def ask(client: Client, question: dict, language: str) -> Played:
    """One direct question in a new conversation."""
    played = Played(question["id"])
    got = client.say(f"eval-{uuid.uuid4().hex[:12]}", question["text"])
    played.transcript = [f"user: {question['text']}"] + [f"bot: {reply_text(r)[:400]}" for r in got]
    if not _contains(got, question["any"]):
        played.problems.append(f"none of {question['any']} in the reply")
    lang = question.get("lang", language)
    share = language_share([str(r.get("text") or "") for r in got], lang)
    if share < MIN_LANGUAGE_SHARE:
        played.problems.append(f"only {share:.0%} of the reply in {lang}")
    return played


def _contains(replies: List[dict], wanted: List[str]) -> bool:
    text = "\n".join(reply_text(r) for r in replies).lower()
    return any(str(w).lower() in text for w in wanted)


def load(language: str, round_: Optional[int] = None) -> dict:
    """The scenarios and questions of one language, every round."""
    merged: Dict[str, list] = {"scenarios": [], "questions": []}
    for path in files(language, "conversations", round_):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key in merged:
            merged[key] += data.get(key) or []
    return merged


def play_all(
    client: Client, languages=LANGUAGES, workers: int = 4, round_: Optional[int] = None
) -> Dict[str, List[Played]]:
    """Every scenario and question of ``languages``, several conversations at a time."""
    results: Dict[str, List[Played]] = {}
    with ThreadPoolExecutor(workers) as pool:
        for language in languages:
            data = load(language, round_)
            jobs = [pool.submit(play, client, s, language) for s in data.get("scenarios") or []]
            jobs += [pool.submit(ask, client, q, language) for q in data.get("questions") or []]
            results[language] = [job.result() for job in jobs]
    return results


def report(results: Dict[str, List[Played]]) -> List[str]:
    lines = []
    for language, played in results.items():
        passed = sum(not p.problems for p in played)
        lines.append(f"{language}: {passed}/{len(played)} passed")
        for p in played:
            if p.problems:
                lines.append(f"  FAIL {p.id}: {'; '.join(p.problems)}")
                lines += [f"      {line}" for line in p.transcript]
    return lines


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.conversations")
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="")
    parser.add_argument("--round", type=int, dest="round_", help="only this round's files")
    args = parser.parse_args(argv)
    results = play_all(Client(args.url, args.token), args.languages, round_=args.round_)
    print("\n".join(report(results)))
    return 1 if any(p.problems for played in results.values() for p in played) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
