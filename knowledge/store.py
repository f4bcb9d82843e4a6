"""What the running server holds: the current engine, swapped whole when the knowledge changes."""

from __future__ import annotations

import asyncio
import gc
import inspect
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.model import KnowledgeBase

ExtraEntries = list[dict[str, Any]]
ExtraLoader = Callable[[], ExtraEntries | Awaitable[ExtraEntries]]


@dataclass(frozen=True, slots=True)
class _Loaded:
    engine: Engine
    version: int


class KnowledgeStore:
    """Loads the knowledge directory (plus database entries from `extra_loader`) into an engine.

    Readers take `.engine` and keep using that object for a whole request: a reload builds a
    complete new engine first and then replaces one reference, so a reader never sees half an
    index. A failed reload keeps the old engine and raises KnowledgeError.
    """

    def __init__(self, path: str | Path, extra_loader: ExtraLoader | None = None, today: date | None = None) -> None:
        self.path = Path(path)
        self.extra_loader = extra_loader
        self._today = today
        self._reload_lock = threading.Lock()
        extra = self._extra_sync(at_start=True)
        self._current = _Loaded(self._build(extra), 1)

    @property
    def engine(self) -> Engine:
        return self._current.engine

    @property
    def kb(self) -> KnowledgeBase:
        return self._current.engine.kb

    @property
    def version(self) -> int:
        return self._current.version

    def reload(self) -> None:
        """Re-read everything; on any problem keep serving the old knowledge and raise."""
        self._install(self._extra_sync())

    async def areload(self) -> None:
        """`reload` for the event loop: awaits an async extra loader, builds in a worker thread."""
        extra = await self._extra_async()
        await asyncio.to_thread(self._install, extra)

    def _install(self, extra: ExtraEntries | None) -> None:
        with self._reload_lock:
            engine = self._build(extra)  # raises KnowledgeError before anything changes
            self._current = _Loaded(engine, self._current.version + 1)

    def _build(self, extra: ExtraEntries | None) -> Engine:
        engine = Engine(load_knowledge(self.path, extra=extra), today=self._today)
        # The index is hundreds of thousands of long-lived objects: keep the cyclic garbage
        # collector from re-scanning them, which otherwise shows up as latency spikes.
        gc.freeze()
        return engine

    def _extra_sync(self, at_start: bool = False) -> ExtraEntries | None:
        if self.extra_loader is None:
            return None
        result = self.extra_loader()
        if inspect.isawaitable(result):
            if inspect.iscoroutine(result):
                result.close()
            if at_start:  # the files alone until the server awaits `areload()`
                return None
            raise TypeError("an async extra_loader needs `await store.areload()`")
        return list(result)

    async def _extra_async(self) -> ExtraEntries | None:
        if self.extra_loader is None:
            return None
        result = self.extra_loader()
        if inspect.isawaitable(result):
            result = await result
        return list(result)
