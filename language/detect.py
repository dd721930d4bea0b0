"""Which of the four languages a message is written in.

py3langid (its model ships inside the wheel, 0.8 MB; version 0.2.2 fits Rasa's numpy pin)
restricted to English, German, French and Dutch tells longer messages apart reliably; one
or two words ("hallo", "bonjour", "ja") it often gets wrong, and a short English message
("hi, quick question about a student") it may take for French, so short messages are told
by everyday words that only one of the languages has (``language/reader/grammar``) when
they point to one language, else by the identifier when it is sure, or not at all.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from knowledge.models import LANGUAGES
from language.reader.grammar import language_names, markers
from language.reader.text import clean, words

LONG_ENOUGH = 3  # words; from here on the identifier decides...
SHORT = 8  # ... unless, below this, everyday words of only one language say otherwise
SURE = 0.9  # the identifier's probability needed for a message of LONG_ENOUGH words
SURE_TO_SWITCH = 0.99  # ... and to leave the language a conversation is already in
SWITCH_WORDS = 5  # the fewest words that may switch a conversation's language


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str, *, current: Optional[str] = None) -> Optional[str]:
    """The language of ``text``, or None when it can't be told (or, when a conversation is
    already in ``current``, when the message is too short or too unclear to switch)."""
    cleaned = clean(text)
    tokens = words(cleaned)
    if not tokens:
        return None
    if current is not None and len(tokens) < SWITCH_WORDS:
        return None
    votes = {lang for lang, own in markers().items() if own & set(tokens)}
    if len(tokens) < SHORT and len(votes) == 1:
        return votes.pop()  # "hi, quick question about a student" is not French
    language, probability = _identifier().classify(cleaned)
    if len(tokens) >= LONG_ENOUGH:
        needed = SURE if current is None else SURE_TO_SWITCH
        return language if probability >= needed else None
    return None


def requested(text: str) -> Optional[str]:
    """The language a message asks for ("in German please", "auf Englisch"), if one."""
    names = language_names()
    asked = {names[w] for w in words(clean(text)) if w in names}
    return asked.pop() if len(asked) == 1 else None
