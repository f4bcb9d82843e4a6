"""The one contract every channel (Telegram, web chat, console, Teams) implements, seen from the core.

A channel turns what its users do into `Incoming` messages for `Assistant.handle` and renders the
`Reply` objects it gets back (receiving and rendering are the adapter's own business: polling or a
webhook, HTML or Adaptive Cards). For messages nobody is waiting on (a relayed staff answer, a
reminder, a briefing) it delivers to a stored `Address`, through the outbox. An address is the
channel's name, the id it addresses (a chat id, a web visitor's cookie, a conversation id) and a JSON
reference with whatever else the channel needs to send there unprompted (Teams: the service URL, the
tenant and the bot's id), stored with the user on their first message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from handlers.types import Reply
from storage.states import Lane


@dataclass(frozen=True, slots=True)
class Address:
    channel: str
    id: str
    ref: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.channel}:{self.id}"


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a delivery reports."""

    #: False: the address is unreachable (the user blocked the bot or left): never retried.
    delivered: bool = True
    #: The channel's id for the message (Telegram: the message id), kept so a later row can edit it.
    external_id: str | None = None
    #: Why there was nothing to do (e.g. "message to edit not found"): the row is done, never retried.
    skipped: str | None = None


class OutcomeUnknown(Exception):
    """A delivery failed after part of it may have reached the user (an earlier part or reply was
    sent): the outbox marks the row uncertain instead of sending it all again."""


class RetryLater(Exception):
    """The channel asked to be left alone for a while (HTTP 429 with Retry-After): the outbox tries the
    row again after `seconds` instead of its own backoff."""

    def __init__(self, seconds: float, message: str = "rate limited") -> None:
        super().__init__(f"{message}; retry after {seconds:g} s")
        self.seconds = max(0.0, seconds)


class Delivery(Protocol):
    """Sends outbox rows for one channel. True or a Receipt: delivered; False: unreachable; an
    exception: try again later."""

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> bool | Receipt:
        """`lane` picks the rate budget: bulk sends never hold up interactive ones."""
        ...


@runtime_checkable
class Editor(Protocol):
    """A delivery that can also replace a message it delivered before (rows that edit another row)."""

    async def edit(self, address: Address, external_id: str, replies: list[Reply]) -> bool | Receipt: ...


@runtime_checkable
class Channel(Protocol):
    """A channel adapter, as the server runs it."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def delivery(self) -> Delivery | None:
        """Where this channel's outbox rows go; None for a channel that cannot push (the web chat polls)."""
        ...

    def staff_address(self) -> Address | None:
        """The staff's conversation on this channel (the Telegram staff chat), if one is configured."""
        ...
