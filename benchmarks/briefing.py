"""The daily briefing at Telegram's rate: throughput against a stand-in that enforces the limit,
duplicates, losses (and what a kill -9 and a restart leave in doubt), the sender's peak memory, the
latency of live sends during a run, and enqueueing 100,000 due subscribers on SQLite and PostgreSQL.

Three processes: the Bot API stand-in (enforcing the rate, counting what each chat receives), the bulk
sender (`scheduler.bulk.BulkSender` with the real Telegram sender over python-telegram-bot, SQLite),
killed with SIGKILL in the crash run and started again, and this one, which prepares the database
and reads the figures. The live-send probe sends one interactive message every 100 ms through the
same `Sender` as the run (what a reply competes with) and times it.

    python -m benchmarks.briefing          # 20,000 at 1,000/s, the crash run, 600 at 30/s, enqueueing
    BENCH_BRIEFING_FULL=1 python -m benchmarks.briefing   # 3,000 at 30/s (100 s) instead of 600
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.support import pin, scratch_postgres

FIRST_CHAT = 10_000_000
BUNDLED = Path(__file__).resolve().parent.parent / "knowledge" / "data"
#: Live sends go to chats of their own (a reply to each of many users: no per-chat pacing in the way).
PROBE_CHAT = 1
PROBES = 5000
TOKEN = "123456:TEST-token_for-the-stand-in"
PAYLOAD = {
    "text": "☀️ **Good morning! Your briefing for 02.12.2026**\n\n**News from the staff**\n"
    + "\n".join(f"• The network meeting on Thursday moves to the town hall, room {i}." for i in range(6))
    + "\n\n**Support schemes and knowledge changes**\n• Updated: Deferred municipal fees",
    "buttons": [[{"label": "⚙️ Briefing settings", "action": "1|bro|main", "url": None}]],
    "lang": "en",
}


# ---------------------------------------------------------------------------------------------- stand-in
def _standin_process(rate: float, chats: int, ports: Any) -> None:
    pin(1)
    asyncio.run(_standin_main(rate, chats, ports))


async def _standin_main(rate: float, chats: int, ports: Any) -> None:
    from aiohttp import web

    from tests.telegram_api import TelegramStandIn

    tg = TelegramStandIn(rate_limit=rate, record=False)
    received: Counter[int] = Counter()
    times = {"first": 0.0, "last": 0.0}
    probe_times: list[float] = []

    def sent(entry: dict[str, Any]) -> None:
        if PROBE_CHAT <= entry["chat_id"] < PROBE_CHAT + PROBES:  # a live send: counts against the limit too
            probe_times.append(entry["time"])
            return
        received[entry["chat_id"]] += 1
        times["first"] = times["first"] or entry["time"]
        times["last"] = entry["time"]
        tg.chats[entry["chat_id"]].messages.clear()  # keep the stand-in's own memory flat

    tg.on_sent = sent
    for chat in range(FIRST_CHAT, FIRST_CHAT + chats):
        tg.add_chat(chat)
    for chat in range(PROBE_CHAT, PROBE_CHAT + PROBES):
        tg.add_chat(chat)
    await tg.start()

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response({
            "messages": sum(received.values()), "chats": len(received),
            "duplicates": sum(n - 1 for n in received.values() if n > 1), "violations": tg.rate_violations,
            "first": times["first"], "last": times["last"],
            "probes": sum(times["first"] <= t <= times["last"] for t in probe_times),
        })  # fmt: skip

    app = web.Application()
    app.router.add_get("/stats", stats)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    ports.put((tg.port, runner.addresses[0][1]))
    await asyncio.Event().wait()


async def _stats(port: int) -> dict[str, Any]:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/stats") as response:
        data: dict[str, Any] = await response.json()
        return data


# ---------------------------------------------------------------------------------------------- sender
async def _sender_main(url: str, base_url: str, rate: float, concurrency: int, out: str) -> None:
    from types import SimpleNamespace

    from sqlalchemy import func, select
    from telegram import Bot

    from bot.telegram.delivery import TelegramDelivery
    from bot.telegram.request import AiohttpRequest
    from bot.telegram.sender import Sender
    from scheduler.bulk import BulkSender
    from scheduler.outbox import Policy
    from storage import Database
    from storage.models import OutboxMessage
    from storage.states import OutboxStatus

    db = Database(url)
    bot = Bot(TOKEN, base_url=base_url, request=AiohttpRequest(connection_pool_size=256))
    await bot.initialize()
    sender = Sender(bot, rate_global=rate, rate_per_chat=1.0)
    bulk = BulkSender(db, policy=Policy(concurrency=concurrency, max_attempts=3, backoff=5.0))
    bulk.register("telegram", TelegramDelivery(SimpleNamespace(sender=sender)))  # type: ignore[arg-type]
    latencies: list[float] = []

    async def probe() -> None:
        for chat in range(PROBE_CHAT, PROBE_CHAT + PROBES):
            started = time.perf_counter()
            await sender.send_message(chat, "live reply")
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(max(0.1, 30 / rate))  # 10 replies a second at 1,000/s, one at 30/s

    start_usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_at_start = start_usage.ru_utime + start_usage.ru_stime
    await bulk.start()
    prober = asyncio.get_running_loop().create_task(probe())
    open_states = (OutboxStatus.PENDING, OutboxStatus.SENDING)
    while True:
        await asyncio.sleep(0.5)
        async with db.uow() as uow:
            left = (await uow.session.execute(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status.in_(open_states))
            )).scalar()  # fmt: skip
        if not left:
            break
    prober.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await prober
    await bulk.stop()
    await bot.shutdown()
    await db.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage.ru_utime + usage.ru_stime - cpu_at_start) / max(bulk.sent, 1) * 1000
    result = {"latencies": latencies, "peak_mb": _peak_rss_mb(usage.ru_maxrss / 1024), "cpu_ms": cpu}
    await asyncio.to_thread(Path(out).write_text, json.dumps(result))


def _peak_rss_mb(fallback: float) -> float:
    """This process's own peak RSS (Linux VmHWM, which starts afresh at exec). `ru_maxrss` is kept across
    exec: started from `make bench` after the 10,000-entry benchmarks, it reported the parent's 1.2 GB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return fallback


# ---------------------------------------------------------------------------------------------- preparing
async def _prepare(url: str, n: int) -> None:
    """n users and n briefing rows waiting in the bulk lane (as an enqueue leaves them)."""
    from sqlalchemy import insert

    from storage import Database
    from storage.models import OutboxMessage, User

    db = Database(url)
    await db.upgrade()
    now = datetime.now(UTC)
    async with db.uow() as uow:
        for start in range(0, n, 5000):
            ids = range(start, min(n, start + 5000))
            await uow.session.execute(insert(User), [
                {"id": i + 1, "channel": "telegram", "external_id": str(FIRST_CHAT + i), "language": "en",
                 "onboarded": True, "unreachable": False, "created_at": now, "last_seen_at": now} for i in ids
            ])  # fmt: skip
            await uow.session.execute(insert(OutboxMessage), [
                {"user_id": i + 1, "channel": "telegram", "address": str(FIRST_CHAT + i), "address_ref": {},
                 "lane": 1, "payload": [PAYLOAD], "dedupe_key": f"briefing:2026-12-02:{i + 1}", "status": "pending",
                 "attempts": 0, "next_attempt_at": now, "ref": {}, "created_at": now} for i in ids
            ])  # fmt: skip
    await db.close()


async def _count(url: str) -> Counter[str]:
    from sqlalchemy import select

    from storage import Database
    from storage.models import OutboxMessage

    db = Database(url)
    async with db.uow() as uow:
        found = Counter((await uow.session.execute(select(OutboxMessage.status))).scalars())
    await db.close()
    return found


def _start_sender(url: str, base_url: str, rate: float, concurrency: int, out: Path) -> subprocess.Popen[bytes]:
    args = [
        sys.executable,
        "-m",
        "benchmarks.briefing",
        "--sender",
        url,
        base_url,
        str(rate),
        str(concurrency),
        str(out),
    ]
    return subprocess.Popen(args)


def _delivery_run(n: int, rate: float, concurrency: int, *, crash: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        asyncio.run(_prepare(url, n))
        ports: Any = mp.get_context("fork").Queue()
        standin = mp.get_context("fork").Process(target=_standin_process, args=(rate, n, ports), daemon=True)
        standin.start()
        api_port, stats_port = ports.get(timeout=60)
        base_url = f"http://127.0.0.1:{api_port}/bot"
        out = Path(tmp) / "sender.json"
        result: dict[str, Any] = {}
        try:
            proc = _start_sender(url, base_url, rate, concurrency, out)
            if crash:
                while asyncio.run(_stats(stats_port))["messages"] < n // 2:
                    time.sleep(0.2)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                result["in_flight"] = asyncio.run(_count(url))["sending"]
                proc = _start_sender(url, base_url, rate, concurrency, out)
            proc.wait(timeout=n / rate * 3 + 120)
            stats = asyncio.run(_stats(stats_port))
            statuses = asyncio.run(_count(url))
        finally:
            standin.kill()
        sender = json.loads(out.read_text())
    latencies = sorted(sender["latencies"]) or [0.0]
    took = max(stats["last"] - stats["first"], 1e-9)
    result.update(
        rate=(stats["messages"] + stats["probes"] - 1) / took, messages=stats["messages"],
        duplicates=stats["duplicates"],
        violations=stats["violations"], uncertain=statuses.get("uncertain", 0),
        lost=n - statuses.get("sent", 0) - statuses.get("uncertain", 0),
        peak_mb=sender["peak_mb"], cpu_ms=sender["cpu_ms"], probes=len(latencies),
        p99=latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
    )  # fmt: skip
    return result


# ---------------------------------------------------------------------------------------------- enqueueing
async def _enqueue_run(url: str, n: int) -> float:
    from sqlalchemy import insert

    from handlers.briefing_schedule import enqueue_due
    from handlers.config import CoreConfig
    from handlers.feature import Registry
    from handlers.features import FEATURES
    from knowledge.store import KnowledgeStore
    from storage import Database
    from storage.models import BriefingSubscription, NewsItem, User

    db = Database(url)
    if not db.is_sqlite:
        await db.downgrade_all()
    await db.upgrade()
    now = datetime(2026, 12, 2, 6, 30, tzinfo=UTC)  # 07:30 in Oslo, a Wednesday
    async with db.uow() as uow:
        for start in range(0, n, 10_000):
            ids = range(start, min(n, start + 10_000))
            await uow.session.execute(insert(User), [
                {"id": i + 1, "channel": "telegram", "external_id": str(FIRST_CHAT + i),
                 "language": ("en", "nb")[i % 2],
                 "region": (None, "horten")[i % 3 == 0], "onboarded": True, "unreachable": False,
                 "created_at": now, "last_seen_at": now} for i in ids
            ])  # fmt: skip
            await uow.session.execute(insert(BriefingSubscription), [
                {"user_id": i + 1, "status": "active", "slot_minute": 450, "days": "weekdays",
                 "topics": ["news", "knowledge"], "timezone": "Europe/Oslo", "created_at": now, "updated_at": now}
                for i in ids
            ])  # fmt: skip
        uow.session.add(NewsItem(text="The fee deferral is extended to June.", created_at=now.replace(hour=0)))
    knowledge = KnowledgeStore(BUNDLED)
    sources = Registry(FEATURES).digest_sources
    started = time.perf_counter()
    result = await enqueue_due(db, knowledge, CoreConfig(), sources, now=now)
    took = time.perf_counter() - started
    await db.close()
    assert result.enqueued == n, result
    return took


def _pg_enqueue(n: int) -> float | None:
    with scratch_postgres() as url:
        return asyncio.run(_enqueue_run(url, n)) if url is not None else None


# ---------------------------------------------------------------------------------------------- the table
def _rows(bench: str, r: dict[str, Any], limit: float, *, memory: bool = False) -> list[dict[str, Any]]:
    rows = [
        {"benchmark": bench, "metric": "msg/s, briefings + live sends (share of the limit)",
         "value": f"{r['rate']:,.0f} ({r['rate'] / limit:.1%})",
         "target": ">= 95 %"},
        {"benchmark": bench, "metric": "duplicates / lost / 429s",
         "value": f"{r['duplicates']} / {r['lost']} / {r['violations']}",
         "target": "0 / 0 / 0"},
        {"benchmark": bench, "metric": "live send p99 ms (probes)", "value": f"{r['p99']:.1f} ({r['probes']})",
         "target": "< 1000"},
    ]  # fmt: skip
    rows.append({"benchmark": bench, "metric": "sender CPU ms per message", "value": r["cpu_ms"], "target": "-"})
    if memory:
        rows.append({"benchmark": bench, "metric": "sender peak RSS MB", "value": r["peak_mb"], "target": "<= 150"})
    return rows


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    big = _delivery_run(20_000, 1000.0, 32)
    rows += _rows("briefing, 20,000 at 1,000/s", big, 1000.0, memory=True)
    crash = _delivery_run(20_000, 1000.0, 32, crash=True)
    rows.append({"benchmark": "briefing, 20,000 at 1,000/s, kill -9 at half, restart", "metric":
                 "duplicates / lost / uncertain (in flight at the kill)",
                 "value": f"{crash['duplicates']} / {crash['lost']} / {crash['uncertain']} ({crash['in_flight']})",
                 "target": "0 / 0 / <= 32"})  # fmt: skip
    small = 3000 if os.environ.get("BENCH_BRIEFING_FULL") else 600
    slow = _delivery_run(small, 30.0, 8)
    shortened = "" if small == 3000 else " (shortened; BENCH_BRIEFING_FULL=1: 3,000)"
    rows += _rows(f"briefing, {small:,} at 30/s{shortened}", slow, 30.0)
    sqlite_took = asyncio.run(_enqueue_sqlite(100_000))
    rows.append({"benchmark": "briefing, enqueue 100,000 due, SQLite", "metric": "seconds", "value": sqlite_took,
                 "target": "<= 10"})  # fmt: skip
    pg_took = _pg_enqueue(100_000)
    rows.append({"benchmark": "briefing, enqueue 100,000 due, PostgreSQL", "metric": "seconds",
                 "value": pg_took if pg_took is not None else "not run (no server)", "target": "<= 10"})  # fmt: skip
    return rows


async def _enqueue_sqlite(n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return await _enqueue_run(f"sqlite+aiosqlite:///{tmp}/enqueue.db", n)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--sender":
        pin(0)
        if os.environ.get("SAMMEN_BENCH_PROFILE"):
            import cProfile

            url, base_url, rate, concurrency, out = sys.argv[2:7]
            cProfile.run(
                "asyncio.run(_sender_main(url, base_url, float(rate), int(concurrency), out))",
                os.environ["SAMMEN_BENCH_PROFILE"],
            )
            raise SystemExit(0)
        url, base_url, rate, concurrency, out = sys.argv[2:7]
        asyncio.run(_sender_main(url, base_url, float(rate), int(concurrency), out))
        raise SystemExit(0)
    from benchmarks.__main__ import print_table

    print_table(run())
