"""The asyncpg connection Sammen uses: BEGIN can carry the unit of work's first lock.

asyncpg sends BEGIN as a statement of its own, before the first real one. On PostgreSQL every
statement is a round trip, and a round trip costs the server's event loop more than the statement
does (the send alone is about 0.15 ms of CPU on a virtual machine). A message's unit of work starts
with the per-user advisory lock (`UnitOfWork.serialise`), so the lock rides along with BEGIN in one
simple query: one round trip less for every message, and the lock is still held before anything
is read (the next statement takes its own snapshot after it).
"""

from __future__ import annotations

from typing import Any

import asyncpg


class Connection(asyncpg.Connection):  # type: ignore[misc]
    __slots__ = ("begin_with",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: A statement without results to send with this connection's next BEGIN (then forgotten).
        self.begin_with: str | None = None

    async def execute(self, query: str, *args: Any, timeout: float | None = None) -> str:  # noqa: ASYNC109 (asyncpg's signature)
        if self.begin_with is not None and not args and query.startswith("BEGIN"):
            query, self.begin_with = f"{query} {self.begin_with}", None
        return await super().execute(query, *args, timeout=timeout)  # type: ignore[no-any-return]
