"""Outbox deliveries over Telegram: to a user's private chat, and to the staff chat.

The outbox worker needs three outcomes where the channel's own `send` has two: delivered, the user
blocked the bot (False: never retried), and "try again later" (an exception: the worker backs off).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.telegram.render import render
from bot.telegram.sender import Outcome
from handlers.types import Reply

if TYPE_CHECKING:
    from bot.telegram.channel import TelegramChannel


class DeliveryFailed(Exception):
    """Telegram did not take the message even after the sender's own retries (5xx, network, refusal)."""


class TelegramDelivery:
    """Rows for channel "telegram": the address is the user's chat id."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def send(self, address: str, replies: list[Reply]) -> bool:
        return await _send(self.channel, int(address), replies)


class StaffChatDelivery:
    """Rows for channel "staff": whatever the address, they go to the configured staff chat (STAFF_CHAT_ID)."""

    def __init__(self, channel: TelegramChannel, chat_id: int) -> None:
        self.channel = channel
        self.chat_id = chat_id

    async def send(self, address: str, replies: list[Reply]) -> bool:
        return await _send(self.channel, self.chat_id, replies)


async def _send(channel: TelegramChannel, chat_id: int, replies: list[Reply]) -> bool:
    for reply in replies:
        outcome = await channel.sender.send_parts(chat_id, render(reply))
        if outcome is Outcome.BLOCKED:
            return False
        if outcome is Outcome.FAILED:
            raise DeliveryFailed(f"chat {chat_id}")
    return True
