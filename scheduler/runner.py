"""The background side of the server: APScheduler decides *when*, the outbox worker delivers.

Jobs: the outbox poll (a fallback for rows written by other processes; this process wakes its worker
on commit), the recovery of rows a dead worker left `sending`, and the morning reminder to the staff,
weekdays half an hour before the advisory meeting in the configured time zone.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.outbox import OutboxWorker
from scheduler.reminders import remind_unanswered

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

OUTBOX_POLL_SECONDS = 5.0
RECOVER_SECONDS = 60.0
REMINDER_BEFORE_MEETING = timedelta(minutes=30)

WORKER: web.AppKey[OutboxWorker] = web.AppKey("outbox_worker", OutboxWorker)
SCHEDULER: web.AppKey[AsyncIOScheduler] = web.AppKey("scheduler", AsyncIOScheduler)


def reminder_time(meeting: time) -> time:
    """Half an hour before the meeting (not before midnight)."""
    minutes = max(0, meeting.hour * 60 + meeting.minute - int(REMINDER_BEFORE_MEETING.total_seconds() // 60))
    return time(minutes // 60, minutes % 60)


def build_scheduler(services: Services, worker: OutboxWorker) -> AsyncIOScheduler:
    settings = services.settings
    scheduler = AsyncIOScheduler(timezone=settings.zone, job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(worker.wake, IntervalTrigger(seconds=OUTBOX_POLL_SECONDS), id="outbox-poll")
    scheduler.add_job(worker.recover, IntervalTrigger(seconds=RECOVER_SECONDS), id="outbox-recover")
    at = reminder_time(settings.advisory_meeting_time)
    scheduler.add_job(
        remind_unanswered,
        CronTrigger(day_of_week="mon-fri", hour=at.hour, minute=at.minute, timezone=settings.zone),
        id="staff-reminder",
        kwargs={
            "database": services.database,
            "timezone": settings.timezone,
            "language": settings.default_language,
        },
        misfire_grace_time=3600,  # a server started at 08:45 still sends the 08:30 reminder
    )
    return scheduler


def setup_background(app: web.Application, services: Services, channels: list[Any]) -> OutboxWorker:
    """Create the outbox worker (with a delivery per channel that can push) and the scheduler, and run
    them with the server: started after the channels, stopped before them."""
    worker = OutboxWorker(services.database)
    for channel in channels:
        if getattr(channel, "name", None) == "telegram":
            from bot.telegram.delivery import StaffChatDelivery, TelegramDelivery

            worker.register("telegram", TelegramDelivery(channel))
            if services.settings.staff_chat_id is not None:
                worker.register("staff", StaffChatDelivery(channel, services.settings.staff_chat_id))
    scheduler = build_scheduler(services, worker)
    app[WORKER] = worker
    app[SCHEDULER] = scheduler

    async def start(_app: web.Application) -> None:
        await worker.start()
        scheduler.start()
        log.info("outbox worker %s: delivering %s", worker.worker_id, ", ".join(worker.deliveries) or "nothing")

    async def stop(_app: web.Application) -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await worker.stop()

    app.on_startup.append(start)
    app.on_shutdown.insert(0, stop)
    return worker


def next_reminder(scheduler: AsyncIOScheduler) -> datetime | None:
    job = scheduler.get_job("staff-reminder")
    return job.next_run_time if job is not None else None
