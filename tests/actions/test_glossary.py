"""actions/glossary.py: explaining symbols from the glossary, and the form that asks for one."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.glossary import ActionExplainSymbol, ValidateGlossaryForm
from tests.actions.helpers import DOMAIN, make_tracker, responses


def test_action_names_are_the_domain_names():
    names = [ValidateGlossaryForm().name(), ActionExplainSymbol().name()]
    assert names == ["validate_glossary_form", "action_explain_symbol"]
    assert set(names) <= set(DOMAIN["actions"])


async def explain(**tracker_args):
    dispatcher = CollectingDispatcher()
    events = await ActionExplainSymbol().run(dispatcher, make_tracker(**tracker_args), DOMAIN)
    return events, dispatcher


@pytest.mark.usefixtures("sqlite_kb")
async def test_known_term_is_explained_with_its_innocent_use():
    events, dispatcher = await explain(slots={"glossary_term": "88"}, text="what does 88 mean")
    assert events == [SlotSet("glossary_term", None)]
    [message] = dispatcher.messages
    assert message["response"] == "utter_glossary_entry"
    assert message["term"] == "88"
    assert message["caveat"] == (
        "88 is an ordinary number in ages, prices, years, house numbers and shirt numbers, "
        "and in Chinese online slang it means 'bye-bye'; context decides."
    )
    assert message["ideology"] and message["meaning"] and message["source"]


@pytest.mark.usefixtures("sqlite_kb")
async def test_term_without_innocent_use_still_says_context_matters():
    events, dispatcher = await explain(slots={"glossary_term": "happy merchant"})
    assert events == [SlotSet("glossary_term", None)]
    [message] = dispatcher.messages
    assert (message["response"], message["term"]) == (
        "utter_glossary_entry_no_innocent_use",
        "Happy Merchant",
    )
    assert "caveat" not in message  # the response's own words say context still matters


@pytest.mark.usefixtures("sqlite_kb")
async def test_question_text_is_used_when_the_slot_is_empty():
    events, dispatcher = await explain(text="what does 1488 mean?")
    assert events == [SlotSet("glossary_term", None)]
    assert [m.get("term") for m in dispatcher.messages] == ["1488"]


@pytest.mark.usefixtures("sqlite_kb")
@pytest.mark.parametrize(
    "term",
    ["zzzzqqq", "what does the number 8 mean"],
)
async def test_unknown_term_says_so_and_resets_the_slot(term):
    events, dispatcher = await explain(slots={"glossary_term": term}, text=term)
    assert events == [SlotSet("glossary_term", None)]
    assert responses(dispatcher) == ["utter_glossary_unknown"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("/ask_glossary", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("  88 ", "88"),
        ("black sun", "black sun"),
    ],
)
def test_glossary_form_keeps_a_named_term_and_drops_a_button_payload(value, expected):
    dispatcher = CollectingDispatcher()
    result = ValidateGlossaryForm().validate_glossary_term(
        value, dispatcher, make_tracker(requested_slot="glossary_term"), DOMAIN
    )
    assert result == {"glossary_term": expected}
    assert dispatcher.messages == []


def translate_88(url: str, **fields) -> None:
    """Give the glossary entry '88' exactly ``fields`` in German (whatever the seed has)."""
    from sqlalchemy import delete, select

    from knowledge import db
    from knowledge.models import GlossaryEntry, Translation
    from knowledge.translations import set_translation

    with db.make_sessionmaker(db.make_engine(url)).begin() as session:
        entry = session.scalar(select(GlossaryEntry).where(GlossaryEntry.term == "88"))
        session.execute(
            delete(Translation).where(
                Translation.kind == "glossary", Translation.entry_id == entry.id
            )
        )
        for name, text in fields.items():
            set_translation(session, "glossary", entry, name, "de", text)


async def test_a_symbol_is_explained_in_the_conversations_language(sqlite_kb):
    translate_88(sqlite_kb, meaning="Bedeutung", ideology="Neonazismus", innocent_use="Harmlos")
    _events, dispatcher = await explain(slots={"glossary_term": "88", "language": "de"})
    [message] = dispatcher.messages
    assert (message["meaning"], message["ideology"], message["caveat"]) == (
        "Bedeutung",
        "Neonazismus",
        "Harmlos",
    )


async def test_a_field_without_translation_is_english_with_a_note(sqlite_kb):
    from language.labels import label

    translate_88(sqlite_kb, meaning="Bedeutung")
    _events, english = await explain(slots={"glossary_term": "88"})
    _events, dispatcher = await explain(slots={"glossary_term": "88", "language": "de"})
    entry, note = dispatcher.messages
    assert entry["meaning"] == "Bedeutung"
    assert entry["caveat"] == english.messages[0]["caveat"]  # English
    assert note["text"] == label("notes", "untranslated", "de")
