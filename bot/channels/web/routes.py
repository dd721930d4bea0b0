"""URL map of the web application."""

from __future__ import annotations

from aiohttp import web

from bot.channels.web import views


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", views.demo_page)
    app.router.add_get("/widget.js", views.static_file("widget.js"))
    app.router.add_get("/widget.css", views.static_file("widget.css"))
    app.router.add_get("/demo.css", views.static_file("demo.css"))
    app.router.add_get("/healthz", views.health)
    app.router.add_post("/api/conversations", views.new_conversation)
    app.router.add_get("/api/conversations/{conversation_id}", views.conversation)
    app.router.add_post("/api/conversations/{conversation_id}/messages", views.post_message)
    app.router.add_delete("/api/conversations/{conversation_id}", views.delete_conversation)
