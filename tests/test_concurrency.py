"""One user's messages are handled in order; different users run at the same time."""

from __future__ import annotations

import asyncio
import time

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
