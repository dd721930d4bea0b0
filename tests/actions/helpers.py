"""Small builders for the rasa_sdk objects the action tests feed to the real actions."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from tests.domain import load_domain

DOMAIN: Dict[str, Any] = load_domain()
TRIAGE_SLOTS: List[str] = DOMAIN["forms"]["triage_form"]["required_slots"]


def make_tracker(
    slots: Dict[str, Any] | None = None,
    *,
    intent: str | None = None,
    text: str | None = None,
    entities: List[dict] | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = None,
    events: List[dict] | None = None,
    sender_id: str = "test-practitioner",
) -> Tracker:
    """A tracker with every domain slot (None unless given) and the latest user message."""
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    all_slots["requested_slot"] = requested_slot
    latest_message = {
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
        "text": text,
    }
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=latest_message,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def form_tracker(
    slots: Dict[str, Any], candidate: Dict[str, Any], *, requested_slot: str | None, **message
) -> Tracker:
    """A tracker as Rasa sends it to a form's validation action: the slot candidates
    extracted from the latest message are the last events (and already in the slots)."""
    return make_tracker(
        {**slots, **candidate},
        requested_slot=requested_slot,
        active_loop="triage_form",
        events=[{"event": "user", "text": message.get("text")}]
        + [SlotSet(name, value) for name, value in candidate.items()],
        **message,
    )


def responses(dispatcher) -> List[str | None]:
    """The response names the dispatcher sent, in order."""
    return [message["response"] for message in dispatcher.messages]


def texts(dispatcher) -> List[str]:
    """The texts the dispatcher sent (responses the action rendered itself)."""
    return [message["text"] for message in dispatcher.messages]


def english(domain: Dict[str, Any], response: str, **values) -> str:
    """A response's English text (its variant without a condition), filled in."""
    from actions.texts import fill, variant

    return fill(variant(domain, response, None)["text"], values)
