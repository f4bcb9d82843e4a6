"""The outbox worker: delivers the messages nobody is waiting on a reply for (relayed answers, staff
notices, reminders), from the `outbox` table, at most once each.

A row goes pending → sending (claimed in its own committed transaction) → sent / unreachable /
failed, or back to pending with a backoff after a transient error. A worker claims only what it
sends now (`Policy.batch_size`, as many as it sends at once), and just before the call to the
channel it commits `attempt_started_at` on the row. After a crash, a claimed row without that mark
was never attempted: it goes back to `pending` and is sent; a row with it may have reached the
channel and is marked `uncertain`, never sent again: a user may miss a message (staff see it), but
never gets one twice, and only the rows in flight at the crash are in doubt.

A delivery answers True (delivered), False (unreachable) or a `Receipt`, which can also carry the
channel's id for the message (kept in `external_id`) or say that there was nothing to do (`skipped`).
A row with `edits` set replaces the message an earlier row delivered (a delivery that can edit has an
`edit` method, see `Editor`): it is not claimed while that row is pending or sending, and is skipped
when that row has no `external_id` (it was never delivered, or its outcome is unknown). Edits go
through the same claim, so an edit too is applied at most once.

Several workers may run against PostgreSQL (`FOR UPDATE SKIP LOCKED` keeps their batches apart);
SQLite has one writer, and one server process. The worker sleeps on an event that a commit with a
new outbox row sets, with a periodic poll (driven by the scheduler) for rows other processes wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, aliased

from handlers.channel import Address, Delivery, Editor, OutcomeUnknown, Receipt, RetryLater
from handlers.types import Reply
from storage import Database
from storage.models import OutboxMessage, User, utcnow
from storage.outbox import ENQUEUED
from storage.states import Lane, OutboxStatus

__all__ = ["Claimed", "Delivery", "Editor", "OutboxWorker", "OutcomeUnknown", "Policy", "Receipt", "take_pending"]

log = logging.getLogger(__name__)

PENDING, SENDING, SENT = OutboxStatus.PENDING, OutboxStatus.SENDING, OutboxStatus.SENT
FAILED, UNREACHABLE, UNCERTAIN = OutboxStatus.FAILED, OutboxStatus.UNREACHABLE, OutboxStatus.UNCERTAIN
SKIPPED = OutboxStatus.SKIPPED


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed row, detached from the session that claimed it."""

    id: int
    address: Address
    user_id: int | None
    attempts: int
    replies: list[Reply] = field(default_factory=list)
    lane: Lane = Lane.INTERACTIVE
    #: For an edit: the row whose message it replaces, and that message's id (None: nothing to edit).
    edits: int | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Policy:
    batch_size: int = 8
    max_attempts: int = 6
    backoff: float = 15.0  # seconds before the second attempt; doubles each time
    max_backoff: float = 3600.0
    #: A row still `sending` after this long belongs to a worker that died (a send, retries and a
    #: long flood wait included, ends well within it).
    stale_after: float = 600.0
    #: Rows for different addresses are delivered concurrently, each address's in order.
    concurrency: int = 8


def claim_rows(ids: Any, worker_id: str, now: datetime, *, attempted_at: datetime | None) -> Any:
    """The statement that makes the rows `ids` (a list, or a subquery of due rows) that are still pending
    `sending`, claimed by `worker_id`, and returns them. `attempted_at`: now when the sender marks the
    attempt in the same transaction (the bulk lane), None when it marks each just before its call."""
    return (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == PENDING)
        .values(
            status=SENDING,
            claimed_by=worker_id,
            claimed_at=now,
            attempt_started_at=attempted_at,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(
            OutboxMessage.id,
            OutboxMessage.channel,
            OutboxMessage.address,
            OutboxMessage.address_ref,
            OutboxMessage.lane,
            OutboxMessage.user_id,
            OutboxMessage.attempts,
            OutboxMessage.payload,
            OutboxMessage.edits,
        )
        .execution_options(synchronize_session=False)
    )


def claimed_from(row: Any, target: str | None = None) -> Claimed:
    """A row returned by `claim_rows`, ready to deliver (`target`: the message an edit replaces)."""
    return Claimed(
        row.id,
        Address(row.channel, row.address, dict(row.address_ref or {})),
        row.user_id,
        row.attempts,
        [Reply.from_dict(p) for p in row.payload or []],
        lane=Lane(row.lane),
        edits=row.edits,
        target=target,
    )


class ClaimLost(Exception):
    """The row was handed back (stale) while this worker still held it: another worker sends it."""


_WORKERS: weakref.WeakSet[OutboxWorker] = weakref.WeakSet()


class OutboxWorker:
    def __init__(
        self,
        database: Database,
        deliveries: dict[str, Delivery] | None = None,
        *,
        policy: Policy | None = None,
        lanes: tuple[Lane, ...] = (Lane.INTERACTIVE, Lane.BULK),
    ) -> None:
        self.database = database
        #: The lanes this worker delivers (the server's: interactive; the bulk lane has its own sender).
        self.lanes = lanes
        self.deliveries: dict[str, Delivery] = dict(deliveries or {})
        self.policy = policy or Policy()
        self.worker_id = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        _install_commit_hook()
        _WORKERS.add(self)

    def register(self, channel: str, delivery: Delivery) -> None:
        self.deliveries[channel] = delivery

    def wake(self) -> None:
        """Look for due rows now (after an enqueue, or on the scheduler's poll)."""
        self._wake.set()

    # ------------------------------------------------------------------ one pass
    async def claim(self) -> list[Claimed]:
        """Mark a batch of due pending rows `sending` by this worker, committed before any is sent."""
        if not self.deliveries:
            return []
        now = utcnow()
        target = aliased(OutboxMessage)
        # An edit waits until the row whose message it edits has an outcome (so it never overtakes it).
        target_in_flight = (
            select(target.id).where(target.id == OutboxMessage.edits, target.status.in_((PENDING, SENDING))).exists()
        )
        async with self.database.uow() as uow:
            due = (
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == PENDING,
                    OutboxMessage.lane.in_([int(lane) for lane in self.lanes]),
                    OutboxMessage.channel.in_(list(self.deliveries)),
                    OutboxMessage.next_attempt_at <= now,
                    ~target_in_flight,
                )
                .order_by(OutboxMessage.lane, OutboxMessage.id)  # interactive rows before bulk ones
                .limit(self.policy.batch_size)
            )
            if not self.database.is_sqlite:
                due = due.with_for_update(skip_locked=True)
            ids = list((await uow.session.execute(due)).scalars())
            if not ids:
                return []
            claim = claim_rows(ids, self.worker_id, now, attempted_at=None)
            rows = (await uow.session.execute(claim)).all()
            targets: dict[int, str | None] = {}
            if edited := {r.edits for r in rows if r.edits is not None}:
                found = select(OutboxMessage.id, OutboxMessage.external_id).where(OutboxMessage.id.in_(edited))
                targets = dict((await uow.session.execute(found)).tuples().all())
        claimed = [claimed_from(r, targets.get(r.edits) if r.edits is not None else None) for r in rows]
        return sorted(claimed, key=lambda c: (c.lane, c.id))

    async def run_once(self) -> int:
        """Claim one batch and deliver it; the number of rows handled."""
        claimed = await self.claim()
        if not claimed:
            return 0
        by_address: dict[tuple[str, str], list[Claimed]] = defaultdict(list)
        for row in claimed:
            by_address[(row.address.channel, row.address.id)].append(row)
        limit = asyncio.Semaphore(self.policy.concurrency)

        async def in_order(rows: list[Claimed]) -> None:
            async with limit:
                for row in rows:
                    await self.deliver(row)

        await asyncio.gather(*(in_order(rows) for rows in by_address.values()))
        return len(claimed)

    async def drain(self) -> int:
        """Deliver batches until nothing is due."""
        total = 0
        while not self._stopping and (handled := await self.run_once()):
            total += handled
        return total

    async def deliver(self, row: Claimed) -> None:
        delivery = self.deliveries[row.address.channel]
        try:
            result: bool | Receipt
            if row.edits is None:
                await self._attempt(row)
                result = await delivery.send(row.address, row.replies, lane=row.lane)
            elif row.target is None:
                result = Receipt(skipped="nothing to edit: that message was never delivered")
            elif isinstance(delivery, Editor):
                await self._attempt(row)
                result = await delivery.edit(row.address, row.target, row.replies)
            else:
                result = Receipt(skipped=f"nothing to edit: channel {row.address.channel} cannot edit messages")
        except asyncio.CancelledError:
            raise  # stays `sending`: it may have gone out, so it is never sent again
        except ClaimLost as exc:
            log.warning("outbox: %s; not sent by this worker", exc)
            return
        except OutcomeUnknown as exc:  # part of it may have gone out: never again
            await self._uncertain(row, str(exc)[:500])
            return
        except RetryLater as exc:  # the channel said when: that wait instead of the backoff
            await self._retry_or_fail(row, f"{type(exc).__name__}: {exc}"[:500], wait=exc.seconds)
            return
        except Exception as exc:
            await self._retry_or_fail(row, f"{type(exc).__name__}: {exc}"[:500])
            return
        receipt = result if isinstance(result, Receipt) else Receipt(delivered=bool(result))
        delivered = receipt.delivered
        async with self.database.uow() as uow:
            values: dict[str, Any] = {"status": SENT if delivered else UNREACHABLE, "sent_at": utcnow(), "error": None}
            if receipt.skipped is not None:
                values.update(status=SKIPPED, error=receipt.skipped[:500])
            elif not delivered:
                values["error"] = "unreachable: the user blocked the bot or is gone"
            if receipt.external_id is not None:
                values["external_id"] = receipt.external_id[:64]
            await uow.session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id).values(**values),
                execution_options={"synchronize_session": False},
            )
            if not delivered and row.user_id is not None:
                await uow.session.execute(
                    update(User).where(User.id == row.user_id).values(unreachable=True),
                    execution_options={"synchronize_session": False},
                )
        if not delivered:
            log.info("outbox: row %s: %s is unreachable", row.id, row.address)
        elif receipt.skipped is not None:
            log.info("outbox: row %s skipped: %s", row.id, receipt.skipped)

    async def _attempt(self, row: Claimed) -> None:
        """Record, committed, that the call to the channel starts now: from here on a crash leaves the
        row's fate unknown (`uncertain`); before it, the row is simply handed back."""
        async with self.database.uow() as uow:
            result = await uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id, OutboxMessage.status == SENDING,
                       OutboxMessage.claimed_by == self.worker_id)
                .values(attempt_started_at=utcnow()),
                execution_options={"synchronize_session": False},
            )  # fmt: skip
        if not int(getattr(result, "rowcount", 0) or 0):
            raise ClaimLost(f"row {row.id} is no longer this worker's (recovered as stale)")

    async def _uncertain(self, row: Claimed, error: str) -> None:
        await self._set(row, status=UNCERTAIN, error=error)

    async def _set(self, row: Claimed, **values: Any) -> None:
        async with self.database.uow() as uow:
            await uow.session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id).values(**values),
                execution_options={"synchronize_session": False},
            )

    async def _retry_or_fail(self, row: Claimed, error: str, *, wait: float | None = None) -> None:
        final = row.attempts >= self.policy.max_attempts
        if wait is None:
            wait = self.policy.backoff * 2 ** (row.attempts - 1)
        wait = min(self.policy.max_backoff, wait)
        values: dict[str, Any] = {"error": error, "claimed_by": None}
        if final:
            values["status"] = FAILED
            log.error("outbox: row %s failed after %d attempts: %s", row.id, row.attempts, error)
        else:
            values.update(status=PENDING, next_attempt_at=utcnow() + timedelta(seconds=wait))
            log.warning("outbox: row %s attempt %d failed (%s); retry in %.0f s", row.id, row.attempts, error, wait)
        await self._set(row, **values)

    async def recover(self, older_than: float | None = None) -> int:
        """Rows left `sending` by a worker that died (claimed longer ago than `older_than`): those never
        attempted go back to `pending`; those whose call had started have an unknown outcome and become
        `uncertain`. The number of rows resolved."""
        age = self.policy.stale_after if older_than is None else older_than
        cutoff = utcnow() - timedelta(seconds=age)
        stale = (OutboxMessage.status == SENDING, OutboxMessage.claimed_at <= cutoff, self._my_lanes())
        return await self._release(*stale)

    def _my_lanes(self) -> Any:
        return OutboxMessage.lane.in_([int(lane) for lane in self.lanes])

    async def _release(self, *where: Any) -> int:
        async with self.database.uow() as uow:
            handed_back = await uow.session.execute(
                update(OutboxMessage)
                .where(*where, OutboxMessage.attempt_started_at.is_(None))
                .values(status=PENDING, claimed_by=None, attempts=OutboxMessage.attempts - 1)
                .execution_options(synchronize_session=False)
            )
            doubtful = await uow.session.execute(
                update(OutboxMessage)
                .where(*where, OutboxMessage.attempt_started_at.is_not(None))
                .values(status=UNCERTAIN, error="the call to the channel started, then no outcome (a crash?)")
                .execution_options(synchronize_session=False)
            )
            back = int(getattr(handed_back, "rowcount", 0) or 0)
            unsure = int(getattr(doubtful, "rowcount", 0) or 0)
        if back:
            log.info("outbox: %d claimed but never attempted message(s) handed back", back)
        if unsure:
            log.warning("outbox: %d message(s) in flight when their worker stopped: uncertain, not resent", unsure)
        return back + unsure

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Recover, then run in the background. With SQLite this is the only worker, so every row still
        `sending` at start was left by the previous run."""
        try:
            await self.recover(0.0 if self.database.is_sqlite else None)
        except Exception:  # a database refusing writes: /readyz says so, and the next pass tries again
            log.exception("outbox: recovery at start failed")
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-worker")

    async def stop(self, timeout: float = 3.0) -> None:  # noqa: ASYNC109
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        # What this worker claimed and did not finish: never attempted goes back, in flight is in doubt.
        try:
            await self._release(OutboxMessage.status == SENDING, OutboxMessage.claimed_by == self.worker_id)
        except Exception:  # left `sending`: the next start's recovery resolves them the same way
            log.exception("outbox: handing back the unfinished claims at stop failed")

    async def _run(self) -> None:
        self._wake.set()  # a first pass at start
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                log.exception("outbox: delivery pass failed; the next wake-up tries again")


async def take_pending(database: Database, channel: str, address: str, limit: int = 20) -> list[Reply]:
    """For channels without push (the web chat polls): hand over the address's pending messages and
    mark them sent in the same transaction, so a second poll never gets them again."""
    async with database.uow() as uow:
        stmt = (
            select(OutboxMessage)
            .where(OutboxMessage.channel == channel, OutboxMessage.address == address, OutboxMessage.status == PENDING)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if not database.is_sqlite:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = list((await uow.session.execute(stmt)).scalars())
        now = utcnow()
        replies: list[Reply] = []
        for row in rows:
            row.status, row.sent_at, row.claimed_at, row.claimed_by = SENT, now, now, "poll"
            row.attempts += 1
            replies.extend(Reply.from_dict(p) for p in row.payload or [])
    return replies


# ---------------------------------------------------------------------------------------- wake-ups
_hook_installed = False


def _install_commit_hook() -> None:
    """Wake the workers when a transaction that enqueued something commits (see `OutboxRepository`)."""
    global _hook_installed
    if _hook_installed:
        return
    _hook_installed = True

    @event.listens_for(Session, "after_commit")
    def _after_commit(session: Session) -> None:
        if session.info.pop(ENQUEUED, False):
            for worker in list(_WORKERS):
                with contextlib.suppress(RuntimeError):  # a worker of a loop that has closed (tests)
                    worker.wake()

    @event.listens_for(Session, "after_rollback")
    def _after_rollback(session: Session) -> None:
        session.info.pop(ENQUEUED, None)
