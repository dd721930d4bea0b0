"""The web application with its admin area on a seeded knowledge base, once per backend,
with one admin and two coordinators (Beispielstadt and Villexemple)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from bot.admin.accounts import create_user
from bot.admin.kinds import KINDS, form_text
from bot.channels.web.app import create_app
from bot.config.settings import Settings
from knowledge import db

PASSWORD = "a long enough password"
BEISPIELSTADT = "DE:beispielstadt"
VILLEXEMPLE = "FR:villexemple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def admin_kb(kb_engine):
    """A sessionmaker on the seeded knowledge base, with the three users added."""
    make_session = db.make_sessionmaker(kb_engine)
    with make_session.begin() as session:
        create_user(session, "ada", PASSWORD, "admin")
        create_user(session, "bea", PASSWORD, "coordinator", BEISPIELSTADT)
        create_user(session, "vic", PASSWORD, "coordinator", VILLEXEMPLE)
    return make_session


@dataclass
class Browser:
    """A test client that signs in and submits forms with their CSRF token."""

    client: object

    async def sign_in(self, username: str, password: str = PASSWORD, next_page: str = "/admin"):
        page = await self.client.get("/admin/login")
        token = CSRF.search(await page.text()).group(1)
        return await self.client.post(
            "/admin/login",
            data={
                "csrf_token": token,
                "username": username,
                "password": password,
                "next": next_page,
            },
            allow_redirects=False,
        )

    async def token(self, path: str = "/admin") -> str:
        page = await self.client.get(path)
        return CSRF.search(await page.text()).group(1)

    async def submit(self, path: str, data, *, form_page: str = "/admin"):
        """POST ``data`` (a dict or pairs) to ``path`` with the CSRF token of ``form_page``."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        fields = [("csrf_token", await self.token(form_page)), *pairs]
        return await self.client.post(path, data=fields, allow_redirects=False)


def form_of(kind_slug: str, entry, **changes):
    """The pairs an edit form of ``entry`` submits unchanged, with ``changes`` applied."""
    kind = KINDS[kind_slug]
    pairs = []
    for field in kind.fields:
        value = changes.get(field.name, form_text(field, getattr(entry, field.name)))
        if field.widget in ("choices", "conditions"):
            pairs += [(field.name, item) for item in value]
        elif field.widget == "flag":
            if value:
                pairs.append((field.name, "on"))
        else:
            pairs.append((field.name, str(value)))
    return pairs


@pytest.fixture
async def browser(aiohttp_client, admin_kb, tmp_path) -> Browser:
    settings = Settings.from_env({"SIGNPOST_DATA_DIR": str(tmp_path)})
    return Browser(await aiohttp_client(create_app(settings, secret=b"s", kb=admin_kb)))
