"""Removes personal data from text: e-mail addresses, phone numbers (any EU format),
@handles, web addresses, IBAN-like numbers and people's names.

Names are found on spaCy's tokens, using the first names of the gender-guesser
package's dictionary (about 45,000, European countries first) plus context patterns such
as "my pupil X"; pretrained NER models cannot be downloaded here. It errs on the side
of removing too much: only storage sees the result, never understanding.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import List, Set, Tuple

import phonenumbers

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SENTENCE_END = re.compile(r"[.!?;:]")
# the words before a town's name, and the words after it that say it is a place
PLACE_BEFORE = {
    "in", "from", "near", "at", "to", "around", "outside",
    "aus", "bei", "nach", "nahe", "um", "im",
    "à", "a", "de", "près", "vers", "sur",
    "uit", "bij", "naar", "te", "rond", "nabij",
}  # fmt: skip
ATTACK_AFTER = re.compile(r"(?:attack|shoot|gunm|bomb|anschlag|attent|aanslag|aanval|schiet)")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|de|fr|nl|at|eu|be|it|es|io|tv|me|ly|gg)(?:/\S*)?\b",
    re.I,
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,}")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
PHONE_REGIONS = ("DE", "FR", "NL", "AT", "BE", "IT", "ES", "PL", "GB")
LONG_NUMBER = re.compile(r"(?<!\w)\+?\d[\d ()./-]{6,}\d")
CUES = {
    "pupil",
    "pupils",
    "student",
    "students",
    "client",
    "clients",
    "boy",
    "girl",
    "kid",
    "son",
    "daughter",
    "called",
    "named",
    "name",
    "is",
    "friend",
    "brother",
    "sister",
    "colleague",
    "trainee",
    "player",
    "mr",
    "mrs",
    "ms",
    "dr",
}
# after these a name is written with a capital ("my students Anna and Ben"): a word in
# lower case is the sentence going on ("my students love him")
PLURAL_CUES = {"pupils", "students", "clients"}
NOT_NAMES = {
    "I",
    "I'm",
    # groups that hate speech targets, and the names its content invokes
    "Roma",
    "Sinti",
    "Jew",
    "Jews",
    "Muslim",
    "Muslims",
    "Allah",
    "Hitler",
    "Rasa",
    "Signpost",
    "TikTok",
    "Instagram",
    "YouTube",
    "Telegram",
    "WhatsApp",
    "Discord",
}
PLACEHOLDERS = {
    "email": "[email]",
    "url": "[url]",
    "handle": "[handle]",
    "iban": "[iban]",
    "phone": "[phone]",
    "name": "[name]",
}


@lru_cache(maxsize=1)
def first_names() -> Set[str]:
    """First names from the gender-guesser dictionary (shipped inside the PyPI package)."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    names: Set[str] = set()
    for line in text.decode("latin-1").splitlines():
        if line.startswith(("#", "=")):
            continue
        parts = line[:30].split()
        if len(parts) >= 2 and len(parts[1]) >= 2 and "+" not in parts[1]:
            names.add(parts[1])
    words = stop_words() | place_words()  # once, not once a name (a second of every start)
    return {n for n in names if n.lower() not in words} - NOT_NAMES


@lru_cache(maxsize=1)
def stop_words() -> Set[str]:
    """The everyday words of the four languages (spaCy ships the lists): "Un", "Die", "Van"
    are first names in the dictionary, but at the start of a sentence they are words."""
    words: Set[str] = set()
    for language in ("en", "de", "fr", "nl"):
        words |= _spacy_stop_words(language)
    return words


def _spacy_stop_words(language: str) -> Set[str]:
    """spaCy's list for ``language``, read from its one-line module without importing the
    language package: ``import spacy.lang.fr.stop_words`` first runs ``spacy.lang.fr``,
    whose tokenizer exceptions alone took 12 s of the action server's start (profiled)."""
    import importlib.util

    root = Path(importlib.util.find_spec("spacy").origin).parent
    spec = importlib.util.spec_from_file_location(
        f"_signpost_stop_words_{language}", root / "lang" / language / "stop_words.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return set(module.STOP_WORDS)


@lru_cache(maxsize=1)
def place_words() -> Set[str]:
    """Countries and their peoples and languages, in lower case: "France" and "German" are
    first names in the dictionary, but in a practitioner's message they are places."""
    import pycountry

    from language.reader.grammar import country_words

    names = {
        getattr(country, attr).lower()
        for country in pycountry.countries
        for attr in ("name", "common_name", "official_name")
        if getattr(country, attr, None)
    }
    return names | set(country_words())


def redact(text: str) -> str:
    """``text`` with every piece of personal data replaced by a placeholder like [name]."""
    return redact_with_kinds(text)[0]


def redact_with_kinds(text: str) -> Tuple[str, List[str]]:
    """The redacted text and the kinds of data found (e.g. ["email", "name"])."""
    if not text:
        return text, []
    found: List[str] = []

    def replace(pattern: re.Pattern, kind: str, value: str) -> str:
        result, count = pattern.subn(PLACEHOLDERS[kind], value)
        found.extend([kind] * count)
        return result

    text = replace(EMAIL, "email", text)
    text = replace(URL, "url", text)
    text = replace(HANDLE, "handle", text)
    text = replace(IBAN, "iban", text)
    text = _phones(text, found)
    text = _names(text, found)
    return text, sorted(set(found))


def _phones(text: str, found: List[str]) -> str:
    spans = []
    for region in PHONE_REGIONS:
        matches = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        spans += [(m.start, m.end) for m in matches if _digits(m.raw_string) >= 6]
    spans += [m.span() for m in LONG_NUMBER.finditer(text) if _digits(m.group()) >= 7]
    for start, end in sorted(_merge(spans), reverse=True):
        text = text[:start] + PLACEHOLDERS["phone"] + text[end:]
        found.append("phone")
    return text


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _a_town_here(words, n: int) -> bool:
    """A first name that is also a town, where a town stands: after "in", "from", "aus",
    "à", "uit" ("we're in Vienna"), or before "attack" ("the Halle attacker")."""
    from knowledge.places import city_index
    from knowledge.text import fold

    if fold(words[n].text) not in city_index():
        return False
    previous = words[n - 1].lower_ if n else ""
    following = words[n + 1].lower_ if n + 1 < len(words) else ""
    return previous in PLACE_BEFORE or bool(ATTACK_AFTER.match(following))


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en")


def _names(text: str, found: List[str]) -> str:
    """A known first name written with a capital (and the capitalised word after it, the
    surname), or a word right after a cue such as "my pupil" or "called"."""
    names = first_names()
    words = [t for t in _tokenizer().make_doc(text) if t.is_alpha]
    spans = []
    for n, word in enumerate(words):
        token = word.text
        before = text[words[n - 1].idx + len(words[n - 1]) : word.idx] if n else ""
        # "my pupil Anna", not "a bad kid. But ..." (a cue in the sentence before)
        after_cue = n > 0 and words[n - 1].lower_ in CUES and not SENTENCE_END.search(before)
        is_name = word.is_title and token in names and not _a_town_here(words, n)
        cue_name = (
            after_cue
            and (
                word.is_title
                or (token.capitalize() in names and words[n - 1].lower_ not in PLURAL_CUES)
            )
            and token not in NOT_NAMES
            and token.lower() not in place_words()
        )
        if is_name or (cue_name and word.lower_ not in CUES and len(token) > 1):
            end = word.idx + len(token)
            following = words[n + 1] if n + 1 < len(words) else None
            if following is not None and following.is_title and following.idx == end + 1:
                end = following.idx + len(following.text)  # the surname
            spans.append((word.idx, end))
    for start, end in sorted(_merge(spans), reverse=True):
        text = text[:start] + PLACEHOLDERS["name"] + text[end:]
        found.append("name")
    return text
