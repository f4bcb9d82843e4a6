"""The server's store: atomic reloads under concurrent questions, and failed reloads."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from knowledge.loader import KnowledgeError
from knowledge.store import KnowledgeStore

from .conftest import FIXTURE, write_kb

QUESTION = "Hvem kan hjelpe meg med permittering?"


def variant(number: int) -> str:
    """The fixture with one extra entry whose id names the version, to tell indexes apart."""
    return FIXTURE.replace(
        "contacts:\n  - id: forum-leder",
        f"  - id: versjon-{number}\n    title: {{nb: \"Versjon {number}\"}}\n    answer: {{nb: \"v{number}\"}}\n"
        "contacts:\n  - id: forum-leder",
        1,
    )


def test_reload_swaps_and_counts_versions(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", variant(1))
    store = KnowledgeStore(directory)
    assert store.version == 1 and store.kb.entry("versjon-1") is not None
    write_kb(directory, variant(2))
    store.reload()
    assert store.version == 2 and store.kb.entry("versjon-2") is not None and store.kb.entry("versjon-1") is None


def test_failed_reload_keeps_the_old_knowledge(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", FIXTURE)
    store = KnowledgeStore(directory)
    engine = store.engine
    write_kb(directory, "entries:\n  - id: broken\n    answer: {nb: 'x'\n")
    with pytest.raises(KnowledgeError):
        store.reload()
    assert store.engine is engine and store.version == 1
    assert store.engine.ask(QUESTION).entry is not None


def test_extra_entries_from_the_database(tmp_path: Path) -> None:
    rows = [{"id": "fra-desken", "title": {"nb": "Åpningstider for servicetorget"}, "answer": {"nb": "8-15"}}]
    store = KnowledgeStore(write_kb(tmp_path / "kb", FIXTURE), extra_loader=lambda: list(rows))
    assert store.engine.ask("åpningstider servicetorget").entry.id == "fra-desken"
    rows.append({"id": "fra-desken", "answer": {"nb": "dup"}})
    with pytest.raises(KnowledgeError):
        store.reload()
    assert store.version == 1


async def test_async_extra_loader(tmp_path: Path) -> None:
    async def load() -> list[dict]:
        return [{"id": "asynkron", "title": {"nb": "Søndagsåpne butikker"}, "answer": {"nb": "Ja"}}]

    store = KnowledgeStore(write_kb(tmp_path / "kb", FIXTURE), extra_loader=load)
    assert store.kb.entry("asynkron") is None  # files only until the loop can await the loader
    await store.areload()
    assert store.kb.entry("asynkron") is not None and store.version == 2


def test_reload_under_load_from_threads(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", variant(0))
    store = KnowledgeStore(directory)
    errors: list[BaseException] = []
    seen_versions: set[int] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                engine = store.engine
                decision = engine.ask(QUESTION, region="horten")
                assert decision.entry is not None and decision.entry.id == "permittering"
                # a complete index: exactly one version entry, and it is searchable
                versions = [e.id for e in engine.kb.entries if e.id.startswith("versjon-")]
                assert len(versions) == 1
                number = int(versions[0].split("-")[1])
                assert engine.search(f"Versjon {number}", limit=1)[0][0].id == versions[0]
                seen_versions.add(number)
            except BaseException as error:
                errors.append(error)
                return

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for thread in threads:
        thread.start()
    for number in range(1, 8):
        write_kb(directory, variant(number))
        store.reload()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors[0]
    assert store.version == 8 and len(seen_versions) >= 2


async def test_reload_under_load_from_tasks(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", variant(0))
    store = KnowledgeStore(directory)

    async def ask_many() -> int:
        answered = 0
        for _ in range(40):
            decision = await asyncio.to_thread(store.engine.ask, QUESTION, "horten")
            answered += decision.entry is not None and decision.entry.id == "permittering"
            await asyncio.sleep(0)
        return answered

    async def reload_many() -> None:
        for number in range(1, 5):
            write_kb(directory, variant(number))
            await store.areload()

    results = await asyncio.gather(*(ask_many() for _ in range(5)), reload_many())
    assert results[:5] == [40] * 5
    assert store.version == 5


def test_the_language_model_is_loaded_at_start_not_on_the_first_question(tmp_path: Path) -> None:
    """Decompressing it takes about 0.5 s: on the first question it held up the server's event loop."""
    from knowledge import language

    language._identifier.cache_clear()
    KnowledgeStore(write_kb(tmp_path / "kb", FIXTURE))
    assert language._identifier.cache_info().currsize == 1
