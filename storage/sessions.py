"""Dashboard sessions: a random token in the cookie, only its SHA-256 in `staff_sessions`.

A stolen database therefore holds no usable cookie. A session ends after `IDLE` without a request
or `ABSOLUTE` after login, at logout, and when the staff member is deactivated or changes password.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from storage.models import Staff, StaffSession, aware, utcnow

if TYPE_CHECKING:
    from storage.uow import UnitOfWork

COOKIE = "sammen_staff"
IDLE = timedelta(hours=12)
ABSOLUTE = timedelta(days=7)
#: `last_seen_at` is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def start(uow: UnitOfWork, staff: Staff) -> str:
    """A new session for `staff`; returns the cookie value (never stored)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = StaffSession(token_hash=token_hash(token), staff_id=staff.id, csrf_token=secrets.token_urlsafe(32))
    row.created_at, row.last_seen_at, row.expires_at = now, now, now + ABSOLUTE
    uow.session.add(row)
    await uow.session.flush()
    return token


async def current(uow: UnitOfWork, token: str | None) -> tuple[StaffSession, Staff] | None:
    """The live session and its active staff member for a cookie value, or None (expired ones are removed)."""
    if not token or len(token) > 200:
        return None
    row = await uow.session.get(StaffSession, token_hash(token))
    if row is None:
        return None
    now = utcnow()
    if now >= aware(row.expires_at) or now - aware(row.last_seen_at) >= IDLE:
        await uow.session.delete(row)
        return None
    staff = await uow.session.get(Staff, row.staff_id)
    if staff is None or not staff.active:
        return None
    if now - aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
    return row, staff


async def end(uow: UnitOfWork, token: str) -> None:
    await uow.session.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))


async def end_all(uow: UnitOfWork, staff_id: int) -> None:
    await uow.session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))


async def purge_expired(uow: UnitOfWork, now: datetime | None = None) -> None:
    now = now or utcnow()
    await uow.session.execute(
        delete(StaffSession).where((StaffSession.expires_at <= now) | (StaffSession.last_seen_at <= now - IDLE))
    )


async def count_for(uow: UnitOfWork, staff_id: int) -> int:
    stmt = select(StaffSession.token_hash).where(StaffSession.staff_id == staff_id)
    return len((await uow.session.execute(stmt)).all())
