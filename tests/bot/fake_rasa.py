"""A small stand-in for the Rasa server (Signpost's channel, tracker API) for the channel tests."""

from __future__ import annotations

import asyncio
import json
from typing import Dict, List

from aiohttp import web

TOKEN = "test-token"


def create_fake_rasa() -> web.Application:
    """A Rasa double that greets with buttons and keeps each sender's events and language
    (set by the ``/set_language{"language":"xx"}`` payload, as the real assistant's)."""
    events: Dict[str, List[dict]] = {}
    languages: Dict[str, str] = {}
    app = web.Application()
    app["events"] = events
    app["languages"] = languages

    async def root(request):
        return web.Response(text="Hello from Rasa: 3.6.21")

    async def webhook(request):
        body = await request.json()
        sender, text = body["sender"], body["message"]
        if text == "boom":  # a broken answer, to show one user's error stops nobody else
            return web.Response(text="not json", content_type="application/json")
        if text == "frozen":  # a Rasa that stopped answering (SIGSTOP)
            await asyncio.sleep(60)
        if text == "lost":  # Rasa failed inside and stored nothing: the channel says []
            return web.json_response([])
        log = events.setdefault(sender, [])
        log.append({"event": "user", "text": text})
        if text == "unanswered":  # the action server was down: bot/rasa/process.py's marker
            marker = {"custom": {"type": "unavailable"}}
            log += [{"event": "rewind"}, {"event": "bot", "text": "", "data": marker}]
            return web.json_response([{"recipient_id": sender, **marker}])
        if text.startswith("/set_language"):
            languages[sender] = json.loads(text[len("/set_language") :])["language"]
            reply = {"text": f"Language: {languages[sender]}", "data": {}}
        elif text.startswith("/inform"):
            card = {**CARD, "language": languages.get(sender)}
            reply = {"text": "Recommendation text", "data": {"custom": card}}
        elif text == "long card":  # a card over Telegram's limit, its contacts at the end
            reply = {"text": "Recommendation text", "data": {"custom": LONG_CARD}}
        elif text == "long":
            reply = {"text": "\n".join(f"line {n} " + "x" * 90 for n in range(100)), "data": {}}
        else:
            reply = {
                "text": f"You said: {text}",
                "data": {"buttons": [{"title": "No", "payload": '/inform{"danger":"no"}'}]},
            }
        log.append({"event": "bot", **reply})
        # each reply whole, its parts together (bot/rasa/channel.py)
        return web.json_response([{"recipient_id": sender, "text": reply["text"], **reply["data"]}])

    async def tracker(request):
        if request.query.get("token") != TOKEN:
            return web.json_response({"message": "unauthorised"}, status=401)
        sender = request.match_info["sender"]
        slots = {"language": languages.get(sender)}
        return web.json_response(
            {"sender_id": sender, "slots": slots, "events": events.get(sender, [])}
        )

    app.router.add_get("/", root)
    app.router.add_post("/webhooks/signpost/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    return app


CARD = {
    "type": "recommendation",
    "course_of_action": "report",
    "urgency": "today",
    "title": "Report it",
    "steps": ["Keep the URL."],
    "contacts": [
        {
            "name": "REspect!",
            "role": "reporting_point",
            "phone": None,
            "email": None,
            "url": "https://meldestelle-respect.de",
            "jurisdiction": "DE",
        }
    ],
    "sources": [{"title": "DSA Art. 16", "url": None}],
}

# guidance far over 4,096 characters, in single lines that each hold tags, then contacts
LONG_CARD = {
    **CARD,
    "title": "Involve the coordinator",
    "rationale": " ".join(f"Reason {n}: keep calm & document what you saw." for n in range(120)),
    "steps": [" ".join(f"step {n} part {m} <not a tag>" for m in range(60)) for n in range(4)],
    "contacts": [
        {"name": f"Contact {n}", "phone": f"+49 30 {n:04d}", "url": f"https://example.org/{n}"}
        for n in range(12)
    ],
    "sources": [{"title": "Guide with a long title " * 5, "url": "https://example.org/guide"}],
}
