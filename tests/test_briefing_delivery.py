"""Delivering briefings through the real server: the bulk sender, python-telegram-bot and the Bot API
stand-in enforcing Telegram's rate. Once each, message ids recorded, 429 pauses the lane, 403
unsubscribes, 5xx is retried then failed, and live replies go ahead of a run."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.settings import BriefingSettings
from bot.telegram.sender import RetryPolicy
from handlers.briefing_schedule import day_figures, enqueue_due
from storage import Database
from storage.models import BriefingSubscription, NewsItem, OutboxMessage, User
from storage.states import BriefingStatus, OutboxStatus
from tests.servers import TelegramServer
from tests.telegram_api import TelegramStandIn

#: A fixed morning in the future: the server's own wake-ups (real time) never find these due again.
MORNING = datetime(2030, 1, 2, 6, 30, tzinfo=UTC)  # 07:30 in Oslo, a Wednesday
FIRST_CHAT = 5000


async def add_subscribers(db: Database, tg: TelegramStandIn, n: int, first: int = FIRST_CHAT) -> list[int]:
    chats = list(range(first, first + n))
    async with db.uow() as uow:
        for chat in chats:
            tg.add_chat(chat)
            user = User(channel="telegram", external_id=str(chat), language="en", onboarded=True)
            uow.session.add(user)
            await uow.session.flush()
            sub = BriefingSubscription(user_id=user.id, status="active", slot_minute=450, days="daily",
                                       topics=["news", "knowledge"], timezone="Europe/Oslo")  # fmt: skip
            uow.session.add(sub)
        news = NewsItem(text="The fee deferral is extended to June.", created_at=MORNING.replace(day=1, hour=12))
        uow.session.add(news)
    return chats


async def enqueue(srv: TelegramServer) -> int:
    assert srv.services is not None
    a = srv.services.assistant
    result = await enqueue_due(srv.services.database, a.knowledge, a.config, a.registry.digest_sources, now=MORNING)
    return result.enqueued


async def rows(db: Database) -> list[OutboxMessage]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def settled(tg: TelegramStandIn, db: Database, timeout: float = 20.0) -> list[OutboxMessage]:  # noqa: ASYNC109
    """Wait until no briefing is pending or sending."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = await rows(db)
        if all(r.status not in (OutboxStatus.PENDING, OutboxStatus.SENDING) for r in found):
            return found
        await asyncio.sleep(0.05)
    raise TimeoutError([r.status for r in await rows(db)])


def briefings(tg: TelegramStandIn) -> Counter[Any]:
    return Counter(m["chat_id"] for m in tg.messages() if "Good morning" in m.get("text", ""))


async def server(tg: TelegramStandIn, tmp_path: Path, rate: float, **briefing: Any) -> TelegramServer:
    settings = {"briefing": BriefingSettings(**briefing)} if briefing else None
    return await TelegramServer(tg, tmp_path / "sammen.db", settings=settings, rate_global=rate).start()


async def test_every_subscriber_gets_one_briefing_with_its_message_id_recorded(tmp_path: Path) -> None:
    async with TelegramStandIn(rate_limit=200) as tg:
        srv = await server(tg, tmp_path, 200)
        try:
            assert srv.services is not None
            db = srv.services.database
            chats = await add_subscribers(db, tg, 40)
            assert await enqueue(srv) == 40
            assert await enqueue(srv) == 0  # the same morning again: nobody is due
            done = await settled(tg, db)
        finally:
            await srv.stop()
    assert briefings(tg) == Counter(dict.fromkeys(chats, 1))
    assert tg.rate_violations == 0
    by_chat = {m["chat_id"]: m["message_id"] for m in tg.messages()}
    assert all(r.status == OutboxStatus.SENT and r.external_id == str(by_chat[int(r.address)]) for r in done)
    assert "fee deferral" in tg.messages(chats[0])[0]["text"]
    db2 = Database(f"sqlite+aiosqlite:///{tmp_path / 'sammen.db'}")
    async with db2.uow() as uow:
        assert (await day_figures(uow, MORNING.date()))["sent"] == 40
    await db2.close()


async def test_a_429_pauses_the_whole_lane_then_everything_goes_once(tmp_path: Path) -> None:
    async with TelegramStandIn() as tg:
        srv = await server(tg, tmp_path, 100)
        try:
            assert srv.services is not None
            db = srv.services.database
            chats = await add_subscribers(db, tg, 20)
            tg.fail_next("sendMessage", 429, retry_after=1)
            await enqueue(srv)
            await settled(tg, db)
        finally:
            await srv.stop()
    assert briefings(tg) == Counter(dict.fromkeys(chats, 1))
    sends = [r for r in tg.requests if r["method"] == "sendMessage"]
    refused = next(i for i, r in enumerate(sends) if r["status"] == 429)
    after = [r["time"] for r in sends[refused + 1 :]]
    assert after and min(after) - sends[refused]["time"] >= 0.9  # no chat got a send during the pause


async def test_403_unsubscribes_5xx_is_retried_and_then_failed(tmp_path: Path) -> None:
    async with TelegramStandIn() as tg:
        srv = await server(tg, tmp_path, 200, max_attempts=2, retry_backoff=0.05)
        try:
            assert srv.services is not None
            srv.channel.sender.retry = RetryPolicy(attempts=2, backoff=0.01, max_backoff=0.02)
            db = srv.services.database
            blocked, flaky, broken, *fine = await add_subscribers(db, tg, 6)
            tg.block(blocked)
            tg.fail_next("sendMessage", 500, chat_id=flaky)  # once: the sender's own retry gets it through
            tg.fail_next("sendMessage", 502, chat_id=broken, times=100)
            await enqueue(srv)
            done = {int(r.address): r for r in await settled(tg, db)}
            async with db.uow() as uow:
                found = (await uow.session.execute(select(BriefingSubscription))).scalars()
                subs = {s.user_id: s.status for s in found}
                users = {u.id: u for u in (await uow.session.execute(select(User))).scalars()}
        finally:
            await srv.stop()
    assert done[blocked].status == OutboxStatus.UNREACHABLE
    assert subs[done[blocked].user_id] == BriefingStatus.STOPPED and users[done[blocked].user_id].unreachable  # type: ignore[index]
    assert done[flaky].status == OutboxStatus.SENT and briefings(tg)[flaky] == 1
    assert done[broken].status == OutboxStatus.FAILED and done[broken].attempts == 2 and briefings(tg)[broken] == 0
    assert all(done[c].status == OutboxStatus.SENT for c in fine)
    assert len(tg.calls("sendMessage", chat_id=broken)) == 4  # 2 attempts × the sender's 2 tries


async def test_live_replies_go_ahead_of_a_running_briefing(tmp_path: Path) -> None:
    async with TelegramStandIn(rate_limit=30) as tg:
        srv = await server(tg, tmp_path, 30)
        try:
            assert srv.services is not None
            db = srv.services.database
            await add_subscribers(db, tg, 75)
            await enqueue(srv)
            await tg.wait_for(lambda: sum(briefings(tg).values()) >= 10, timeout=10)
            latencies = []
            for chat in (1, 2, 3):
                before = sum(briefings(tg).values())
                started = time.monotonic()
                tg.push_message(chat, "/menu", language_code="en")
                await tg.wait_for_messages(chat, 1, timeout=5)
                latencies.append(time.monotonic() - started)
                assert sum(briefings(tg).values()) < before + 30  # answered long before the run ended
                await asyncio.sleep(0.2)
            await settled(tg, db, timeout=30)
        finally:
            await srv.stop()
    assert max(latencies) < 1.0, latencies
    assert sum(briefings(tg).values()) == 75 and tg.rate_violations == 0


class Recorder:
    """A delivery that records what it was given (a channel, as the bulk sender sees it)."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, address: Any, replies: Any, **_kw: Any) -> bool:
        await asyncio.sleep(0.001)
        self.sent.append(address.id)
        return True


async def until(done: Any, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.05)


async def _bulk_rows(db: Database, n: int, start: int = 0) -> None:
    from handlers.types import Reply
    from storage.outbox import OutboxRepository
    from storage.states import Lane

    async with db.uow() as uow:
        for i in range(start, start + n):
            await OutboxRepository(uow.session).enqueue("telegram", str(i), [Reply(f"briefing {i}")], lane=Lane.BULK)


async def test_one_bulk_sender_leads_and_another_takes_over(database: Database, monkeypatch: Any) -> None:
    """Two processes' bulk senders on one database: only the leader sends (PostgreSQL: an advisory
    lock); when it stops, the other takes over. SQLite has one server process: both would lead."""
    import scheduler.bulk as bulk_module
    from scheduler.bulk import BulkSender

    if database.is_sqlite:
        pytest.skip("leadership is PostgreSQL's (SQLite: one server process)")
    monkeypatch.setattr(bulk_module, "LEADER_RETRY", 0.1)
    first, second = Recorder(), Recorder()
    a, b = BulkSender(database), BulkSender(database)
    a.register("telegram", first)
    await a.start()
    await asyncio.sleep(0.2)  # `a` leads
    b.register("telegram", second)
    await b.start()
    await _bulk_rows(database, 40)
    await until(lambda: len(first.sent) >= 40)
    assert sorted(first.sent, key=int) == [str(i) for i in range(40)] and second.sent == []
    await a.stop()
    await _bulk_rows(database, 10, start=40)
    await until(lambda: len(second.sent) >= 10)
    await b.stop()
    assert sorted(second.sent, key=int) == [str(i) for i in range(40, 50)] and len(first.sent) == 40


async def test_subscribing_on_telegram_and_receiving_it(tmp_path: Path) -> None:
    """The whole path on Telegram: /briefing, a time button, the confirmation; the morning's run; the
    briefing arrives with its settings button, and "More"-less since it is short."""
    from tests.servers import data_of

    async with TelegramStandIn() as tg:
        srv = await server(tg, tmp_path, 100)
        try:
            assert srv.services is not None
            tg.push_message(777, "/briefing", language_code="en")
            [intro] = await tg.wait_for_messages(777, 1)
            assert "When would you like it?" in intro["text"]
            tg.push_callback(777, data_of(intro, "07:30"), language_code="en")
            [_, confirmed] = await tg.wait_for_messages(777, 2)
            assert "on weekdays at 07:30" in confirmed["text"]
            async with srv.services.database.uow() as uow:
                news = NewsItem(text="Network meeting on Thursday.", created_at=MORNING.replace(day=1, hour=12))
                uow.session.add(news)
            assert await enqueue(srv) == 1
            [*_, briefing] = await tg.wait_for_messages(777, 3)
            assert "Network meeting on Thursday." in briefing["text"] and data_of(briefing, "settings")
        finally:
            await srv.stop()


async def test_web_chat_subscribers_get_theirs_with_the_next_poll(tmp_path: Path) -> None:
    from bot.services import build_services
    from scheduler.outbox import take_pending
    from tests.chat import ChatUser
    from tests.conftest import make_settings

    services = await build_services(make_settings(f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"))
    try:
        user = ChatUser(services.assistant, "cookie-1", language="en")
        await user.say("/briefing")
        await user.press("07:30")
        async with services.database.uow() as uow:
            uow.session.add(NewsItem(text="Fees deferred.", created_at=MORNING.replace(day=1, hour=12)))
        a = services.assistant
        await enqueue_due(services.database, a.knowledge, a.config, a.registry.digest_sources, now=MORNING)
        [reply] = await take_pending(services.database, "web", "cookie-1")
        assert "Fees deferred." in reply.text
        assert await take_pending(services.database, "web", "cookie-1") == []
    finally:
        await services.close()
