"""The inbox repository: updates a channel received, stored before they are confirmed.

`store` adds a batch and ignores ids already there (a redelivery), in its own committed
transaction, before the channel confirms the batch. The core marks an update `answered` with its
replies in the same unit of work as its changes; the channel marks it `done` once the replies are
sent (and, between the messages of several, how many went out). At start a channel takes back what a
previous run left `received` or `answered`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import InboxUpdate, utcnow
from storage.states import InboxStatus


@dataclass(frozen=True, slots=True)
class Stored:
    """What the inbox knows of one update."""

    status: InboxStatus
    replies: list[dict[str, Any]]
    payload: dict[str, Any]
    #: messages of the replies already sent (a restart sends the rest)
    sent: int = 0


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def store(self, channel: str, updates: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Add each (update id, payload) unless that id is already there."""
        rows = [
            {"channel": channel, "update_id": update_id[:64], "payload": payload, "status": InboxStatus.RECEIVED,
             "replies": [], "sent": 0, "attempts": 0, "received_at": utcnow()}
            for update_id, payload in updates
        ]  # fmt: skip
        if not rows:
            return
        dialect = self.session.bind.dialect.name if self.session.bind is not None else "sqlite"
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(InboxUpdate).values(rows).on_conflict_do_nothing(index_elements=["channel", "update_id"])
        await self.session.execute(stmt)

    async def get(self, channel: str, update_id: str) -> Stored | None:
        stmt = select(*_COLUMNS).where(InboxUpdate.channel == channel, InboxUpdate.update_id == update_id[:64])
        row = (await self.session.execute(stmt)).first()
        return _stored(row) if row else None

    async def answered(self, channel: str, update_id: str, replies: list[dict[str, Any]]) -> None:
        """The core's replies, in the same transaction as its changes."""
        await self._set(channel, update_id, status=InboxStatus.ANSWERED, replies=replies, attempts=_ONE_MORE)

    async def done(self, channel: str, update_id: str) -> None:
        """Sent (or nothing to send): the message's words are not kept any longer than needed."""
        await self._set(channel, update_id, status=InboxStatus.DONE, payload={}, replies=[])

    async def sent(self, channel: str, update_id: str, messages: int) -> None:
        """`messages` of the replies' messages went out: a restart does not send them again."""
        await self._set(channel, update_id, sent=messages)

    async def failed(self, channel: str, update_id: str) -> None:
        """Handling raised: kept for the operator (with its payload), never taken back at a restart."""
        await self._set(channel, update_id, status=InboxStatus.FAILED, attempts=_ONE_MORE)

    async def _set(self, channel: str, update_id: str, **values: Any) -> None:
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.channel == channel, InboxUpdate.update_id == update_id[:64])
            .values(handled_at=utcnow(), **values)
            .execution_options(synchronize_session=False)
        )

    async def unfinished(self, channel: str, limit: int = 10_000) -> list[Stored]:
        """What a previous run took in and did not finish, oldest first."""
        stmt = (
            select(*_COLUMNS)
            .where(InboxUpdate.channel == channel,
                   InboxUpdate.status.in_((InboxStatus.RECEIVED, InboxStatus.ANSWERED)))
            .order_by(InboxUpdate.id)
            .limit(limit)
        )  # fmt: skip
        return [_stored(row) for row in (await self.session.execute(stmt)).all()]

    async def purge(self, older_than: timedelta) -> int:
        """Forget finished updates (their ids only guard against a late redelivery)."""
        cutoff = utcnow() - older_than
        result = await self.session.execute(
            delete(InboxUpdate).where(
                InboxUpdate.status.in_((InboxStatus.DONE, InboxStatus.FAILED)), InboxUpdate.handled_at < cutoff
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


_COLUMNS = (InboxUpdate.status, InboxUpdate.replies, InboxUpdate.payload, InboxUpdate.sent)
_ONE_MORE = InboxUpdate.attempts + 1


def _stored(row: Any) -> Stored:
    return Stored(InboxStatus(row.status), list(row.replies or []), dict(row.payload or {}), int(row.sent or 0))
