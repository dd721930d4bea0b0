"""Asking each question at most twice, shared by every form.

Before a form asks its next question this decides what it asks: after a typed reply that
said nothing that could be read, it says so once (the question comes again with its
choices as buttons); a question already asked twice is not asked again but noted as
"not sure" (the decision policy's safe branch), said in one sentence, and the form goes
on. However the conversation goes (misunderstood answers, questions in between), no
question is asked a third time.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import answer_question
from actions.reading import answered_on_the_way, language_of, typed_text
from actions.texts import say
from knowledge import repository
from language.reader import UNSURE

MAX_ASKS = 2
# what "not sure" is for a question whose answer is no category: where you work is the EU;
# the referral is sent only on an explicit yes
UNSURE_ANSWER = {"jurisdiction": "EU", "referral_consent": "no"}
NOT_UNDERSTOOD = {"jurisdiction": "utter_place_not_found"}


def checked(session, slot: str, value: Any) -> Optional[str]:
    """``value`` when it is one of ``slot``'s categories (a button can be forged), else None."""
    if value is None:
        return None
    if slot == "jurisdiction":
        return value if repository.get_jurisdiction(session, str(value)) is not None else None
    return value if value in repository.vocabulary_values(session, slot) else None


async def ask_next(
    form: FormValidationAction,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: DomainDict,
    answered: Dict[str, Any],
) -> List[EventType]:
    """The events that make ``form`` ask its next question, or end it: the questions
    asked twice already are filled with "not sure" on the way. ``answered`` holds what
    the latest message said; a reply that said nothing is repaired, unless something
    else (a question answered on the way) replied to it."""
    language = language_of(tracker)
    pending = tracker.get_slot("requested_slot")
    counts: Dict[str, int] = dict(tracker.get_slot("asked") or {})
    said_nothing = not any(v is not None for v in answered.values())
    # a reply that said nothing is repaired, unless something else replied to it on the way
    # or it asks one of the knowledge base's questions (answered here; the form asks again)
    missed = (
        bool(pending and typed_text(tracker) and said_nothing)
        and not answered_on_the_way(tracker)
        and not answer_question(dispatcher, tracker)
    )
    events: List[EventType] = []
    while True:
        required = await form.required_slots(form.domain_slots(domain), dispatcher, tracker, domain)
        question = next((s for s in required if tracker.slots.get(s) is None), None)
        if question is None:
            return events + [SlotSet("asked", counts), SlotSet("requested_slot", None)]
        if counts.get(question, 0) < MAX_ASKS:
            if missed and question == pending:
                say(
                    dispatcher,
                    domain,
                    NOT_UNDERSTOOD.get(question, "utter_not_understood"),
                    language,
                )
            counts[question] = counts.get(question, 0) + 1
            return events + [SlotSet("asked", counts), SlotSet("requested_slot", question)]
        value = UNSURE_ANSWER.get(question, UNSURE)
        say(dispatcher, domain, "utter_moving_on_unsure", language)
        if question == "danger":
            say(dispatcher, domain, "utter_danger_unsure", language)
        events.append(SlotSet(question, value))
        tracker.slots[question] = value
