"""Finds which of the knowledge base's questions (``faq``) a practitioner's question is,
by the entries' keywords: specific phrases in any language, matched whole with their
endings, as category words are (``language.reader.lexicon``)."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, Optional

from knowledge.models import Faq
from language.reader.lexicon import cached
from language.reader.text import clean

SLOT = "faq"


def matching_question(entries: Iterable[Faq], text: str) -> Optional[Faq]:
    """The entry whose keywords ``text`` names most (the first of a tie), or None."""
    entries = list(entries)
    lexicon = cached(
        tuple(sorted((SLOT, e.topic, k, True) for e in entries for k in e.keywords or []))
    )
    hits = Counter(m.value for m in lexicon.find(clean(text), SLOT, asked=False))
    if not hits:
        return None
    best = max(hits.values())
    return next(e for e in entries if hits.get(e.topic) == best)
