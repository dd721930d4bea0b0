"""The words the admin pages show for the codes an entry or a referral stores (courses of
action, kinds of contact, urgencies, triage answers, levels, places), in the reader's
language, each read from where the assistant itself takes it: courses from their EU-wide
guidance, roles and urgencies from ``language/labels.yml``, answers from the vocabulary."""

from __future__ import annotations

from typing import Any, Callable, Dict

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.admin.web import page_language, translated
from knowledge.messages import N_
from knowledge.models import Jurisdiction
from knowledge.repository import vocabulary
from knowledge.vocabulary import course_names
from knowledge.vocabulary import label as answer_label
from language.labels import label as card_label

COURSE_FIELDS = ("course_of_action", "courses", "also")
# what a card calls these fields' values (language/labels.yml)
CARD_LABELS = {"role": "roles", "urgency": "urgency"}
PLACE_FIELDS = ("jurisdiction_key", "parent_key")
# fields that store a triage answer under another name: the answer's slot
ANSWER_FIELDS = {"content_types": "content_type", "category": "platform"}
LEVELS = {"eu": N_("EU"), "country": N_("country"), "municipality": N_("municipality")}

Words = Callable[[str, Any], Any]


def choice_words(session: Session, language: str, gettext: Callable[[str], str]) -> Words:
    """A function giving the words for one stored value of a field or triage answer, by
    the field's name; any other value (a title, a number) comes back as it is."""
    courses = course_names(session, language)
    terms = vocabulary(session)
    slots = {term.slot for term in terms}
    places = place_names(session)

    def words(name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if name in COURSE_FIELDS:
            return courses.get(value, value)
        if name in CARD_LABELS:
            return card_label(CARD_LABELS[name], value, language)
        if name in slots or name in ANSWER_FIELDS:
            slot = ANSWER_FIELDS.get(name, name)
            return answer_label(terms, slot, value, language=language)
        if name == "level" and value in LEVELS:
            return gettext(LEVELS[value])
        if name in PLACE_FIELDS and value in places:
            return f"{places[value]} ({value})"
        return value

    return words


def page_words(request: web.Request) -> Words:
    """The words for stored codes in the page's language, for a signed-in request."""
    return choice_words(
        request["db"], page_language(request), lambda text: translated(request, text)
    )


def place_names(session: Session) -> Dict[str, str]:
    """Every place's name by its key."""
    return dict(session.execute(select(Jurisdiction.key, Jurisdiction.name)).all())
