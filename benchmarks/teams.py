"""Teams end to end: activities posted to `/api/teams/messages` with signed tokens, the real server
(token validation, the inbox, the core, SQLite) pinned to one core, the replies timed at the connector
stand-in (`tests/teams_api.py`) on the other core.

100 users (then 5) each ask 10 questions one after the other (a closed loop: the next question goes
when the answer arrived). Reported: activities/s, the time from posting an activity to its first
reply at the connector (p50, p99), the server's CPU per activity (what compares across machines and
loads), every question answered, and how many connector tokens were fetched (one: cached). The
lexical engine (`EMBEDDINGS=off`), so the figures show the channel and the core.

    python -m benchmarks.teams
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.support import cpu_seconds, pin, run_profiled

#: concurrent users: many (throughput; the latency is mostly queueing), few (the latency of one answer)
SCENARIOS = (100, 5)
MESSAGES = 10
QUESTIONS = (
    "kan vi få utsatt kommunale avgifter?",
    "hvem i NAV kan hjelpe oss med permittering?",
    "finnes det nettverksgrupper for små bedrifter?",
    "hvor finner jeg handle lokalt horten",
)


def _server_process(connector_url: str, token_url: str, db: str, conn: Any) -> None:
    pin(0)
    run_profiled(_server_main(connector_url, token_url, db, conn))  # SAMMEN_BENCH_PROFILE: under cProfile


async def _server_main(connector_url: str, token_url: str, db: str, conn: Any) -> None:
    import logging

    from aiohttp import web

    from bot.server import CHANNELS, build_app
    from bot.services import build_services
    from bot.settings import EmbeddingsSettings, Settings, TeamsSettings
    from tests.teams_api import APP_ID, APP_PASSWORD, TENANT, SigningKeys

    logging.basicConfig(level=logging.ERROR)
    teams = TeamsSettings(app_id=APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT, token_url=token_url,
                          service_url=connector_url)  # fmt: skip
    settings = Settings(database_url=f"sqlite+aiosqlite:///{db}", teams=teams,
                        semantic=EmbeddingsSettings(EMBEDDINGS="off"))  # fmt: skip
    services = await build_services(settings)
    app = build_app(services)
    [channel] = [c for c in app[CHANNELS] if c.name == "teams"]
    channel.auth.use_keys(SigningKeys())
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    conn.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # until told to stop
    await runner.cleanup()
    await services.close()
    conn.send("stopped")


async def _load(connector: Any, port: int, users: int) -> dict[str, Any]:
    import aiohttp

    from tests.teams_api import activity, bearer

    waiting: dict[str, asyncio.Future[float]] = {}
    connector.on_sent = lambda sent: (
        waiting.pop(sent.conversation).set_result(time.perf_counter()) if sent.conversation in waiting else None
    )
    latencies: list[float] = []
    unanswered = 0
    url = f"http://127.0.0.1:{port}/api/teams/messages"
    header = {"Authorization": bearer(service_url=connector.url)}

    async def user(number: int, http: aiohttp.ClientSession) -> None:
        nonlocal unanswered
        name = f"bench-{users}-{number}"
        for i in range(MESSAGES):
            body = activity(connector.url, user=name, text=QUESTIONS[(number + i) % len(QUESTIONS)])
            answered = asyncio.get_running_loop().create_future()
            waiting[body["conversation"]["id"]] = answered
            started = time.perf_counter()
            async with http.post(url, json=body, headers=header) as response:
                assert response.status == 200, response.status
            try:
                latencies.append((await asyncio.wait_for(answered, 30) - started) * 1000)
            except TimeoutError:
                unanswered += 1
            await asyncio.sleep(0.05)  # a further reply to the same question lands before the next one

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=users)) as http:
        started = time.perf_counter()
        await asyncio.gather(*(user(n, http) for n in range(users)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": len(latencies) / (elapsed - MESSAGES * 0.05),
        "p50": statistics.median(latencies),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
        "unanswered": unanswered,
        "tokens": connector.tokens_issued,
    }


async def _measure(workdir: Path) -> list[dict[str, Any]]:
    from tests.teams_api import ConnectorStandIn

    pin(1)
    async with ConnectorStandIn(record=False) as connector:
        parent, child = mp.Pipe()
        process = mp.get_context("fork").Process(
            target=_server_process, args=(connector.url, connector.token_url, str(workdir / "teams.db"), child)
        )
        process.start()
        loop = asyncio.get_running_loop()
        port = await loop.run_in_executor(None, parent.recv)
        try:
            results = []
            for users in SCENARIOS:
                cpu = cpu_seconds(process.pid)
                result = await _load(connector, port, users)
                result["cpu_ms"] = (cpu_seconds(process.pid) - cpu) * 1000 / (users * MESSAGES)
                results.append(result)
            return results
        finally:
            parent.send("stop")
            await loop.run_in_executor(None, parent.recv)
            process.join(10)


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        results = asyncio.run(_measure(Path(tmp)))
    rows: list[dict[str, Any]] = []
    for users, result in zip(SCENARIOS, results, strict=True):
        name = f"Teams end to end, {users} users × {MESSAGES} questions"
        rows += [
            {"benchmark": name, "metric": "activities/s", "value": result["rate"]},
            {"benchmark": name, "metric": "first reply p50 (ms)", "value": result["p50"]},
            {"benchmark": name, "metric": "first reply p99 (ms)", "value": result["p99"]},
            {"benchmark": name, "metric": "server CPU per activity (ms)", "value": result["cpu_ms"]},
            {"benchmark": name, "metric": "unanswered", "value": result["unanswered"], "target": 0},
        ]
    rows.append({"benchmark": "Teams end to end", "metric": "connector tokens fetched",
                 "value": results[-1]["tokens"], "target": 1})  # fmt: skip
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import print_table

    started = time.perf_counter()
    print_table(run())
    print(f"took {time.perf_counter() - started:.1f} s", file=sys.stderr)
