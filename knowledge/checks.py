"""What makes a knowledge-base entry valid, written once for the seed, the YAML import and the
admin pages, with messages a coordinator can act on.

Entries are given as column values (``jurisdiction_key``, dates as ``datetime.date``, lists as
lists); ``kind`` is the table's seed-file stem (``contacts``, ``rules``, ...).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from types import SimpleNamespace
from typing import Any, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence
from urllib.parse import urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo
from sqlalchemy import JSON, Boolean, Date, Integer, String, select
from sqlalchemy.orm import Session

from knowledge.messages import Message
from knowledge.models import (
    CONTACT_ROLES,
    CONTENT_TYPES,
    COURSES,
    GUIDANCE_TOPICS,
    LANGUAGES,
    LEVELS,
    PLATFORM_CATEGORIES,
    URGENCIES,
    Contact,
    DecisionRule,
    Faq,
    GlossaryEntry,
    Guidance,
    Jurisdiction,
    LegalBasis,
    Platform,
    Resource,
    VocabularyTerm,
)
from knowledge.policy import CONDITION_VALUES, CONDITIONS, Triage, matches

# kind -> model, in the order a whole knowledge base is written (jurisdictions first)
MODELS = {
    "jurisdictions": Jurisdiction,
    "vocabulary": VocabularyTerm,
    "contacts": Contact,
    "guidance": Guidance,
    "rules": DecisionRule,
    "glossary": GlossaryEntry,
    "faq": Faq,
    "resources": Resource,
    "legal_bases": LegalBasis,
    "platforms": Platform,
}
RULE_CONDITIONS = CONDITION_VALUES
# Entries of a kind that may not share these values (the tables' unique constraints).
UNIQUE = {
    "jurisdictions": ("key",),
    "vocabulary": ("slot", "value", "language"),
    "guidance": ("course_of_action", "jurisdiction_key"),
    "glossary": ("term",),
    "faq": ("topic",),
    "legal_bases": ("jurisdiction_key", "provision"),
    "platforms": ("name",),
}
PHONE_FIELDS = {"jurisdictions": ("emergency_number", "police_number"), "contacts": ("phone",)}
URL_FIELDS = ("url", "source_url", "notice_url")
EMAIL_FIELDS = ("email",)
COURSE_LISTS = ("courses", "also")
EU_REGIONS = tuple(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# Shorter national numbers than this must be known service numbers (110, 116 111).
MIN_SUBSCRIBER_DIGITS = 6
# Every combination of answers the policy can see; None is a question that was not asked.
ALL_ANSWERS = [
    Triage(**dict(zip(RULE_CONDITIONS, answers, strict=True)))
    for answers in itertools.product(*((*a, None) for a in RULE_CONDITIONS.values()))
]
PHONE_CHARACTERS = re.compile(r"\+?[\d\s()/.-]+")
# an address a mailto: link can carry as it is: no "?" or "&" that would add recipients or
# headers (someone@example.org?bcc=...), no "/", "#", "%", quotes or brackets
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(\.[\w-]+)+")


class Problem(Message):
    """A message about an entry that remembers which field it is about (None: the whole
    entry), so a form can show it beside the field and the import can give its line."""

    field: Optional[str]

    def __new__(cls, text: str, field: Optional[str] = None) -> Problem:
        if isinstance(text, Message):
            problem = super().__new__(cls, text.template, **text.params)
        else:
            problem = super().__new__(cls, text)
        problem.field = field
        return problem


class Place(NamedTuple):
    """What the checks need to know about a jurisdiction: its level and its parent's key."""

    level: str
    parent: Optional[str]


def known_jurisdictions(session: Session) -> Dict[str, Place]:
    """Every jurisdiction in the knowledge base, for ``entry_problems``."""
    rows = session.execute(select(Jurisdiction.key, Jurisdiction.level, Jurisdiction.parent_key))
    return {key: Place(level, parent) for key, level, parent in rows}


def phone_problem(value: str, region: Optional[str] = None) -> Optional[Message]:
    """None when ``value`` is a phone number: international (+49 30 1234567), national in
    ``region`` (without one: in some EU member state), or a service number there (110, 116 111).
    """
    text = str(value).strip()
    if PHONE_CHARACTERS.fullmatch(text):
        regions = [None] if text.startswith("+") else [region] if region else EU_REGIONS
        for where in regions:
            try:
                number = phonenumbers.parse(text, where)
            except phonenumbers.NumberParseException:
                continue
            if where and shortnumberinfo.is_valid_short_number_for_region(number, where):
                return None
            if len(
                str(number.national_number)
            ) >= MIN_SUBSCRIBER_DIGITS and phonenumbers.is_possible_number(number):
                return None
    return Message("'%(value)s' is not a phone number (write it like +49 30 1234567)", value=value)


def url_problem(value: str) -> Optional[Message]:
    """None when ``value`` is a web address: http or https, with a host."""
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        ok = False
    if ok and not re.search(r"\s", text):
        return None
    return Message(
        "'%(value)s' is not a web address (write it like https://example.org/page)", value=value
    )


def email_problem(value: str) -> Optional[Message]:
    """None when ``value`` looks like an e-mail address (name@example.org)."""
    if EMAIL.fullmatch(str(value).strip()):
        return None
    return Message(
        "'%(value)s' is not an e-mail address (write it like name@example.org)", value=value
    )


def entry_problems(
    kind: str,
    values: Mapping[str, Any],
    *,
    jurisdictions: Optional[Mapping[str, Place]] = None,
    others: Sequence[Mapping[str, Any]] = (),
) -> List[Problem]:
    """Everything wrong with one entry of ``kind``: fields, references to ``jurisdictions``
    (not checked when None), and clashes with ``others`` (the kind's other entries, retired
    ones included: a retired entry keeps its place in the table until it is restored)."""
    model = MODELS[kind]
    columns = model.__table__.columns
    problems: List[Problem] = []
    unknown = sorted(set(values) - set(columns.keys()))
    if unknown:
        problems.append(
            Problem(Message("unknown field(s) %(names)s", names=", ".join(unknown)), unknown[0])
        )
    for column in columns:
        value = values.get(column.name)
        if value is None or value == "":
            if _required(column, value, values):
                problems.append(
                    Problem(Message("'%(field)s' is required", field=column.name), column.name)
                )
        elif (problem := _type_problem(column, value)) is not None:
            problems.append(Problem(problem, column.name))
    problems += _reference_problems(kind, values, jurisdictions)
    problems += _choice_problems(kind, values)
    problems += _contact_detail_problems(kind, values, jurisdictions)
    problems += _unique_problems(kind, values, others)
    if kind == "guidance" and not values.get("steps"):
        problems.append(Problem("guidance needs at least one step", "steps"))
    if kind == "rules":
        problems += rule_problems(values, others)
    return problems


def _required(column, value: Any, values: Mapping[str, Any]) -> bool:
    """An empty ``value`` is wrong for a NOT NULL column without a default, for the review
    date (every entry states it), and as an explicit null for any NOT NULL column."""
    if column.nullable or (column.primary_key and isinstance(column.type, Integer)):
        return False
    return (
        column.default is None
        or column.name == "last_reviewed"
        or (value is None and column.name in values)
    )


def _type_problem(column, value: Any) -> Optional[Message]:
    kind = column.type
    if isinstance(kind, Boolean):
        return (
            None
            if isinstance(value, bool)
            else Message("'%(field)s' must be true or false", field=column.name)
        )
    if isinstance(kind, Integer):
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else Message("'%(field)s' must be a whole number", field=column.name)
    if isinstance(kind, Date):
        ok = isinstance(value, dt.date)
        return (
            None if ok else Message("%(field)s must be a date like 2026-11-22", field=column.name)
        )
    if isinstance(kind, String):
        if not isinstance(value, str):
            return Message("'%(field)s' must be text (put it in quotes)", field=column.name)
        if kind.length and len(value) > kind.length:
            return Message(
                "'%(field)s' is longer than %(length)s characters",
                field=column.name,
                length=kind.length,
            )
        return None
    if isinstance(kind, JSON) and column.name not in RULE_CONDITIONS:
        if not isinstance(value, list) or any(not isinstance(item, str) for item in value):
            return Message(
                "every item of '%(field)s' must be text (quote yes/no/numbers)", field=column.name
            )
    return None


def _reference_problems(
    kind: str, values: Mapping[str, Any], jurisdictions: Optional[Mapping[str, Place]]
) -> List[Problem]:
    if jurisdictions is None:
        return []
    problems = []
    for ref in ("jurisdiction_key", "parent_key"):
        key = values.get(ref)
        if key and key not in jurisdictions:
            name = ref.replace("_key", "")
            problems.append(
                Problem(
                    Message("%(field)s '%(key)s' is not a jurisdiction", field=name, key=key), ref
                )
            )
    level, parent = values.get("level"), values.get("parent_key")
    if kind == "jurisdictions" and level in LEVELS:
        if level != "eu" and not parent:
            problems.append(
                Problem(
                    Message("a %(level)s needs a parent jurisdiction", level=level), "parent_key"
                )
            )
        above = jurisdictions.get(parent) if parent else None
        if above and LEVELS.index(above.level) >= LEVELS.index(level):
            problems.append(
                Problem(
                    Message(
                        "parent '%(parent)s' is a %(above)s; a %(level)s's parent must be a "
                        "level above it (eu, then country, then municipality)",
                        parent=parent,
                        above=above.level,
                        level=level,
                    ),
                    "parent_key",
                )
            )
    return problems


def _choice_problems(kind: str, values: Mapping[str, Any]) -> List[Problem]:
    problems = []
    if kind == "vocabulary" and values.get("language", LANGUAGES[0]) not in LANGUAGES:
        problems.append(Problem(_one_of("language", LANGUAGES), "language"))
    if kind == "jurisdictions" and values.get("level") not in LEVELS:
        problems.append(Problem(_one_of("level", LEVELS), "level"))
    if kind == "contacts" and values.get("role") not in CONTACT_ROLES:
        problems.append(Problem(_not_one_of("role", values.get("role"), CONTACT_ROLES), "role"))
    for listed in COURSE_LISTS:
        for course in _list(values.get(listed)):
            if course not in COURSES:
                problems.append(Problem(_not_one_of("course", course, COURSES), listed))
    if kind == "rules" and values.get("course_of_action") not in COURSES:
        problems.append(Problem(_one_of("course_of_action", COURSES), "course_of_action"))
    if kind == "guidance" and values.get("course_of_action") not in GUIDANCE_TOPICS:
        problems.append(Problem(_one_of("course_of_action", GUIDANCE_TOPICS), "course_of_action"))
    if kind == "legal_bases":
        for content_type in _list(values.get("content_types")):
            if content_type not in CONTENT_TYPES:
                problems.append(
                    Problem(
                        _not_one_of("content type", content_type, CONTENT_TYPES), "content_types"
                    )
                )
    if kind == "platforms" and values.get("category") not in PLATFORM_CATEGORIES:
        problems.append(Problem(_one_of("category", PLATFORM_CATEGORIES), "category"))
    if kind == "rules":
        if values.get("urgency") not in URGENCIES:
            problems.append(Problem(_one_of("urgency", URGENCIES), "urgency"))
        for condition, allowed in RULE_CONDITIONS.items():
            if not isinstance(values.get(condition), (list, type(None))):
                problems.append(
                    Problem(
                        Message(
                            "%(field)s must be a list of answers, like [no, unsure]",
                            field=condition,
                        ),
                        condition,
                    )
                )
            for answer in _list(values.get(condition)):
                if answer not in allowed:
                    problems.append(
                        Problem(
                            Message(
                                "%(field)s answer '%(value)s' is not one of %(allowed)s",
                                field=condition,
                                value=answer,
                                allowed=", ".join(allowed),
                            ),
                            condition,
                        )
                    )
    return problems


def _contact_detail_problems(
    kind: str, values: Mapping[str, Any], jurisdictions: Optional[Mapping[str, Place]]
) -> List[Problem]:
    region = _country(kind, values, jurisdictions or {})
    checks = [(name, url_problem) for name in URL_FIELDS]
    checks += [(name, email_problem) for name in EMAIL_FIELDS]
    checks += [
        (name, lambda number: phone_problem(number, region)) for name in PHONE_FIELDS.get(kind, ())
    ]
    return [
        Problem(problem, name)
        for name, check in checks
        if isinstance(values.get(name), str)
        and values[name]
        and (problem := check(values[name])) is not None
    ]


def _country(
    kind: str, values: Mapping[str, Any], jurisdictions: Mapping[str, Place]
) -> Optional[str]:
    """The member state whose national phone numbers the entry's numbers may be written in."""
    if kind == "jurisdictions":
        key, place = values.get("key"), Place(values.get("level"), values.get("parent_key"))
    else:
        key = values.get("jurisdiction_key")
        place = jurisdictions.get(key)
    for _ in LEVELS:
        if place is None or place.level == "eu":
            return None
        if place.level == "country":
            return key
        key, place = place.parent, jurisdictions.get(place.parent)
    return None


def _unique_problems(
    kind: str, values: Mapping[str, Any], others: Sequence[Mapping[str, Any]]
) -> List[Problem]:
    names = UNIQUE.get(kind)
    if not names or any(values.get(name) is None for name in names):
        return []
    mine = [values.get(name) for name in names]
    clash = next((o for o in others if o is not values and [o.get(n) for n in names] == mine), None)
    if clash is None:
        return []
    same = " and ".join(f"{name.replace('_key', '')} '{values[name]}'" for name in names)
    if clash.get("retired"):  # it still holds its values, so it can be restored
        message = Message(
            "a retired entry has the same %(values)s: restore it (see the retired entries) "
            "or choose another",
            values=same,
        )
    else:
        message = Message("another entry has the same %(values)s", values=same)
    return [Problem(message, names[0])]


def rule_problems(rule: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> List[Problem]:
    """Why a decision rule can't work as written, judged against the other rules of its
    jurisdiction exactly as ``knowledge.policy`` tries them (lowest priority first).

    Reported: a condition listing no answers (the policy reads it as "any answer"), a rule
    that can never match because earlier rules take every answer it accepts, and a rule that
    gives other advice than another rule of the same priority for the same answers.
    """
    problems = [
        Problem(
            Message(
                "'%(field)s' lists no answers, which the policy reads as any answer: leave it "
                "out to accept any answer, or list the answers it accepts",
                field=condition,
            ),
            condition,
        )
        for condition in RULE_CONDITIONS
        if rule.get(condition) == []
    ]
    if rule.get("retired") or not _ranked(rule):
        return problems
    peers = [
        other
        for other in others
        if other is not rule
        and not other.get("retired")
        and _ranked(other)
        and other.get("jurisdiction_key") == rule.get("jurisdiction_key")
    ]
    accepted = _accepted(rule)
    if not accepted:
        return problems  # it lists only answers that don't exist: the choice check says so
    earlier = sorted(
        ((other, _accepted(other)) for other in peers if other["priority"] < rule["priority"]),
        key=lambda pair: pair[0]["priority"],
    )
    taken = {i for _other, answers in earlier for i in answers}
    if accepted <= taken:
        problems.append(Problem(_never_matches(accepted, earlier)))
    for other in peers:
        if other["priority"] != rule["priority"] or _advice(other) == _advice(rule):
            continue
        both = accepted & _accepted(other)
        if both:
            problems.append(
                Problem(
                    Message(
                        "contradicts the rule with priority %(other)s: both have priority "
                        "%(priority)s and match %(when)s, but this one says %(advice)s and that "
                        "one %(other_advice)s; which one applies depends on the order they "
                        "were added",
                        other=_name(other),
                        priority=rule["priority"],
                        when=_when(ALL_ANSWERS[min(both)], rule, other),
                        advice=_advice(rule),
                        other_advice=_advice(other),
                    )
                )
            )
    return problems


def _ranked(rule: Mapping[str, Any]) -> bool:
    priority = rule.get("priority")
    return isinstance(priority, int) and not isinstance(priority, bool)


def _accepted(rule: Mapping[str, Any]) -> FrozenSet[int]:
    """The positions in ``ALL_ANSWERS`` of the answers the policy lets ``rule`` match."""
    conditions = SimpleNamespace(**{c: rule.get(c) for c in CONDITIONS})
    if any(not isinstance(v, (list, type(None))) for v in vars(conditions).values()):
        return frozenset()
    return frozenset(i for i, triage in enumerate(ALL_ANSWERS) if matches(conditions, triage))


def _never_matches(accepted: FrozenSet[int], earlier) -> Message:
    whole = next((other for other, answers in earlier if accepted <= answers), None)
    if whole is not None:
        return Message(
            "can never match: the rule with priority %(other)s is tried first and "
            "accepts every answer this one accepts",
            other=_name(whole),
        )
    takers = []
    left = set(accepted)
    for other, answers in earlier:
        if left & answers:
            takers.append(other)
            left -= answers
    return Message(
        "can never match: the rules with priority %(others)s are tried first and between "
        "them accept every answer this one accepts",
        others=", ".join(_name(o) for o in takers[:-1]) + f" and {_name(takers[-1])}",
    )


def _one_of(field: str, allowed) -> Message:
    return Message("%(field)s must be one of %(allowed)s", field=field, allowed=", ".join(allowed))


def _not_one_of(field: str, value: Any, allowed) -> Message:
    return Message(
        "%(field)s '%(value)s' is not one of %(allowed)s",
        field=field,
        value=value,
        allowed=", ".join(allowed),
    )


def _name(rule: Mapping[str, Any]) -> str:
    return f"{rule['priority']} ({rule.get('course_of_action')})"


def _advice(rule: Mapping[str, Any]) -> str:
    return f"{rule.get('course_of_action')} ({rule.get('urgency')})"


def _when(triage: Triage, *rules: Mapping[str, Any]) -> str:
    """The answers, for the conditions either rule sets: "when illegal is 'no' and ..."."""
    said = []
    for condition in RULE_CONDITIONS:
        if any(rule.get(condition) for rule in rules):
            answer = getattr(triage, condition)
            shown = "not asked" if answer is None else f"'{answer}'"
            said.append(f"{condition.replace('_', ' ')} is {shown}")
    if not said:
        return "every answer"
    return "when " + (", ".join(said[:-1]) + " and " if len(said) > 1 else "") + said[-1]


def _list(value: Any) -> List[Any]:
    return value if isinstance(value, list) else []
