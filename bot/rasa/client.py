"""The one way Signpost's channels talk to Rasa: Signpost's input channel in Rasa and
Rasa's HTTP API, over aiohttp.

Shared by the web widget and the Telegram bot; Rasa itself stays on the loopback
interface and is never reached by browsers.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import aiohttp


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, or too slow)."""


class RasaClient:
    """Sends practitioners' messages to Rasa and reads conversations back."""

    def __init__(self, base_url: str, token: Optional[str], session: aiohttp.ClientSession):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session

    async def send(self, sender: str, message: str) -> List[Dict[str, Any]]:
        """The bot's replies to ``message`` from ``sender``, each whole (its text, buttons
        and card together: Signpost's channel in Rasa, bot/rasa/channel.py)."""
        return await self._request(
            "POST", "/webhooks/signpost/webhook", json={"sender": sender, "message": message}
        )

    async def tracker(self, sender: str) -> Dict[str, Any]:
        """The stored conversation of ``sender`` (needs the HTTP API token)."""
        return await self._request(
            "GET", f"/conversations/{sender}/tracker", params=self._token_param()
        )

    async def healthy(self) -> bool:
        """True when the Rasa server answers."""
        try:
            await self._request("GET", "/", expect_json=False)
            return True
        except RasaUnavailable:
            return False

    def _token_param(self) -> Dict[str, str]:
        return {"token": self.token} if self.token else {}

    async def _request(self, method: str, path: str, *, expect_json: bool = True, **kwargs):
        try:
            async with self.session.request(method, self.base_url + path, **kwargs) as response:
                if response.status >= 400:
                    raise RasaUnavailable(f"Rasa answered {response.status} to {method} {path}")
                return await response.json() if expect_json else await response.text()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailable(f"Rasa is unreachable: {error}") from error


# a turn takes well under a second; a Rasa that has not answered in this long is frozen or
# overloaded, and the practitioner is told so (with 112) instead of waiting
TIMEOUT_SECONDS = 10.0


def client_session(timeout_seconds: float = TIMEOUT_SECONDS) -> aiohttp.ClientSession:
    """An aiohttp session with a total timeout per request."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_seconds))
