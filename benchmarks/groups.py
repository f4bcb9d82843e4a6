"""Groups and events: 50 joins at once for the last 3 places (SQLite, and PostgreSQL when
BENCH_DATABASE_URL or TEST_DATABASE_URL names one), and listing a region's 1,000 groups and 5,000 events.

Run alone: `.venv/bin/python -m benchmarks.groups`.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.services import build_services
from bot.settings import load_settings
from handlers.groups import listing
from handlers.i18n import Translator
from storage.database import Database
from storage.gatherings import GatheringRepository

BUNDLED = Path(__file__).resolve().parents[1] / "knowledge" / "data"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CROWD, FREE, CAPACITY = 50, 3, 10


def _generated(folder: Path, groups: int, events: int) -> None:
    shutil.copytree(BUNDLED, folder)
    lines = ["groups:"]
    days = ("MO", "TU", "WE", "TH", "FR")
    for n in range(groups):
        rule = f"FREQ=MONTHLY;BYDAY={1 + n % 4}{days[n % 5]}"
        lines += [f"  - id: bench-group-{n}", f'    name: {{nb: "Nettverksgruppe {n}"}}', "    regions: [horten]",
                  f"    capacity: {10 + n % 20}", f'    schedule: {{rrule: "{rule}", start: "{8 + n % 9:02d}:30",'
                  " minutes: 90}", '    place: "Horten"']  # fmt: skip
    lines.append("events:")
    for n in range(events):
        day = 1 + n % 28
        month = 3 + (n // 28) % 10
        lines += [f"  - id: bench-event-{n}", f'    title: {{nb: "Arrangement {n}"}}', "    regions: [horten]",
                  f"    starts: 2026-{month:02d}-{day:02d} 09:00", f"    ends: 2026-{month:02d}-{day:02d} 11:00",
                  "    capacity: 40", '    place: "Horten"']  # fmt: skip
    (folder / "bench-groups.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def _race(url: str) -> float:
    """Seconds for 50 concurrent joins (each its own unit of work) when 3 of 10 places are left."""
    database = Database(url)
    await database.upgrade()
    try:
        async with database.uow() as uow:
            users = [await uow.users.get_or_create("web", f"race-{n}") for n in range(CAPACITY - FREE + CROWD)]
        async with database.uow() as uow:
            for user in users[: CAPACITY - FREE]:
                await GatheringRepository(uow.session).join("event", "race", user, CAPACITY)

        async def one(user: object) -> str:
            async with database.uow() as uow:
                return (await GatheringRepository(uow.session).join("event", "race", user, CAPACITY)).status  # type: ignore[arg-type]

        started = time.perf_counter()
        statuses = await asyncio.gather(*(one(u) for u in users[CAPACITY - FREE :]))
        elapsed = time.perf_counter() - started
        assert statuses.count("member") == FREE, statuses
        return elapsed
    finally:
        await database.close()


async def _on_private_database(base: str) -> float:
    """The race on a database of its own on that server, dropped afterwards (never the given one)."""
    from sqlalchemy.engine import make_url

    from tests.servers import pg_admin

    name = f"sammen_bench_groups_{secrets.token_hex(3)}"
    await pg_admin(make_url(base), f'CREATE DATABASE "{name}"')
    try:
        return await _race(make_url(base).set(database=name).render_as_string(hide_password=False))
    finally:
        await pg_admin(make_url(base), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _listing(groups: int, events: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "knowledge"
        _generated(folder, groups, events)
        started = time.perf_counter()
        settings = load_settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", knowledge_dir=folder)
        services = await build_services(settings)
        load = time.perf_counter() - started
        t = Translator("nb")
        out: dict[str, float] = {"load": load}
        try:
            for kind in ("group", "event"):
                times = []
                for _ in range(7):
                    begun = time.perf_counter()
                    async with services.database.uow() as uow:
                        await listing(uow, services.knowledge.kb, t, "horten", kind, "Europe/Oslo", NOW)
                    times.append((time.perf_counter() - begun) * 1000)
                out[kind] = statistics.median(times[1:])  # the first run parses every rule once
                out[kind + "-cold"] = times[0]
        finally:
            await services.close()
    return out


def run() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        seconds = asyncio.run(_race(f"sqlite+aiosqlite:///{Path(tmp) / 'race.db'}"))
    rows.append({"benchmark": "groups: 50 joins at once, last 3 places, SQLite", "metric": "wall ms",
                 "value": seconds * 1000, "target": "exactly 3 in"})  # fmt: skip
    pg = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg:
        seconds = asyncio.run(_on_private_database(pg))
        rows.append({"benchmark": "groups: 50 joins at once, last 3 places, PostgreSQL", "metric": "wall ms",
                     "value": seconds * 1000, "target": "exactly 3 in"})  # fmt: skip
    figures = asyncio.run(_listing(1000, 5000))
    rows.append({"benchmark": "groups: load 1,000 groups + 5,000 events (with the bundled base)", "metric": "s",
                 "value": figures["load"], "target": ""})  # fmt: skip
    for kind, label in (("group", "list a region's 1,000 groups (next meeting, places)"),
                        ("event", "list a region's 5,000 events (date, places)")):  # fmt: skip
        rows.append({"benchmark": f"groups: {label}", "metric": "median ms (first)",
                     "value": f"{figures[kind]:.1f} ({figures[kind + '-cold']:.0f})", "target": ""})  # fmt: skip
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table(run())
