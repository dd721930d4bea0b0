"""The demo page, the widget files, the security headers and health."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path, content_type",
    [("/", "text/html"), ("/widget.js", "javascript"), ("/widget.css", "text/css")],
)
async def test_pages_are_served_with_a_content_security_policy(client, path, content_type):
    response = await client.get(path)
    assert response.status == 200
    assert content_type in response.headers["Content-Type"]
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Server" not in response.headers  # no name and version of the web framework


async def test_the_demo_page_embeds_the_widget_with_one_script_tag(client):
    page = await (await client.get("/")).text()
    assert '<script src="/widget.js" defer></script>' in page


async def test_health_reports_each_part(client):
    response = await client.get("/healthz")
    assert await response.json() == {
        "rasa": "up",
        "action_server": "down",
        "knowledge_base": "up",
    }
    assert response.status == 503
