"""One clear line for each way the database can be unreachable at start, instead of a traceback."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator

from sqlalchemy.engine import make_url


class DatabaseUnavailable(Exception):
    """The database cannot be used; the message is the one line to print."""


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__, getattr(current, "orig", None)]


def describe(exc: BaseException, url: str) -> str | None:
    """What went wrong, in one line naming the host, database or role; None when it is not one of these."""
    parsed = make_url(url)
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    for cause in _chain(exc):
        name = type(cause).__name__
        if isinstance(cause, socket.gaierror):
            return f"Database host {parsed.host!r} is unknown (DATABASE_URL): check the name."
        if isinstance(cause, ConnectionRefusedError) or (
            isinstance(cause, OSError) and cause.errno in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ETIMEDOUT)
        ):
            return f"Cannot reach the database at {where} (connection refused): is PostgreSQL running there?"
        if name == "InvalidCatalogNameError":
            return f"Database {parsed.database!r} does not exist on {where}: create it (createdb {parsed.database})."
        if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
            return f"The database refused role {parsed.username!r} on {where}: check the user and password."
        if name == "InsufficientPrivilegeError":
            return (f"Role {parsed.username!r} lacks the rights Sammen needs in {parsed.database!r} "
                    f"(to create and change its tables): grant them, or use the database's owner.")  # fmt: skip
        if name == "ReadOnlySQLTransactionError":
            return f"Database {parsed.database!r} on {where} is read-only: Sammen needs to write."
        message = str(cause)
        if name == "OperationalError" and "unable to open database file" in message:
            return f"Cannot open the SQLite file {parsed.database!r}: check the folder exists and may be written."
        if name == "OperationalError" and "readonly database" in message:
            return f"The SQLite file {parsed.database!r} is read-only: Sammen needs to write."
    return None
