"""One user's messages are handled in order; different users run at the same time."""

from __future__ import annotations

import asyncio
import time

import pytest

import handlers.ask as ask_module
from handlers.types import Incoming


async def test_one_users_messages_are_sequential_and_users_run_concurrently(services, monkeypatch) -> None:
    events: list[tuple[str, str, float]] = []
    original = services.assistant._handle

    async def traced(msg: Incoming):
        events.append((msg.user_id, f"start:{msg.text}", time.perf_counter()))
        if msg.text and msg.text.startswith("slow"):
            await asyncio.sleep(0.2)
        replies = await original(msg)
        events.append((msg.user_id, f"end:{msg.text}", time.perf_counter()))
        return replies

    monkeypatch.setattr(services.assistant, "_handle", traced)
    a = [services.assistant.handle(Incoming("web", "alice", text=t)) for t in ("slow 1", "fast 2", "fast 3")]
    b = [services.assistant.handle(Incoming("web", "bob", text="slow b"))]
    results = await asyncio.gather(*a, *b)
    assert all(results)

    alice = [e for u, e, _ in events if u == "alice"]
    assert alice == ["start:slow 1", "end:slow 1", "start:fast 2", "end:fast 2", "start:fast 3", "end:fast 3"]
    times = {(u, e): ts for u, e, ts in events}
    # Bob started while Alice's slow message was still in progress: users do not wait for each other.
    assert times[("bob", "start:slow b")] < times[("alice", "end:slow 1")]
    assert len(services.assistant.locks) == 0  # no lock left behind


async def test_many_users_at_once_all_get_their_own_answers(services) -> None:
    async def one(i: int):
        replies = await services.assistant.handle(Incoming("web", f"user{i}", text="/start", language="en"))
        return i, replies

    results = await asyncio.gather(*(one(i) for i in range(40)))
    assert all("Welcome" in replies[0].plain() for _, replies in results)
    async with services.database.uow() as uow:
        assert await uow.users.count() == 40


async def test_two_workers_on_postgresql_keep_a_users_order(monkeypatch) -> None:
    """Two assistants (two workers) share a PostgreSQL database: one user's messages never overlap."""
    from bot.services import build_services
    from tests.conftest import PG_URL, fresh_database, make_settings

    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it)")
    db = await fresh_database(PG_URL)
    await db.close()
    workers = [await build_services(make_settings(PG_URL)) for _ in range(2)]
    inside: list[int] = []
    overlaps: list[int] = []
    real_ask = ask_module.ask

    async def slow_ask(ctx, text):
        inside.append(1)
        if len(inside) > 1:
            overlaps.append(1)
        await asyncio.sleep(0.05)
        await real_ask(ctx, text)
        inside.pop()

    monkeypatch.setattr(ask_module, "ask", slow_ask)
    try:
        jobs = [workers[i % 2].assistant.handle(Incoming("web", "shared", text=f"permittering {i}")) for i in range(6)]
        await asyncio.gather(*jobs)
        assert overlaps == []
        assert len(inside) == 0
    finally:
        for worker in workers:
            await worker.close()


async def test_on_sqlite_the_engine_thinks_outside_the_write_lock(services, monkeypatch) -> None:
    """A slow answer (the semantic stage encoding a long message in a thread) holds no database lock:
    another user's message is handled meanwhile, and the slow one is still stored and answered."""
    store = services.knowledge
    original = store.aask_all
    thinking = asyncio.Event()

    async def slow_aask_all(text: str, region: str | None = None, lang: str | None = None):
        if "slowly" in text:
            thinking.set()
            await asyncio.sleep(0.5)
        return await original(text, region, lang)

    monkeypatch.setattr(store, "aask_all", slow_aask_all)
    slow_message = Incoming("web", "slow-user", text="kan vi slowly få utsatt avgifter?")
    slow = asyncio.create_task(services.assistant.handle(slow_message))
    await thinking.wait()
    quick = await services.assistant.handle(Incoming("web", "quick-user", text="kan vi få utsatt kommunale avgifter?"))
    assert quick and not slow.done()  # answered while the slow one still thinks: not queued behind its lock
    assert await slow
    async with services.database.uow() as uow:
        assert await uow.users.get("web", "slow-user") is not None
