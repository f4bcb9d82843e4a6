"""Concurrent updates, but each chat's updates one at a time and in the order they arrived.

The core also serialises per user, but the channel does work of its own around the core (typing,
answering the button, sending the parts), and two answers to one chat must not interleave.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.telegram.updates import chat_of


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Up to `max_concurrent_updates` updates at once; per chat, a queue."""

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[int, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = chat_of(update) if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        previous = self._tails.get(chat)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[chat] = mine
        try:
            if previous is not None:
                try:
                    await previous
                except BaseException:
                    getattr(coroutine, "close", lambda: None)()
                    raise
            await coroutine
        finally:
            mine.set_result(None)
            if self._tails.get(chat) is mine:
                del self._tails[chat]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def __len__(self) -> int:
        return len(self._tails)
