"""Web chat under load: 200 visitors, each sending 20 messages one after the other (a closed loop),
against `sammen serve` in its own process (pinned to one core), on SQLite and on PostgreSQL.

The server has core 0, the visitors core 1. SQLite runs inside the server, so its work is on the
server's core by design; PostgreSQL is a server of its own (in production, usually on its own host),
so for its runs this machine's PostgreSQL is moved to core 1 too: left free to run anywhere, Linux
wakes a backend on the core of the process that just wrote to it, the server's, and the database's
work is then charged to the server as if it were embedded.

Reported: requests/s, latency p50/p99 per message, and whether every message got exactly one
answer (a 200 with at least one reply); the median of three runs each, SQLite and PostgreSQL taking
turns (the runs' p99s are listed too). The lexical engine (`EMBEDDINGS=off`), so the figures show
the server and the database, not the model. Five rounds: from one minute to the next this
machine's speed drifts by more than the difference measured.

    python -m benchmarks.webchat
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.support import PG_BASE, cpu_seconds, postgres_on, scratch_postgres

VISITORS = 200
MESSAGES = 20
QUESTIONS = (
    "kan vi få utsatt kommunale avgifter?",
    "hvem i NAV kan hjelpe oss med permittering?",
    "finnes det nettverksgrupper for små bedrifter?",
    "hvor finner jeg handle lokalt horten",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _load(base: str) -> dict[str, Any]:
    latencies: list[float] = []
    answered = failed = 0

    async def visitor(number: int) -> None:
        nonlocal answered, failed
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar, headers={"Origin": base}) as http:
            async with http.get(f"{base}/"):
                pass
            for i in range(MESSAGES):
                started = time.perf_counter()
                question = {"text": QUESTIONS[(number + i) % len(QUESTIONS)]}
                async with http.post(f"{base}/api/messages", json=question) as r:
                    body = await r.json() if r.status == 200 else None
                latencies.append((time.perf_counter() - started) * 1000)
                replies = body.get("replies") if isinstance(body, dict) else body
                if r.status == 200 and replies:
                    answered += 1
                else:
                    failed += 1

    started = time.perf_counter()
    await asyncio.gather(*(visitor(n) for n in range(VISITORS)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "answered": answered,
        "failed": failed,
    }


def _serve(database_url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "HTTP_PORT": str(port), "EMBEDDINGS": "off",
           "SAMMEN_PID_FILE": str(workdir / "bench.pid"), "LOG_LEVEL": "WARNING"}  # fmt: skip
    for key in [k for k in env if k.startswith("TELEGRAM_")]:
        del env[key]
    command = [sys.executable, "-m", "bot.cli", "serve"]
    if (os.cpu_count() or 1) > 1:
        command = ["taskset", "-c", str(SERVER_CPU), *command]
    proc = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    # Ready, not just listening: the port is bound first (a taken port fails at once), and the
    # migrations, the knowledge index and the pool come after it; requests sent meanwhile would
    # measure the start, about 2 s here, not the serving.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as ready:
                if ready.status == 200:
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("the server did not start")
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready")


def _measure(database_url: str, workdir: Path) -> dict[str, Any]:
    proc, base = _serve(database_url, workdir)
    try:
        if (os.cpu_count() or 1) > 1 and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {VISITORS_CPU})
        before = cpu_seconds(proc.pid)
        result = asyncio.run(_load(base))
        result["cpu_ms"] = (cpu_seconds(proc.pid) - before) * 1000 / (result["answered"] + result["failed"])
        return result
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


#: Paired runs: this 2-core machine's speed drifts by 20-30 % from one minute to the next, so one run
#: each says little about which database is faster; the two alternate which goes first.
ROUNDS = 5
SERVER_CPU, VISITORS_CPU = 0, 1


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return float(statistics.median(r[key] for r in runs))


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    results: dict[str, list[dict[str, Any]]] = {"SQLite": [], "PostgreSQL": []}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for round_ in range(ROUNDS):
            order = ("SQLite", "PostgreSQL") if round_ % 2 == 0 else ("PostgreSQL", "SQLite")
            for engine in order:
                if engine == "SQLite":
                    results[engine].append(_measure(f"sqlite+aiosqlite:///{workdir / f'bench{round_}.db'}", workdir))
                    continue
                with scratch_postgres() as url, postgres_on({VISITORS_CPU}, url or PG_BASE) as moved:
                    if url is not None:
                        results[engine].append(_measure(url, workdir) | {"moved": moved})
    for engine, runs in results.items():
        if not runs:
            continue
        bench = f"web chat, {VISITORS} visitors x {MESSAGES} messages, {engine} (median of {len(runs)})"
        target = "<= SQLite's" if engine == "PostgreSQL" else "-"
        if engine == "PostgreSQL" and not all(r.get("moved") for r in runs):
            bench += ", database not moved off the server's core"
        rows.append({"benchmark": bench, "metric": "requests/s", "value": _median(runs, "rate"), "target": "-"})
        rows.append({"benchmark": bench, "metric": "latency p50 ms", "value": _median(runs, "p50"), "target": "-"})
        rows.append({"benchmark": bench, "metric": "latency p99 ms", "value": _median(runs, "p99"), "target": target})
        rows.append({"benchmark": bench, "metric": "latency p99 ms, each run",
                     "value": " / ".join(f"{r['p99']:,.0f}" for r in runs), "target": "-"})  # fmt: skip
        rows.append({"benchmark": bench, "metric": "server CPU ms per request", "value": _median(runs, "cpu_ms"),
                     "target": "-"})  # fmt: skip
        answered, failed = sum(r["answered"] for r in runs), sum(r["failed"] for r in runs)
        rows.append({"benchmark": bench, "metric": "answered / failed", "value": f"{answered} / {failed}",
                     "target": f"{len(runs) * VISITORS * MESSAGES} / 0"})  # fmt: skip
    pairs = list(zip(results["SQLite"], results["PostgreSQL"], strict=False))
    if pairs:
        wins = sum(pg["p99"] <= lite["p99"] for lite, pg in pairs)
        bench = f"web chat, {VISITORS} visitors x {MESSAGES} messages, paired runs"
        rows.append({"benchmark": bench, "metric": "PostgreSQL p99 <= SQLite's", "value": f"{wins} of {len(pairs)}",
                     "target": "-"})  # fmt: skip
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    print_table(run())
