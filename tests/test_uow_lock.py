"""The per-user lock on PostgreSQL rides with BEGIN (one round trip less per message), and is still
held before anything is read, and never leaks to the connection's next unit of work."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import text

from storage.database import Database
from tests.conftest import PG_URL, fresh_database


@pytest.fixture
async def pg() -> Database:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it)")
    db = await fresh_database(PG_URL)
    await db.close()
    one = Database(PG_URL, pool_size=1)  # one connection: the next unit of work gets the same one
    yield one
    await one.close()


async def _advisory_locks(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))).scalar_one())


async def _sent(db: Database, work) -> list[str]:
    """The simple queries (BEGIN, COMMIT, …) the unit of work's own connection sent to the server."""
    sent: list[str] = []
    real = asyncpg.Connection.execute
    async with db.uow() as uow:
        driver = (await (await uow.session.connection()).get_raw_connection()).driver_connection

        async def spy(self, query, *args, timeout=None):  # noqa: ASYNC109 (asyncpg's signature)
            if self is driver and not args:
                sent.append(query)
            return await real(self, query, *args, timeout=timeout)

        asyncpg.Connection.execute = spy
        try:
            await work(uow)
        finally:
            asyncpg.Connection.execute = real
    return sent


async def _sent_and_locks(db: Database, work) -> tuple[list[str], int]:
    """What `_sent` gives, and the advisory locks held once `work` is done, before the unit ends
    (counted from another connection)."""
    observer = Database(PG_URL)
    held: list[int] = []

    async def then_count(uow) -> None:
        await work(uow)
        held.append(await _advisory_locks(observer))

    try:
        sent = await _sent(db, then_count)
    finally:
        await observer.close()
    [count] = held
    return sent, count


async def test_the_lock_goes_with_begin_and_is_held_before_the_first_read(pg: Database) -> None:
    async def work(uow) -> None:
        await uow.serialise("user:web:a")
        await uow.session.execute(text("SELECT 1"))

    sent, held = await _sent_and_locks(pg, work)
    assert [q for q in sent if q.startswith("BEGIN")] == [sent[0]]
    assert "pg_advisory_xact_lock" in sent[0]
    assert held == 1
    assert await _advisory_locks(pg) == 0  # let go at commit


async def test_a_second_unit_for_the_same_key_waits(pg: Database) -> None:
    other = Database(PG_URL)
    order: list[str] = []

    async def first() -> None:
        async with pg.uow() as uow:
            await uow.serialise("user:web:b")
            await uow.session.execute(text("SELECT 1"))
            order.append("first in")
            await asyncio.sleep(0.3)
            order.append("first out")

    async def second() -> None:
        await asyncio.sleep(0.1)
        async with other.uow() as uow:
            await uow.serialise("user:web:b")
            await uow.session.execute(text("SELECT 1"))
            order.append("second in")

    try:
        await asyncio.gather(first(), second())
    finally:
        await other.close()
    assert order == ["first in", "first out", "second in"]


async def test_a_lock_asked_for_after_the_first_statement_is_taken_at_once(pg: Database) -> None:
    async def work(uow) -> None:
        await uow.session.execute(text("SELECT 1"))
        await uow.serialise("user:web:c")

    sent = await _sent(pg, work)
    assert [q for q in sent if "pg_advisory_xact_lock" in q] == []  # not with BEGIN: as its own statement
    assert not sent[0].count("pg_advisory")


async def test_a_unit_that_ran_nothing_leaves_no_lock_for_the_next(pg: Database) -> None:
    async with pg.uow() as uow:
        await uow.serialise("user:web:d")

    async def work(uow) -> None:
        await uow.session.execute(text("SELECT 1"))

    sent, seen = await _sent_and_locks(pg, work)
    assert seen == 0
    assert all("pg_advisory" not in q for q in sent)
