"""Outgoing-rate shaping: a generic cell-rate algorithm per key, with a pause for 429 answers.

A reservation is O(1) and made at once, so waiting senders keep their order and nobody polls a
bucket; the wait is a plain sleep. Telegram asks for at most 30 messages/s overall and about one
per second in a chat (short bursts are tolerated).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable


class Pace:
    """At most `rate` events per second on average, allowing `burst` back to back."""

    __slots__ = ("_interval", "_tat", "_tolerance")

    def __init__(self, rate: float, burst: int = 1) -> None:
        self._interval = 1.0 / rate
        self._tolerance = (max(burst, 1) - 1) * self._interval
        self._tat = 0.0  # the theoretical arrival time of the next event

    def reserve(self, now: float) -> float:
        """Take the next slot; return how long to wait before using it."""
        tat = max(self._tat, now)
        self._tat = tat + self._interval
        return max(0.0, tat - self._tolerance - now)

    def idle(self, now: float) -> bool:
        return self._tat <= now


class Shaper:
    """One global pace and one pace per chat; `pause` holds everything back after a 429.

    Bulk sends (briefings, reminders: the outbox's bulk lane) first take a slot of their own lane's
    pace, `bulk_share` of the global rate, and then a global slot like every send: together they never
    pass the global rate. Bulk sends take their global slots one at a time, each only when it is due,
    while other sends reserve theirs at once: a live reply or a relayed answer goes ahead of a whole
    bulk run (waiting at most one bulk slot), and bulk uses what interactive sends leave.
    """

    def __init__(
        self,
        rate_global: float,
        rate_per_chat: float,
        *,
        burst_global: int = 1,
        burst_per_chat: int = 3,
        bulk_share: float = 2 / 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._global = Pace(rate_global, burst_global)
        self._bulk = Pace(rate_global * bulk_share)
        self._rate_per_chat = rate_per_chat
        self._burst_per_chat = burst_per_chat
        self._chats: dict[Hashable, Pace] = {}
        self._paused_until = 0.0
        self._clock = clock
        self._bulk_turn = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def wait(self, chat: Hashable, *, bulk: bool = False) -> None:
        """Wait for this chat's turn (and a bulk slot for a bulk send), then for a global slot (so a slow
        chat or a long bulk run holds no global slot)."""
        now = self._clock()
        pace = self._chats.get(chat)
        if pace is None:
            if len(self._chats) >= 10_000:
                self._prune(now)
            pace = self._chats[chat] = Pace(self._rate_per_chat, self._burst_per_chat)
        delay = pace.reserve(now)
        if bulk:
            delay = max(delay, self._bulk.reserve(now))
        if delay:
            await asyncio.sleep(delay)
            now = self._clock()
        if bulk:
            async with self._bulk_turn:  # one bulk send holds a global slot ahead at a time
                await self._take_global(self._clock())
        else:
            await self._take_global(now)

    async def _take_global(self, now: float) -> None:
        while self._paused_until > now:
            await asyncio.sleep(self._paused_until - now)
            now = self._clock()
        delay = self._global.reserve(now)
        if delay:
            await asyncio.sleep(delay)

    def _prune(self, now: float) -> None:
        for key in [k for k, p in self._chats.items() if p.idle(now)]:
            del self._chats[key]
