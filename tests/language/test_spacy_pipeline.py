"""language/spacy_pipeline.py: entity patterns generated from the knowledge base."""

from __future__ import annotations

import json

import pytest
import spacy

from language import spacy_pipeline


@pytest.fixture(scope="module")
def nlp(module_sqlite_session, tmp_path_factory):
    """The pipeline built into a temporary folder and loaded back, as Rasa's SpacyNLP does."""
    target = tmp_path_factory.mktemp("spacy") / "signpost_en"
    assert spacy_pipeline.build(module_sqlite_session, target) == target
    return spacy.load(target)


def entities(nlp, sentence):
    return [(entity.text, entity.label_) for entity in nlp(sentence).ents]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "a pupil shared an ISIS video on TikTok, we're in Berlin",
            [
                ("a pupil", "poster"),
                ("ISIS video", "content_type"),
                ("TikTok", "platform"),
                ("Berlin", "place"),
            ],
        ),
        (
            "an anonymous account posted racist memes on insta",
            [
                ("an anonymous account", "poster"),
                ("racist memes", "content_type"),
                ("insta", "platform"),
            ],
        ),
        ("what does 1488 mean?", [("1488", "symbol")]),
        (
            "he posted 88 and HH in the class chat",
            [("88", "symbol"), ("HH", "symbol"), ("class chat", "platform")],
        ),
        ("what is the black sun", [("black sun", "symbol")]),
        ("we are in graz", [("graz", "place")]),
        ("I work in Beispielstadt", [("Beispielstadt", "place")]),
        ("it was on tik tok in Köln", [("tik tok", "platform"), ("Köln", "place")]),
        ("We work near Nice", [("Nice", "place")]),
        ("a student from Split", [("a student", "poster"), ("Split", "place")]),
        ("we are in Deutschland", [("Deutschland", "place")]),
        ("that's not nice", []),
        ("not nice at all", []),
        ("hello", []),
    ],
)
def test_sentence_gets_the_expected_entities(nlp, sentence, expected):
    assert entities(nlp, sentence) == expected


@pytest.mark.parametrize(
    "sentence, town", [("racist memes in Wien", "Wien"), ("we work in München", "München")]
)
def test_local_town_name_is_a_place(nlp, sentence, town):
    assert (town, "place") in entities(nlp, sentence)


def test_pipeline_has_the_three_rulers_in_order(nlp):
    assert nlp.pipe_names == ["signpost_terms", "signpost_towns_cased", "signpost_towns_lower"]


def test_patterns_are_sorted_and_deterministic(module_sqlite_session):
    first = spacy_pipeline.patterns(module_sqlite_session)
    second = spacy_pipeline.patterns(module_sqlite_session)
    assert first == second
    assert list(first) == ["signpost_terms", "signpost_towns_cased", "signpost_towns_lower"]
    for ruler, patterns in first.items():
        keys = [json.dumps(p, sort_keys=True, ensure_ascii=False) for p in patterns]
        assert keys == sorted(set(keys)), ruler  # sorted, without duplicates


def test_patterns_leave_out_common_words_from_lowercase_towns(module_sqlite_session):
    lowercase = {
        p["pattern"] for p in spacy_pipeline.patterns(module_sqlite_session)["signpost_towns_lower"]
    }
    assert {"berlin", "graz", "lyon"} <= lowercase
    assert not lowercase & {"nice", "split", "of"}


def test_patterns_carry_vocabulary_glossary_and_jurisdictions(module_sqlite_session):
    terms = {
        (p["label"], p["pattern"])
        for p in spacy_pipeline.patterns(module_sqlite_session)["signpost_terms"]
    }
    assert {
        ("platform", "insta"),
        ("poster", "one of my students"),
        ("content_type", "isis video"),
        ("symbol", "1488"),
        ("symbol", "(((echo)))"),
        ("place", "Beispielstadt"),
        ("place", "Deutschland"),
    } <= terms
    assert ("place", "European Union") not in terms  # the EU is no place one works in
    assert ("platform", "x") not in terms  # answer words are too generic for entities
