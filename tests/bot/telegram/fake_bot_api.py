"""A local stand-in for the Telegram Bot API, for tests of a python-telegram-bot ``Application``.

Telegram's servers are unreachable from the tests, and mocking PTB's ``Bot`` would skip the parts
that break in production (form encoding, JSON parsing, error mapping, long polling, shutdown). So
this serves the real HTTP protocol on 127.0.0.1 and PTB talks to it through its own HTTPXRequest::

    fake = FakeBotApi(); await fake.start()
    app = (ApplicationBuilder().token(TOKEN).base_url(fake.base_url)
           .base_file_url(fake.base_file_url).build())
    fake.text_message(42, "/start")                    # queue an update for getUpdates
    await fake.wait_for(lambda f: f.sent_messages(42))  # the bot answered
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from aiohttp import web
from aiohttp.test_utils import TestServer

TOKEN = "123456:TEST-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Signpost (test)",
    "username": "signpost_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MAX_POLL_WAIT = 1.0  # long polls wait at most this long, whatever `timeout` PTB asks for

# PTB form-encodes every parameter; non-strings are JSON-dumped (numbers, bools, reply_markup,
# entities ...), strings are sent raw. These parameters are free text, so never JSON-decode them.
TEXT_PARAMS = frozenset(
    "text caption callback_query_id file_id url parse_mode action inline_message_id secret_token"
    " language_code description short_description name emoji query title ip_address".split()
)


@dataclass
class Call:
    """One request PTB made: the API method name as sent and its decoded parameters."""

    method: str
    params: Dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class ApiError(Exception):
    """Answered as ``{"ok": false, ...}`` with this HTTP status, as Telegram does."""

    def __init__(self, code: int, description: str, parameters: Optional[dict] = None):
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


# Telegram's HTML mode: these tags only, each closed in the same message, and every other
# "<" or "&" escaped; anything else is refused with 400 "can't parse entities"
HTML_TAGS = frozenset(
    "b strong i em u ins s strike del span tg-spoiler a tg-emoji code pre blockquote".split()
)
_HTML_ATOM = re.compile(r"<(/?)([a-zA-Z][\w-]*)(?:\s[^<>]*)?>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|[<&]")


def parse_html(text: str) -> str:
    """The text Telegram shows for ``text`` in HTML mode; ApiError 400 where it refuses it."""
    shown, open_tags, position = [], [], 0
    for match in _HTML_ATOM.finditer(text):
        shown.append(text[position : match.start()])
        position = match.end()
        atom, closing, name = match.group(0), match.group(1), (match.group(2) or "").lower()
        where = f"at byte offset {len(text[: match.start()].encode())}"
        if atom in ("<", "&"):
            problem = "Can't find end of the entity starting" if atom == "&" else "Unexpected <"
            raise ApiError(400, f"Bad Request: can't parse entities: {problem} {where}")
        if atom.startswith("&"):
            shown.append(html.unescape(atom))
        elif name not in HTML_TAGS:
            raise ApiError(
                400, f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" {where}'
            )
        elif not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag {where}")
    if open_tags:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{open_tags[-1]}"',
        )
    return "".join(shown) + text[position:]


def _decode(key: str, value: Any) -> Any:
    if hasattr(value, "file"):  # multipart upload: keep only what a test can assert on
        return {"filename": value.filename, "size": len(value.file.read())}
    if not isinstance(value, str) or key in TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


class FakeBotApi:
    """The Bot API on a local port: records calls, serves queued updates, fakes flood control."""

    def __init__(self) -> None:
        self.calls: List[Call] = []
        self.messages: Dict[tuple, dict] = {}  # (chat_id, message_id) -> message, both directions
        self.webhook_url = ""
        self.commands: Dict[tuple, list] = {}
        self.language_codes: Dict[int, Optional[str]] = {}  # a user's app language; default en
        self._updates: List[dict] = []
        self._chats: Dict[int, dict] = {}
        self._failures: Dict[str, List[int]] = {}
        self._refused_html = 0
        self._update_ids = itertools.count(100000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._closing = False
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self.server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self.server.start_server()

    async def close(self) -> None:
        """Stops the server; pending long polls return at once instead of holding shutdown."""
        self._closing = True
        await self.server.close()

    @property
    def base_url(self) -> str:  # PTB appends the token, then "/methodName"
        return f"http://127.0.0.1:{self.server.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/file/bot"

    # ---- recording -------------------------------------------------------------------------
    def calls_to(self, method: str) -> List[Dict[str, Any]]:
        """The params of every call of ``method`` (case-insensitive, like Telegram)."""
        return [c.params for c in self.calls if c.method.lower() == method.lower()]

    def sent_messages(self, chat_id: Any = None) -> List[Dict[str, Any]]:
        """sendMessage params (reply_markup already a dict), optionally for one chat only."""
        return [
            p
            for p in self.calls_to("sendMessage")
            if chat_id is None or str(p.get("chat_id")) == str(chat_id)
        ]

    def fail_next(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls of ``method`` get HTTP 429, which PTB raises as RetryAfter."""
        self._failures.setdefault(method.lower(), []).extend([retry_after] * times)

    def refuse_html_next(self, times: int = 1) -> None:
        """The next ``times`` messages sent in HTML mode get 400 "can't parse entities" even
        if they are well formed (Telegram's parser is stricter than any check of ours)."""
        self._refused_html += times

    def dump(self) -> str:
        polls = len(self.calls_to("getUpdates"))
        lines = [f"  {c.method} {c.params}" for c in self.calls if c.method != "getUpdates"]
        return "\n".join(lines + [f"  (+ {polls} getUpdates)"])

    async def wait_for(self, predicate: Callable[[FakeBotApi], Any], timeout: float = 10):
        """Polls ``predicate(self)`` every 20 ms; returns its first truthy value."""
        deadline = time.monotonic() + timeout
        while not (result := predicate(self)):
            if time.monotonic() >= deadline:
                raise AssertionError(f"not met within {timeout}s; calls:\n{self.dump()}")
            await asyncio.sleep(0.02)
        return result

    # ---- update injection: shapes as Telegram sends them -----------------------------------
    def queue(self, **payload: Any) -> dict:
        """Queues an update (e.g. ``message={...}``) for getUpdates and returns it."""
        update = {"update_id": next(self._update_ids), **payload}
        self._updates.append(update)
        return update

    def _message(
        self,
        user_id: int,
        chat_type: str = "private",
        chat_id: Optional[int] = None,
        first_name: str = "Test",
        message_id: Optional[int] = None,
        **content: Any,
    ) -> dict:
        user = self._user(user_id, first_name)
        if chat_type == "private":
            chat = {"id": chat_id or user_id, "type": "private", "first_name": first_name}
        else:
            chat = {"id": chat_id or -user_id, "type": chat_type, "title": "Test group"}
        self._chats[chat["id"]] = chat
        message = {
            "message_id": message_id or next(self._message_ids),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _user(self, user_id: int, first_name: str = "Test") -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        language_code = self.language_codes.get(user_id, "en")
        if language_code is not None:  # Telegram leaves it out when it doesn't know
            user["language_code"] = language_code
        return user

    def _file(self, prefix: str) -> dict:
        n = next(self._file_ids)
        return {
            "file_id": f"{prefix}AAxkBAAIB{n:04d}ZmFrZS1maWxlLWlk",
            "file_unique_id": f"AgAD{n:04d}",
        }

    def text_message(
        self,
        user_id: int,
        text: str,
        chat_type: str = "private",
        chat_id: Optional[int] = None,
        first_name: str = "Test",
    ) -> dict:
        content: Dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return self.queue(message=self._message(user_id, chat_type, chat_id, first_name, **content))

    def group_message(self, user_id: int, text: str, chat_id: int) -> dict:
        return self.text_message(user_id, text, chat_type="group", chat_id=chat_id)

    def edited_text(self, user_id: int, text: str, message_id: int) -> dict:
        message = self._message(
            user_id, text=text, edit_date=int(time.time()), message_id=message_id
        )
        return self.queue(edited_message=message)

    def callback_query(self, user_id: int, data: str, message: Optional[dict] = None) -> dict:
        """A button press on ``message`` (as returned by sendMessage; default: the last one the
        bot sent to that user)."""
        if message is None:
            message = [
                m
                for m in self.messages.values()
                if m["chat"]["id"] == user_id and m["from"]["is_bot"]
            ][-1]
        query = {
            "id": str(next(self._update_ids) * 7919),
            "chat_instance": "-5012345678901234567",
            "from": self._user(user_id),
            "message": message,
            "data": data,
        }
        return self.queue(callback_query=query)

    def photo(self, user_id: int, caption: Optional[str] = None) -> dict:
        big, small = self._file("AgACAgIAA"), self._file("AgACAgIAA")
        sizes = [
            {**small, "file_size": 1311, "width": 90, "height": 68},
            {**big, "file_size": 70135, "width": 1280, "height": 960},
        ]
        extra = {"caption": caption} if caption else {}
        return self.queue(message=self._message(user_id, photo=sizes, **extra))

    def voice(self, user_id: int) -> dict:
        voice = {
            **self._file("AwACAgIAA"),
            "duration": 3,
            "mime_type": "audio/ogg",
            "file_size": 10240,
        }
        return self.queue(message=self._message(user_id, voice=voice))

    def document(self, user_id: int, file_name: str = "screenshot.pdf") -> dict:
        doc = {
            **self._file("BQACAgIAA"),
            "file_name": file_name,
            "mime_type": "application/pdf",
            "file_size": 52345,
        }
        return self.queue(message=self._message(user_id, document=doc))

    def sticker(self, user_id: int) -> dict:
        sticker = {
            **self._file("CAACAgIAA"),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "file_size": 20480,
        }
        return self.queue(message=self._message(user_id, sticker=sticker))

    # ---- HTTP side ---------------------------------------------------------------------------
    async def _dispatch(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = dict(await request.json())
        else:
            form = await request.post() if request.method == "POST" else request.query
            params = {k: _decode(k, v) for k, v in {**request.query, **form}.items()}
        self.calls.append(Call(method, params))
        try:
            if self._failures.get(method.lower()):
                after = self._failures[method.lower()].pop(0)
                raise ApiError(
                    429, f"Too Many Requests: retry after {after}", {"retry_after": after}
                )
            handler = getattr(self, f"_api_{method.lower()}", None)
            if handler is None:
                raise ApiError(404, f"Not Found: method {method}")
            return web.json_response({"ok": True, "result": await handler(params)})
        except ApiError as err:
            body = {"ok": False, "error_code": err.code, "description": err.description}
            if err.parameters:
                body["parameters"] = err.parameters
            return web.json_response(body, status=err.code)

    async def _download(self, request: web.Request) -> web.Response:
        """File downloads are recorded too (as "downloadFile"), so tests can forbid them."""
        self.calls.append(Call("downloadFile", {"file_path": request.match_info["path"]}))
        return web.Response(body=b"fake file content")

    async def _api_getme(self, p: dict) -> dict:
        return BOT_USER

    async def _api_getupdates(self, p: dict) -> list:
        """Long polling: Telegram forgets updates below ``offset`` and waits up to ``timeout``."""
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = int(p.get("offset") or 0), int(p.get("limit") or 100)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + min(float(p.get("timeout") or 0), MAX_POLL_WAIT)
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return self._updates[:limit]

    async def _api_deletewebhook(self, p: dict) -> bool:
        self.webhook_url = ""
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_setwebhook(self, p: dict) -> bool:
        self.webhook_url = p.get("url", "")
        return True

    async def _api_getwebhookinfo(self, p: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_setmycommands(self, p: dict) -> bool:
        self.commands[(json.dumps(p.get("scope")), p.get("language_code"))] = p.get("commands")
        return True

    async def _api_getmycommands(self, p: dict) -> list:
        return self.commands.get((json.dumps(p.get("scope")), p.get("language_code"))) or []

    async def _api_sendmessage(self, p: dict) -> dict:
        text = str(p.get("text") or "")
        if str(p.get("parse_mode")).upper() == "HTML":
            if self._refused_html:
                self._refused_html -= 1
                raise ApiError(400, "Bad Request: can't parse entities: refused by the test")
            text = parse_html(text)
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        chat_id = p.get("chat_id")
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "Test"}
        message = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "chat": chat,
            "date": int(time.time()),
            "text": p["text"],
        }
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # reply keyboards: not echoed
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return message

    async def _api_sendchataction(self, p: dict) -> bool:
        return True

    async def _api_answercallbackquery(self, p: dict) -> bool:
        return True

    def _stored(self, p: dict, verb: str) -> dict:
        message = self.messages.get((p.get("chat_id"), p.get("message_id")))
        if message is None:
            raise ApiError(400, f"Bad Request: message to {verb} not found")
        return message

    async def _api_editmessagetext(self, p: dict) -> Any:
        if p.get("inline_message_id"):
            return True
        message, markup = self._stored(p, "edit"), p.get("reply_markup")
        if message.get("text") == p.get("text") and message.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current "
                "content and reply markup of the message",
            )
        message.update(text=p.get("text"), edit_date=int(time.time()))
        message.pop("reply_markup", None)  # editing text without a markup drops the keyboard
        if markup:
            message["reply_markup"] = markup
        return message

    async def _api_editmessagereplymarkup(self, p: dict) -> Any:
        if p.get("inline_message_id"):
            return True
        message = self._stored(p, "edit")
        message.pop("reply_markup", None)
        if p.get("reply_markup"):
            message["reply_markup"] = p["reply_markup"]
        return message

    async def _api_deletemessage(self, p: dict) -> bool:
        self._stored(p, "delete")
        del self.messages[(p.get("chat_id"), p.get("message_id"))]
        return True

    async def _api_getfile(self, p: dict) -> dict:
        return {
            "file_id": p.get("file_id"),
            "file_unique_id": "AgADfile",
            "file_size": 1024,
            "file_path": f"documents/file_{next(self._file_ids)}.bin",
        }
