"""The web application (widget and admin area) served on a free port from a thread, on a
seeded SQLite knowledge base and without Rasa: enough for browser tests of what pages look
like, which need no answers from the assistant."""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.channels.web.app import create_app
from bot.config.settings import Settings
from knowledge.db import make_sessionmaker
from tests.conftest import seeded_engine
from tests.e2e.assistant import free_port


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[str, sessionmaker]]:
    """(the app's base URL, a sessionmaker on its knowledge base) while it runs."""
    engine = seeded_engine(f"sqlite:///{data_dir / 'knowledge.db'}")
    kb = make_sessionmaker(engine)
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(data_dir)})
    port = free_port()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(create_app(settings, secret=b"browser test", kb=kb))
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", kb
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
        engine.dispose()
