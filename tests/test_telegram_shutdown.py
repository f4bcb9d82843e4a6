"""Stopping with updates in hand: the per-chat queue (`ChatOrderedProcessor`) under cancellation, and
`sammen serve` taking SIGTERM while many updates for one chat wait their turn."""

from __future__ import annotations

import asyncio
import gc
import inspect
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Chat, Message, Update

from bot.telegram.ordering import ChatOrderedProcessor
from tests.servers import TelegramServer as Server
from tests.servers import env_for, free_port, sammen
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn

CHAT = 4242


def update_for(chat: int, update_id: int) -> Update:
    message = Message(update_id, datetime.now(UTC), Chat(chat, Chat.PRIVATE), text=f"m{update_id}")
    return Update(update_id, message=message)


class Recorder:
    """Coroutines that log when they start and end and hold until released."""

    def __init__(self) -> None:
        self.log: list[tuple[str, int]] = []
        self.gates: dict[int, asyncio.Event] = {}
        self.coroutines: dict[int, Any] = {}

    def work(self, n: int) -> Any:
        self.gates[n] = asyncio.Event()

        async def run() -> None:
            self.log.append(("start", n))
            try:
                await self.gates[n].wait()
            finally:
                self.log.append(("end", n))

        self.coroutines[n] = run()
        return self.coroutines[n]

    def started(self) -> list[int]:
        return [n for what, n in self.log if what == "start"]

    def serial(self) -> bool:
        """No two coroutines overlapped: each one's start is followed by its own end."""
        pairs = list(zip(self.log[::2], self.log[1::2], strict=True)) if len(self.log) % 2 == 0 else []
        return bool(pairs) and all(a == ("start", b[1]) and b[0] == "end" for a, b in pairs)


class LoopErrors:
    """Whatever the loop's exception handler sees ("Future exception was never retrieved" and the like)."""

    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []
        self.loop = asyncio.get_running_loop()
        self.previous = self.loop.get_exception_handler()
        self.loop.set_exception_handler(lambda _loop, context: self.seen.append(context))

    def close(self) -> list[str]:
        gc.collect()  # a never-retrieved exception is reported when its future is collected
        self.loop.set_exception_handler(self.previous)
        return [str(c.get("message")) + " " + repr(c.get("exception")) for c in self.seen]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_cancelling_a_waiting_update_keeps_the_order_and_breaks_nothing():
    errors = LoopErrors()
    processor = ChatOrderedProcessor(16)
    rec = Recorder()
    tasks = {n: asyncio.create_task(processor.process_update(update_for(CHAT, n), rec.work(n))) for n in range(1, 7)}
    await settle()
    assert rec.started() == [1]  # 2..6 wait their turn
    tasks[3].cancel()  # a waiter
    await settle()
    assert rec.started() == [1], "4 must still wait for 2 (and so for 1)"
    rec.gates[1].set()
    await settle()
    assert rec.started() == [1, 2]
    tasks[2].cancel()  # the running one
    await settle()
    assert rec.started() == [1, 2, 4]
    tasks[5].cancel()  # a waiter while its predecessor runs
    await settle()
    rec.gates[4].set()
    await settle()
    rec.gates[6].set()
    results = await asyncio.wait_for(asyncio.gather(*tasks.values(), return_exceptions=True), 2)
    assert [type(r).__name__ for r in results] == [
        "NoneType",
        "CancelledError",
        "CancelledError",
        "NoneType",
        "CancelledError",
        "NoneType",
    ]
    assert rec.started() == [1, 2, 4, 6] and rec.serial()
    for n in (3, 5):  # cancelled before they began: closed, so never "never awaited"
        assert inspect.getcoroutinestate(rec.coroutines[n]) == inspect.CORO_CLOSED
    assert len(processor) == 0 and not processor._tails
    assert errors.close() == []


async def test_cancelling_everything_at_once_like_a_shutdown():
    errors = LoopErrors()
    processor = ChatOrderedProcessor(32)
    rec = Recorder()
    tasks = [
        asyncio.create_task(processor.process_update(update_for(chat, n), rec.work(n)))
        for n, chat in enumerate([CHAT] * 12 + [1, 2, 1, 2, 3], start=1)
    ]
    await settle()
    for task in tasks:
        task.cancel()
    results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 2)
    assert all(isinstance(r, asyncio.CancelledError) for r in results), results
    assert all(inspect.getcoroutinestate(c) == inspect.CORO_CLOSED for c in rec.coroutines.values())
    assert len(processor) == 0
    assert errors.close() == []


async def test_abandon_cancels_what_is_in_hand_and_skips_the_rest():
    errors = LoopErrors()
    processor = ChatOrderedProcessor(4)  # fewer slots than updates: some wait on PTB's semaphore
    rec = Recorder()
    tasks = [
        asyncio.create_task(processor.process_update(update_for(chat, n), rec.work(n)))
        for n, chat in enumerate([CHAT, 1, 2, CHAT, CHAT, 1, 2, CHAT], start=1)
    ]
    await settle()
    assert rec.started() == [1, 2, 3]  # the fourth slot holds update 4, waiting for 1; 5-8 wait for a slot
    cancelled = processor.abandon()
    assert len(cancelled) == 4
    results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 2)
    assert sum(isinstance(r, asyncio.CancelledError) for r in results) == 4
    assert all(r is None or isinstance(r, asyncio.CancelledError) for r in results), results
    assert rec.started() == [1, 2, 3]  # nothing new began
    assert all(inspect.getcoroutinestate(c) == inspect.CORO_CLOSED for c in rec.coroutines.values())
    assert len(processor) == 0 and not processor._in_hand
    await processor.initialize()  # a restart takes updates again
    rec.gates.clear()
    again = asyncio.create_task(processor.process_update(update_for(CHAT, 10), rec.work(10)))
    await settle()
    rec.gates[10].set()
    await again
    assert rec.started()[-1] == 10
    assert errors.close() == []


async def test_a_waiter_cancelled_while_the_tail_is_running_leaves_the_map_clean():
    errors = LoopErrors()
    processor = ChatOrderedProcessor(4)
    rec = Recorder()
    first = asyncio.create_task(processor.process_update(update_for(CHAT, 1), rec.work(1)))
    second = asyncio.create_task(processor.process_update(update_for(CHAT, 2), rec.work(2)))
    await settle()
    second.cancel()
    await settle()
    rec.gates[1].set()
    await asyncio.gather(first, second, return_exceptions=True)
    assert rec.started() == [1] and len(processor) == 0
    # the chat's next update runs at once
    rec.gates.clear()
    third = asyncio.create_task(processor.process_update(update_for(CHAT, 3), rec.work(3)))
    await settle()
    assert rec.started() == [1, 3]
    rec.gates[3].set()
    await third
    assert len(processor) == 0
    assert errors.close() == []


# ---------------------------------------------------------------------------------------------- the command
async def test_sigterm_with_a_long_queue_for_one_chat_stops_cleanly_and_hands_back_the_rest(tmp_path: Path):
    """With a 5 s grace the server exits within 10 s; what it could not finish stays in the inbox and
    the next start answers it: every message answered exactly once in the end."""
    port = free_port()
    log_path = tmp_path / "serve.log"
    async with TelegramStandIn() as tg:
        env = env_for(
            tmp_path,
            TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN,
            TELEGRAM_API_BASE_URL=tg.base_url,
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
            SHUTDOWN_GRACE="5",
            TELEGRAM_RATE_PER_CHAT="100",
        )
        with log_path.open("w") as log:
            proc = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)  # noqa: ASYNC220
        try:
            tg.push_message(CHAT, "/help")
            await tg.wait_for_messages(CHAT, 1, timeout=30)  # up and polling
            tg.latency = 0.2  # every Bot API call takes a while: one chat's queue is many seconds long
            for i in range(60):
                tg.push_message(CHAT, f"hei {i}")
            for chat in (101, 102, 103):
                for i in range(3):
                    tg.push_message(chat, f"hei {i}")
            await tg.wait_confirmed(timeout=10)  # all fetched: in hand, most of them waiting for their turn
            await tg.wait_for(lambda: len(tg.messages(CHAT)) >= 2, timeout=10)
            started = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            code = await asyncio.get_running_loop().run_in_executor(None, _wait, proc, 15)
            took = time.monotonic() - started
            answered_before = len(tg.messages(CHAT)) - 1
            tg.latency = 0.0
            with (tmp_path / "again.log").open("w") as log:
                again = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)  # noqa: ASYNC220
            try:
                await tg.wait_for(lambda: len(tg.messages(CHAT)) >= 61, timeout=30)
                await asyncio.sleep(1.0)  # nothing more may come
            finally:
                again.send_signal(signal.SIGTERM)
                await asyncio.get_running_loop().run_in_executor(None, _wait, again, 15)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    out = log_path.read_text()
    print(f"SIGTERM to exit: {took:.2f} s, {answered_before} of 60 answered in chat {CHAT} before it")
    assert len(tg.messages(CHAT)) == 61  # /help and each of the 60, once
    for chat in (101, 102, 103):
        assert len(tg.messages(chat)) == 3
    assert "handed back to the inbox" in out and "handled now" in (tmp_path / "again.log").read_text()
    assert code == 0, out[-3000:]
    assert took < 10, out[-3000:]
    for bad in ("Unclosed client session", "Unclosed connector", "InvalidStateError", "never retrieved", "Traceback"):
        assert bad not in out, out[-3000:]
    assert "stopped" in out


def _wait(proc: subprocess.Popen[Any], timeout: float) -> int | None:
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


# ---------------------------------------------------------------------------------------------- in process
async def test_stop_cut_short_by_the_server_budget_still_closes_every_session(tmp_path: Path, monkeypatch):
    """The server gives `channel.stop()` SHUTDOWN_TIMEOUT; cancelled mid-way, it must still close both
    request sessions and leave no update running (else "Unclosed client session" at exit)."""
    import bot.server

    monkeypatch.setattr(bot.server, "SHUTDOWN_TIMEOUT", 1.0)  # shorter than the channel's STOP_BUDGET
    errors = LoopErrors()
    async with TelegramStandIn() as tg:
        srv = await Server(tg, tmp_path / "cut.db").start()
        channel = srv.channel
        tg.latency = 0.2
        for i in range(30):
            tg.push_message(CHAT, f"hei {i}")
        await tg.wait_confirmed(timeout=10)
        await tg.wait_for(lambda: tg.messages(CHAT), timeout=10)
        started = time.monotonic()
        await srv.stop()
        took = time.monotonic() - started
        await asyncio.sleep(0.3)  # cancelled updates unwind
    assert took < 2.5
    assert all(request._session is None for request in channel.bot._request)
    assert len(channel.processor) == 0 and not channel.processor._in_hand
    assert errors.close() == []
