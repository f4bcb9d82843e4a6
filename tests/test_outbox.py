"""The outbox worker: delivery, unreachable users, crash safety (never twice), backoff, racing workers,
and the web chat's poll for relayed answers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update

from bot.server import build_app
from bot.services import build_services
from bot.settings import Settings, TelegramSettings
from bot.telegram.channel import TelegramChannel
from bot.telegram.delivery import TelegramDelivery
from bot.telegram.sender import RetryPolicy
from handlers.channel import Address
from handlers.types import Button, Reply
from scheduler.outbox import OutboxWorker, Policy, Receipt, take_pending
from storage import Database
from storage.models import OutboxMessage, Ticket, User, utcnow
from storage.outbox import OutboxRepository
from storage.states import Lane
from tests.conftest import fresh_database
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn


class Recorder:
    """A channel that records what it is asked to send; `outcome` decides what it answers."""

    def __init__(self, outcome: Any = True, delay: float = 0.0) -> None:
        self.outcome = outcome
        self.delay = delay
        self.sent: list[tuple[str, str]] = []
        self.lanes: list[Lane] = []

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> bool:
        if self.delay:
            await asyncio.sleep(self.delay)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        self.sent.extend((address.id, r.text) for r in replies)
        self.lanes.append(lane)
        return bool(self.outcome)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await fresh_database(database_url)
    yield database
    await database.close()


async def _user(db: Database, external_id: str, channel: str = "telegram") -> User:
    async with db.uow() as uow:
        return await uow.users.get_or_create(channel, external_id)


async def _enqueue(db: Database, user: User, *texts: str, **kw: Any) -> list[int]:
    async with db.uow() as uow:
        rows = [await OutboxRepository(uow.session).to_user(user, [Reply(t)], **kw) for t in texts]
    return [r.id for r in rows if r is not None]


async def _rows(db: Database) -> list[OutboxMessage]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def test_delivery_in_order_per_user(db: Database) -> None:
    anna, bo = await _user(db, "100"), await _user(db, "200")
    await _enqueue(db, anna, "a1", "a2", "a3")
    await _enqueue(db, bo, "b1")
    console = await _user(db, "carl", channel="console")
    await _enqueue(db, console, "never pushed")
    channel = Recorder()
    worker = OutboxWorker(db, {"telegram": channel})
    assert await worker.drain() == 4
    assert [t for a, t in channel.sent if a == "100"] == ["a1", "a2", "a3"]
    assert ("200", "b1") in channel.sent
    rows = await _rows(db)
    assert [r.status for r in rows] == ["sent"] * 4 + ["pending"]  # console has no push: left pending
    assert all(r.sent_at is not None and r.attempts == 1 and r.claimed_by == worker.worker_id for r in rows[:4])
    assert await worker.drain() == 0 and len(channel.sent) == 4


async def test_dedupe_key_enqueues_once(db: Database) -> None:
    anna = await _user(db, "100")
    assert len(await _enqueue(db, anna, "one", "two", dedupe_key="same")) == 1


async def test_unreachable_user_is_marked_and_the_ticket_shows_it(db: Database) -> None:
    from handlers.staffdesk import queue

    anna = await _user(db, "100")
    async with db.uow() as uow:
        ticket = Ticket(user_id=anna.id, channel="telegram", text="Hjelp?", status="open", guesses=[])
        uow.session.add(ticket)
    await _enqueue(db, anna, "answer")
    worker = OutboxWorker(db, {"telegram": Recorder(outcome=False)})
    await worker.drain()
    [row] = await _rows(db)
    assert row.status == "unreachable" and "blocked" in (row.error or "")
    async with db.uow() as uow:
        user = await uow.users.by_id(anna.id)
        assert user is not None and user.unreachable
        [group] = await queue(uow)
        assert group.items[0].unreachable  # what the dashboard's ticket view shows


async def test_a_crash_after_the_claim_hands_back_what_was_never_attempted(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "claimed, then the process died")
    crashed = OutboxWorker(db, {"telegram": Recorder()})
    claimed = await crashed.claim()  # committed as `sending`; the process dies before the call
    assert [c.replies[0].text for c in claimed] == ["claimed, then the process died"]
    assert [r.status for r in await _rows(db)] == ["sending"]

    channel = Recorder()
    restarted = OutboxWorker(db, {"telegram": channel})
    assert await restarted.recover() == 0  # a fresh claim may still be in flight at another worker
    assert await restarted.recover(older_than=0) == 1
    await restarted.drain()
    [row] = await _rows(db)
    assert (row.status, row.attempts) == ("sent", 1) and channel.sent == [("100", "claimed, then the process died")]


async def test_a_crash_during_the_call_is_uncertain_and_never_resent(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "the call had started")
    crashed = OutboxWorker(db, {"telegram": Recorder()})
    [claimed] = await crashed.claim()
    await crashed._attempt(claimed)  # what `deliver` commits just before calling the channel
    channel = Recorder()
    restarted = OutboxWorker(db, {"telegram": channel})
    assert await restarted.recover(older_than=0) == 1
    await restarted.drain()
    [row] = await _rows(db)
    assert row.status == "uncertain" and channel.sent == []


async def test_stopping_hands_back_the_claimed_rows_it_did_not_send(db: Database) -> None:
    people = [await _user(db, str(n)) for n in range(100, 112)]
    for person in people:
        await _enqueue(db, person, f"for {person.external_id}")
    slow = Recorder(delay=0.5)
    worker = OutboxWorker(db, {"telegram": slow}, policy=Policy(batch_size=8, concurrency=2))
    await worker.start()
    await asyncio.sleep(0.2)  # two calls in flight, six claimed and waiting
    await worker.stop(timeout=0.1)
    rows = await _rows(db)
    assert sum(r.status == "uncertain" for r in rows) == 2  # only the calls in flight are in doubt
    assert sum(r.status == "pending" for r in rows) == 10 and not any(r.status == "sending" for r in rows)
    fresh = Recorder()
    await OutboxWorker(db, {"telegram": fresh}).drain()
    assert len(fresh.sent) == 10 and len({a for a, _ in fresh.sent}) == 10  # each once


async def test_cancelled_mid_send_stays_unresolved_then_uncertain(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "in flight")
    worker = OutboxWorker(db, {"telegram": Recorder(delay=5)})
    task = asyncio.create_task(worker.drain())
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert [r.status for r in await _rows(db)] == ["sending"]
    if db.is_sqlite:  # SQLite has one worker: every row left `sending` at start is from a dead run
        fresh = OutboxWorker(db, {"telegram": Recorder()})
        await fresh.start()
        await fresh.stop()
        assert [r.status for r in await _rows(db)] == ["uncertain"]


async def test_transient_errors_back_off_then_fail(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "flaky")
    channel = Recorder(outcome=ConnectionError("502 Bad Gateway"))
    worker = OutboxWorker(db, {"telegram": channel}, policy=Policy(max_attempts=3, backoff=60))
    await worker.drain()
    [row] = await _rows(db)
    assert (row.status, row.attempts) == ("pending", 1) and "502" in (row.error or "")
    assert timedelta(seconds=50) < _aware(row.next_attempt_at) - utcnow() <= timedelta(seconds=60)
    assert await worker.drain() == 0  # not due yet
    for attempts, status in ((2, "pending"), (3, "failed")):
        await _make_due(db)
        await worker.drain()
        [row] = await _rows(db)
        assert (row.attempts, row.status) == (attempts, status)
    await _make_due(db)
    assert await worker.drain() == 0


async def test_a_later_attempt_succeeds(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "second time lucky")
    channel = Recorder(outcome=TimeoutError())
    worker = OutboxWorker(db, {"telegram": channel}, policy=Policy(backoff=0))
    await worker.run_once()
    channel.outcome = True
    await worker.run_once()
    [row] = await _rows(db)
    assert (row.status, row.attempts) == ("sent", 2) and channel.sent == [("100", "second time lucky")]


async def test_two_workers_racing_never_double_send(db: Database, database_url: str) -> None:
    users = [await _user(db, str(1000 + i)) for i in range(20)]
    for user in users:
        await _enqueue(db, user, *(f"{user.external_id}-{n}" for n in range(10)))
    other_db = Database(database_url)  # a second process: its own pool and connections
    try:
        first, second = Recorder(delay=0.002), Recorder(delay=0.002)
        policy = Policy(batch_size=7)
        workers = [OutboxWorker(db, {"telegram": first}, policy=policy), OutboxWorker(other_db, {"telegram": second})]
        await asyncio.gather(*(w.drain() for w in workers), *(w.drain() for w in workers))
    finally:
        await other_db.close()
    sent = first.sent + second.sent
    assert len(sent) == 200 and len(set(sent)) == 200
    assert all(r.status == "sent" and r.attempts == 1 for r in await _rows(db))
    if not db.is_sqlite:
        assert first.sent and second.sent  # both took part


async def test_commit_wakes_the_worker(db: Database) -> None:
    anna = await _user(db, "100")
    channel = Recorder()
    worker = OutboxWorker(db, {"telegram": channel})
    await worker.start()
    try:
        await asyncio.sleep(0.1)
        await _enqueue(db, anna, "right away")
        for _ in range(100):
            if channel.sent:
                break
            await asyncio.sleep(0.01)
        assert channel.sent == [("100", "right away")]  # no poll ran: the commit woke it
    finally:
        await worker.stop()


# ---------------------------------------------------------------------------------------------- edits
class Editing(Recorder):
    """A channel that can edit: each message sent gets an id (its receipt), edits are recorded."""

    def __init__(self, edit_outcome: Any = True) -> None:
        super().__init__()
        self.edit_outcome = edit_outcome
        self.edited: list[tuple[str, str]] = []
        self._ids = iter(range(100, 1000))

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> Receipt:  # type: ignore[override]
        await super().send(address, replies, lane=lane)
        return Receipt(external_id=str(next(self._ids)))

    async def edit(self, address: Address, external_id: str, replies: list[Reply]) -> bool | Receipt:
        self.edited.extend((external_id, r.text) for r in replies)
        return self.edit_outcome


async def _staff_rows(db: Database, *texts: str, edits: int | None = None) -> list[int]:
    async with db.uow() as uow:
        repo = OutboxRepository(uow.session)
        rows = [await repo.enqueue("staff", "staff", [Reply(t)], ref={"n": t}, edits=edits) for t in texts]
    return [r.id for r in rows if r is not None]


async def test_an_edit_waits_for_its_message_then_replaces_it_once(db: Database) -> None:
    [notice] = await _staff_rows(db, "notice")
    [edit] = await _staff_rows(db, "notice + answered", edits=notice)
    channel = Editing()
    worker = OutboxWorker(db, {"staff": channel})
    assert await worker.run_once() == 1  # the notice only: the edit is not claimed while its message is pending
    assert channel.sent == [("staff", "notice")] and channel.edited == []
    assert [r.status for r in await _rows(db)] == ["sent", "pending"]
    [claimed] = await worker.claim()
    assert (claimed.id, claimed.edits, claimed.target) == (edit, notice, "100")
    await worker.deliver(claimed)
    assert channel.edited == [("100", "notice + answered")]
    rows = await _rows(db)
    assert [(r.status, r.external_id, r.attempts) for r in rows] == [("sent", "100", 1), ("sent", None, 1)]
    assert await worker.drain() == 0 and len(channel.edited) == 1


async def test_nothing_to_edit_is_done_not_retried(db: Database) -> None:
    channel = Editing(edit_outcome=Receipt(skipped="message to edit not found"))
    worker = OutboxWorker(db, {"staff": channel})
    [gone] = await _staff_rows(db, "deleted by an admin")
    await worker.drain()
    [edit_gone] = await _staff_rows(db, "edit of a deleted message", edits=gone)
    [crashed] = await _staff_rows(db, "claimed, then the process died")
    dead = OutboxWorker(db, {"staff": Recorder()})
    claimed = await dead.claim()
    assert [c.id for c in claimed] == [edit_gone, crashed]
    for row in claimed:
        await dead._attempt(row)  # both calls had started when the process died
    await worker.recover(older_than=0)  # both outcomes are unknown: uncertain, never sent again
    [edit_uncertain] = await _staff_rows(db, "edit of a message that may never have gone out", edits=crashed)
    [plain] = await _staff_rows(db, "sent by a channel that gives no id")
    plain_worker = OutboxWorker(db, {"staff": Recorder()})
    await plain_worker.drain()  # a plain True: delivered, no external id
    [edit_plain] = await _staff_rows(db, "edit of a message without an id", edits=plain)
    [edit_found] = await _staff_rows(db, "edit Telegram says it cannot find", edits=gone)
    await worker.drain()
    rows = {r.id: r for r in await _rows(db)}
    assert [(rows[i].status, rows[i].attempts) for i in (edit_gone, crashed, edit_uncertain, edit_plain)] == [
        ("uncertain", 1), ("uncertain", 1), ("skipped", 1), ("skipped", 1)
    ]  # fmt: skip
    assert "never delivered" in (rows[edit_uncertain].error or "")
    assert (rows[edit_found].status, rows[edit_found].attempts) == ("skipped", 1)
    assert rows[edit_found].error == "message to edit not found"
    assert channel.edited == [("100", "edit Telegram says it cannot find")]  # asked once; the others had no id
    await _make_due(db)
    assert await worker.drain() == 0 and len(channel.edited) == 1  # skipped rows are done: never retried

    no_edits = OutboxWorker(db, {"staff": Recorder()})  # a channel without `edit`: an edit is skipped, not sent
    [edit_unsupported] = await _staff_rows(db, "edit on a channel that cannot", edits=gone)
    await no_edits.drain()
    row = {r.id: r for r in await _rows(db)}[edit_unsupported]
    assert row.status == "skipped" and "cannot edit" in (row.error or "")


# ---------------------------------------------------------------------------------------------- Telegram
async def test_telegram_403_and_5xx(tmp_path: Path) -> None:
    async with TelegramStandIn() as tg:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'tg.db'}",
            telegram=TelegramSettings(
                bot_token=DEFAULT_TOKEN, api_base_url=tg.base_url, rate_global=1000, rate_per_chat=1000
            ),
        )
        services = await build_services(settings)
        channel = TelegramChannel(services, retry=RetryPolicy(attempts=2, backoff=0.01))
        await channel.bot.initialize()
        try:
            blocked, flaky = await _user(services.database, "501"), await _user(services.database, "502")
            tg.add_chat(501)
            tg.add_chat(502)
            tg.block(501)
            await _enqueue(services.database, blocked, "Svar")
            await _enqueue(services.database, flaky, "Svar **to**")
            tg.fail_next("sendMessage", 502, times=2, chat_id=502)
            worker = OutboxWorker(services.database, {"telegram": TelegramDelivery(channel)}, policy=Policy(backoff=0))
            await worker.run_once()
            first, second = await _rows(services.database)
            assert first.status == "unreachable" and (second.status, second.attempts) == ("pending", 1)
            async with services.database.uow() as uow:
                assert (await uow.users.by_id(blocked.id)).unreachable  # type: ignore[union-attr]
            await worker.run_once()  # the 5xx has passed
            [message] = tg.messages(502)
            assert message["html"] == "Svar <b>to</b>"
            assert [r.status for r in await _rows(services.database)] == ["unreachable", "sent"]
            assert len([c for c in tg.calls("sendMessage", chat_id=501) if c["status"] == 403]) == 1  # never retried
        finally:
            await channel.bot.shutdown()
            await services.close()


# ---------------------------------------------------------------------------------------------- the web chat
async def test_web_chat_poll_hands_over_pending_answers_once(tmp_path: Path) -> None:
    services = await build_services(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"))
    client = TestClient(TestServer(build_app(services)))
    await client.start_server()
    try:
        await client.get("/")  # sets the visitor cookie
        visitor = client.session.cookie_jar.filter_cookies(client.make_url("/"))["sammen_visitor"].value
        user = await _user(services.database, visitor, channel="web")
        async with services.database.uow() as uow:
            await OutboxRepository(uow.session).to_user(
                user, [Reply("Svar fra **rådgivningsmøtet**", [[Button("✅ Takk, løst", "1|solved|1")]])]
            )
        refused = await client.get("/api/messages/pending")
        assert refused.status == 403  # without the page's header: a cross-site link cannot consume them
        response = await client.get("/api/messages/pending", headers={"X-Sammen-Poll": "1"})
        body = await response.json()
        assert response.status == 200
        assert body["replies"][0]["html"] == "Svar fra <b>rådgivningsmøtet</b>"
        assert body["replies"][0]["buttons"] == [[{"label": "✅ Takk, løst", "action": "1|solved|1", "url": None}]]
        again = await client.get("/api/messages/pending", headers={"X-Sammen-Poll": "1"})
        assert (await again.json())["replies"] == []
        assert [r.status for r in await _rows(services.database)] == ["sent"]
        assert await take_pending(services.database, "web", "nobody") == []
    finally:
        await client.close()
        await services.close()


async def _make_due(db: Database) -> None:
    async with db.uow() as uow:
        await uow.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def _aware(value: Any) -> Any:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)



async def test_a_row_recovered_from_a_slow_worker_is_not_sent_by_it_too(db: Database) -> None:
    anna = await _user(db, "100")
    await _enqueue(db, anna, "held through a long flood wait")
    slow = OutboxWorker(db, {"telegram": Recorder()})
    [claimed] = await slow.claim()
    other = Recorder()
    fresh = OutboxWorker(db, {"telegram": other})
    assert await fresh.recover(older_than=0) == 1  # looked stale: handed back, then sent by the other worker
    await fresh.drain()
    await slow.deliver(claimed)  # the slow worker wakes up: the row is no longer its own
    assert other.sent == [("100", "held through a long flood wait")]
    assert [r.status for r in await _rows(db)] == ["sent"]


async def test_a_delivery_that_failed_half_way_is_uncertain_not_sent_again(db: Database) -> None:
    from handlers.channel import OutcomeUnknown

    class HalfWay(Recorder):
        async def send(self, address, replies, *, lane=Lane.INTERACTIVE):  # type: ignore[override]
            raise OutcomeUnknown("the first of two replies went out")

    anna = await _user(db, "100")
    await _enqueue(db, anna, "one", "two")
    await OutboxWorker(db, {"telegram": HalfWay()}).drain()
    rows = await _rows(db)
    assert {r.status for r in rows} == {"uncertain"}
    await _make_due(db)
    again = Recorder()
    assert await OutboxWorker(db, {"telegram": again}).drain() == 0 and again.sent == []


async def test_an_edit_of_a_bulk_message_goes_in_the_interactive_lane(db: Database) -> None:
    """The bulk lane's sender sends new messages only: an edit asked for in the bulk lane would wait
    there for ever, so it is queued as interactive (the offers channel's post edited when it ends)."""
    async with db.uow() as uow:
        repo = OutboxRepository(uow.session)
        post = await repo.enqueue("staff", "channel", [Reply("offer")], lane=Lane.BULK)
        assert post is not None
        edit = await repo.enqueue("staff", "channel", [Reply("offer: ended")], edits=post.id, lane=Lane.BULK)
        assert edit is not None and (post.lane, edit.lane) == (Lane.BULK, Lane.INTERACTIVE)
