"""The admin area in English, German, French and Dutch: gettext catalogues per language
(``locale/<lang>/LC_MESSAGES/admin.po``, edited by translators and read as they are), one
Jinja2 environment per language with the i18n extension, and the language of a request
(the signed-in user's choice, else the browser's Accept-Language, else English).

English is the source text; ``python -m bot.admin.i18n`` extracts every marked text of the
templates and of the Python code (``_``, ``N_``, ``Message``) into ``admin.pot`` and merges
new ones into each catalogue, where CI finds them untranslated.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Iterable, Optional

import jinja2
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from bot.channels.languages import NAMES
from knowledge.models import LANGUAGES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LOCALE_DIR = HERE / "locale"
TEMPLATE_DIR = HERE / "templates"
DOMAIN = "admin"
SOURCE_LANGUAGE = LANGUAGES[0]
# where the marked texts are: the admin templates and code, and the entry checks' messages
SOURCES = (
    (HERE, [("templates/**.html", "jinja2.ext:babel_extract"), ("*.py", "python")]),
    (ROOT / "knowledge", [("checks.py", "python")]),
)
KEYWORDS = {"_": None, "gettext": None, "N_": None, "Message": None}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "1", "lstrip_blocks": "1"}


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> NullTranslations:
    """The gettext translations of ``language``, compiled in memory from its catalogue;
    English (and a catalogue that is missing) shows the source text."""
    if language == SOURCE_LANGUAGE or not catalogue_path(language).exists():
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(language), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(language: str):
    return translations(language).gettext


@cache
def environment(language: str) -> jinja2.Environment:
    """The admin templates with ``_()`` and ``{% trans %}`` in ``language``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(language), newstyle=True)
    return env


def chosen(user_language: Optional[str], accept_language: Optional[str]) -> str:
    """The language to show: the user's own choice, else the first of the browser's
    Accept-Language that the admin area has, else English."""
    if user_language in LANGUAGES:
        return user_language
    return next(iter(accepted(accept_language or "")), SOURCE_LANGUAGE)


def accepted(header: str) -> Iterable[str]:
    """Signpost's languages in the order of an Accept-Language header ("de-AT,de;q=0.9")."""
    ranked = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip()[:2].lower()
        if language in LANGUAGES and quality > 0:
            ranked.append((-quality, position, language))
    seen = []
    for _quality, _position, language in sorted(ranked):
        if language not in seen:
            seen.append(language)
    return seen


def language_names():
    """The languages a user may choose, each by its own name."""
    return {language: NAMES[language] for language in LANGUAGES}


def extract() -> Catalog:
    """Every marked text of the sources, as a template catalogue."""
    template = Catalog(domain=DOMAIN, project="Signpost admin", charset="utf-8")
    for folder, method_map in SOURCES:
        options = {pattern: JINJA_OPTIONS for pattern, method in method_map if "jinja2" in method}
        for filename, lineno, message, comments, context in extract_from_dir(
            folder, method_map, options_map=options, keywords=KEYWORDS, strip_comment_tags=True
        ):
            if message:
                where = (str((folder / filename).relative_to(ROOT)), lineno)
                template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def update() -> None:
    """Write ``admin.pot`` and merge it into every language's catalogue."""
    template = extract()
    LOCALE_DIR.mkdir(exist_ok=True)
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("wb") as pot:
        write_po(pot, template, width=100, omit_header=True, no_location=True)
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(language)
        catalogue = read_catalogue(language) if path.exists() else Catalog(locale=language)
        catalogue.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(
                po, catalogue, width=100, omit_header=True, no_location=True, ignore_obsolete=True
            )


if __name__ == "__main__":
    update()
