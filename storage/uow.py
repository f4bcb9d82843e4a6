"""The unit of work: the one place that commits. Repositories only add, read and change."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import pg_connection
from storage.inbox import InboxRepository
from storage.pg_hotpath import HotPath
from storage.repositories import (
    DialogRepository,
    FeedbackRepository,
    QuestionRepository,
    StaffRepository,
    UserRepository,
)

log = logging.getLogger(__name__)


def lock_number(key: str) -> int:
    """The PostgreSQL advisory lock that stands for `key` (`UnitOfWork.serialise`)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


class UnitOfWork:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        write_lock: asyncio.Lock | None,
        scrub: Callable[[], Awaitable[None]] | None = None,
        slots: asyncio.Semaphore | None = None,
    ) -> None:
        self._sessions = sessions
        self._slots = slots
        self._scrub = scrub
        self._after_commit: list[Callable[[], Awaitable[None]]] = []
        # SQLite allows one writer; serialising units of work in-process avoids "database is locked"
        # under concurrency instead of spinning on the busy timeout.
        self._write_lock = write_lock
        #: The connection whose next BEGIN is to carry this unit's lock (see `serialise`).
        self._begins_with: pg_connection.Connection | None = None
        self.session: AsyncSession

    async def __aenter__(self) -> UnitOfWork:
        if self._slots is not None:
            await self._slots.acquire()
        self._holding = False
        if self._write_lock is not None:
            await self._write_lock.acquire()
            self._holding = True
        self.session = self._sessions()
        self.hot = HotPath(self.session)
        self.users = UserRepository(self.session, self.hot)
        self.dialogs = DialogRepository(self.session)
        self.questions = QuestionRepository(self.session, self.hot)
        self.feedback = FeedbackRepository(self.session)
        self.staff = StaffRepository(self.session)
        self.inbox = InboxRepository(self.session)
        return self

    async def serialise(self, key: str) -> None:
        """Hold a database-wide lock on `key` until this unit of work ends.

        In-process locks order one worker's messages; on PostgreSQL this also orders them across
        workers (a transaction-scoped advisory lock). SQLite has one writer, so there is nothing to do.
        """
        if self._write_lock is not None:
            return
        number = lock_number(key)
        _, _, driver = await self.hot.raw()
        if isinstance(driver, pg_connection.Connection) and not driver.is_closed() and not driver.is_in_transaction():
            # Nothing sent yet: the lock goes with BEGIN, one round trip instead of two. Until then no
            # statement of this unit has run, so nothing is read without it.
            driver.begin_with = f"SELECT pg_advisory_xact_lock({number});"
            self._begins_with = driver
            return
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})

    def scrub_after_commit(self) -> None:
        """Personal data was erased: once committed, make sure it cannot be read back from the database
        files either (SQLite: the write-ahead log is checkpointed into the file, whose freed space
        `secure_delete` has zeroed)."""
        if self._scrub is not None and self._scrub not in self._after_commit:
            self._after_commit.append(self._scrub)

    @contextlib.asynccontextmanager
    async def outside_lock(self) -> AsyncIterator[None]:
        """Run slow work that needs no database (the knowledge engine thinking) without holding the lock.

        On SQLite the unit of work holds the process-wide write lock: what was done so far is
        committed, the lock is let go for the block and taken again after it, so other users' messages
        go on meanwhile (this user's stay in order: the assistant's per-user lock is still held). On
        PostgreSQL there is no such lock and nothing changes (the transaction and its per-user advisory
        lock stay).
        """
        if self._write_lock is None:
            yield
            return
        await self.session.commit()
        self._write_lock.release()
        self._holding = False
        try:
            yield
        finally:
            # Cancelled while waiting here, the lock is not ours: `__aexit__` must then not release it.
            await self._write_lock.acquire()
            self._holding = True

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        committed = False
        try:
            if exc_type is None:
                try:
                    await self.session.commit()
                except Exception as failure:
                    # The commit's outcome is unknown: whoever retries must not run the work again.
                    failure.during_commit = True  # type: ignore[attr-defined]
                    raise
                committed = True
            else:
                await self.session.rollback()
        finally:
            if self._begins_with is not None:
                self._begins_with.begin_with = None  # no statement ran: not for the connection's next user
                self._begins_with = None
            await self.session.close()
            if self._write_lock is not None and self._holding:
                self._write_lock.release()
                self._holding = False
            if self._slots is not None:
                self._slots.release()
        if committed:
            for run in self._after_commit:
                try:
                    await run()
                except Exception:  # what was asked is done and committed; the scrub is tried again later
                    log.exception("after the commit: %s failed", getattr(run, "__qualname__", run))
