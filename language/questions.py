"""Finds which of the knowledge base's questions (``faq``) a practitioner's question is,
by the entries' keywords: specific phrases in any language, matched whole with their
endings, as category words are (``language.reader.lexicon``); a phrase of three words or
more also matches with a word or two between its words ("forward the beheading video" names
"forward the video", "tell you the pupil's name" names "tell you the name")."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, List, Optional

from knowledge.models import Faq
from language.reader.grammar import grammar
from language.reader.lexicon import cached
from language.reader.text import clean, words

SLOT = "faq"
GAP = 2  # words that may stand between two words of a keyword
# only a keyword this long is specific enough to match spread ("what number" must not
# match "what does the number 8 mean")
MIN_SPREAD = 3


def matching_question(entries: Iterable[Faq], text: str) -> Optional[Faq]:
    """The entry whose keywords ``text`` names most (the first of a tie), or None."""
    entries = list(entries)
    cleaned = clean(text)
    lexicon = cached(
        tuple(sorted((SLOT, e.topic, k, True) for e in entries for k in e.keywords or []))
    )
    hits = Counter(m.value for m in lexicon.find(cleaned, SLOT, asked=False))
    if not hits:
        tokens = words(cleaned)
        hits = Counter(
            e.topic for e in entries for k in e.keywords or [] if _spread(words(clean(k)), tokens)
        )
    if not hits:
        return None
    best = max(hits.values())
    return next(e for e in entries if hits.get(e.topic) == best)


def _spread(keyword: List[str], tokens: List[str]) -> bool:
    """True when the words of a keyword of ``MIN_SPREAD`` or more words come in order in ``tokens``,
    each at most ``GAP`` words after the one before (a word may carry an ending)."""
    if len(keyword) < MIN_SPREAD:
        return False
    for start, token in enumerate(tokens):
        if not token.startswith(keyword[0]):
            continue
        at, found = start, True
        for word in keyword[1:]:
            window = tokens[at + 1 : at + 2 + GAP]
            step = next((i for i, t in enumerate(window) if t.startswith(word)), None)
            if step is None:
                found = False
                break
            at += 1 + step
        if found:
            return True
    return False


def asks_about_privacy(text: str) -> bool:
    """True when ``text`` asks what is kept of the conversation, and for how long ("Wat
    slaat Signpost op van wat ik typ?"): the privacy notice answers, whatever the intent
    classifier took it for."""
    from language.reader.grammar import grammar

    return bool(grammar().privacy.search(clean(text)))


def asks_for_notice(text: str) -> bool:
    """True when ``text`` asks for help with the notice to the platform ("help me write the
    report", "Meldung formulieren", "rédiger le signalement", "melding opstellen")."""
    return bool(grammar().notice_request.search(clean(text)))
