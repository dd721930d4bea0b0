"""After the advice, in free text and in every language, through the REST channel (real
Rasa, real action server): the drafted notice after a *report* recommendation and when
asked for, what happens next, what to do when the platform does not act, the signs of
concern, and the self-care line after disturbing content."""

from __future__ import annotations

import uuid
from typing import Dict, List, Optional

import pytest

from knowledge import repository
from knowledge.db import make_engine, make_sessionmaker
from knowledge.translations import localise
from language.labels import label
from tests.e2e.assistant import card, texts

pytestmark = pytest.mark.slow

# per language: a report triage typed as a practitioner would (terrorist propaganda a pupil
# shared, in the country's example municipality), then the questions after the advice
SCRIPTS = {
    "en": {
        "triage": [
            "one of my students shared an ISIS beheading video on TikTok, I work in Beispielstadt",
            "no, nobody is in danger right now",
            "yes probably illegal",
        ],
        "law": "StGB",
        "request": "can you help me write the report to the platform?",
        "after_reporting": "what happens after I report it?",
        "platform_did_not_act": "I reported it last week but the platform did nothing, what now?",
        "signs_of_concern": "how do I know if a young person is being radicalised?",
    },
    "de": {
        "triage": [
            "Ein Schüler hat ein IS-Video auf TikTok geteilt, ich arbeite in Musterstadt",
            "nein, niemand ist in Gefahr",
            "ja, wahrscheinlich strafbar",
        ],
        "law": "StGB",
        "request": "Können Sie mir helfen, die Meldung an die Plattform zu formulieren?",
        "after_reporting": "Was passiert, nachdem ich es gemeldet habe?",
        "platform_did_not_act": "Gemeldet, aber die Plattform hat nichts gemacht. Und jetzt?",
        "signs_of_concern": "Woran erkenne ich, ob sich ein Jugendlicher radikalisiert?",
    },
    "fr": {
        "triage": [
            "Un élève a partagé une vidéo de Daech sur TikTok, je travaille à Villexemple",
            "non, personne n'est en danger",
            "oui, probablement illégal",
        ],
        "law": "Code pénal",
        "request": "pouvez-vous m'aider à rédiger le signalement pour la plateforme ?",
        "after_reporting": "que se passe-t-il après mon signalement ?",
        "platform_did_not_act": "j'ai signalé la vidéo, la plateforme n'a rien fait, que faire ?",
        "signs_of_concern": "comment savoir si un jeune se radicalise ?",
    },
    "nl": {
        "triage": [
            "Een leerling heeft een IS-video op TikTok gedeeld, ik werk in Voorbeeldstad",
            "nee, niemand is in gevaar",
            "ja, waarschijnlijk illegaal",
        ],
        "law": " Sr (",
        "request": "kunt u mij helpen de melding voor het platform op te stellen?",
        "after_reporting": "wat gebeurt er nadat ik het heb gemeld?",
        "platform_did_not_act": "ik heb het gemeld maar het platform heeft niets gedaan, wat nu?",
        "signs_of_concern": "hoe weet ik of een jongere radicaliseert?",
    },
}
LANGUAGES = list(SCRIPTS)


def sender() -> str:
    return f"after-{uuid.uuid4().hex[:10]}"


def notice(replies: List[Dict]) -> Optional[Dict]:
    """The drafted notice among ``replies``, if any."""
    return card(replies, "notice")


@pytest.fixture(scope="module")
def knowledge(assistant):
    """The running assistant's knowledge base, to read what it should say."""
    engine = make_engine(assistant.settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def faq_answer(session, topic: str, language: str) -> str:
    entry = repository.faq_entry(session, topic)
    assert entry is not None, f"the knowledge base has no '{topic}' question"
    return localise(session, "faq", entry, language).text("answer")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_comes_with_a_notice_then_what_next_and_self_care(assistant, knowledge, language):
    script = SCRIPTS[language]
    who = sender()
    replies = assistant.conversation(who, *script["triage"])
    recommendation = card(replies)
    assert recommendation is not None, texts(replies)
    assert recommendation["course_of_action"] == "report"
    drafted = notice(replies)
    assert drafted is not None, texts(replies)
    assert drafted["language"] == language
    text = texts(replies)  # the notice's text comes as a reply of its own, beside its payload
    for element in ("heading", "location", "reasons", "good_faith", "url_placeholder"):
        assert label("notice", element, language) in text
    assert script["law"] in text  # the country's own criminal law
    assert "TikTok" in [p["name"] for p in drafted["platforms"]]
    assert drafted["reporting_points"], "the national reporting point comes with the notice"
    # the self-care line follows terrorist propaganda, in the conversation's language
    care = repository.guidance_for(
        knowledge, assistant.tracker(who)["slots"]["jurisdiction"], "self_care"
    )
    assert localise(knowledge, "guidance", care, language).text("summary") in texts(replies)

    for topic in ("after_reporting", "platform_did_not_act"):
        answered = texts(assistant.say(who, script[topic]))
        assert faq_answer(knowledge, topic, language) in answered, (topic, answered)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_is_drafted_when_asked_before_any_triage(assistant, language):
    replies = assistant.say(sender(), SCRIPTS[language]["request"])
    drafted = notice(replies)
    assert drafted is not None, texts(replies)
    assert label("notice", "url_placeholder", language) in texts(replies)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_signs_of_concern_are_answered_from_the_knowledge_base(assistant, knowledge, language):
    replies = assistant.say(sender(), SCRIPTS[language]["signs_of_concern"])
    assert faq_answer(knowledge, "signs_of_concern", language) in texts(replies)


def test_the_notice_asked_for_mid_triage_and_the_triage_goes_on(assistant):
    who = sender()
    assistant.say(who, "a pupil posted racist memes on Instagram")
    replies = assistant.say(who, "wait, what do I write in the report?")
    assert notice(replies) is not None, texts(replies)
    assert "immediate risk" in texts(replies)  # the question asked is asked again


# per language: legal but worrying content by someone the practitioner knows, with no other
# agency involved (the advice would be to engage), and the answers to each question
ENGAGE = {
    "en": (
        "one of my pupils keeps posting great replacement conspiracy memes on instagram, "
        "I work in Beispielstadt",
        {
            "danger": "no",
            "content_type": "conspiracy memes",
            "platform": "instagram",
            "illegal": "no, offensive but not illegal",
            "poster": "one of my pupils",
            "jurisdiction": "Beispielstadt",
            "other_agencies": "no",
        },
        {
            "yes": "yes, I know him well and my head of year has my back",
            "no": "honestly no, I'm scared of his older brother",
        },
    ),
    "de": (
        "Ein Schüler von mir postet ständig Verschwörungsmemes auf Instagram, "
        "ich arbeite in Musterstadt",
        {
            "danger": "nein",
            "content_type": "Verschwörungstheorien",
            "platform": "Instagram",
            "illegal": "nein, nicht strafbar",
            "poster": "ein Schüler von mir",
            "jurisdiction": "Musterstadt",
            "other_agencies": "nein",
        },
        {"yes": "ja, ich fühle mich bereit", "no": "nein, ehrlich gesagt habe ich Angst"},
    ),
    "fr": (
        "Un de mes élèves publie sans arrêt des mèmes complotistes sur Instagram, "
        "je travaille à Villexemple",
        {
            "danger": "non",
            "content_type": "du complotisme",
            "platform": "Instagram",
            "illegal": "non, pas illégal",
            "poster": "un de mes élèves",
            "jurisdiction": "Villexemple",
            "other_agencies": "non",
        },
        {"yes": "oui, je me sens prête", "no": "non, pas vraiment, je suis seule"},
    ),
    "nl": (
        "Een leerling van mij post steeds complotmemes op Instagram, ik werk in Voorbeeldstad",
        {
            "danger": "nee",
            "content_type": "complottheorieën",
            "platform": "Instagram",
            "illegal": "nee, niet illegaal",
            "poster": "een leerling van mij",
            "jurisdiction": "Voorbeeldstad",
            "other_agencies": "nee",
        },
        {"yes": "ja, ik voel me er klaar voor", "no": "nee, ik durf het niet goed"},
    ),
}


def answer_until_card(assistant, who: str, opening: str, answers: Dict[str, str]) -> List[Dict]:
    """Play a triage as an outside client would: answer each question the assistant asks
    (its ``requested_slot``) from ``answers``; every reply, up to the card."""
    replies = assistant.say(who, opening)
    asked: List[str] = []
    for _ in range(10):
        if card(replies) is not None:
            return replies
        question = assistant.tracker(who)["slots"].get("requested_slot")
        assert question in answers, f"asked {question}, after {asked}: {texts(replies)}"
        asked.append(question)
        replies = assistant.say(who, answers[question])
    raise AssertionError(f"no card after {asked}")


@pytest.mark.parametrize("footing, course", [("yes", "engage"), ("no", "refer_coordinator")])
@pytest.mark.parametrize("language", LANGUAGES)
def test_engaging_needs_the_practitioners_own_footing(assistant, language, footing, course):
    opening, answers, footings = ENGAGE[language]
    who = sender()
    replies = answer_until_card(assistant, who, opening, {**answers, "footing": footings[footing]})
    recommendation = card(replies)
    assert recommendation["course_of_action"] == course, texts(replies)
    assert assistant.tracker(who)["slots"]["footing"] == footing
    # engaging comes with the municipality's own offers to move the contact offline
    assert bool(recommendation["offers"]) == (course == "engage")
