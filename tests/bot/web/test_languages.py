"""The widget's four languages, server side: a conversation opened in a language, a switch,
cards that carry their labels, and the widget's own words in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.channels.languages import NAMES
from bot.channels.web import conversations
from tests.bot.web.conftest import SECRET
from tests.domain import load_domain

WIDGET = Path(__file__).resolve().parents[3] / "bot" / "channels" / "web" / "static" / "widget.js"


def told_rasa(fake_rasa, conversation_id):
    events = fake_rasa.app["events"][conversations.sender_id(SECRET, conversation_id)]
    return [e["text"] for e in events if e["event"] == "user"]


async def start(client, language):
    response = await client.post("/api/conversations", json={"language": language})
    assert response.status == 201
    return await response.json()


async def test_a_conversation_opens_in_the_language_the_widget_asks_for(client, fake_rasa):
    opened = await start(client, "de")
    assert told_rasa(fake_rasa, opened["conversation_id"]) == [
        '/set_language{"language":"de"}',
        "/greet",
    ]
    assert [m["text"] for m in opened["messages"]] == ["You said: /greet"]  # the greeting only
    history = await client.get(f"/api/conversations/{opened['conversation_id']}")
    # the language chosen before the greeting was not said by the practitioner
    assert (await history.json())["messages"] == opened["messages"]


@pytest.mark.parametrize("body", [{"language": "es"}, {"language": 5}])
async def test_a_language_signpost_does_not_speak_is_refused(client, body):
    response = await client.post("/api/conversations", json=body)
    assert response.status == 400
    assert (await response.json())["error"].startswith("the_language_must_be_one_of")


async def test_without_a_language_the_assistant_finds_it_itself(client, fake_rasa):
    opened = await (await client.post("/api/conversations")).json()
    assert told_rasa(fake_rasa, opened["conversation_id"]) == ["/greet"]


async def test_a_switch_is_shown_by_the_language_s_name(client, fake_rasa):
    conversation_id = (await start(client, "en"))["conversation_id"]
    url = f"/api/conversations/{conversation_id}"
    switch = {"text": "Français", "payload": '/set_language{"language":"fr"}'}
    reply = await (await client.post(f"{url}/messages", json=switch)).json()
    assert reply["messages"][0]["text"] == "Language: fr"
    history = (await (await client.get(url)).json())["messages"]
    assert history[-2:] == [
        {"role": "user", "text": "Français"},
        {"role": "bot", "text": "Language: fr"},
    ]


async def test_a_card_carries_its_labels_in_its_language(client):
    conversation_id = (await start(client, "fr"))["conversation_id"]
    url = f"/api/conversations/{conversation_id}/messages"
    body = {"text": "Non", "payload": '/inform{"danger":"no"}'}
    [message] = (await (await client.post(url, json=body)).json())["messages"]
    assert message["card"]["language"] == "fr"
    assert message["card"]["labels"] == {
        "urgency": "Aujourd'hui",
        "headings": {
            "urgency": "urgence",
            "who_acts": "Qui agit",
            "what_to_do": "Que faire",
            "contacts": "Contacts",
            "sources": "Sources",
            "offers": "Offres locales pour poursuivre le contact hors ligne",
        },
    }  # contacts' roles and places come named in the card (knowledge/recommendation.py)
    history = await (await client.get(f"/api/conversations/{conversation_id}")).json()
    assert history["messages"][-1]["card"]["labels"]["headings"]["what_to_do"] == "Que faire"


# ---- the widget's own words (widget.js) ----------------------------------------------------


def widget_strings() -> dict:
    """Each language's block of STRINGS in widget.js: its keys and its text."""
    source = WIDGET.read_text(encoding="utf-8")
    block = source[source.index("  var STRINGS = {") : source.index("\n  };\n")]
    parts = re.split(r"^    (en|de|fr|nl): \{$", block, flags=re.MULTILINE)[1:]
    return {
        language: {
            "keys": re.findall(r"^ {6,8}(\w+):", body, flags=re.MULTILINE),
            "text": " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)),
            "delete": re.search(r'deleteConversation: "([^"]+)"', body).group(1),
        }
        for language, body in zip(parts[::2], parts[1::2], strict=True)
    }


def test_the_widget_speaks_the_four_languages_with_the_same_keys():
    strings = widget_strings()
    assert list(strings) == list(NAMES)
    for language in NAMES:
        assert strings[language]["keys"] == strings["en"]["keys"], language


def test_the_delete_button_is_called_what_the_assistant_calls_it():
    """utter_delete tells the practitioner which button to press, in each language."""
    variants = load_domain()["responses"]["utter_delete"]
    said = {(v.get("condition") or [{"value": "en"}])[0]["value"]: v["text"] for v in variants}
    for language, strings in widget_strings().items():
        assert strings["delete"] in " ".join(said[language].split()), language
    assert [s["delete"] for s in widget_strings().values()] == [
        "Delete conversation",
        "Gespräch löschen",
        "Supprimer la conversation",
        "Gesprek verwijderen",
    ]


def test_french_has_a_no_break_space_before_double_punctuation():
    assert not re.search(r"[^\u00a0][?!:;]", widget_strings()["fr"]["text"])
