"""The morning reminder: questions that have waited more than a day for a staff answer.

Enqueued as one outbox message to the staff with a dedupe key per local day, so two workers (or a
restart and a catch-up run) never post it twice; the outbox worker delivers it. This feature
registers it as the "staff-reminder" job, weekdays half an hour before the advisory meeting.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from handlers.config import CoreConfig
from handlers.escalation import OPEN, STAFF_ADDRESS, STAFF_CHANNEL, StaffAnswer
from handlers.feature import Feature
from handlers.i18n import Translator
from handlers.markup import esc, short
from handlers.types import Button, Reply
from storage import Database
from storage.models import Ticket, TicketMessage, aware, utcnow
from storage.outbox import OutboxRepository

#: A question counts as overdue after waiting this long.
OVERDUE = timedelta(hours=24)
#: At most this many are listed (the dashboard has the rest).
MAX_LISTED = 30


REMINDER_BEFORE_MEETING = timedelta(minutes=30)

feature = Feature("reminders")


def reminder_time(meeting: time) -> time:
    """Half an hour before the meeting (not before midnight)."""
    minutes = max(0, meeting.hour * 60 + meeting.minute - int(REMINDER_BEFORE_MEETING.total_seconds() // 60))
    return time(minutes // 60, minutes % 60)


async def overdue_tickets(database: Database, now: datetime, age: timedelta = OVERDUE) -> list[tuple[Ticket, datetime]]:
    """Open tickets whose newest user message (the question or a follow-up) is older than `age`, oldest first.

    An open ticket is one without a staff answer since the user last wrote: answering sets it to
    "answered", a follow-up opens it again.
    """
    last_user = (
        select(TicketMessage.ticket_id, func.max(TicketMessage.created_at).label("waiting_since"))
        .where(TicketMessage.author == "user")
        .group_by(TicketMessage.ticket_id)
        .subquery()
    )
    stmt = (
        select(Ticket, last_user.c.waiting_since)
        .outerjoin(last_user, last_user.c.ticket_id == Ticket.id)
        .where(Ticket.status == OPEN)
        .order_by(Ticket.created_at, Ticket.id)
    )
    async with database.uow() as uow:
        rows = (await uow.session.execute(stmt)).all()
    cutoff = now - age
    overdue = []
    for ticket, waiting_since in rows:
        since = aware(waiting_since or ticket.created_at)
        if since <= cutoff:
            overdue.append((ticket, since))
    return overdue


async def remind_unanswered(database: Database, *, timezone: str, language: str, now: datetime | None = None) -> bool:
    """Queue today's list of overdue questions for the staff; False when none, or already queued today."""
    now = now or utcnow()
    overdue = await overdue_tickets(database, now)
    if not overdue:
        return False
    t = Translator(language)
    lines = [t("staff-reminder", count=len(overdue))]
    for ticket, since in overdue[:MAX_LISTED]:
        hours = int((now - since).total_seconds() // 3600)
        lines.append(t("staff-reminder-item", number=ticket.id, hours=hours, text=esc(short(ticket.text, 120))))
    buttons = [
        [Button(t("staff-answer-button", number=ticket.id), StaffAnswer(ticket.id).pack())]
        for ticket, _ in overdue[:10]
    ]
    key = f"reminder:{now.astimezone(ZoneInfo(timezone)).date().isoformat()}"
    try:
        async with database.uow() as uow:
            row = await OutboxRepository(uow.session).enqueue(
                STAFF_CHANNEL, STAFF_ADDRESS, [Reply("\n".join(lines), buttons)], dedupe_key=key
            )
    except IntegrityError:  # another worker queued it at the same moment: the unique key kept it to one
        return False
    return row is not None


def _reminder_cron(config: CoreConfig) -> dict[str, object]:
    at = reminder_time(config.advisory_meeting_time)
    return {"day_of_week": "mon-fri", "hour": at.hour, "minute": at.minute}


@feature.job("staff-reminder", cron=_reminder_cron, misfire_grace_time=3600)
async def staff_reminder_job(database: Database, config: CoreConfig) -> bool:
    """A server started at 08:45 still sends the 08:30 reminder (the grace time)."""
    return await remind_unanswered(database, timezone=config.timezone, language=config.default_language)
