"""Answers a question from the knowledge base's questions and answers (``faq``), at any
point: outside the assistant's own topics, and in the middle of the triage, after which
the question asked is asked again."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.kb import kb_session
from actions.notice import answer_notice_request
from actions.reading import language_of, looks_like_a_question, typed_text
from knowledge import repository
from knowledge.translations import Localised, localise
from language.labels import label
from language.questions import matching_question


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer the latest message when it asks one of the knowledge base's questions, in
    the conversation's language; a request for help with the notice to the platform gets
    the drafted notice (``actions.notice``)."""
    if answer_notice_request(dispatcher, tracker):
        return True
    text = typed_text(tracker)
    if not text or not looks_like_a_question(text):
        return False
    with kb_session() as session:
        entry = matching_question(repository.faq(session), text)
        if entry is None:
            return False
        local = localise(session, "faq", entry, language_of(tracker))
        dispatcher.utter_message(
            response="utter_faq", answer=local.text("answer"), source=entry.source
        )
    say_if_untranslated(dispatcher, local)
    return True


def say_if_untranslated(dispatcher: CollectingDispatcher, local: Localised) -> None:
    """After an answer shown partly in English, say so in the reader's language."""
    if local.untranslated:
        dispatcher.utter_message(text=label("notes", "untranslated", local.language))
