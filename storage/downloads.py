"""Files handed out as links: stored with a random token for a day, then gone.

A channel that cannot attach a file to a message (Teams, for a bot in a personal chat) stores it here
and sends a link with the token; the server serves it by the token alone until it expires. Expired
files are deleted whenever a new one is stored and every hour, and a user's files go with their
erasure.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Download, User, utcnow

#: How long a link works.
KEEP = timedelta(hours=24)


async def purge(session: AsyncSession) -> int:
    """Delete the files whose links have expired; how many."""
    result = await session.execute(delete(Download).where(Download.expires_at < utcnow()))
    return int(getattr(result, "rowcount", 0) or 0)


async def put(session: AsyncSession, user: User | None, filename: str, mime: str, data: bytes) -> str:
    """Store a file; its token (43 URL-safe characters)."""
    now = utcnow()
    await purge(session)
    token = secrets.token_urlsafe(32)
    session.add(Download(token=token, user_id=user.id if user else None, filename=filename[:200],
                         mime=mime[:100], data=data, created_at=now, expires_at=now + KEEP))  # fmt: skip
    await session.flush()
    return token


async def get(session: AsyncSession, token: str) -> Download | None:
    """The file behind a token, unless it expired."""
    found = await session.get(Download, token[:64])
    if found is None:
        return None
    expires = found.expires_at if found.expires_at.tzinfo else found.expires_at.replace(tzinfo=utcnow().tzinfo)
    return found if expires > utcnow() else None


async def of_user(session: AsyncSession, user: User) -> list[Download]:
    stmt = select(Download).where(Download.user_id == user.id).order_by(Download.created_at)
    return list((await session.execute(stmt)).scalars())


async def erase_user(session: AsyncSession, user: User) -> None:
    await session.execute(delete(Download).where(Download.user_id == user.id))
