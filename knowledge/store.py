"""What the running server holds: the current engine, swapped whole when the knowledge changes."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import language
from knowledge.engine import Decision, Engine
from knowledge.loader import load_knowledge
from knowledge.model import KnowledgeBase
from knowledge.semantic import CachedEncoder, SemanticConfig, build_encoder, build_semantic_index, entry_phrases

log = logging.getLogger(__name__)

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

    `semantic` (default: off) adds the semantic stage: after every load the entries' vectors are
    built in a background thread (from the disk cache where it has them) while the lexical engine
    already answers; then the engine with both stages is swapped in. `semantic_state` says where
    that stands. On a server, ask with `await store.aask(...)`: the message is encoded in a
    worker thread, off the event loop.
    """

    def __init__(
        self,
        path: str | Path,
        extra_loader: ExtraLoader | None = None,
        today: date | None = None,
        semantic: SemanticConfig | None = None,
    ) -> None:
        self.path = Path(path)
        self.extra_loader = extra_loader
        self._today = today
        self._reload_lock = threading.Lock()
        self.semantic_config = semantic or SemanticConfig(mode="off")
        self._encoder: CachedEncoder | None = None
        self._encoder_lock = threading.Lock()
        self._state: dict[str, Any] = {"state": "off"}
        self._ready = threading.Event()
        extra = self._extra_sync(at_start=True)
        self._current = _Loaded(self._build(extra), 1)
        language.load_model()
        self._start_semantic()

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
        self._start_semantic()

    # -- the semantic stage ---------------------------------------------------------------

    @property
    def semantic_state(self) -> dict[str, Any]:
        """For /healthz: {"state": "off" | "building" | "ready" | "failed", "model": id,
        "entries": n, "phrases": n, "encoded": texts encoded by the last build (the rest came from
        the cache), "seconds": its duration, "error": why it failed}. While "building" (and after
        "failed") the lexical engine answers alone."""
        return dict(self._state)

    def wait_semantic(self, timeout: float | None = None) -> bool:
        """Block until the current build is ready or failed (True) or `timeout` passes (False)."""
        return self._ready.wait(timeout)

    def _start_semantic(self) -> None:
        if not self.semantic_config.enabled:
            return
        loaded = self._current
        self._ready.clear()
        self._state = {"state": "building", "model": self._state.get("model"),
                       "entries": len(loaded.engine.kb.entries), "version": loaded.version}
        threading.Thread(target=self._build_semantic, args=(loaded,), name="semantic-index", daemon=True).start()

    def _build_semantic(self, loaded: _Loaded) -> None:
        started = time.perf_counter()
        try:
            with self._encoder_lock:  # one build at a time; a newer load's build waits for it
                if loaded is not self._current:
                    return  # a newer load has its own build
                if self._encoder is None:
                    self._encoder = build_encoder(self.semantic_config)
                encoder = self._encoder
                assert encoder is not None
                entries = loaded.engine.kb.entries
                before = encoder.encoded
                index = build_semantic_index(entries, encoder)
                engine = loaded.engine.with_semantic(index, encoder)
            with self._reload_lock:
                if self._current is not loaded:
                    return
                self._current = _Loaded(engine, loaded.version)
            self._state = {
                "state": "ready", "model": encoder.model_id, "entries": len(entries),
                "phrases": len(index.owner), "encoded": encoder.encoded - before,
                "seconds": round(time.perf_counter() - started, 2), "version": loaded.version,
            }
        except Exception as error:  # the lexical engine goes on answering
            log.exception("the semantic index could not be built")
            if self._current is loaded:
                self._state = {"state": "failed", "model": getattr(self._encoder, "model_id", None),
                               "entries": len(loaded.engine.kb.entries), "error": f"{type(error).__name__}: {error}",
                               "version": loaded.version}
        finally:
            if self._current.version == loaded.version:
                self._ready.set()

    # -- asking from the event loop --------------------------------------------------------

    async def aask(self, text: str, region: str | None = None, lang: str | None = None) -> Decision:
        """`engine.ask` for the event loop: the message is encoded in a worker thread (if the
        encoder fails, the lexical engine answers alone)."""
        engine = self.engine
        vectors = await self._encode(engine, [engine.semantic_texts(text)]) if engine.semantic else None
        return engine.ask(text, region, lang, query_vectors=vectors[0] if vectors else None, encode=False)

    async def aask_all(self, text: str, region: str | None = None, lang: str | None = None) -> list[Decision]:
        """`engine.ask_all` for the event loop: one decision per distinct question (up to three)."""
        engine = self.engine
        if not engine.semantic:
            return engine.ask_all(text, region, lang, encode=False)
        parts = engine.question_parts(text)
        vectors = await self._encode(engine, [engine.semantic_texts(part) for part in parts])
        return engine.ask_all(text, region, lang, query_vectors=vectors, encode=False)

    @staticmethod
    async def _encode(engine: Engine, groups: list[list[str]]) -> list[np.ndarray] | None:
        flat = [text for group in groups for text in group]
        try:
            encoded = await asyncio.to_thread(engine.encode_queries, flat)
        except Exception:
            log.exception("encoding a message failed; answering lexically")
            return None
        if encoded is None:
            return None
        out, start = [], 0
        for group in groups:
            out.append(encoded[start : start + len(group)])
            start += len(group)
        return out

    def phrases(self) -> int:
        """How many texts the semantic index of the current entries holds (or would hold)."""
        return sum(len(entry_phrases(entry)) for entry in self.kb.entries)

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
