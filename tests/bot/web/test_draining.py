"""SIGTERM under load: requests in flight finish, new ones are refused, nothing is cut."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from bot.channels.web.draining import IN_FLIGHT, drain, setup_draining
from tests.e2e.assistant import free_port


async def slow_turn(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.query.get("seconds", "1")))
    return web.json_response({"messages": ["answered"]})


async def serving(port: int) -> web.AppRunner:
    app = web.Application()
    app.router.add_get("/turn", slow_turn)
    setup_draining(app)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


async def test_requests_in_flight_finish_and_new_connections_are_refused():
    port = free_port()
    runner = await serving(port)
    url = f"http://127.0.0.1:{port}/turn"
    async with aiohttp.ClientSession() as session:

        async def turn():
            async with session.get(url, params={"seconds": "1"}) as response:
                return response.status, await response.json()

        in_flight = [asyncio.create_task(turn()) for _ in range(20)]
        await asyncio.sleep(0.3)
        assert runner.app[IN_FLIGHT].count == 20
        cut = await drain(runner, timeout=10)
        answered = await asyncio.gather(*in_flight)
        assert cut == 0
        assert answered == [(200, {"messages": ["answered"]})] * 20
        async with aiohttp.ClientSession() as fresh:
            try:
                async with fresh.get(url) as late:
                    refused = late.status == 503
            except aiohttp.ClientConnectionError:
                refused = True
        assert refused
    await runner.cleanup()


async def test_a_request_longer_than_the_grace_period_is_reported():
    port = free_port()
    runner = await serving(port)
    async with aiohttp.ClientSession() as session:
        stuck = asyncio.create_task(session.get(f"http://127.0.0.1:{port}/turn?seconds=30"))
        await asyncio.sleep(0.3)
        assert await drain(runner, timeout=0.5) == 1
        await runner.cleanup()
        stuck.cancel()
        await asyncio.gather(stuck, return_exceptions=True)
