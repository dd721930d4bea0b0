"""The ``signpost`` command: set up the knowledge base, train, and run the assistant."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional

from bot.config.settings import DEFAULTS, Settings
from knowledge.db import make_engine, make_sessionmaker


def kb_init(settings: Settings, *, replace: bool = False) -> None:
    """Bring the knowledge base to the newest schema and seed it if it is empty."""
    from knowledge.migrate import upgrade
    from knowledge.seed import load_seed

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with make_sessionmaker(engine).begin() as session:
            counts = load_seed(session, replace=replace)
    finally:
        engine.dispose()
    if counts:
        print("Knowledge base seeded: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    else:
        print("Knowledge base is up to date (already seeded).")


def kb_exchange(settings: Settings, command: str, folder: Path) -> int:
    """``kb export`` / ``kb import``: the knowledge base as YAML files in ``folder``, so it
    can be kept and reviewed in git. An import with problems lists them all, changes nothing."""
    from knowledge.exchange import export_kb, import_kb
    from knowledge.migrate import upgrade
    from knowledge.seed import SeedError

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        with make_sessionmaker(engine).begin() as session:
            if command == "export":
                counts = export_kb(session, folder)
            else:
                counts = import_kb(session, folder, actor="command line")
    except SeedError as error:
        print(
            f"Nothing imported: fix these {len(error.problems)} problem(s) first.", file=sys.stderr
        )
        print(error, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    done = f"Exported to {folder}" if command == "export" else "Imported"
    print(f"{done}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    return 0


def make_invite(settings: Settings, *, note: str = "") -> str:
    """A new one-time Telegram invite code; only its keyed hash is stored."""
    from bot.config.secret_key import load_or_create
    from knowledge.access import new_invite_code

    kb_init(settings)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            return new_invite_code(
                session, load_or_create(settings.data_dir, settings.secret), note
            )
    finally:
        engine.dispose()


def create_admin_user(settings: Settings, args) -> int:
    """Add an admin or coordinator; the password is asked for, or read from stdin."""
    import getpass

    from bot.admin.accounts import AccountError, create_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("The same password again: ") != password:
            print("signpost: the two passwords differ; nothing was changed.", file=sys.stderr)
            return 1
    kb_init(settings)
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine).begin() as session:
            create_user(session, args.username, password, args.role, args.municipality)
    except AccountError as error:
        print(f"signpost: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"User {args.username!r} ({args.role}) can now sign in at {settings.web_url}/admin")
    return 0


# the parts ``signpost serve`` runs alone, each in its own container or pod
PARTS = {
    "front": "the web server (widget, chat API, admin) and the Telegram bot, reaching RASA_URL",
    "rasa": "one Rasa server, reaching the action servers at ACTION_SERVER_URL",
    "actions": "one action server",
}


def command_line() -> argparse.ArgumentParser:
    """The ``signpost`` command's arguments (also checked against compose.yaml and the
    Kubernetes manifests by tests/test_deployment.py)."""
    parser = argparse.ArgumentParser(
        prog="signpost",
        description="Signpost: triage assistant for practitioners who meet online extremism.",
        epilog="Settings (environment variables or .env): "
        + "; ".join(f"{k} (default {v[0]}): {v[1]}" for k, v in DEFAULTS.items()),
    )
    commands = parser.add_subparsers(dest="command", required=True)
    kb = commands.add_parser("kb", help="knowledge base").add_subparsers(
        dest="kb_command", required=True
    )
    init = kb.add_parser("init", help="create or migrate the knowledge base and seed it if empty")
    init.add_argument("--replace", action="store_true", help="replace its content with the seed")
    for name, text in (
        ("export", "write the whole knowledge base as YAML files into DIR (for git)"),
        ("import", "check the YAML files in DIR, then make the knowledge base hold exactly them"),
    ):
        kb.add_parser(name, help=text).add_argument("folder", metavar="DIR", type=Path)
    commands.add_parser("nlu", help="train the answer reader's classifier (data/answers)")
    train = commands.add_parser("train", help="train the Rasa model if data or config changed")
    train.add_argument("--force", action="store_true", help="train even if a model matches")
    commands.add_parser("run", help="set up everything and run the assistant until Ctrl-C")
    serve = commands.add_parser(
        "serve", help="run one part alone, for a production deployment (docs/deployment.md)"
    )
    serve.add_argument("part", choices=PARTS, help="; ".join(f"{k}: {v}" for k, v in PARTS.items()))
    purge = commands.add_parser(
        "purge", help="delete conversations and referrals past their retention period"
    )
    purge.add_argument("--days", type=float, help="override RETENTION_DAYS for this run")
    telegram = commands.add_parser("telegram", help="the Telegram channel").add_subparsers(
        dest="telegram_command", required=True
    )
    invite = telegram.add_parser("invite", help="make a one-time invite code for a practitioner")
    invite.add_argument("--note", default="", help="a reminder for whom (no personal data)")
    admin = commands.add_parser("admin", help="the admin area").add_subparsers(
        dest="admin_command", required=True
    )
    user = admin.add_parser("create-user", help="add an admin or a municipality's coordinator")
    user.add_argument("username")
    user.add_argument("--role", choices=("admin", "coordinator"), default="admin")
    user.add_argument("--municipality", help="a coordinator's municipality (its key)")
    user.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = command_line().parse_args(argv)

    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"signpost: {error}", file=sys.stderr)
        return 2

    from bot.ops import training

    if args.command == "kb":
        if args.kb_command in ("export", "import"):
            return kb_exchange(settings, args.kb_command, args.folder)
        kb_init(settings, replace=args.replace)
    elif args.command == "nlu":
        training.train_reader()
    elif args.command == "train":
        print(training.train(settings, force=args.force))
    elif args.command == "purge":
        from bot.ops.retention import purge

        print(purge(settings, args.days))
    elif args.command == "telegram":
        code = make_invite(settings, note=args.note)
        print(f"Invite code (shown once): {code}\nThe practitioner sends: /start {code}")
    elif args.command == "admin":
        return create_admin_user(settings, args)
    elif args.command == "run":
        from bot.ops.runner import run_all
        from language.without_tensorflow import keep_tensorflow_out

        if "spacy" not in sys.modules:  # a process that loaded spaCy has TensorFlow already
            keep_tensorflow_out()

        kb_init(settings)
        model = training.train(settings)
        return run_all(settings, model)
    elif args.command == "serve":
        from bot.ops.runner import serve_part

        # the knowledge base is migrated once, before the parts start (`signpost kb init`:
        # compose.yaml's "migrate", the Kubernetes Job), never by several parts at once
        model = training.train(settings) if args.part == "rasa" else None
        return serve_part(settings, args.part, model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
