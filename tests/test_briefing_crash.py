"""kill -9 in the middle of a briefing run, then a restart (`sammen serve` as a real process): nobody
gets a briefing twice, the rows in doubt are at most the sender's window, and everyone else gets theirs."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.services import build_services
from storage import Database
from storage.models import OutboxMessage
from storage.states import OutboxStatus
from tests.conftest import make_settings
from tests.servers import env_for, free_port, sammen
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn

from .test_briefing_delivery import MORNING, add_subscribers, briefings

SUBSCRIBERS = 150
WINDOW = 8


async def statuses(url: str) -> Counter[str]:
    db = Database(url)
    try:
        async with db.uow() as uow:
            return Counter((await uow.session.execute(select(OutboxMessage.status))).scalars())
    finally:
        await db.close()


def _wait(proc: subprocess.Popen[Any], timeout: float) -> int | None:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


async def test_kill_9_mid_run_then_restart_sends_nobody_twice(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.db"  # the database `env_for` gives the process
    async with TelegramStandIn(rate_limit=60, latency=0.03) as tg:
        services = await build_services(make_settings(url))
        try:
            await add_subscribers(services.database, tg, SUBSCRIBERS)
            a = services.assistant
            from handlers.briefing_schedule import enqueue_due

            result = await enqueue_due(services.database, a.knowledge, a.config, a.registry.digest_sources, now=MORNING)
            assert result.enqueued == SUBSCRIBERS
        finally:
            await services.close()
        env = env_for(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, TELEGRAM_API_BASE_URL=tg.base_url,
                      HTTP_PORT=str(free_port()), TELEGRAM_RATE_GLOBAL="60", TELEGRAM_RATE_PER_CHAT="100",
                      BRIEFING_CONCURRENCY=str(WINDOW))  # fmt: skip
        loop = asyncio.get_running_loop()
        with (tmp_path / "first.log").open("w") as log:
            first = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)  # noqa: ASYNC220
        try:
            await tg.wait_for(lambda: sum(briefings(tg).values()) >= 40, timeout=40)
            os.kill(first.pid, signal.SIGKILL)
            await loop.run_in_executor(None, _wait, first, 10)
        finally:
            if first.poll() is None:
                first.kill()
        at_crash = await statuses(url)
        received_at_crash = sum(briefings(tg).values())
        assert 0 < at_crash[OutboxStatus.SENDING] <= WINDOW, at_crash
        with (tmp_path / "again.log").open("w") as log:
            again = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)  # noqa: ASYNC220
        try:
            def settled() -> bool:
                return sum(briefings(tg).values()) >= SUBSCRIBERS - at_crash[OutboxStatus.SENDING]

            await tg.wait_for(settled, timeout=40)
            await asyncio.sleep(0.5)  # nothing more may come
        finally:
            again.send_signal(signal.SIGTERM)
            await loop.run_in_executor(None, _wait, again, 15)
            if again.poll() is None:
                again.kill()
        final = await statuses(url)
    got = briefings(tg)
    print(f"received before kill -9: {received_at_crash}; in flight: {at_crash[OutboxStatus.SENDING]}; final: {final}")
    assert max(got.values()) == 1  # never twice
    assert final[OutboxStatus.UNCERTAIN] == at_crash[OutboxStatus.SENDING] <= WINDOW
    assert final[OutboxStatus.SENT] + final[OutboxStatus.UNCERTAIN] == SUBSCRIBERS
    assert len(got) >= SUBSCRIBERS - final[OutboxStatus.UNCERTAIN]  # only the rows in doubt can be missing
    assert "uncertain, not resent" in (tmp_path / "again.log").read_text()
