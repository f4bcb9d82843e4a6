"""Every message's two statements on PostgreSQL, and the groups finder's two, sent by asyncpg
directly (issue 10).

A message reads its user with their dialog state and stores the question. Through SQLAlchemy each
of those costs about 0.25 ms of the server's CPU more than the statement itself on asyncpg (cache
key, execution context, cursor adapter, result and ORM row set-up), which is what made PostgreSQL
slower than SQLite under the web chat load. Here they run on the unit of work's own connection and
transaction: the session begins it (BEGIN with the per-user lock, `UnitOfWork.serialise`), the
statements go to asyncpg as prepared statements, the user and state come back as ordinary
persistent ORM objects (changes to them are flushed at commit as usual), and the unit of work
commits. Nothing else changes: SQLite, and PostgreSQL through another driver, take the ORM path,
and so does this one if SQLAlchemy's asyncpg adapter ever lacks what it relies on.

The statements are compiled from the models by SQLAlchemy once, and values go through the
columns' own bind and result processors, so the columns, types and defaults stay the models'.
A database error is raised as SQLAlchemy raises it (`DBAPIError`, statement shown, values hidden),
and a connection lost is invalidated, so `Assistant.handle` retries as after any other statement.

The groups finder (a question about network groups or events) reads the moves and the places of
the gatherings it names: through SQLAlchemy those two reads made such a question cost PostgreSQL
about 1 ms of CPU more than SQLite. A read here first flushes what the session holds unwritten, as
SQLAlchemy's autoflush would before a query of its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import Column, String, Table, any_, bindparam, func, inspect, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import Insert, Select

from storage import pg_connection
from storage.models import DialogState, GatheringChange, GatheringMember, Question, User

T = TypeVar("T")
M = TypeVar("M")

_USERS: Table = User.__table__  # type: ignore[assignment]
_STATES: Table = DialogState.__table__  # type: ignore[assignment]
_QUESTIONS: Table = Question.__table__  # type: ignore[assignment]
_MEMBERS: Table = GatheringMember.__table__  # type: ignore[assignment]
_CHANGES: Table = GatheringChange.__table__  # type: ignore[assignment]


def _of_kinds_and_targets(table: Table) -> tuple[Any, Any]:
    """`kind = ANY($kinds) AND target = ANY($targets)`: one statement for any number of each."""
    return (table.c.kind == any_(bindparam("kinds", type_=ARRAY(String))),
            table.c.target == any_(bindparam("targets", type_=ARRAY(String))))


class _Statement:
    """One statement compiled for a dialect: its SQL and, per position, the parameter's name."""

    def __init__(self, statement: Select[Any] | Insert, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.names = tuple(compiled.positiontup or ())


class _Columns:
    """A table's columns with their processors for one dialect (None: the driver's value as it is)."""

    def __init__(self, table: Table, dialect: Dialect, *, read: bool) -> None:
        self.columns = list(table.columns)
        self.keys = [column.key for column in self.columns]
        self.results = [
            column.type._cached_result_processor(dialect, None) if read else None for column in self.columns
        ]
        self.binds = {column.key: column.type._cached_bind_processor(dialect) for column in self.columns}

    def values(self, record: asyncpg.Record, offset: int) -> dict[str, Any]:
        out = {}
        for n, (key, process) in enumerate(zip(self.keys, self.results, strict=True)):
            value = record[offset + n]
            out[key] = process(value) if process is not None and value is not None else value
        return out

    def bind(self, key: str, value: Any) -> Any:
        process = self.binds[key]
        return process(value) if process is not None and value is not None else value


class _Compiled:
    """What the hot path needs for one dialect, built on first use."""

    def __init__(self, dialect: Dialect) -> None:
        self.users, self.states = _Columns(_USERS, dialect, read=True), _Columns(_STATES, dialect, read=True)
        self.questions = _Columns(_QUESTIONS, dialect, read=False)
        self.user_with_state = _Statement(
            select(*_USERS.columns, *_STATES.columns)
            .select_from(_USERS.outerjoin(_STATES, _STATES.c.user_id == _USERS.c.id))
            .where(_USERS.c.channel == bindparam("channel"), _USERS.c.external_id == bindparam("external_id")),
            dialect,
        )
        keys = [c.key for c in _QUESTIONS.columns if c.key != "id"]
        #: The insert lists every column, so it is only ours when every default is one it can fill
        #: in as SQLAlchemy would (a Python value or a callable, none from the database).
        self.questions_insertable = all(
            c.server_default is None and (c.default is None or c.default.is_scalar or c.default.is_callable)
            for c in _QUESTIONS.columns
            if c.key != "id"
        )
        self.insert_question = _Statement(
            _QUESTIONS.insert().values({key: bindparam(key) for key in keys}).returning(_QUESTIONS.c.id),
            dialect,
        )
        self.changes = _Columns(_CHANGES, dialect, read=True)
        self.changes_of = _Statement(select(*_CHANGES.columns).where(*_of_kinds_and_targets(_CHANGES)), dialect)
        members = _MEMBERS.c
        self.member_counts = _Statement(
            select(members.kind, members.target, members.status, func.count())
            .where(*_of_kinds_and_targets(_MEMBERS))
            .group_by(members.kind, members.target, members.status),
            dialect,
        )


_compiled: dict[str, _Compiled] = {}


class HotPath:
    """The hot path's statements on one unit of work's session (one per unit of work, shared by its
    repositories); `available` is False off asyncpg."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        session.info.setdefault("hot_path", self)
        bind = session.bind
        self.available = bind is not None and bind.dialect.name == "postgresql" and bind.dialect.driver == "asyncpg"
        self._raw: tuple[AsyncConnection, Any, Any] | None = None
        self._pooled: Any = None  # the pool's proxy for the connection (to invalidate it)
        self._for: object | None = None

    @classmethod
    def of(cls, session: AsyncSession) -> HotPath:
        """The session's hot path (the unit of work's, shared by its repositories)."""
        hot = session.info.get("hot_path")
        return hot if isinstance(hot, HotPath) else cls(session)

    async def raw(self) -> tuple[AsyncConnection, Any, Any]:
        """The session's connection, SQLAlchemy's DB-API adapter for it and the driver's connection,
        looked up once per transaction (each lookup is a few greenlet switches)."""
        transaction = self.session.get_transaction()
        if self._raw is None or transaction is None or transaction is not self._for or self._raw[0].invalidated:
            connection = await self.session.connection()
            raw = await connection.get_raw_connection()
            self._raw = (connection, raw.dbapi_connection, raw.driver_connection)
            self._pooled = raw
            self._for = self.session.get_transaction()
        return self._raw

    async def _driver(self) -> tuple[AsyncConnection, Any, pg_connection.Connection] | None:
        """The session's connection with its transaction begun, SQLAlchemy's adapter for it and the
        asyncpg connection; None when the adapter is not the one this was written against."""
        connection, adapter, driver = await self.raw()
        if not isinstance(driver, pg_connection.Connection) or not hasattr(adapter, "_start_transaction"):
            return None
        if getattr(adapter, "_transaction", None) is None:
            try:
                async with adapter._execute_mutex:
                    await adapter._start_transaction()
            except Exception as error:  # already translated by the adapter
                await self._raise(connection, adapter, "BEGIN", error)
            except BaseException:
                # Cancelled while BEGIN (and the lock riding on it) waited: the server may be left in
                # an aborted transaction SQLAlchemy does not know of, which its rollback would not end.
                # Closed, the connection's next user finds it lost, and that renews the pool.
                driver.terminate()
                raise

        return connection, adapter, driver

    async def _run(self, connection: AsyncConnection, adapter: Any, sql: str, call: Callable[[], Awaitable[T]]) -> T:
        try:
            return await call()
        except Exception as error:
            try:
                adapter._handle_exception(error)  # raises the DB-API error SQLAlchemy would see
            except Exception as translated:
                await self._raise(connection, adapter, sql, translated)
            raise  # pragma: no cover - _handle_exception always raises

    async def _raise(self, connection: AsyncConnection, adapter: Any, sql: str, error: Exception) -> None:
        dialect = connection.dialect
        # as SQLAlchemy asks: with the connection, "lost" is whether the driver's connection is closed
        # (a restart's "terminating connection" arrives as several different errors)
        lost = isinstance(error, dialect.loaded_dbapi.Error) and dialect.is_disconnect(error, adapter, None)
        if lost and not connection.invalidated:
            # as SQLAlchemy does for a statement of its own: a restart closed every pooled connection,
            # so the whole pool is renewed, not only this one
            connection.sync_engine.pool._invalidate(self._pooled, error)
            await connection.invalidate()
        raise DBAPIError.instance(
            sql,
            None,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error

    def _compiled(self) -> _Compiled:
        dialect = self.session.bind.dialect  # type: ignore[union-attr]
        compiled = _compiled.get(dialect.name)
        if compiled is None:
            compiled = _compiled[dialect.name] = _Compiled(dialect)
        return compiled

    async def user_with_state(self, channel: str, external_id: str) -> Found | None:
        """The user and their dialog state as persistent objects of the session (`Found.user` None:
        no such user); None when this path is not available (then the ORM's)."""
        if not self.available or (driving := await self._driver()) is None:
            return None
        connection, adapter, driver = driving
        compiled = self._compiled()
        sql = compiled.user_with_state.sql
        record = await self._run(connection, adapter, sql, lambda: driver.fetchrow(sql, channel, external_id))
        if record is None:
            return Found(None, None)
        user = self._attach(User, compiled.users.values(record, 0))
        width = len(compiled.users.keys)
        state_values = compiled.states.values(record, width)
        state = self._attach(DialogState, state_values) if state_values["user_id"] is not None else None
        return Found(user, state)

    def _attach(self, cls: type[M], values: dict[str, Any]) -> M:
        """A row as the session's persistent object, as if the ORM had loaded it: one already in the
        session wins (it may hold changes), with what it no longer holds (expired) filled in from
        the row, as the ORM's own load does."""
        mapper = inspect(cls)
        key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
        known = self.session.identity_map.get(key)
        if known is not None:
            for name in inspect(known).unloaded & values.keys():
                set_committed_value(known, name, values[name])
            return known  # type: ignore[no-any-return]
        obj = mapper.class_manager.new_instance()
        obj.__dict__.update(values)
        make_transient_to_detached(obj)
        self.session.add(obj)
        return obj  # type: ignore[no-any-return]

    async def insert_question(self, values: dict[str, Any]) -> int | None:
        """Store a question (`values` by column key; a missing or None value takes the column's
        default) and return its id; None when this path is not available."""
        if not self.available or not (compiled := self._compiled()).questions_insertable:
            return None
        if (driving := await self._driver()) is None:
            return None
        connection, adapter, driver = driving
        args = []
        for name in compiled.insert_question.names:
            value = values.get(name)
            args.append(compiled.questions.bind(name, _default(_QUESTIONS.c[name]) if value is None else value))
        sql = compiled.insert_question.sql
        return await self._run(connection, adapter, sql, lambda: driver.fetchval(sql, *args))  # type: ignore[no-any-return]

    async def changes_of(self, kinds: list[str], targets: list[str]) -> list[GatheringChange] | None:
        """The moves and cancellations of gatherings of these kinds and targets, as persistent objects
        of the session; None when this path is not available."""
        if (fetched := await self._fetch("changes_of", kinds, targets)) is None:
            return None
        compiled = self._compiled()
        return [self._attach(GatheringChange, compiled.changes.values(record, 0)) for record in fetched]

    async def member_counts(self, kinds: list[str], targets: list[str]) -> list[tuple[str, str, str, int]] | None:
        """(kind, target, status, how many) of the places taken in gatherings of these kinds and
        targets; None when this path is not available."""
        fetched = await self._fetch("member_counts", kinds, targets)
        return None if fetched is None else [(r[0], r[1], r[2], r[3]) for r in fetched]

    async def _fetch(self, name: str, kinds: list[str], targets: list[str]) -> list[asyncpg.Record] | None:
        if not self.available:
            return None
        session = self.session
        if session.sync_session.autoflush and (session.new or session.dirty or session.deleted):
            await session.flush()  # what SQLAlchemy's own query would have flushed first
        if (driving := await self._driver()) is None:
            return None
        connection, adapter, driver = driving
        statement: _Statement = getattr(self._compiled(), name)
        values = {"kinds": kinds, "targets": targets}
        args = [values[key] for key in statement.names]
        return await self._run(connection, adapter, statement.sql, lambda: driver.fetch(statement.sql, *args))


@dataclass(frozen=True, slots=True)
class Found:
    user: User | None
    state: DialogState | None


def _default(column: Column[Any]) -> Any:
    """A column's Python-side default, as an INSERT through SQLAlchemy would fill it in (only a
    value or a callable: `_Compiled.questions_insertable`)."""
    default = column.default
    if default is None:
        return None
    return default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
