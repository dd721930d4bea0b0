"""The decision policy: the first decision rule whose conditions hold picks the course of action.

The rules are data (``knowledge/seed/rules.yml`` and the admin pages), never code.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields, replace
from typing import Iterable, List, Optional, Sequence

from knowledge.models import DecisionRule

# The answers a rule can look at, and the categories each can take.
CONDITION_VALUES = {
    "danger": ("yes", "no", "unsure"),
    "illegal": ("yes", "no", "unsure"),
    "poster": ("known_person", "anonymous", "organised_group", "unsure"),
    "other_agencies": ("yes", "no", "unsure"),
    # the practitioner's own footing: do they feel safe and able to talk with the person,
    # with someone to back them up? Asked only where the answer decides (before engaging)
    "footing": ("yes", "no", "unsure"),
}
CONDITIONS = tuple(CONDITION_VALUES)


@dataclass(frozen=True)
class Triage:
    """The practitioner's answers, as categories; None where a question was not asked."""

    danger: Optional[str] = None
    content_type: Optional[str] = None
    platform: Optional[str] = None
    illegal: Optional[str] = None
    poster: Optional[str] = None
    jurisdiction: Optional[str] = None
    other_agencies: Optional[str] = None
    footing: Optional[str] = None

    @classmethod
    def from_slots(cls, slots: dict) -> Triage:
        return cls(**{f.name: slots.get(f.name) for f in fields(cls)})


# When no rule matches (a coordinator's edit left a gap), a person decides: the coordinator.
SAFE_DEFAULT = DecisionRule(
    priority=10_000,
    course_of_action="refer_coordinator",
    urgency="this_week",
    also=[],
    rationale=(
        "Your answers don't match any rule of the current policy, so the safest course "
        "is to ask your local coordinator, who knows the local partners."
    ),
    source="Signpost safe default when no decision rule matches",
    source_url=None,
)


def matches(rule: DecisionRule, triage: Triage) -> bool:
    """True when every condition of ``rule`` accepts the corresponding answer."""
    for condition in CONDITIONS:
        accepted = getattr(rule, condition)
        if accepted and getattr(triage, condition) not in accepted:
            return False
    return True


def decide(rules: Iterable[DecisionRule], triage: Triage) -> DecisionRule:
    """The first rule, in the order given, that matches; the safe default if none does."""
    return next((rule for rule in rules if matches(rule, triage)), SAFE_DEFAULT)


def outcome(rule: DecisionRule) -> tuple:
    """What a rule decides, for telling two decisions apart."""
    return (rule.course_of_action, rule.urgency, tuple(rule.also or ()))


def changes_decision(rules: Sequence[DecisionRule], triage: Triage, question: str) -> bool:
    """True when the answer to ``question`` can still change the decision: for some
    answers to the other open questions, two answers to this one lead to different
    decisions. A question whose answer changes nothing is not worth asking."""
    rules = list(rules)
    others = [c for c in CONDITIONS if c != question and getattr(triage, c) is None]
    for answers in itertools.product(*(CONDITION_VALUES[c] for c in others)):
        known = replace(triage, **dict(zip(others, answers, strict=True)))
        decisions = {
            outcome(decide(rules, replace(known, **{question: value})))
            for value in CONDITION_VALUES[question]
        }
        if len(decisions) > 1:
            return True
    return False


def questions_to_ask(
    rules: Sequence[DecisionRule], triage: Triage, order: Sequence[str]
) -> List[str]:
    """The triage's questions in ``order``, without the decision rules' questions whose
    answer can no longer change the decision. Danger is always asked: it is the one
    question that must never be skipped."""
    return [
        q
        for q in order
        if q == "danger"
        or q not in CONDITIONS
        or getattr(triage, q) is not None
        or changes_decision(rules, triage, q)
    ]
