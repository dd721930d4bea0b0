"""knowledge/places.py: typed places resolve to a seeded jurisdiction, or to None."""

from __future__ import annotations

import pytest

from knowledge import repository
from knowledge.places import Place, PlaceResolver


@pytest.fixture(scope="module")
def resolver(module_sqlite_session) -> PlaceResolver:
    """One resolver over the seeded jurisdictions (the gazetteer index is built once)."""
    return PlaceResolver(repository.jurisdictions(module_sqlite_session))


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Lyon", Place("FR", "Lyon, France", "FR")),
        ("in Graz", Place("AT", "Graz, Austria", "AT")),
        ("Muenchn", Place("DE", "Munich, Germany", "DE")),
        ("we're in Berlin", Place("DE", "Berlin, Germany", "DE")),
        ("we are in graz", Place("AT", "Graz, Austria", "AT")),
        ("Köln", Place("DE", "Köln, Germany", "DE")),
        ("Koeln", Place("DE", "Köln, Germany", "DE")),
        ("Cologne", Place("DE", "Köln, Germany", "DE")),
        ("Wien", Place("AT", "Vienna, Austria", "AT")),
        ("Rotterdam", Place("NL", "Rotterdam, Netherlands", "NL")),
        ("Madrid", Place("ES", "Madrid, Spain", "ES")),
        ("we work near Nice", Place("FR", "Nice, France", "FR")),
    ],
)
def test_eu_town_resolves_to_its_country(resolver, typed, expected):
    assert resolver.resolve(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Deutschland", Place("DE", "Germany", "DE")),
        ("the netherlands", Place("NL", "Netherlands", "NL")),
        ("Osterreich", Place("AT", "Austria", "AT")),
        ("France!!", Place("FR", "France", "FR")),
    ],
)
def test_country_name_or_alias_resolves_to_the_country(resolver, typed, expected):
    assert resolver.resolve(typed) == expected


@pytest.mark.parametrize(
    "typed", ["Beispielstadt", "I work in Beispielstadt", "beispielstad", "BEISPIELSTADT"]
)
def test_example_municipality_resolves_to_itself(resolver, typed):
    assert resolver.resolve(typed) == Place(
        "DE:beispielstadt", "Beispielstadt (example municipality)", "DE"
    )


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("London", Place("EU", "London, United Kingdom", "GB", outside_eu=True)),
        ("Switzerland", Place("EU", "Switzerland", "CH", outside_eu=True)),
        ("Oslo", Place("EU", "Oslo, Norway", "NO", outside_eu=True)),
    ],
)
def test_place_outside_the_eu_resolves_to_eu_marked_outside(resolver, typed, expected):
    assert resolver.resolve(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        None,
        "",
        "   ",
        "qwertzuiop",
        "x" * 5000,
        "😀🙈🔥",
        "<script>alert(1)</script>",
        "not nice at all",
        "not sure",
        "in",
    ],
    ids=[
        "none",
        "empty",
        "blank",
        "nonsense",
        "5000-chars",
        "emoji",
        "markup",
        "lowercase-common-word",
        "not-sure",
        "filler-only",
    ],
)
def test_bad_input_resolves_to_none_without_error(resolver, typed):
    assert resolver.resolve(typed) is None


@pytest.mark.parametrize("typed", ["Holland", "Nederland"])
def test_knowledge_base_country_alias_wins_over_a_foreign_town(resolver, typed):
    assert resolver.resolve(typed) == Place("NL", "Netherlands", "NL")


def test_non_eu_name_is_not_fuzzy_matched_to_an_eu_town(resolver):
    place = resolver.resolve("America")
    assert place is None or place.outside_eu


def test_eu_alias_resolves_to_the_eu(resolver):
    place = resolver.resolve("Europe")
    assert place is not None and place.key == "EU"
