"""Security headers, the embedding-origin check (CORS) and JSON errors for the API."""

from __future__ import annotations

from aiohttp import web

from bot.web.keys import SETTINGS

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)
API_PREFIX = "/api/"


def setup_middlewares(app: web.Application) -> None:
    app.middlewares.extend([json_errors, allowed_origins, security_headers])
    app.on_response_prepare.append(_no_server_name)


async def _no_server_name(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp names itself and its version in ``Server``: tell nobody what to attack."""
    response.headers.pop("Server", None)


def error(status: int, code: str, message: str, **headers: str) -> web.Response:
    """A JSON error the widget can show: ``{"error": code, "message": text}``."""
    return web.json_response({"error": code, "message": message}, status=status, headers=headers)


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
    """A Content-Security-Policy and the usual hardening headers on every response."""
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith(API_PREFIX):
        response.headers.setdefault("Cache-Control", "no-store")
    return response
