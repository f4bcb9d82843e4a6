"""Login rate limiting over `login_attempts`: at most `MAX_FAILURES` failed logins per `WINDOW`,
counted per client address and per email, so neither guessing one account from many addresses nor
many accounts from one address gets far. Rows live in the database, so every worker sees them.

An attempt is *reserved* before the password is checked: under a lock per key (a PostgreSQL
advisory lock; on SQLite the unit of work's write lock), the recent attempts are counted and, below
the limit, one row per key is inserted and committed. Only then is the password hashed. A wrong
password leaves the rows as the failure; a good one removes them. So a burst of parallel logins can
never get more than `MAX_FAILURES` passwords checked: the rest are refused at once, without hashing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from storage.models import LoginAttempt, aware, utcnow

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

WINDOW = timedelta(minutes=15)
MAX_FAILURES = 5


def keys(address: str | None, email: str) -> list[str]:
    return [f"ip:{address or '?'}", f"email:{email.strip().lower()[:254]}"]


@dataclass
class Reservation:
    """The outcome of `reserve`: `wait` minutes when refused, else the attempt rows' ids."""

    wait: int = 0
    ids: list[int] = field(default_factory=list)


async def wait_minutes(uow: UnitOfWork, keys: list[str]) -> int:
    """0 when a login may be tried now, else the whole minutes until the oldest counted attempt expires."""
    now = utcnow()
    worst = timedelta(0)
    for key in keys:
        stmt = (
            select(LoginAttempt.created_at)
            .where(LoginAttempt.key == key, LoginAttempt.created_at > now - WINDOW)
            .order_by(LoginAttempt.created_at.desc())
            .limit(MAX_FAILURES)
        )
        recent = [aware(t) for t in (await uow.session.execute(stmt)).scalars()]
        if len(recent) >= MAX_FAILURES:
            worst = max(worst, recent[-1] + WINDOW - now)
    return math.ceil(worst.total_seconds() / 60) if worst > timedelta(0) else 0


async def reserve(uow: UnitOfWork, keys: list[str]) -> Reservation:
    """Count and claim one attempt per key atomically; call in a unit of work of its own (it commits)."""
    for key in sorted(keys):  # always the same order: two logins never wait on each other crosswise
        await uow.serialise(f"login:{key}")
    wait = await wait_minutes(uow, keys)
    if wait:
        return Reservation(wait=max(wait, 1))
    now = utcnow()
    await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= now - WINDOW))
    rows = [LoginAttempt(key=key, created_at=now) for key in keys]
    uow.session.add_all(rows)
    await uow.session.flush()
    return Reservation(ids=[row.id for row in rows])


async def succeeded(uow: UnitOfWork, reservation: Reservation, email_key: str) -> None:
    """A good password: this attempt was no failure, and the account's earlier failures are cleared
    (not the address's)."""
    await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(reservation.ids)))
    await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key))
