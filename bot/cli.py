"""The `sammen` command line: serve, chat, db, and the knowledge commands (ask, eval, kb)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot.settings import settings_or_exit

#: Where `sammen serve` writes its process id, so `sammen kb reload` can signal it.
PID_FILE_ENV = "SAMMEN_PID_FILE"


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and a Telegram URL carries the bot token: keep it quiet.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def pid_file() -> Path:
    if os.environ.get(PID_FILE_ENV):
        return Path(os.environ[PID_FILE_ENV])
    return Path("data") / "sammen.pid"


def cmd_serve(_args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup_logging(settings.log_level)
    from bot.server import serve
    from knowledge.loader import KnowledgeError

    pid = pid_file()
    try:
        pid.parent.mkdir(parents=True, exist_ok=True)
        pid.write_text(str(os.getpid()))
        asyncio.run(serve(settings))
    except KnowledgeError as exc:
        print(f"The knowledge base in {settings.knowledge_dir} has problems; not starting:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"Could not start the server on {settings.http_host}:{settings.http_port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    finally:
        pid.unlink(missing_ok=True)
    return 0


def cmd_chat(_args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup_logging("WARNING")
    from bot.console import chat

    return asyncio.run(chat(settings))


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup_logging(settings.log_level)
    from storage import Database

    async def run() -> None:
        db = Database(settings.database_url)
        try:
            await db.upgrade()
        finally:
            await db.close()

    asyncio.run(run())
    print("Database is up to date.")
    return 0


def cmd_kb_reload(_args: argparse.Namespace) -> int:
    pid = pid_file()
    try:
        os.kill(int(pid.read_text().strip()), signal.SIGHUP)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        print(f"No running `sammen serve` found (no live process in {pid}).", file=sys.stderr)
        return 1
    print("Asked the server to reload the knowledge base; it keeps the old one if the new one is invalid.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sammen", description="Sammen: a chat assistant for local businesses.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("serve", help="run the web chat, health check and configured channels").set_defaults(func=cmd_serve)
    sub.add_parser("chat", help="chat with the assistant in this terminal").set_defaults(func=cmd_chat)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply the migrations").set_defaults(func=cmd_db_upgrade)

    from handlers.i18n import translate
    from handlers.markup import to_plain
    from knowledge.commands import add_commands

    add_commands(sub, lambda lang, key, **a: to_plain(translate(lang, key, **a)))
    kb = sub.choices.get("kb")
    if kb is not None:
        for action in kb._subparsers._group_actions if kb._subparsers else []:
            if isinstance(action, argparse._SubParsersAction):
                action.add_parser("reload", help="make the running server reload the knowledge base").set_defaults(
                    func=cmd_kb_reload
                )
    from bot.staff_cli import add_commands as add_staff_commands

    kb_actions = kb._subparsers._group_actions if kb is not None and kb._subparsers else []
    kb_sub = next((a for a in kb_actions if isinstance(a, argparse._SubParsersAction)), None)
    add_staff_commands(sub, kb_sub)  # `sammen staff ...` and `sammen kb export`
    return parser


def run(argv: list[str] | None = None) -> int:
    """Parse and run one command; its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


if __name__ == "__main__":
    main()
