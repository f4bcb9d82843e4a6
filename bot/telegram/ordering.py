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
    """Up to `max_concurrent_updates` updates at once; per chat, a queue.

    Each chat's last update leaves a future in `_tails`; the next one waits for it. Cancelling an
    update (a stop that ran out of time) never cancels the future it waits on: that belongs to the
    update before it, which may still be running. A cancelled waiter's own future is resolved only
    once its predecessor's is, so the chat's order holds either way.
    """

    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[int, asyncio.Future[None]] = {}
        self._in_hand: set[asyncio.Task[Any]] = set()
        self._abandoned = False

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_hand.add(task)
        try:
            await self._in_order(update, coroutine)
        finally:
            if task is not None:
                self._in_hand.discard(task)
            _close(coroutine)  # one that never ran (cancelled while waiting, or abandoned): no warning

    async def _in_order(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._abandoned:
            return
        chat = chat_of(update) if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        previous = self._tails.get(chat)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[chat] = mine
        try:
            if previous is not None and not previous.done():
                await asyncio.shield(previous)  # cancelling this update must not cancel `previous`
            if not self._abandoned:
                await coroutine
        finally:
            if previous is None or previous.done():
                self._release(chat, mine)
            else:  # cancelled while waiting: the next update still waits for `previous` (through `mine`)
                previous.add_done_callback(lambda _: self._release(chat, mine))

    def _release(self, chat: int, mine: asyncio.Future[None]) -> None:
        if not mine.done():
            mine.set_result(None)
        if self._tails.get(chat) is mine:
            del self._tails[chat]

    def abandon(self) -> list[asyncio.Task[Any]]:
        """Cancel every update in hand, running or waiting for its chat, and skip (close) any that
        still come through PTB's semaphore; returns the cancelled tasks."""
        self._abandoned = True
        tasks = [t for t in self._in_hand if not t.done()]
        for task in tasks:
            task.cancel()
        return tasks

    async def initialize(self) -> None:
        """A restarted application takes updates again."""
        self._abandoned = False

    async def shutdown(self) -> None:
        """Nothing to tear down: the tasks belong to the application."""

    def __len__(self) -> int:
        return len(self._tails)


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
