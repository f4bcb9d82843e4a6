"""The background side of the server: APScheduler decides *when*, the outbox worker delivers.

Jobs: the outbox poll (a fallback for rows written by other processes; this process wakes its worker
on commit), the recovery of rows a dead worker left `sending`, and every job the features registered
(the staff's morning reminder, …), in the configured time zone. Each channel that can push hands the
worker its delivery; the staff's rows ("staff") go to the staff conversation of whichever channel
has one configured.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.channel import Address, Channel, Delivery, Receipt
from handlers.escalation import STAFF_CHANNEL
from handlers.reminders import reminder_time
from handlers.types import Reply
from scheduler.briefing import add_briefing_jobs
from scheduler.bulk import BulkSender
from scheduler.outbox import OutboxWorker, Policy
from storage.states import Lane

__all__ = ["build_scheduler", "next_reminder", "reminder_time", "setup_background"]

log = logging.getLogger(__name__)

OUTBOX_POLL_SECONDS = 5.0
RECOVER_SECONDS = 60.0
#: Finished updates are kept this long (their ids guard against a late redelivery; their words are
#: already gone), then deleted.
INBOX_KEEP = timedelta(days=2)

WORKER: web.AppKey[OutboxWorker] = web.AppKey("outbox_worker", OutboxWorker)
SCHEDULER: web.AppKey[AsyncIOScheduler] = web.AppKey("scheduler", AsyncIOScheduler)
BULK: web.AppKey[BulkSender] = web.AppKey("bulk_sender", BulkSender)


def bulk_policy(services: Deps) -> Policy:
    """The bulk sender's window and retries (BRIEFING_CONCURRENCY, _MAX_ATTEMPTS, _RETRY_BACKOFF)."""
    settings = getattr(getattr(services, "settings", None), "briefing", None)
    if settings is None:
        return Policy(concurrency=16, max_attempts=3, backoff=30.0)
    return Policy(concurrency=settings.concurrency, max_attempts=settings.max_attempts, backoff=settings.retry_backoff)


class Deps(Protocol):
    """What the scheduler needs of the running services (the wiring's `Services`)."""

    @property
    def database(self) -> Any: ...

    @property
    def assistant(self) -> Any: ...


class StaffDelivery:
    """Rows for the staff ("staff"): delivered by a channel's own delivery to its staff conversation."""

    def __init__(self, delivery: Delivery, address: Address) -> None:
        self.delivery = delivery
        self.address = address

    async def send(self, address: Address, replies: list[Reply], **kw: Any) -> bool | Receipt:
        return await self.delivery.send(self.address, replies, **kw)

    async def edit(self, address: Address, external_id: str, replies: list[Reply]) -> bool | Receipt:
        edit = getattr(self.delivery, "edit", None)
        if edit is None:
            return Receipt(skipped=f"nothing to edit: channel {self.address.channel} cannot edit messages")
        result: bool | Receipt = await edit(self.address, external_id, replies)
        return result


def build_scheduler(services: Deps, worker: OutboxWorker) -> AsyncIOScheduler:
    config = services.assistant.config
    scheduler = AsyncIOScheduler(timezone=config.timezone, job_defaults={"coalesce": True, "max_instances": 1})
    scheduler.add_job(worker.wake, IntervalTrigger(seconds=OUTBOX_POLL_SECONDS), id="outbox-poll")
    scheduler.add_job(worker.recover, IntervalTrigger(seconds=RECOVER_SECONDS), id="outbox-recover")
    scheduler.add_job(purge_inbox, IntervalTrigger(hours=1), id="inbox-purge", args=(services.database,))
    for job in services.assistant.registry.jobs:
        scheduler.add_job(
            job.run,
            CronTrigger(**job.cron(config), timezone=config.timezone),
            id=job.id,
            args=(services.database, config),
            # a job that declares `knowledge` (the groups' reminders) gets the server's knowledge store
            kwargs={"knowledge": services.assistant.knowledge} if _wants_knowledge(job.run) else None,
            **job.options,
        )
    add_briefing_jobs(scheduler, services)
    return scheduler


def _wants_knowledge(run: Any) -> bool:
    return "knowledge" in inspect.signature(run).parameters


async def purge_inbox(database: Any) -> int:
    async with database.uow() as uow:
        purged: int = await uow.inbox.purge(INBOX_KEEP)
    return purged


def register_deliveries(worker: OutboxWorker, channels: Iterable[Channel]) -> None:
    for channel in channels:
        delivery = channel.delivery()
        if delivery is None:
            continue
        worker.register(channel.name, delivery)
        staff = channel.staff_address()
        if staff is not None and STAFF_CHANNEL not in worker.deliveries:
            worker.register(STAFF_CHANNEL, StaffDelivery(delivery, staff))


def setup_background(app: web.Application, services: Deps, channels: list[Channel]) -> OutboxWorker:
    """Create the outbox worker (with a delivery per channel that can push) and the scheduler, and run
    them with the server: started after the channels, stopped before them."""
    worker = OutboxWorker(services.database, lanes=(Lane.INTERACTIVE,))
    register_deliveries(worker, channels)
    bulk = BulkSender(services.database, policy=bulk_policy(services))
    register_deliveries(bulk, channels)
    scheduler = build_scheduler(services, worker)
    app[WORKER] = worker
    app[BULK] = bulk
    app[SCHEDULER] = scheduler

    async def start(_app: web.Application) -> None:
        await worker.start()
        await bulk.start()
        scheduler.start()
        log.info("outbox worker %s: delivering %s", worker.worker_id, ", ".join(worker.deliveries) or "nothing")

    async def stop(_app: web.Application) -> None:
        if scheduler.running:
            scheduler.shutdown(wait=False)
        await bulk.stop()
        await worker.stop()

    app.on_startup.append(start)
    app.on_shutdown.insert(0, stop)
    return worker


def next_reminder(scheduler: AsyncIOScheduler) -> datetime | None:
    job = scheduler.get_job("staff-reminder")
    return job.next_run_time if job is not None else None
