"""The database handle: engine, migrations at start, and units of work.

SQLite (the zero-setup default) gets WAL, foreign keys and a busy timeout so the web server, the
scheduler and the console can share one file; PostgreSQL is used as it is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from storage import pg_connection, sqlite_inline
from storage.models import KeyValue
from storage.uow import UnitOfWork

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
#: PostgreSQL connections per process (the pool) and units of work running at once, by default.
POOL_SIZE, POOL_OVERFLOW = 10, 10
_PG_MIGRATION_LOCK = 727_272  # advisory lock id: one worker migrates, the others wait


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class Database:
    def __init__(self, url: str, *, echo: bool = False, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        parsed = make_url(url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        # Errors name the statement, never its values: messages and e-mails stay out of the logs.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["async_creator"] = sqlite_inline.creator(parsed.database or ":memory:")
            # Units of work always end in commit or rollback, so the pool's extra rollback on
            # every return of a connection is a wasted round trip.
            kwargs["pool_reset_on_return"] = None
        else:
            # No ping before every checkout (a round trip per unit of work): a connection the server has
            # closed fails its first statement, is dropped, and the assistant handles that message
            # again on a fresh one (`Assistant.handle`); connections are renewed every 10 minutes.
            kwargs.update(pool_size=pool_size, max_overflow=POOL_OVERFLOW, pool_pre_ping=False, pool_recycle=600)
            if parsed.get_driver_name() == "asyncpg":
                kwargs["connect_args"] = {"connection_class": pg_connection.Connection}
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._sqlite_write_lock = asyncio.Lock()
        # PostgreSQL: units of work queue here, first come first served, rather than in the connection
        # pool (whose waiters are not served in order): under load the slowest request waits about as
        # long as the average one, not several times longer.
        # The slots are the pool's own connections, not its overflow: an overflow connection is closed
        # when it comes back to a full pool, so under load units of work kept opening new ones, each
        # paying a handshake, type lookups and every statement's first preparation (in one web chat
        # benchmark run 97 connections were opened for a pool of 10, and p99 went from 1.6 to 4.1 s).
        # The overflow is left for what runs beside them (readiness checks, the dashboard's counts).
        self._slots = None if self.is_sqlite else asyncio.Semaphore(pool_size)
        self.pool_size = pool_size

    def uow(self) -> UnitOfWork:
        """A unit of work: repositories share one session; leaving the block commits, an error rolls back."""
        return UnitOfWork(
            self._sessions, self._sqlite_write_lock if self.is_sqlite else None, self.scrub, self._slots
        )

    async def scrub(self) -> None:
        """After an erase: SQLite writes the log back into the file and truncates it (deleted and
        overwritten content is zeroed there: `secure_delete`). PostgreSQL reclaims old row versions
        with (auto)vacuum; `VACUUM` the tables at once if that matters (see the README)."""
        if self.is_sqlite:
            async with self.engine.connect() as conn:
                busy = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            if busy is not None and busy[0]:  # readers in the way: the log keeps it until the next checkpoint
                raise RuntimeError("the write-ahead log could not be checkpointed now (busy)")

    async def upgrade(self) -> None:
        """Bring the schema to the newest migration (run at every start; a no-op when current)."""
        async with self.engine.begin() as conn:
            if not self.is_sqlite:
                await conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            await conn.run_sync(_upgrade)

    async def downgrade_all(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_downgrade)

    async def kv_get(self, key: str) -> str | None:
        async with self.uow() as uow:
            return (await uow.session.execute(select(KeyValue.value).where(KeyValue.key == key))).scalar()

    async def kv_set(self, key: str, value: str) -> None:
        async with self.uow() as uow:
            row = await uow.session.get(KeyValue, key)
            if row is None:
                uow.session.add(KeyValue(key=key, value=value))
            else:
                row.value = value

    async def warm(self) -> None:
        """Open the pool's connections before the first visitors come (PostgreSQL): each new asyncpg
        connection costs a handshake and type lookups, which otherwise fall on the first requests
        (in the web chat benchmark the first message of each visitor took twice the others)."""
        if self.is_sqlite:
            return

        async def one() -> Any:
            connection = await self.engine.connect()
            await connection.exec_driver_sql("SELECT 1")
            return connection

        connections = await asyncio.gather(*(one() for _ in range(self.pool_size)), return_exceptions=True)
        for connection in connections:
            if not isinstance(connection, BaseException):
                await connection.close()

    async def close(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={sqlite_inline.INLINE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA secure_delete=ON")  # erased personal data is zeroed, not left in free pages
    cur.close()


def _upgrade(conn: Connection) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _downgrade(conn: Connection) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.downgrade(cfg, "base")
