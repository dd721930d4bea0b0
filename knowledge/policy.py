"""The decision policy: the first decision rule whose conditions hold picks the course of action.

The rules are data (``knowledge/seed/rules.yml`` and the admin pages), never code.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable, Optional

from knowledge.models import DecisionRule

CONDITIONS = ("danger", "illegal", "poster", "other_agencies")


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
