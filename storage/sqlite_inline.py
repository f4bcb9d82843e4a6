"""aiosqlite without a thread hop per call.

aiosqlite runs every call (cursor, execute, fetch, close, commit) on a worker thread and wakes the
event loop for each result: about a dozen round trips per message, which cost more than the SQL.
Statements on Sammen's small indexed tables take microseconds, so this connection runs them inline
on the event loop instead. Connecting and closing still use aiosqlite's thread.

The one thing that can block is waiting for another process's write lock, so the busy timeout is
kept short (`INLINE_BUSY_TIMEOUT_MS`); within one server process the unit of work already
serialises writers. Several workers belong on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import aiosqlite

INLINE_BUSY_TIMEOUT_MS = 5000


class InlineConnection(aiosqlite.Connection):
    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)


def creator(path: str) -> Callable[[], Any]:
    """An `async_creator` for SQLAlchemy's aiosqlite dialect that opens inline connections."""

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(path, timeout=INLINE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    async def connect() -> aiosqlite.Connection:
        return await InlineConnection(connector, iter_chunk_size=64)

    return connect
