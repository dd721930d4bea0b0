"""Review finding 18: the action server reads the same settings as the rest of Signpost."""

from __future__ import annotations

from actions import kb
from bot.config import settings as settings_module
from tests.actions_settings import forget_action_settings


def test_the_actions_take_the_database_from_dotenv_as_the_admin_pages_do(tmp_path, monkeypatch):
    """Before: knowledge/db.py read only the environment, so with DATABASE_URL only in
    ``.env`` the actions used the default SQLite file while the admin pages used .env's."""
    url = f"sqlite:///{tmp_path / 'from-dotenv.db'}"
    (tmp_path / ".env").write_text(f"# only here\nDATABASE_URL={url}\n")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(settings_module, "PROJECT_ROOT", tmp_path)
    forget_action_settings()
    try:
        assert kb.settings().database_url == url
        with kb.kb_session() as session:
            assert str(session.get_bind().url) == url
        assert (tmp_path / "from-dotenv.db").exists()
    finally:
        forget_action_settings()


def test_a_bad_setting_stops_the_action_server_with_its_name(monkeypatch):
    monkeypatch.setenv("REFERRALS_PER_MUNICIPALITY_PER_HOUR", "many")
    forget_action_settings()
    try:
        kb.settings()
        raised = None
    except ValueError as error:
        raised = str(error)
    finally:
        forget_action_settings()
    assert raised is not None and "REFERRALS_PER_MUNICIPALITY_PER_HOUR" in raised
