"""The outbox repository: messages to deliver later, written in the caller's unit of work.

Enqueue inside the same unit of work as the change that causes the message (a staff answer, a
reminder), so both are committed together or not at all. The outbox worker (`bot/outbox.py`) claims
and delivers rows; a claimed row is never delivered twice.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, User
from storage.states import Lane


class Payload(Protocol):
    """What an outbox row stores per message: the core's `Reply` (persistence does not import the core)."""

    def to_dict(self) -> dict[str, Any]: ...


#: Set in `session.info` when a row is added, so the outbox worker is woken when the unit of work commits.
ENQUEUED = "outbox.enqueued"


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def enqueue(
        self,
        channel: str,
        address: str,
        replies: list[Payload],
        *,
        user: User | None = None,
        dedupe_key: str | None = None,
        ref: dict[str, Any] | None = None,
        edits: int | None = None,
        address_ref: dict[str, Any] | None = None,
        lane: Lane = Lane.INTERACTIVE,
    ) -> OutboxMessage | None:
        """Add a message; with a `dedupe_key` already used, nothing is added and None is returned.

        With `edits` (the id of an earlier row), the row replaces the message that row delivered instead
        of sending a new one; it waits while that row is pending or sending, and is skipped (done, never
        retried) when that row delivered nothing it can point at. An edit is always interactive: the bulk
        lane's sender sends new messages only.
        """
        if edits is not None:
            lane = Lane.INTERACTIVE
        if dedupe_key is not None:
            existing = await self.session.execute(
                select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
            )
            if existing.scalar() is not None:
                return None
        row = OutboxMessage(
            user_id=user.id if user else None,
            channel=channel,
            address=address,
            address_ref=dict(address_ref or {}),
            lane=int(lane),
            payload=[r.to_dict() for r in replies],
            dedupe_key=dedupe_key,
            ref=dict(ref or {}),
            edits=edits,
        )
        self.session.add(row)
        await self.session.flush()
        self.session.info[ENQUEUED] = True
        return row

    async def to_user(self, user: User, replies: list[Payload], **kw: Any) -> OutboxMessage | None:
        return await self.enqueue(
            user.channel, user.external_id, replies, user=user, address_ref=user.address_ref or None, **kw
        )
