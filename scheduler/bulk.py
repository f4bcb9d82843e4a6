"""The bulk lane's sender: drains briefings (and any other bulk rows) at the channel's rate, never twice.

One sender at a time: on PostgreSQL the process holding a session advisory lock leads (the others
wait and take over when its connection goes); SQLite has one server process. It keeps a window of at
most `concurrency` rows in flight. Claiming a row marks it attempted in the same committed
transaction, so after a crash (even kill -9) exactly the rows in the window are `uncertain`, never
resent, and every other row is still `pending` and is delivered after the restart. Outcomes are
written in batches, together with the next claims: one transaction per turn of the window, not two
per message. The rate, the per-chat pacing, 429 (the whole lane pauses) and the retries of 5xx and
network errors are the channel's delivery's (Telegram: `bot.telegram.sender`); a row that still fails
comes back after a backoff, up to `Policy.max_attempts`, then `failed`. An unreachable address (403)
is `unreachable`, its user is marked so, and a briefing subscription ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from handlers.channel import Editor, OutcomeUnknown, Receipt
from scheduler.outbox import (
    FAILED,
    PENDING,
    SENDING,
    SENT,
    SKIPPED,
    UNCERTAIN,
    UNREACHABLE,
    Claimed,
    OutboxWorker,
    Policy,
    claim_rows,
    claimed_from,
)
from storage import Database
from storage.models import BriefingSubscription, OutboxMessage, User, utcnow
from storage.states import BriefingStatus, Lane

log = logging.getLogger(__name__)

#: The session advisory lock whose holder is the one bulk sender (PostgreSQL).
LEADER_LOCK = 727_273
#: How often a process that is not the leader tries again.
LEADER_RETRY = 5.0
#: After the first outcome, how long to wait for more before writing them (fewer, larger transactions).
GATHER = 0.003
#: How often an idle sender looks for rows written by other processes (besides the commit wake-ups).
IDLE_POLL = 2.0


_TABLE = cast(Table, OutboxMessage.__table__)
#: A row with its outcome (sent, unreachable, uncertain, skipped, failed).
_DONE = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row"))
    .values(status=bindparam("b_status"), error=bindparam("b_error"), sent_at=bindparam("b_sent_at"),
            external_id=bindparam("b_external_id"))
)  # fmt: skip
#: A row to try again later.
_AGAIN = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row"))
    .values(status=bindparam("b_status"), error=bindparam("b_error"), next_attempt_at=bindparam("b_next_attempt_at"),
            claimed_by=None, attempt_started_at=None)
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    external_id: str | None = None
    error: str | None = None


class BulkSender(OutboxWorker):
    """The outbox worker of the bulk lane, with a window of rows in flight instead of batches."""

    def __init__(self, database: Database, *, policy: Policy | None = None) -> None:
        super().__init__(database, policy=policy or Policy(concurrency=16, max_attempts=3, backoff=30.0),
                         lanes=(Lane.BULK,))  # fmt: skip
        self._leader: AsyncConnection | None = None
        self.sent = 0

    # ------------------------------------------------------------------ leadership
    async def _lead(self) -> bool:
        """True while this process is the bulk sender; taking over hands back the previous leader's rows."""
        if self.database.is_sqlite:
            return True
        if self._leader is not None and not self._leader.closed:
            return True
        conn = await self.database.engine.connect()
        try:
            got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK})).scalar()
            await conn.commit()
        except Exception:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._leader = conn
        # Whatever the bulk lane has `sending` belongs to a leader that is gone: in doubt, or never tried.
        await self._release(OutboxMessage.status == SENDING, self._my_lanes())
        log.info("outbox: %s leads the bulk lane", self.worker_id)
        return True

    async def _resign(self) -> None:
        if self._leader is not None:
            with contextlib.suppress(Exception):
                await self._leader.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LEADER_LOCK})
                await self._leader.commit()
            with contextlib.suppress(Exception):
                await self._leader.close()
            self._leader = None

    # ------------------------------------------------------------------ the window
    async def _run(self) -> None:
        while not self._stopping:
            try:
                if not await self._lead():
                    await self._sleep(LEADER_RETRY)
                    continue
                await self.pump()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox: the bulk sender failed; trying again")
                await self._sleep(1.0)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()

    async def pump(self, *, until_idle: bool = False) -> int:
        """Send until stopped (or, with `until_idle`, until nothing is due and nothing is in flight)."""
        inflight: dict[asyncio.Task[Outcome], Claimed] = {}
        finished: list[tuple[Claimed, Outcome]] = []
        handled = 0
        try:
            while True:
                free = 0 if self._stopping else self.policy.concurrency - len(inflight)
                self._wake.clear()
                claimed = await self._settle_and_claim(finished, free)
                handled += len(finished)
                finished = []
                for row in claimed:
                    task = asyncio.get_running_loop().create_task(self._send(row))
                    inflight[task] = row
                if not inflight:
                    if self._stopping or until_idle:
                        return handled
                    await self._sleep(IDLE_POLL)
                    continue
                waiter: asyncio.Future[Any] = asyncio.ensure_future(self._wake.wait())
                waiting: set[asyncio.Future[Any]] = {waiter, *inflight}
                await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
                if sum(t.done() for t in inflight) < self.policy.concurrency // 4 and not self._stopping:
                    await asyncio.wait(inflight, timeout=GATHER)  # a few more outcomes per transaction
                for task in [t for t in inflight if t.done()]:
                    finished.append((inflight.pop(task), task.result()))
        finally:
            if finished:
                with contextlib.suppress(Exception):
                    await self._settle_and_claim(finished, 0)
            for task in inflight:  # cancelled mid-send: stays `sending` with its attempt mark → uncertain
                task.cancel()

    async def _send(self, row: Claimed) -> Outcome:
        delivery = self.deliveries[row.address.channel]
        try:
            result: bool | Receipt
            if row.edits is None:
                result = await delivery.send(row.address, row.replies, lane=Lane.BULK)
            elif row.target is not None and isinstance(delivery, Editor):
                result = await delivery.edit(row.address, row.target, row.replies)
            else:
                result = Receipt(skipped="nothing to edit")
        except asyncio.CancelledError:
            raise
        except OutcomeUnknown as exc:
            return Outcome(UNCERTAIN, error=str(exc)[:500])
        except Exception as exc:
            return Outcome(PENDING, error=f"{type(exc).__name__}: {exc}"[:500])
        receipt = result if isinstance(result, Receipt) else Receipt(delivered=bool(result))
        if receipt.skipped is not None:
            return Outcome(SKIPPED, error=receipt.skipped[:500])
        if not receipt.delivered:
            return Outcome(UNREACHABLE, error="unreachable: the user blocked the bot or is gone")
        return Outcome(SENT, external_id=receipt.external_id[:64] if receipt.external_id else None)

    async def _settle_and_claim(self, finished: list[tuple[Claimed, Outcome]], free: int) -> list[Claimed]:
        """One transaction: the outcomes of the finished rows, then up to `free` new claims, each marked
        attempted (so the window is exactly what a crash can leave in doubt)."""
        if not finished and free <= 0:
            return []
        now = utcnow()
        async with self.database.uow() as uow:
            if finished:
                done: list[dict[str, Any]] = []
                again: list[dict[str, Any]] = []
                unreachable: list[int] = []
                for row, outcome in finished:
                    values = self._values(row, outcome, now)
                    (again if "b_next_attempt_at" in values else done).append(values)
                    if outcome.status == UNREACHABLE and row.user_id is not None:
                        unreachable.append(row.user_id)
                if done:
                    await uow.session.execute(_DONE, done)
                if again:
                    await uow.session.execute(_AGAIN, again)
                if unreachable:  # 403: the user blocked the bot; their briefing ends (unsubscribed)
                    await uow.session.execute(
                        update(User).where(User.id.in_(unreachable)).values(unreachable=True),
                        execution_options={"synchronize_session": False},
                    )
                    await uow.session.execute(
                        update(BriefingSubscription)
                        .where(BriefingSubscription.user_id.in_(unreachable))
                        .values(status=BriefingStatus.STOPPED, updated_at=now),
                        execution_options={"synchronize_session": False},
                    )
                self.sent += sum(outcome.status == SENT for _, outcome in finished)
            if free <= 0:
                return []
            return await self._claim_in(uow, free, now)

    def _values(self, row: Claimed, outcome: Outcome, now: Any) -> dict[str, Any]:
        """The row's new values: done (`_DONE`'s parameters) or back to pending later (`_AGAIN`'s)."""
        values: dict[str, Any] = {"row": row.id, "b_status": outcome.status, "b_error": outcome.error}
        if outcome.status == PENDING and row.attempts < self.policy.max_attempts:
            wait = min(self.policy.max_backoff, self.policy.backoff * 2 ** (row.attempts - 1))
            values["b_next_attempt_at"] = now + timedelta(seconds=wait)
            return values
        if outcome.status == PENDING:
            values["b_status"] = FAILED
            log.error("outbox: bulk row %s failed after %d attempts: %s", row.id, row.attempts, outcome.error)
        values.update(b_sent_at=now, b_external_id=outcome.external_id)
        return values

    async def _claim_in(self, uow: Any, limit: int, now: Any) -> list[Claimed]:
        if not self.deliveries:
            return []
        due = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == PENDING,
                self._my_lanes(),
                OutboxMessage.channel.in_(list(self.deliveries)),
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.edits.is_(None),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if not self.database.is_sqlite:
            due = due.with_for_update(skip_locked=True)
        # One statement: the due rows become `sending`, attempted now, and come back.
        claim = claim_rows(due.scalar_subquery(), self.worker_id, now, attempted_at=now)
        rows = (await uow.session.execute(claim)).all()
        claimed = [claimed_from(r) for r in rows]
        return sorted(claimed, key=lambda c: c.id)

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """On SQLite every bulk row still `sending` was left by the previous run: resolved first."""
        if self.database.is_sqlite:
            try:
                await self._release(OutboxMessage.status == SENDING, self._my_lanes())
            except Exception:
                log.exception("outbox: bulk recovery at start failed")
        self._stopping = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-bulk-sender")

    async def stop(self, timeout: float = 3.0) -> None:  # noqa: ASYNC109
        """Stop claiming, let the window finish (up to `timeout`), write the outcomes; what is still in
        flight then is uncertain."""
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
        try:
            await self._release(OutboxMessage.status == SENDING, OutboxMessage.claimed_by == self.worker_id)
        except Exception:
            log.exception("outbox: resolving the bulk sender's unfinished rows at stop failed")
        await self._resign()

    async def recover(self, older_than: float | None = None) -> int:
        """The leader resolves its lane's leftovers when it takes over; nothing to do on a timer."""
        return 0
