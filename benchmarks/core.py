"""The core without a channel: messages per second through the assistant on a SQLite file."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.services import build_services
from bot.settings import load_settings
from handlers.types import Incoming

QUESTIONS = [
    "kan vi få utsatt kommunale avgifter?",
    "hvem i NAV kan hjelpe oss med permittering?",
    "finnes det nettverksgrupper for små bedrifter?",
    "hvor finner jeg handle lokalt horten",
    "when is the network fair in Hedensted?",
]


#: Vectors of the bundled knowledge kept between bench runs (a cold build takes about 30 s).
VECTOR_CACHE = Path.home() / ".cache" / "sammen" / "vectors"


async def _run(users: int, per_user: int, semantic: str = "off") -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        settings.semantic.mode, settings.semantic.cache_dir = semantic, VECTOR_CACHE  # type: ignore[assignment]
        services = await build_services(settings)
        if semantic != "off":
            await asyncio.to_thread(services.knowledge.wait_semantic, 900)
        latencies: list[float] = []

        async def user(i: int) -> None:
            for j in range(per_user):
                started = time.perf_counter()
                await services.assistant.handle(Incoming("web", f"u{i}", text=QUESTIONS[(i + j) % len(QUESTIONS)]))
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(user(i) for i in range(users)))
        elapsed = time.perf_counter() - started
        await services.close()
    latencies.sort()
    return {
        "rate": users * per_user / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
    }


def run() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for users, per_user, semantic in ((1, 300, "off"), (100, 5, "off"), (1, 100, "bundled"), (20, 10, "bundled")):
        result = asyncio.run(_run(users, per_user, semantic))
        stage = "lexical" if semantic == "off" else "semantic stage on"
        name = f"core, {users} user(s), SQLite, {stage}"
        rows.append({"benchmark": name, "metric": "questions/s", "value": result["rate"], "target": "-"})
        rows.append({"benchmark": name, "metric": "latency p50 ms", "value": result["p50"], "target": "-"})
        rows.append({"benchmark": name, "metric": "latency p99 ms", "value": result["p99"], "target": "-"})
    return rows
