"""The briefing's wake-ups: every few minutes (and once at start, for a slot missed while down) the due
briefings are enqueued in the bulk lane; the bulk sender (`scheduler.bulk`) delivers them."""

from __future__ import annotations

import logging
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from handlers.briefing_schedule import RunResult, enqueue_due

log = logging.getLogger(__name__)

#: Slots are whole minutes of local time; waking every 5 minutes serves any slot length of 5 or more.
WAKE_MINUTES = "*/5"


async def run_briefing(services: Any, *, force: bool = False) -> RunResult:
    assistant = services.assistant
    return await enqueue_due(
        services.database, assistant.knowledge, assistant.config, assistant.registry.digest_sources, force=force
    )


def add_briefing_jobs(scheduler: AsyncIOScheduler, services: Any) -> None:
    scheduler.add_job(run_briefing, CronTrigger(minute=WAKE_MINUTES, timezone="UTC"), id="briefing",
                      args=(services,), misfire_grace_time=240)  # fmt: skip
    scheduler.add_job(run_briefing, id="briefing-at-start", args=(services,))  # a slot missed while down
