"""Stopping without cutting anyone off: on SIGTERM the web server stops listening, answers
new requests on open connections with 503 (the practitioner is asked to send again), and
gives the requests already in flight (a turn waiting for Rasa) up to ``timeout`` seconds
to finish before it closes.

aiohttp's own clean-up cancels handlers that are still running, which is why this runs
first.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

from bot.channels.web.middlewares import error

RESTARTING = (
    "Signpost is restarting. Please send your message again in a minute. "
    "If someone is in danger, call 112."
)


@dataclass
class InFlight:
    """The requests being served now, and whether new ones are still taken."""

    count: int = 0
    closing: bool = False
    idle: asyncio.Event = field(default_factory=asyncio.Event)


IN_FLIGHT = web.AppKey("in_flight", InFlight)


@web.middleware
async def count_in_flight(request: web.Request, handler) -> web.StreamResponse:
    """Count the request while it is served; refuse it once the server is stopping."""
    state = request.app[IN_FLIGHT]
    if state.closing:
        response = error(503, "restarting", RESTARTING)
        response.force_close()
        return response
    state.count += 1
    state.idle.clear()
    try:
        return await handler(request)
    finally:
        state.count -= 1
        if state.count == 0:
            state.idle.set()


def setup_draining(app: web.Application) -> None:
    """Count ``app``'s requests (the outermost middleware, so every request is seen)."""
    app[IN_FLIGHT] = InFlight()
    app.middlewares.insert(0, count_in_flight)


async def drain(runner: web.AppRunner, timeout: float) -> int:
    """Stop listening, wait up to ``timeout`` s for the requests in flight; how many were
    still running when the time was up (they are then cut by ``runner.cleanup()``)."""
    state = runner.app[IN_FLIGHT]
    state.closing = True
    for site in list(runner.sites):
        await site.stop()  # closes the listening socket; open connections go on
    if state.count:
        try:
            await asyncio.wait_for(state.idle.wait(), timeout)
        except asyncio.TimeoutError:
            pass
    return state.count
