"""Signpost's input channel inside Rasa: Rasa's REST channel, except that each bot reply
comes back whole (its text, buttons and recommendation card in one message), as Rasa
stores it. Rasa's own REST channel splits a reply into one message per part, which is why
the channels used to read every reply back from the stored conversation: a second request
per turn (issue 12). Loaded by Rasa from credentials.yml; posted to at
``/webhooks/signpost/webhook`` with ``{"sender": ..., "message": ...}`` like the REST one.

An answer of [] means Rasa did not process the message (it failed, or was stopped): the
channels tell the practitioner to send it again (bot/rasa/replies.py).
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)
PARTS = ("text", "buttons", "custom")  # what a reply of this assistant may hold


class WholeReplies(CollectingOutputChannel):
    """Collects each reply as one message, its parts together."""

    @classmethod
    def name(cls) -> str:
        return SignpostInput.name()

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        whole = {part: message[part] for part in PARTS if message.get(part)}
        if whole:
            await self._persist_message({"recipient_id": recipient_id, **whole})


class SignpostInput(RestInput):
    """The REST channel with whole replies (no streaming: the channels never use it)."""

    @classmethod
    def name(cls) -> str:
        return "signpost"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("signpost_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            collector = WholeReplies()
            try:
                await on_new_message(
                    UserMessage(
                        self._extract_message(request),
                        collector,
                        await self._extract_sender(request),
                        input_channel=self.name(),
                    )
                )
            except Exception as error:  # the channel says "send it again"; no text logged
                logger.error("A message could not be processed: %s", type(error).__name__)
                return response.json([])
            return response.json(collector.messages)

        return webhook
