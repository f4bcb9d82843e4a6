"""Login rate limiting over `login_attempts`: at most `MAX_FAILURES` failed logins per `WINDOW`,
counted per client address and per email, so neither guessing one account from many addresses nor
many accounts from one address gets far. Rows live in the database, so every worker sees them."""

from __future__ import annotations

import math
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


async def wait_minutes(uow: UnitOfWork, keys: list[str]) -> int:
    """0 when a login may be tried now, else the whole minutes until the oldest counted failure expires."""
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


async def failed(uow: UnitOfWork, keys: list[str]) -> None:
    now = utcnow()
    await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.created_at <= now - WINDOW))
    uow.session.add_all(LoginAttempt(key=key, created_at=now) for key in keys)


async def succeeded(uow: UnitOfWork, email_key: str) -> None:
    """A good password clears that account's failures (not the address's)."""
    await uow.session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key))
