"""Outbox deliveries over Telegram: to a user's private chat, and (as the staff's address) to the staff chat.

The outbox worker needs three outcomes where the channel's own `send` has two: delivered, the user
blocked the bot (not delivered: never retried), and "try again later" (an exception: the worker backs
off). A delivered message's receipt carries Telegram's message id (of the last part, the one with the
buttons), so a later outbox row can edit it: the staff chat's notices are edited when their ticket is
answered, closed or withdrawn (see `handlers.escalation.update_staff_notice`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.telegram.render import render
from bot.telegram.sender import Outcome, Sent
from handlers.channel import Address, OutcomeUnknown, Receipt
from handlers.types import Reply
from storage.states import Lane

if TYPE_CHECKING:
    from bot.telegram.channel import TelegramChannel


class DeliveryFailed(Exception):
    """Telegram did not take the message even after the sender's own retries (5xx, network, refusal)."""


class TelegramDelivery:
    """Outbox rows for Telegram: the address's id is the chat id (a user's private chat, or the staff chat)."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> Receipt:
        return await _send(self.channel, int(address.id), replies, bulk=lane is Lane.BULK)

    async def edit(self, address: Address, external_id: str, replies: list[Reply]) -> Receipt:
        return await _edit(self.channel, int(address.id), int(external_id), replies)


async def _send(channel: TelegramChannel, chat_id: int, replies: list[Reply], *, bulk: bool = False) -> Receipt:
    message_id: int | None = None
    started = False
    for reply in replies:
        if reply.photo:  # before the text it goes with; a photo that fails is left out
            if await channel.sender.send_photo(chat_id, reply.photo, bulk=bulk) is Outcome.BLOCKED:
                return Receipt(delivered=False)
        sent = await channel.sender.send_parts(chat_id, render(reply), bulk=bulk)
        if sent.outcome is Outcome.SENT and reply.attachment is not None:
            file = reply.attachment
            outcome = await channel.sender.send_document(chat_id, file.filename, file.data, bulk=bulk)
            sent = Sent(outcome, sent.message_id)
        if sent.outcome is Outcome.BLOCKED:
            return Receipt(delivered=False)
        if sent.outcome is Outcome.FAILED:
            if started:  # an earlier reply went out: sending them all again would repeat it
                raise OutcomeUnknown(f"chat {chat_id}: a later reply failed after earlier ones were sent")
            raise DeliveryFailed(f"chat {chat_id}")
        started = True
        message_id = sent.message_id
    return Receipt(external_id=str(message_id) if message_id is not None else None)


async def _edit(channel: TelegramChannel, chat_id: int, message_id: int, replies: list[Reply]) -> Receipt:
    """Replace one message with the (last) reply: text and buttons; a reply without buttons removes them.

    A reply too long for one message would be split; only its last part (the one with the buttons, like
    the message being edited) replaces the message.
    """
    if not replies:
        return Receipt(skipped="nothing to edit: no text")
    part = render(replies[-1])[-1]
    outcome = await channel.sender.edit_message(chat_id, message_id, part.html, part.keyboard)
    if outcome is Outcome.GONE:
        return Receipt(skipped="nothing to edit: Telegram no longer has the message, or will not edit it")
    if outcome is Outcome.BLOCKED:
        return Receipt(delivered=False)
    if outcome is Outcome.FAILED:
        raise DeliveryFailed(f"chat {chat_id}, message {message_id}")
    return Receipt(external_id=str(message_id))
