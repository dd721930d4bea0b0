"""The scheme and client address behind a trusted proxy, security headers (HSTS over
HTTPS), the embedding-origin check (CORS) and JSON errors for the API."""

from __future__ import annotations

import ipaddress
from typing import Optional, Sequence

from aiohttp import web

from bot.channels.web.keys import SETTINGS

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
API_PREFIX = "/api/"
HSTS = "max-age=31536000; includeSubDomains"


def setup_middlewares(app: web.Application) -> None:
    app.middlewares.extend([behind_proxy, json_errors, allowed_origins, security_headers])
    app.on_response_prepare.append(_no_server_name)


async def _no_server_name(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp names itself and its version in ``Server``: tell nobody what to attack."""
    response.headers.pop("Server", None)


def error(status: int, code: str, message: str, **headers: str) -> web.Response:
    """A JSON error the widget can show: ``{"error": code, "message": text}``."""
    return web.json_response({"error": code, "message": message}, status=status, headers=headers)


@web.middleware
async def behind_proxy(request: web.Request, handler):
    """Behind a reverse proxy in ``TRUSTED_PROXIES``, the request as the proxy received it:
    its scheme (``X-Forwarded-Proto``, so cookies are Secure and HSTS is sent when the
    browser spoke HTTPS) and the client's address (``X-Forwarded-For``, for rate limits and
    logs). From any other peer these headers are ignored: anyone can send them."""
    proxies = request.app[SETTINGS].trusted_proxies
    if not proxies or not _trusted(request.remote, proxies):
        return await handler(request)
    changes = {}
    # the value the nearest proxy set; only http or https
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
    if proto in ("http", "https"):
        changes["scheme"] = proto
    client = forwarded_client(request.remote, request.headers.get("X-Forwarded-For", ""), proxies)
    if client != request.remote:
        changes["remote"] = client
    return await handler(request.clone(**changes) if changes else request)


def forwarded_client(peer: str, forwarded_for: str, proxies: Sequence) -> str:
    """The client's address: ``X-Forwarded-For`` read from the right, hop by hop, while
    the address that handed the request on is a trusted proxy."""
    client = peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not _trusted(client, proxies) or _address(hop) is None:
            break
        client = hop
    return client


def _trusted(address: Optional[str], proxies: Sequence) -> bool:
    ip = _address(address)
    return ip is not None and any(ip in network for network in proxies)


def _address(text: Optional[str]):
    try:
        ip = ipaddress.ip_address(text or "")
    except ValueError:
        return None
    return getattr(ip, "ipv4_mapped", None) or ip  # ::ffff:10.0.0.1 is 10.0.0.1


@web.middleware
async def json_errors(request: web.Request, handler):
    """Every API failure answers JSON with a plain-language message; the server goes on."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return error(413, "too_large", "That message is too long. Please keep it short.")
    except web.HTTPException as exception:
        if not request.path.startswith(API_PREFIX) or exception.status < 400:
            raise
        return error(exception.status, exception.reason.lower().replace(" ", "_"), exception.reason)


@web.middleware
async def allowed_origins(request: web.Request, handler):
    """Only allowed origins may call the API from a browser (CORS and an Origin check)."""
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    origin = request.headers.get("Origin")
    allowed = request.app[SETTINGS].allowed_origins
    if origin is not None and origin not in allowed:
        return error(403, "origin_refused", "This site is not allowed to use Signpost.")
    if request.method == "OPTIONS":
        response = web.Response(status=204)
    else:
        response = await handler(request)
    if origin is not None:
        response.headers.update(
            {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
        )
    return response


@web.middleware
async def security_headers(request: web.Request, handler):
    """A Content-Security-Policy and the usual hardening headers on every response, and
    HSTS on those served over HTTPS (directly or through a trusted proxy)."""
    response = await handler(request)
    if request.secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith(API_PREFIX):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
