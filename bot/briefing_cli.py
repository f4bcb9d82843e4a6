"""`sammen briefing preview USER_ID | send --now | status`: the operator's view of the daily briefing.

`send --now` only enqueues (what is due now, every slot up to this minute); the running server's bulk
sender delivers, at the channel's rate, as it does for the scheduled runs.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.settings import settings_or_exit


def add_commands(sub: argparse._SubParsersAction) -> None:
    briefing = sub.add_parser("briefing", help="the daily briefing: preview, send now, today's figures")
    actions = briefing.add_subparsers(dest="briefing_command", required=True, metavar="ACTION")
    preview = actions.add_parser("preview", help="print one subscriber's next briefing")
    preview.add_argument("user_id", help="the user's id (as in the dashboard), or CHANNEL:ID such as telegram:12345")
    preview.set_defaults(func=cmd_preview)
    send = actions.add_parser("send", help="enqueue the briefings due now (the server sends them)")
    send.add_argument("--now", action="store_true", required=True, help="every slot up to this minute, today")
    send.set_defaults(func=cmd_send)
    actions.add_parser("status", help="today's figures: due, sent, failed, uncertain, unsubscribed").set_defaults(
        func=cmd_status
    )


def _services_run(work: object) -> int:
    from bot.services import build_services
    from storage.failures import DatabaseUnavailable

    settings = settings_or_exit()

    async def run() -> int:
        services = await build_services(settings)
        try:
            return int(await work(services))  # type: ignore[operator]
        finally:
            await services.close()

    try:
        return asyncio.run(run())
    except DatabaseUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2


def cmd_preview(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from handlers.briefing_schedule import preview
    from handlers.markup import to_plain
    from storage.models import User

    async def work(services: object) -> int:
        a = services.assistant  # type: ignore[attr-defined]
        async with services.database.uow() as uow:  # type: ignore[attr-defined]
            if ":" in args.user_id:
                channel, _, external = args.user_id.partition(":")
                user = await uow.users.get(channel, external)
            elif args.user_id.isdecimal():
                user = (await uow.session.execute(select(User).where(User.id == int(args.user_id)))).scalar()
            else:
                user = None
            if user is None:
                print(f"No user {args.user_id}.", file=sys.stderr)
                return 1
            payload = await preview(uow, user, a.knowledge, a.config, a.registry.digest_sources)
        if payload is None:
            print(f"Nothing new for user {user.id} since their last briefing: no message would be sent.")
            return 0
        print(to_plain(payload["text"]))
        labels = [b["label"] for row in payload.get("buttons", []) for b in row]
        if labels:
            print("\n[" + "] [".join(labels) + "]")
        return 0

    return _services_run(work)


def cmd_send(_args: argparse.Namespace) -> int:
    from scheduler.briefing import run_briefing

    async def work(services: object) -> int:
        result = await run_briefing(services, force=True)
        slots = ", ".join(result.slots) or "none yet today"
        print(f"Slots: {slots}. Due: {result.due}, enqueued: {result.enqueued}, nothing new: {result.nothing_new}.")
        print("The running server sends them (`sammen briefing status` to watch).")
        return 0

    return _services_run(work)


def cmd_status(_args: argparse.Namespace) -> int:
    from handlers.briefing_schedule import day_figures, subscriber_counts

    async def work(services: object) -> int:
        zone = ZoneInfo(services.settings.timezone)  # type: ignore[attr-defined]
        today = datetime.now(UTC).astimezone(zone).date()
        async with services.database.uow() as uow:  # type: ignore[attr-defined]
            figures = await day_figures(uow, today)
            subscribers = await subscriber_counts(uow)
        print(f"Briefings for {today.isoformat()}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
        print("Subscribers: " + (", ".join(f"{k} {v}" for k, v in sorted(subscribers.items())) or "none"))
        return 0

    return _services_run(work)
