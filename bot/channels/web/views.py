"""Handlers: the demo page and widget files, the chat API, and health."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from bot.channels.languages import LANGUAGES, set_language
from bot.channels.typed_text import cleaned
from bot.channels.web import conversations
from bot.channels.web.keys import KB, LIMITER, NEW_CONVERSATIONS, RASA, SECRET, SETTINGS
from bot.channels.web.localized import with_labels, without_opening_choice
from bot.channels.web.middlewares import error
from bot.rasa import replies
from bot.rasa.client import RasaUnavailable
from bot.rasa.conversation_store import erase

STATIC = Path(__file__).resolve().parent / "static"
MAX_TEXT = 2000
MAX_PAYLOAD = 500
UNREACHABLE = "Signpost can't answer right now. If someone is in danger, call 112."
TOO_MANY_CONVERSATIONS = (
    "Many conversations were started from this network just now. Please try again later. "
    "If someone is in danger, call 112."
)


async def demo_page(request: web.Request) -> web.FileResponse:
    """The demo intranet page with the widget embedded."""
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def static_file(name: str):
    """A handler serving one file of the widget."""

    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / name, headers={"Cache-Control": "no-cache"})

    return handler


async def new_conversation(request: web.Request) -> web.Response:
    """Start a conversation: the server makes its unguessable id and the assistant greets,
    in the language the widget asks for (``{"language": "de"}``) when it names one.
    Limited per client address and overall (``NEW_CONVERSATIONS_PER_...``): each one
    costs a Rasa turn and could file a referral."""
    allowed, wait = await request.app[NEW_CONVERSATIONS].check(request.remote)
    if not allowed:
        return error(
            429, "too_many_conversations", TOO_MANY_CONVERSATIONS, **{"Retry-After": str(wait)}
        )
    conversation_id = conversations.new_id(request.app[SECRET])
    language = await _language(request)
    try:
        if language is not None:
            await _exchange(request, conversation_id, set_language(language))
        messages = await _exchange(request, conversation_id, replies.GREETING)
    except RasaUnavailable:
        return error(503, "assistant_unreachable", UNREACHABLE)
    return web.json_response(
        {"conversation_id": conversation_id, "messages": messages, **_kept(request)}, status=201
    )


async def conversation(request: web.Request) -> web.Response:
    """The history of a conversation, so a reloaded page shows it again."""
    conversation_id = _conversation_id(request)
    try:
        tracker = await request.app[RASA].tracker(_sender(request, conversation_id))
    except RasaUnavailable:
        return error(503, "assistant_unreachable", UNREACHABLE)
    messages = with_labels(replies.history(without_opening_choice(tracker)))
    return web.json_response(
        {"conversation_id": conversation_id, "messages": messages, **_kept(request)}
    )


def _kept(request: web.Request) -> Dict[str, float]:
    """How long the conversation is kept when idle (RETENTION_DAYS), which the widget tells
    the practitioner beside its privacy hint."""
    return {"retention_days": request.app[SETTINGS].retention_days}


async def post_message(request: web.Request) -> web.Response:
    """Pass one message to Rasa and answer with the bot's replies."""
    conversation_id = _conversation_id(request)
    message = await _message(request)
    allowed, wait = await request.app[LIMITER].check(conversation_id)
    if not allowed:
        return error(
            429,
            "rate_limited",
            "You are sending messages very fast. Please wait a moment and try again.",
            **{"Retry-After": str(max(1, round(wait)))},
        )
    try:
        messages = await _exchange(request, conversation_id, message)
    except RasaUnavailable:
        return error(503, "assistant_unreachable", UNREACHABLE)
    return web.json_response({"messages": messages})


async def _exchange(request: web.Request, conversation_id: str, message: str) -> List[dict]:
    """Send ``message`` to Rasa; the replies as the widget shows them (one request: Rasa
    answers each reply whole, bot/rasa/channel.py)."""
    rasa, sender = request.app[RASA], _sender(request, conversation_id)
    latest = replies.new_replies(await rasa.send(sender, message))
    if latest is None:  # not processed: say the assistant could not answer (with 112)
        raise RasaUnavailable("the message was not processed")
    return with_labels(latest)


async def delete_conversation(request: web.Request) -> web.Response:
    """Erase every stored event of the conversation ("delete my conversation")."""
    conversation_id = _conversation_id(request)
    sender = _sender(request, conversation_id)
    url = request.app[SETTINGS].tracker_store_url
    removed = await asyncio.get_running_loop().run_in_executor(None, erase, url, sender)
    return web.json_response({"deleted": removed, "message": "Your conversation has been deleted."})


async def health(request: web.Request) -> web.Response:
    """Each part as up or down; 200 only when all are up."""
    settings = request.app[SETTINGS]
    rasa_up, actions_up, kb_up = await asyncio.gather(
        request.app[RASA].healthy(),
        _answers(f"{settings.action_url}/health"),
        asyncio.get_running_loop().run_in_executor(None, _knowledge_base_up, request.app[KB]),
    )
    parts = {"rasa": rasa_up, "action_server": actions_up, "knowledge_base": kb_up}
    body = {name: "up" if up else "down" for name, up in parts.items()}
    return web.json_response(body, status=200 if all(parts.values()) else 503)


def _conversation_id(request: web.Request) -> str:
    conversation_id = request.match_info["conversation_id"]
    if not conversations.is_valid(request.app[SECRET], conversation_id):
        raise web.HTTPNotFound(reason="Unknown conversation")
    return conversation_id


def _sender(request: web.Request, conversation_id: str) -> str:
    return conversations.sender_id(request.app[SECRET], conversation_id)


async def _language(request: web.Request) -> Optional[str]:
    """The language a new conversation is asked to start in; None when none is named."""
    if not request.can_read_body:
        return None
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):  # e.g. nested 5,000 deep
        raise web.HTTPBadRequest(reason="The request is not valid JSON") from None
    language = body.get("language") if isinstance(body, dict) else None
    if language is not None and language not in LANGUAGES:
        raise web.HTTPBadRequest(reason=f"The language must be one of {', '.join(LANGUAGES)}")
    return language


async def _message(request: web.Request) -> str:
    """The text (or a button's payload) of a posted message; 400 for anything else."""
    try:
        body: Dict[str, Any] = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):  # e.g. nested 5,000 deep
        raise web.HTTPBadRequest(reason="The request is not valid JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise web.HTTPBadRequest(reason="Send a JSON object with a text field")
    text_, payload = cleaned(body["text"]).strip(), body.get("payload")
    if len(text_) > MAX_TEXT:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_TEXT, actual_size=len(text_))
    if payload is not None:
        if (
            not isinstance(payload, str)
            or not payload.startswith("/")
            or len(payload) > MAX_PAYLOAD
        ):
            raise web.HTTPBadRequest(reason="A button payload must be a short /intent")
        return payload
    if not text_:
        raise web.HTTPBadRequest(reason="The message is empty")
    return text_


async def _answers(url: str) -> bool:
    try:
        timeout = aiohttp.ClientTimeout(total=3)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url) as response:
                return response.status < 400
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


def _knowledge_base_up(kb: sessionmaker) -> bool:
    """One query on the app's own pool (no engine opened per health check)."""
    try:
        with kb() as session:
            session.execute(text("SELECT 1"))
        return True
    except Exception:  # any failure means "down" on the health page
        return False
