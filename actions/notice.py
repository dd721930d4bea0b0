"""After the advice: the drafted notice to the platform (``knowledge/notice.py``) after a
*report* recommendation and whenever asked ("help me write the report"), and after a
conversation about disturbing content, a line on the practitioner's own wellbeing."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from actions.formatting import notice_message_text
from actions.kb import kb_session
from actions.reading import language_of, typed_text
from knowledge import repository
from knowledge.notice import draft_notice
from knowledge.policy import Triage
from knowledge.recommendation import Recommendation
from knowledge.translations import localise
from language.questions import asks_for_notice

# kinds of content that stay with whoever saw them: the self-care line follows the advice
DISTURBING = frozenset({"terrorist_propaganda", "threat_of_violence"})
SELF_CARE = "self_care"


def send_notice(
    dispatcher: CollectingDispatcher, session: Session, triage: Triage, language: str
) -> None:
    """The drafted notice: text for channels without a notice view, and the ``custom``
    payload the widget and Telegram draw (with the fields only the browser fills)."""
    notice = draft_notice(session, triage, language)
    dispatcher.utter_message(text=notice_message_text(notice), json_message=notice.payload())


def follow_advice(
    dispatcher: CollectingDispatcher,
    session: Session,
    triage: Triage,
    rec: Recommendation,
    language: str,
) -> None:
    """What follows a recommendation: the notice when reporting is advised, the self-care
    line after disturbing content (not after an emergency, which must stay short)."""
    if "report" in {rec.course_of_action, *rec.also}:
        send_notice(dispatcher, session, triage, language)
    if triage.content_type in DISTURBING and rec.course_of_action != "emergency":
        line = self_care_line(session, triage.jurisdiction, language)
        if line:
            dispatcher.utter_message(text=line)


def self_care_line(session: Session, jurisdiction: Optional[str], language: str) -> str:
    """The nearest self-care guidance (the municipality's, else the EU-level text): its
    one line, and where staff support is."""
    found = repository.guidance_for(session, jurisdiction, SELF_CARE)
    if found is None:
        return ""
    local = localise(session, "guidance", found, language)
    return "\n".join([local.text("summary"), *(f"- {step}" for step in local.text("steps"))])


def answer_notice_request(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Draft the notice from what the conversation knows when the latest message asks for it."""
    text = typed_text(tracker)
    if not text or not asks_for_notice(text):
        return False
    triage = Triage.from_slots(tracker.current_slot_values())
    with kb_session() as session:
        send_notice(dispatcher, session, triage, language_of(tracker))
    return True
