"""`sammen staff ...` (accounts) and `sammen kb export DIR` (the staff's additions as YAML).

Passwords are read twice without echo, or once from stdin with `--password-stdin` (for scripts);
they are never arguments, which would end up in the shell history and the process list.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bot.settings import settings_or_exit
from handlers import staff_accounts
from handlers.staffdesk import ROLES
from storage import Database
from storage.models import Staff
from storage.uow import UnitOfWork

T = TypeVar("T")


def add_commands(sub: argparse._SubParsersAction, kb_sub: argparse._SubParsersAction | None) -> None:
    staff = sub.add_parser("staff", help="staff accounts for the dashboard")
    actions = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a dashboard account (asks for the password)")
    add.add_argument("email")
    add.add_argument("--role", choices=ROLES, default="staff", help="admin, staff or viewer (default staff)")
    add.add_argument("--name", default="", help="the name users see under answers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin (one line)")
    add.set_defaults(func=cmd_add)
    actions.add_parser("list", help="list staff accounts").set_defaults(func=cmd_list)
    role = actions.add_parser("role", help="change a staff member's role")
    role.add_argument("email")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(func=cmd_role)
    for name, active in (("deactivate", False), ("activate", True)):
        p = actions.add_parser(name, help=f"{name} an account (deactivating also logs it out)")
        p.add_argument("email")
        p.set_defaults(func=cmd_active, active=active)
    pw = actions.add_parser("password", help="set a new password (logs the account out everywhere)")
    pw.add_argument("email")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=cmd_password)
    if kb_sub is not None:
        export = kb_sub.add_parser("export", help="write the knowledge with the staff's additions as YAML to DIR")
        export.add_argument("dir", type=Path)
        export.add_argument("--force", action="store_true", help="write into a folder that already has YAML files")
        export.add_argument("--clear-additions", action="store_true",
                            help="after a valid export, delete the exported additions from the database")  # fmt: skip
        export.set_defaults(func=cmd_kb_export)


def _run(work: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    settings = settings_or_exit()

    async def run() -> T:
        database = Database(settings.database_url)
        try:
            await database.upgrade()
            async with database.uow() as uow:
                return await work(uow)
        finally:
            await database.close()

    return asyncio.run(run())


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise staff_accounts.AccountError("the two passwords differ")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    try:
        password = read_password(args.password_stdin)
        staff_accounts.check_password(password)
        staff = _run(lambda uow: staff_accounts.add_staff(uow, args.email, args.role, password, name=args.name))
    except staff_accounts.AccountError as exc:
        print(f"Not added: {exc}.", file=sys.stderr)
        return 1
    print(f"Added {staff.email} as {staff.role}. They can log in at /staff/login.")
    return 0


def cmd_list(_args: argparse.Namespace) -> int:
    async def listing(uow: UnitOfWork) -> tuple[list[Staff], dict[int, list[tuple[str, str]]]]:
        members = await staff_accounts.all_staff(uow)
        return members, await uow.staff.identities([m.id for m in members])

    members, chats = _run(listing)
    for m in members:
        flags = "" if m.active else "  (inactive)"
        chat = ", ".join(f"{channel} {cid}" for channel, cid in chats.get(m.id, [])) or "-"
        print(f"{m.id:>4}  {m.role:<7} {m.email or '-':<32} {chat:<20} {m.name}{flags}")
    if not members:
        print("No staff accounts yet: sammen staff add EMAIL --role admin")
    return 0


async def _member(uow: UnitOfWork, email: str) -> Staff:
    member = await staff_accounts.by_email(uow, email)
    if member is None:
        raise staff_accounts.AccountError(f"no account with the email {email}")
    return member


def cmd_role(args: argparse.Namespace) -> int:
    async def work(uow: UnitOfWork) -> None:
        await staff_accounts.set_role(uow, await _member(uow, args.email), args.role)

    return _report(work, f"{args.email} is now {args.role}.")


def cmd_active(args: argparse.Namespace) -> int:
    async def work(uow: UnitOfWork) -> None:
        await staff_accounts.set_active(uow, await _member(uow, args.email), args.active)

    return _report(work, f"{args.email} is {'active' if args.active else 'deactivated and logged out'}.")


def cmd_password(args: argparse.Namespace) -> int:
    try:
        password = read_password(args.password_stdin)
        staff_accounts.check_password(password)
    except staff_accounts.AccountError as exc:
        print(f"Not changed: {exc}.", file=sys.stderr)
        return 1

    async def work(uow: UnitOfWork) -> None:
        await staff_accounts.set_password(uow, await _member(uow, args.email), password)

    return _report(work, f"New password set for {args.email}; their sessions were ended.")


def _report(work: Callable[[UnitOfWork], Awaitable[None]], done: str) -> int:
    try:
        _run(work)
    except staff_accounts.AccountError as exc:
        print(f"Nothing changed: {exc}.", file=sys.stderr)
        return 1
    print(done)
    return 0


def cmd_kb_export(args: argparse.Namespace) -> int:
    from knowledge.loader import knowledge_files, read_knowledge
    from storage.additions import clear_additions, export_from_database

    settings = settings_or_exit()
    out: Path = args.dir
    if out.exists() and not out.is_dir():
        print(f"{out} is not a folder.", file=sys.stderr)
        return 1
    if out.exists() and knowledge_files(out) and not args.force:
        print(f"{out} already has YAML files; use --force to write over them.", file=sys.stderr)
        return 1

    async def run() -> tuple[list[Path], list[int], list]:
        database = Database(settings.database_url)
        try:
            await database.upgrade()
            written, ids = await export_from_database(database, settings.knowledge_dir, out)
            _, problems = read_knowledge(out)
            if args.clear_additions and ids and not problems:
                await clear_additions(database, ids)
            return written, ids, problems
        finally:
            await database.close()

    written, ids, problems = asyncio.run(run())
    print(f"Wrote {len(written)} file(s) with {len(ids)} staff addition(s) to {out}.")
    if problems:
        print(f"The export has {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if args.clear_additions and ids:
        print(f"Deleted the {len(ids)} exported addition(s) from the database: they are in {out} now.")
    return 0
