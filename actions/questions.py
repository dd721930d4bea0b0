"""Direct questions, answered from the knowledge base at any point of a conversation: the
knowledge base's questions and answers, where to report in a country, counselling,
privacy, deleting the conversation, what Signpost is, help. (What a symbol means and who
the coordinator is have small forms of their own: actions/glossary.py, contacts.py.)"""

from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import answer_question
from actions.formatting import contact_line
from actions.kb import kb_session
from actions.reading import TRIAGE_FORM, concern_known, language_of, typed_text
from knowledge import repository
from knowledge.models import Jurisdiction
from knowledge.places import resolver_for
from knowledge.recommendation import localised_contact
from language.labels import country_name
from language.questions import asks_about_privacy
from language.reader.grammar import country_words
from language.reader.text import clean, words

# the pilot countries, whose contacts are listed when a question names no country
PILOT_COUNTRIES = ("DE", "AT", "FR", "NL")
REPORTING_ROLES = ("reporting_point", "police_internet_unit")


def country_asked(session, tracker: Tracker) -> Optional[Jurisdiction]:
    """The country a question names ("in France", "the German police"), else the country of
    where the practitioner works, else None."""
    text = typed_text(tracker) or ""
    codes = {country_words().get(w) for w in words(clean(text))} - {None}
    if len(codes) == 1:
        return repository.get_jurisdiction(session, codes.pop())
    place = resolver_for(session).resolve(text, typos=False)
    key = place.key if place else tracker.get_slot("jurisdiction")
    chain = repository.jurisdiction_chain(session, key) if key else []
    return next((j for j in chain if j.level == "country"), None)


def contact_lines(
    session, country: Optional[Jurisdiction], roles, language: Optional[str] = None
) -> List[str]:
    """The contacts of ``roles`` for ``country`` (or each pilot country), one line each,
    with the country's name (in ``language``) before them when several are listed."""
    countries = (
        [country]
        if country
        else [repository.get_jurisdiction(session, code) for code in PILOT_COUNTRIES]
    )
    lines = []
    for place in filter(None, countries):
        prefix = "" if country else f"{country_name(place.key, place.name, language)}: "
        lines += [
            f"- {prefix}{contact_line(localised_contact(session, c, language), language)}"
            for c in repository.contacts_with_roles(session, place.key, roles)
        ]
    return lines


# the answer to each kind of question that is a response of the domain
RESPONSES = {
    "ask_privacy": "utter_privacy",
    "ask_delete": "utter_delete",
    "ask_about": "utter_about",
    "help": "utter_help",
}


class ActionAnswerQuestion(Action):
    """Answers a direct question: first from the knowledge base's questions and answers
    when it asks one of them ("what is a trusted flagger?" may come in as a question
    about Signpost), else as the kind of question it is."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if answer_question(dispatcher, tracker):
            return []
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in ("ask_about", "help") and asks_about_privacy(typed_text(tracker) or ""):
            intent = "ask_privacy"
        if intent == "help" and not tracker.active_loop_name and concern_known(tracker):
            # "wat moet ik doen?" after a message that told of a concern: the triage
            dispatcher.utter_message(response="utter_start_triage")
            return [FollowupAction(TRIAGE_FORM)]
        if intent == "ask_reporting_point":
            reporting_points(dispatcher, tracker)
        elif intent == "ask_counselling":
            counselling(dispatcher, tracker)
        else:
            dispatcher.utter_message(response=RESPONSES.get(intent, "utter_help"))
        return []


def reporting_points(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Where to report illegal content in a country, and the platform's own notice."""
    language = language_of(tracker)
    with kb_session() as session:
        country = country_asked(session, tracker)
        lines = contact_lines(session, country, REPORTING_ROLES, language)
        platform = [
            contact_line(localised_contact(session, c, language), language)
            for c in repository.contacts_with_roles(session, "EU", ("platform_reporting",))
        ]
    dispatcher.utter_message(
        response="utter_reporting_points",
        place=f" ({country_name(country.key, country.name, language)})" if country else "",
        contacts="\n".join(lines),
        platform="\n".join(f"- {line}" for line in platform),
    )


def counselling(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Counselling and helplines for worried practitioners, and the coordinator."""
    language = language_of(tracker)
    with kb_session() as session:
        country = country_asked(session, tracker)
        lines = contact_lines(session, country, ("counselling",), language) or contact_lines(
            session, None, ("counselling",), language
        )
    dispatcher.utter_message(response="utter_counselling", contacts="\n".join(lines))
