"""Runs after every message, before anything answers: reads what the practitioner typed
into the triage's categories, whichever question was asked, and reminds them once that no
names are needed.

This is Rasa's global slot-mapping action (``action_validate_slot_mappings``): the slots
it sets are in the tracker before the policies choose what to do, so a first message that
says "a pupil shared an ISIS video on TikTok, we're in Leipzig" starts the triage with
four answers already given, and a reply to any question may answer others too.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import kb_session
from actions.privacy import name_reminder
from actions.texts import say
from knowledge import repository, vocabulary
from knowledge.models import LANGUAGES
from language.detect import detect
from language.labels import country_name
from language.questions import asks_for_notice, matching_question
from language.reader import GUESSED, UNSURE, YES_NO_SLOTS, Reading, reader_for
from language.reader.grammar import grammar
from language.reader.text import clean

TRIAGE_FORM = "triage_form"
# the slots a message is read for, in the triage's order, and the forms that ask them
TRIAGE_SLOTS = (
    "danger",
    "content_type",
    "platform",
    "illegal",
    "poster",
    "jurisdiction",
    "other_agencies",
    "footing",
)
READ_IN_FORMS = {
    TRIAGE_FORM: TRIAGE_SLOTS,
    "coordinator_form": ("jurisdiction",),
    "referral_form": ("referral_consent",),
}
# requests that are never an answer: they interrupt whatever was asked
INTERRUPTIONS = frozenset(
    {"report_danger", "start_again", "set_language", "help", "greet", "goodbye", "thanks"}
)
# interruptions whose message is read all the same: a greeting may say where one works
# ("Hello, I coach a youth handball team in Hannover"), and a confident "start again" may
# be an answer ("Verschwörungstheorien, Great Reset usw.": actions/restart.py decides)
READ_ANYWAY = frozenset({"greet", "start_again"})
# questions to the assistant: answered, unless a message that does not look like a
# question ("a symbol, I'm not sure what it is") answers the question pending
QUESTIONS = frozenset(
    {
        "ask_glossary",
        "ask_coordinator",
        "ask_privacy",
        "ask_delete",
        "ask_reporting_point",
        "ask_counselling",
        "ask_about",
    }
)
# interruptions a reply that starts with yes or no to a yes-or-no question is not
SMALL_TALK = frozenset({"help", "greet", "goodbye", "thanks"})
# below this the intent is not trusted: the message is read as an answer (a message that
# looks like a question needs less)
QUESTION_CONFIDENCE = 0.7
QUESTION_LOOKS_CONFIDENCE = 0.4


class ActionReadMessage(Action):
    """Rasa's global slot-validation hook: reads every typed message."""

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        text = typed_text(tracker)
        events: List[EventType] = []
        language = tracker.get_slot("language")
        detected = (
            detect(text, current=language)
            if text and not is_question(tracker, "set_language")
            else None
        )
        if detected and detected != language:
            events.append(SlotSet("language", detected))
            language = detected
        language = language or LANGUAGES[0]
        events += name_reminder(dispatcher, tracker, domain, language)
        slots = slots_to_read(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if text is None or not slots or (is_question(tracker) and intent not in READ_ANYWAY):
            return events
        asked = tracker.get_slot("requested_slot")
        asked = asked if asked in slots else None
        # a message states only what is still open; the question asked may be corrected
        slots = tuple(s for s in slots if s == asked or tracker.get_slot(s) is None)
        with kb_session() as session:
            reader = reader_for(session).in_language(language)
            readings = reader.read_all(text, asked=asked, slots=slots)
            # the labels of what is noted beside the answer asked for (say_what_was_read)
            terms = repository.vocabulary_of(session, (s for s in readings if s != asked))
            if asks_the_knowledge_base(session, text):
                # "the platform did nothing, what now?" is a question, and no "no"
                readings = {s: r for s, r in readings.items() if s not in YES_NO_SLOTS}
        if asks_the_assistant(text):
            # "should I download it as evidence?" is no answer a classifier may guess at,
            # and "what counts as illegal here?" is no yes
            what = bool(grammar().asks_what.search(clean(text)))
            readings = {
                s: r
                for s, r in readings.items()
                if r.how != GUESSED and not (what and s in YES_NO_SLOTS)
            }
        say_what_was_read(dispatcher, domain, readings, asked=asked, terms=terms, language=language)
        return events + [SlotSet(slot, slot_value(slot, r)) for slot, r in readings.items()]


def slot_value(slot: str, reading: Reading) -> Any:
    """The slot's value for a reading: "not sure" where to work is the EU; for the referral
    only an explicit yes sends anything."""
    if reading.value == UNSURE:
        return {"jurisdiction": "EU", "referral_consent": "no"}.get(slot, UNSURE)
    return reading.value


def say_what_was_read(
    dispatcher: CollectingDispatcher,
    domain: DomainDict,
    readings: Dict[str, Reading],
    *,
    asked: Optional[str],
    terms: list,
    language: str,
) -> None:
    """Tell the practitioner briefly what was understood beyond the question asked ("Noted:
    TikTok, may be illegal, Leipzig"), where they work when that was asked, and the 112
    advice when danger is not sure."""
    noted = [
        _label(slot, reading, terms, language)
        for slot, reading in readings.items()
        if slot != asked and slot in TRIAGE_SLOTS
    ]
    if noted:
        say(dispatcher, domain, "utter_noted", language, facts="; ".join(noted))
    place = readings.get("jurisdiction")
    if asked == "jurisdiction" and place is not None:
        if place.value == UNSURE:
            say(dispatcher, domain, "utter_place_unsure", language)
        elif getattr(place.detail, "outside_eu", False):
            say(dispatcher, domain, "utter_place_outside_eu", language, place=place.detail.name)
        else:
            say(
                dispatcher,
                domain,
                "utter_place_confirmed",
                language,
                place=_place_name(place, language),
            )
    if readings.get("danger") and readings["danger"].value == UNSURE:
        say(dispatcher, domain, "utter_danger_unsure", language)


def _label(slot: str, reading: Reading, terms: list, language: str) -> str:
    if slot == "jurisdiction":
        return _place_name(reading, language)
    return vocabulary.label(terms, slot, reading.value, language=language)


def _place_name(reading: Reading, language: str) -> str:
    """A town by its own name, a country by its name in the conversation's language
    ("Köln, Deutschland"; the knowledge base names countries in English)."""
    name = getattr(reading.detail, "name", None) or str(reading.value)
    code = getattr(reading.detail, "country_code", None)
    if not code:  # the EU, or not a place the resolver found
        return country_name(str(reading.value), name, language)
    english, local = country_name(code, "", "en"), country_name(code, "", language)
    if local and name == english:
        return local
    if local and english and name.endswith(f", {english}"):
        return f"{name[: -len(english)]}{local}"
    return name


def language_of(tracker: Tracker) -> str:
    """The conversation's language (English until one is chosen)."""
    return tracker.get_slot("language") or LANGUAGES[0]


def typed_text(tracker: Tracker) -> Optional[str]:
    """The practitioner's latest message, unless it was a button (``/intent{...}``)."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    return text if text and not text.startswith("/") else None


def slots_to_read(tracker: Tracker) -> tuple:
    """The slots a message can fill now: the active form's, or the triage's before any
    recommendation (an opening, or a message after a greeting)."""
    form = (tracker.active_loop or {}).get("name")
    if form:
        return READ_IN_FORMS.get(form, ())
    if tracker.get_slot("course_of_action") is None:
        return TRIAGE_SLOTS
    return ()


def is_question(tracker: Tracker, *intents: str) -> bool:
    """True when the message is a request or question to the assistant (one of
    ``intents`` if given) rather than an answer to the question pending: a confident
    request; or a question intent for a message that looks like a question (or when no
    question is pending)."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    name, confidence = intent.get("name"), intent.get("confidence", 0)
    if intents:
        return name in intents and confidence >= QUESTION_CONFIDENCE
    asks = looks_like_a_question(typed_text(tracker) or "")
    if name in SMALL_TALK and answers_yes_or_no(tracker):
        return False  # "ja, ich fühle mich bereit" answers the question; it is no "help"
    if name in INTERRUPTIONS:
        return confidence >= (
            QUESTION_LOOKS_CONFIDENCE if asks and name == "help" else QUESTION_CONFIDENCE
        )
    if name not in QUESTIONS:
        return False
    pending = (tracker.active_loop or {}).get("name") and tracker.get_slot("requested_slot")
    if asks:
        return confidence >= QUESTION_LOOKS_CONFIDENCE
    return confidence >= QUESTION_CONFIDENCE and not pending


def answers_yes_or_no(tracker: Tracker) -> bool:
    """True when a yes-or-no question is pending and the message starts with a yes or a no
    ("yes, I feel ready", "nee, niet echt"): an answer, whatever else it says."""
    pending = (tracker.active_loop or {}).get("name") and tracker.get_slot("requested_slot")
    text = clean(typed_text(tracker) or "")
    return pending in YES_NO_SLOTS and bool(text) and bool(grammar().lead.match(text))


def asks_the_assistant(text: str) -> bool:
    """A question mark and a question word first ("should I download it as evidence?"):
    a question, not an answer ("tiktok?" is an answer)."""
    return "?" in text and bool(grammar().questions.search(clean(text)))


def asks_the_knowledge_base(session, text: str) -> bool:
    """True when ``text`` asks what one of the knowledge base's answers (or the drafted
    notice) is for: then its words say no yes or no to the question pending."""
    return asks_for_notice(text) or (
        looks_like_a_question(text) and matching_question(repository.faq(session), text) is not None
    )


def looks_like_a_question(text: str) -> bool:
    """A question mark, or a question word first ("how do I erase this chat")."""
    return "?" in text or bool(grammar().questions.search(clean(text)))


# actions that run on every message and say nothing of their own
QUIET_ACTIONS = frozenset(
    {"action_listen", "action_extract_slots", "action_validate_slot_mappings"}
)


def read_this_turn(tracker: Tracker) -> List[str]:
    """The questions the latest message answered (the slots this action set from it)."""
    answers = {slot for slots in READ_IN_FORMS.values() for slot in slots}
    found: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") in answers and event.get("value"):
            found.append(event["name"])
    return found


def concern_known(tracker: Tracker) -> bool:
    """True when something about a concern is known and no advice has been given yet: a
    "what should I do?" then starts the triage rather than the help text."""
    return tracker.get_slot("course_of_action") is None and any(
        tracker.get_slot(slot) is not None for slot in TRIAGE_SLOTS
    )


def answered_on_the_way(tracker: Tracker) -> bool:
    """True when something else answered the latest message before the form runs again
    (a question, help, the privacy notice): the form then asks again, and that counts."""
    form = (tracker.active_loop or {}).get("name")
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        name = event.get("name")
        if event.get("event") == "action" and name not in QUIET_ACTIONS and name != form:
            return True
    return False
