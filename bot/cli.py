"""The `sammen` command line: serve, chat, db, and the knowledge commands (ask, eval, kb)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
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
    from bot.server import bind, serve
    from knowledge.loader import KnowledgeError
    from storage.failures import DatabaseUnavailable

    try:
        sock = bind(settings)  # first: a taken port fails now, before anything else is touched
    except OSError as exc:
        print(f"Port {settings.http_port} on {settings.http_host} is not free ({exc.strerror or exc}): "
              f"is Sammen already running? Set HTTP_PORT to use another.", file=sys.stderr)  # fmt: skip
        return 2
    pid = pid_file()
    mine = str(os.getpid())
    try:
        pid.parent.mkdir(parents=True, exist_ok=True)
        pid.write_text(mine)
        asyncio.run(serve(settings, sock=sock))
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
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
        with contextlib.suppress(OSError):  # only our own: never another server's PID file
            if pid.read_text().strip() == mine:
                pid.unlink()
    return 0


def cmd_chat(_args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup_logging("WARNING")
    from bot.console import chat
    from storage.failures import DatabaseUnavailable

    try:
        return asyncio.run(chat(settings))
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2


def cmd_db_upgrade(_args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup_logging(settings.log_level)
    from storage import Database
    from storage.failures import describe

    async def run() -> None:
        db = Database(settings.database_url)
        try:
            await db.upgrade()
        finally:
            await db.close()

    try:
        asyncio.run(run())
    except Exception as exc:
        line = describe(exc, settings.database_url)
        if line is None:
            raise
        print(line, file=sys.stderr)
        return 2
    print("Database is up to date.")
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    """SQLite: a consistent copy while the server runs (SQLite's online backup). PostgreSQL: pg_dump."""
    settings = settings_or_exit()
    from storage.backup import BackupError, backup_sqlite

    try:
        size = backup_sqlite(settings.database_url, args.file)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Backed up to {args.file} ({size:,} bytes).")
    return 0


def cmd_db_restore(args: argparse.Namespace) -> int:
    """SQLite: replace the database with a backup; refused while `sammen serve` runs."""
    settings = settings_or_exit()
    from storage.backup import BackupError, restore_sqlite

    if _running_pid() is not None:
        print("Stop `sammen serve` first: a restore replaces the database under it.", file=sys.stderr)
        return 2
    try:
        restore_sqlite(settings.database_url, args.file)
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Restored from {args.file}; the next start brings it up to date (migrations).")
    return 0


def _running_pid() -> int | None:
    try:
        pid = int(pid_file().read_text().strip())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def cmd_kb_reload(_args: argparse.Namespace) -> int:
    pid = pid_file()
    try:
        os.kill(int(pid.read_text().strip()), signal.SIGHUP)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        print(f"No running `sammen serve` found (no live process in {pid}).", file=sys.stderr)
        return 1
    print("Asked the server to reload the knowledge base; it keeps the old one if the new one is invalid.")
    return 0


def cmd_teams_manifest(args: argparse.Namespace) -> int:
    """Write the Teams app package (manifest and icons) for upload."""
    settings = settings_or_exit()
    from bot.teams.manifest import ManifestError, write_package

    try:
        out = write_package(settings, args.out, version=args.version, developer=args.developer)
    except ManifestError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Wrote {out}: upload it in Teams (Apps → Manage your apps → Upload an app) or the Teams admin center.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sammen", description="Sammen: a chat assistant for local businesses.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("serve", help="run the web chat, health check and configured channels").set_defaults(func=cmd_serve)
    sub.add_parser("chat", help="chat with the assistant in this terminal").set_defaults(func=cmd_chat)
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply the migrations").set_defaults(func=cmd_db_upgrade)
    backup = db_sub.add_parser("backup", help="copy the SQLite database to FILE (safe while serving)")
    backup.add_argument("file", type=Path)
    backup.set_defaults(func=cmd_db_backup)
    restore = db_sub.add_parser("restore", help="replace the SQLite database with FILE (server stopped)")
    restore.add_argument("file", type=Path)
    restore.set_defaults(func=cmd_db_restore)

    teams = sub.add_parser("teams", help="Microsoft Teams")
    teams_sub = teams.add_subparsers(dest="teams_command", required=True, metavar="ACTION")
    package = teams_sub.add_parser("manifest", help="write the Teams app package (manifest.json and icons, zipped)")
    package.add_argument("--out", type=Path, default=Path("sammen-teams.zip"), help="the zip to write")
    package.add_argument("--version", default="1.0.0", help="the app's version (raise it for every new upload)")
    package.add_argument("--developer", default="Sammen", help="your organisation's name, shown in Teams")
    package.set_defaults(func=cmd_teams_manifest)

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
    from bot.briefing_cli import add_commands as add_briefing_commands

    add_briefing_commands(sub)  # `sammen briefing preview | send --now | status`
    return parser


def run(argv: list[str] | None = None) -> int:
    """Parse and run one command; its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


if __name__ == "__main__":
    main()
