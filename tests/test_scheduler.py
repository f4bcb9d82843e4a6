"""The morning reminder: only questions waiting more than 24 hours for a staff answer, once per day;
and when the scheduler runs it (weekdays, half an hour before the meeting, in the configured zone)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services import build_services
from bot.settings import Settings
from handlers.reminders import overdue_tickets, remind_unanswered
from handlers.types import Reply
from scheduler.outbox import OutboxWorker
from scheduler.runner import build_scheduler, reminder_time
from storage import Database
from storage.models import OutboxMessage, Ticket, TicketMessage
from tests.conftest import fresh_database

NOW = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)  # Tuesday 08:30 in Oslo


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await fresh_database(database_url)
    yield database
    await database.close()


async def _ticket(db: Database, text: str, status: str, *messages: tuple[str, float]) -> int:
    """A ticket whose thread has (author, hours ago) messages; created with the first one."""
    async with db.uow() as uow:
        user = await uow.users.get_or_create("telegram", text[:20])
        created = NOW - timedelta(hours=messages[0][1])
        ticket = Ticket(user_id=user.id, channel="telegram", text=text, status=status, guesses=[], created_at=created)
        uow.session.add(ticket)
        await uow.session.flush()
        for author, hours in messages:
            uow.session.add(
                TicketMessage(ticket_id=ticket.id, author=author, text=text, created_at=NOW - timedelta(hours=hours))
            )
        return ticket.id


async def _reminders(db: Database) -> list[OutboxMessage]:
    async with db.uow() as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.dedupe_key.like("reminder:%")).order_by(OutboxMessage.id)
        return list((await uow.session.execute(stmt)).scalars())


async def test_only_questions_waiting_over_24_hours_are_listed(db: Database) -> None:
    old = await _ticket(db, "Old and unanswered", "open", ("user", 30))
    await _ticket(db, "Fresh", "open", ("user", 2))
    await _ticket(db, "Answered", "answered", ("user", 30), ("staff", 20))
    await _ticket(db, "Recent follow-up", "open", ("user", 50), ("staff", 40), ("user", 3))
    await _ticket(db, "Withdrawn", "withdrawn", ("user", 40))
    await _ticket(db, "Closed", "closed", ("user", 40))
    stale_followup = await _ticket(db, "Old follow-up", "open", ("user", 60), ("staff", 50), ("user", 26))

    overdue = await overdue_tickets(db, NOW)
    assert [t.id for t, _ in overdue] == [stale_followup, old]  # oldest ticket first

    assert await remind_unanswered(db, timezone="Europe/Oslo", language="en", now=NOW)
    [row] = await _reminders(db)
    assert (row.channel, row.address, row.dedupe_key) == ("staff", "staff", "reminder:2026-11-24")
    reply = Reply.from_dict(row.payload[0])
    text = reply.plain()
    assert text.startswith("⏰ 2 questions have waited more than 24 hours")
    assert f"#{old} (30 h): Old and unanswered" in text and f"#{stale_followup} (26 h): Old follow-up" in text
    assert "Fresh" not in text and "Answered" not in text and "Recent follow-up" not in text
    assert [b.action for row_ in reply.buttons for b in row_] == [f"1|sans|{stale_followup}", f"1|sans|{old}"]


async def test_reminder_is_deduplicated_per_day(db: Database, database_url: str) -> None:
    await _ticket(db, "Old and unanswered", "open", ("user", 30))
    assert await remind_unanswered(db, timezone="Europe/Oslo", language="nb", now=NOW)
    assert not await remind_unanswered(db, timezone="Europe/Oslo", language="nb", now=NOW + timedelta(hours=3))
    other = Database(database_url)  # two workers on the same morning
    try:
        results = await asyncio.gather(
            remind_unanswered(db, timezone="Europe/Oslo", language="nb", now=NOW + timedelta(days=1)),
            remind_unanswered(other, timezone="Europe/Oslo", language="nb", now=NOW + timedelta(days=1)),
        )
    finally:
        await other.close()
    assert sorted(results) == [False, True]
    assert [r.dedupe_key for r in await _reminders(db)] == ["reminder:2026-11-24", "reminder:2026-11-25"]
    assert "Ett spørsmål har ventet" in Reply.from_dict((await _reminders(db))[0].payload[0]).plain()


async def test_nothing_overdue_sends_nothing(db: Database) -> None:
    await _ticket(db, "Fresh", "open", ("user", 1))
    assert not await remind_unanswered(db, timezone="Europe/Oslo", language="nb", now=NOW)
    assert await _reminders(db) == []


def test_reminder_time_is_half_an_hour_before_the_meeting() -> None:
    assert reminder_time(time(9, 0)) == time(8, 30)
    assert reminder_time(time(10, 15)) == time(9, 45)
    assert reminder_time(time(0, 10)) == time(0, 0)


async def test_the_scheduler_runs_it_on_weekday_mornings_in_the_configured_zone(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 's.db'}", timezone="Europe/Stockholm")
    services = await build_services(settings)
    try:
        scheduler = build_scheduler(services, OutboxWorker(services.database))
        trigger = scheduler.get_job("staff-reminder").trigger
        friday_after = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 in Stockholm
        fire = trigger.get_next_fire_time(None, friday_after)
        assert (fire.weekday(), fire.hour, fire.minute) == (0, 8, 30)  # Monday 08:30 local
        assert fire.utcoffset() == timedelta(hours=1)
        monday_early = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)  # 07:00 local
        assert trigger.get_next_fire_time(None, monday_early).date() == monday_early.date()
        assert {job.id for job in scheduler.get_jobs()} == {"outbox-poll", "outbox-recover", "inbox-purge",
                                                            "staff-reminder", "privacy-retention",
                                                            "gather-reminders", "downloads-purge", "briefing",
                                                            "briefing-at-start", "offers-expiry"}  # fmt: skip
        # a job that declares `knowledge` gets the server's knowledge store (the groups' reminders)
        assert scheduler.get_job("gather-reminders").kwargs == {"knowledge": services.knowledge}
        assert scheduler.get_job("staff-reminder").kwargs == {}
    finally:
        await services.close()
