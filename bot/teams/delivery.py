"""Outbox deliveries over Teams: to a user's conversation (the reference stored with them) and, as the
staff's address, to the staff channel.

The connector's answers map to the outbox's outcomes: 2xx delivered (the receipt carries the new
activity's id, so a later row can replace the message: the staff notices are edited when their
question is answered); 403/404 unreachable (the app was uninstalled or the user blocked it), as a
blocked Telegram bot; 429 try again after its `Retry-After` (`RetryLater`); anything else, or no
token, try again with the outbox's backoff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.teams.connector import ConnectorError, Posted
from bot.teams.render import render
from handlers.channel import Address, OutcomeUnknown, Receipt, RetryLater
from handlers.types import Reply
from storage.states import Lane

if TYPE_CHECKING:
    from bot.teams.channel import TeamsChannel

#: Without a Retry-After, a 429 waits this long.
DEFAULT_RETRY_AFTER = 5.0


class TeamsDelivery:
    def __init__(self, channel: TeamsChannel) -> None:
        self.channel = channel

    def target(self, address: Address) -> tuple[str, str]:
        """(service URL, conversation id) for an address: a user's stored reference, or the staff channel."""
        ref: dict[str, Any] = address.ref or {}
        conversation = ref.get("conversation") if isinstance(ref.get("conversation"), dict) else None
        service_url = ref.get("serviceUrl")
        if not isinstance(service_url, str) or not service_url:
            service_url = self.channel.staff_service_url
        conversation_id = conversation.get("id") if conversation else None
        return service_url, str(conversation_id or address.id)

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> Receipt:
        service_url, conversation = self.target(address)
        started = False
        last: str | None = None
        for reply in replies:
            owner = None if (address.ref or {}).get("staff") else address.id
            activity = render(reply, await self.channel.files.url(reply, owner))
            posted = await self.channel.connector.send(service_url, conversation, activity)
            if posted.gone:
                return Receipt(delivered=False)
            if not posted.ok:
                if started:  # an earlier reply went out: sending them all again would repeat it
                    raise OutcomeUnknown(f"teams: a later reply failed ({posted.status}) after earlier ones were sent")
                raise _failure(posted)
            started = True
            last = posted.activity_id
        return Receipt(external_id=last)

    async def edit(self, address: Address, external_id: str, replies: list[Reply]) -> Receipt:
        """Replace a message it sent before with the (last) reply."""
        if not replies:
            return Receipt(skipped="nothing to edit: no text")
        service_url, conversation = self.target(address)
        activity = render(replies[-1])
        posted = await self.channel.connector.update(service_url, conversation, external_id, activity)
        if posted.status == 404:
            return Receipt(skipped="nothing to edit: Teams no longer has the message")
        if posted.status == 403:
            return Receipt(delivered=False)
        if not posted.ok:
            raise _failure(posted)
        return Receipt(external_id=external_id)


def _failure(posted: Posted) -> Exception:
    if posted.status == 429:
        return RetryLater(posted.retry_after if posted.retry_after is not None else DEFAULT_RETRY_AFTER,
                          "teams: the connector is rate limiting")  # fmt: skip
    return ConnectorError(f"teams: the connector answered {posted.status}")
