"""The staff side of the desk, for every staff channel (the web dashboard, the Telegram staff chat).

Each use case takes the caller's unit of work and the acting `Staff`, checks the role against the
one permission table below, changes the tickets, and records the action in the audit log in the same
unit of work. Errors are the core's own (`handlers.errors`), which the channel turns into its words by
type: NotAllowed (the role may not), TicketNotFound/StaffNotFound, and the bad inputs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from handlers.errors import (
    CannotAnswer,
    EmptyText,
    NotAllowed,
    NotClosed,
    StaffNotFound,
    TextTooLong,
    TicketNotFound,
    TicketWithdrawn,
    UnknownAdditionKind,
)
from handlers.escalation import relay_answer, update_staff_notice
from handlers.staffreports import MeetingRow, Statistics, export_csv, export_markdown, meeting_rows, statistics
from storage import additions, audit
from storage.models import KnowledgeAddition, Staff, Ticket, TicketMessage, User, utcnow
from storage.states import TicketStatus

if TYPE_CHECKING:
    from knowledge.model import KnowledgeBase
    from storage.uow import UnitOfWork

__all__ = [
    "PERMISSIONS", "ROLES", "MeetingRow", "Statistics", "add_note", "answer_ticket", "can", "close_ticket",
    "export_csv", "export_markdown", "meeting_questions", "meeting_window", "queue", "reassign_ticket",
    "reopen_ticket", "require", "save_as_knowledge", "statistics",
]  # fmt: skip

log = logging.getLogger(__name__)

ROLES = ("admin", "staff", "viewer")

#: The one permission table: which roles may do what. admin may do everything.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset({"admin", "staff", "viewer"}),  # queue, meeting, tickets, statistics, knowledge
    "answer": frozenset({"admin", "staff"}),
    "note": frozenset({"admin", "staff"}),  # internal notes on a ticket
    "reassign": frozenset({"admin", "staff"}),
    "close": frozenset({"admin", "staff"}),  # close and reopen
    "save_knowledge": frozenset({"admin", "staff"}),
    "reload_knowledge": frozenset({"admin", "staff"}),
    "approve": frozenset({"admin"}),
    "moderate_offers": frozenset({"admin", "staff"}),  # approve, reject and withdraw shop-local offers
    "broadcast": frozenset({"admin"}),
    "post_news": frozenset({"admin", "staff"}),  # news items for the daily briefing
    "manage_staff": frozenset({"admin"}),
    "erase_user": frozenset({"admin"}),  # a user's request to erase their data, carried out by an admin
    "audit": frozenset({"admin"}),
}

#: How long after its start a meeting is still "today's meeting" in the meeting view.
MEETING_GRACE = timedelta(hours=2)
#: Longest staff answer or note accepted (Telegram splits long messages; this is about mistakes).
MAX_TEXT = 8000


def can(staff: Staff | None, permission: str) -> bool:
    """May this staff member do this? An inactive or missing staff member may do nothing."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return staff is not None and bool(staff.active) and staff.role in PERMISSIONS[permission]


def require(staff: Staff | None, permission: str) -> Staff:
    if not can(staff, permission):
        raise NotAllowed(permission)
    assert staff is not None
    return staff


def staff_label(staff: Staff) -> str:
    """How a staff member is named to users and colleagues."""
    return staff.name or (staff.email.split("@")[0] if staff.email else f"#{staff.id}")


async def _ticket(uow: UnitOfWork, ticket_id: int) -> Ticket:
    ticket = await uow.session.get(Ticket, ticket_id)
    if ticket is None:
        raise TicketNotFound(f"ticket {ticket_id}")
    return ticket


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise EmptyText()
    if len(text) > MAX_TEXT:
        raise TextTooLong()
    return text


async def answer_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int, text: str) -> Ticket:
    """Answer a forwarded question: the answer joins the thread and is queued for the user, and the staff
    chat's notice of the question says who answered it (its Answer button goes).

    A ticket can be answered more than once (a follow-up); the first answer sets `first_answered_at`,
    which the statistics use. A withdrawn ticket cannot be answered.
    """
    require(staff, "answer")
    ticket = await _ticket(uow, ticket_id)
    text = _text(text)
    if ticket.status == TicketStatus.WITHDRAWN:
        raise TicketWithdrawn()
    message = TicketMessage(ticket_id=ticket.id, author="staff", staff_id=staff.id, text=text)
    uow.session.add(message)
    now = utcnow()
    ticket.status = TicketStatus.ANSWERED
    ticket.updated_at = now
    if ticket.first_answered_at is None:
        ticket.first_answered_at = now
    if ticket.assigned_to is None:
        ticket.assigned_to = staff.id
    await uow.session.flush()
    user = await uow.users.by_id(ticket.user_id)
    if user is None:  # the user was deleted: keep the answer in the thread, nothing to deliver
        log.warning("ticket %s: user %s is gone, answer not delivered", ticket.id, ticket.user_id)
    else:
        await relay_answer(uow, ticket, user, text, staff_name=staff_label(staff))
    await update_staff_notice(uow.session, ticket, "staff-notice-answered", name=staff_label(staff))
    await audit.record(uow, staff, "ticket.answer", f"ticket:{ticket.id}", message=message.id, chars=len(text))
    return ticket


async def add_note(uow: UnitOfWork, staff: Staff, ticket_id: int, text: str) -> TicketMessage:
    """An internal note in the thread; the user never sees it."""
    require(staff, "note")
    ticket = await _ticket(uow, ticket_id)
    message = TicketMessage(ticket_id=ticket.id, author="note", staff_id=staff.id, text=_text(text))
    uow.session.add(message)
    ticket.updated_at = utcnow()
    await uow.session.flush()
    await audit.record(uow, staff, "ticket.note", f"ticket:{ticket.id}", message=message.id)
    return message


async def reassign_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int, to_staff_id: int | None) -> Ticket:
    """Give the ticket to another (active, non-viewer) staff member, or to nobody with None."""
    require(staff, "reassign")
    ticket = await _ticket(uow, ticket_id)
    if to_staff_id is not None:
        target = await uow.session.get(Staff, to_staff_id)
        if target is None or not target.active:
            raise StaffNotFound(f"staff {to_staff_id}")
        if not can(target, "answer"):
            raise CannotAnswer()
    before = ticket.assigned_to
    ticket.assigned_to = to_staff_id
    ticket.updated_at = utcnow()
    await uow.session.flush()
    await audit.record(uow, staff, "ticket.reassign", f"ticket:{ticket.id}", before=before, after=to_staff_id)
    return ticket


async def close_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int) -> Ticket:
    """Close a ticket (answered elsewhere, duplicate, out of scope); nothing is sent to the user, and the
    staff chat's notice says who closed it."""
    require(staff, "close")
    ticket = await _ticket(uow, ticket_id)
    before = ticket.status
    now = utcnow()
    ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.CLOSED, now, now
    await uow.session.flush()
    if before != TicketStatus.CLOSED:
        await update_staff_notice(uow.session, ticket, "staff-notice-closed", name=staff_label(staff))
    await audit.record(uow, staff, "ticket.close", f"ticket:{ticket.id}", before=before)
    return ticket


async def reopen_ticket(uow: UnitOfWork, staff: Staff, ticket_id: int) -> Ticket:
    """Open a closed ticket again; the staff chat's notice gets its Answer button back."""
    require(staff, "close")
    ticket = await _ticket(uow, ticket_id)
    if ticket.status != TicketStatus.CLOSED:
        raise NotClosed()
    ticket.status = TicketStatus.ANSWERED if ticket.first_answered_at else TicketStatus.OPEN
    ticket.closed_at, ticket.updated_at = None, utcnow()
    await uow.session.flush()
    await update_staff_notice(uow.session, ticket, "staff-notice-reopened", name=staff_label(staff), answerable=True)
    await audit.record(uow, staff, "ticket.reopen", f"ticket:{ticket.id}")
    return ticket


async def save_as_knowledge(
    uow: UnitOfWork,
    staff: Staff,
    ticket_id: int,
    knowledge_dir: Path,
    *,
    kind: str,
    entry_id: str,
    answer: str = "",
    title: str = "",
    language: str | None = None,
    region: str | None = None,
    question: str | None = None,
    contacts: Iterable[str] = (),
) -> KnowledgeAddition:
    """Teach the assistant from an answered question: a new entry, or one more phrasing of an entry.

    The question (as asked, or as the staff edited it) becomes an example phrasing. The addition is
    validated by the knowledge loader together with the files and the other additions; problems raise
    `AdditionRejected` and nothing is stored. After the unit of work commits, the caller reloads the
    store (`await store.areload()`) so the next user gets the answer.
    """
    require(staff, "save_knowledge")
    ticket = await _ticket(uow, ticket_id)
    lang = additions.content_language(language or ticket.language)
    text = additions.phrasing_text(question if question and question.strip() else ticket.text)
    entry_id = entry_id.strip()
    if kind == "entry":
        data = additions.entry_data(
            entry_id, language=lang, question=text, answer=answer, title=title, region=region or None,
            contacts=contacts,
        )  # fmt: skip
    elif kind == "phrasing":
        data = {"lang": lang, "text": text}
    else:
        raise UnknownAdditionKind(kind)
    row = KnowledgeAddition(kind=kind, entry_id=entry_id, data=data, ticket_id=ticket.id, created_by=staff.id)
    existing = await additions.rows(uow.session)
    problems = await asyncio.to_thread(additions.check_addition, knowledge_dir, existing, row)
    if problems:
        raise additions.AdditionRejected(problems)
    uow.session.add(row)
    await uow.session.flush()
    await audit.record(
        uow, staff, f"knowledge.{kind}", f"entry:{entry_id}", ticket=ticket.id, addition=row.id, language=lang
    )
    return row


# -- reading: the queue, the meeting -------------------------------------------------------------


@dataclass
class Guess:
    entry_id: str
    title: str
    score: float


@dataclass
class QueueItem:
    ticket: Ticket
    user: User | None
    guesses: list[Guess]
    assignee: Staff | None = None

    @property
    def unreachable(self) -> bool:
        return bool(self.user is not None and self.user.unreachable)


@dataclass
class QueueGroup:
    """Open questions on one topic from one region. `topic` None means no topic could be told."""

    topic: str | None
    region: str | None
    items: list[QueueItem] = field(default_factory=list)


def guesses_of(ticket: Ticket, kb: KnowledgeBase | None, lang: str | None = None) -> list[Guess]:
    out: list[Guess] = []
    for raw in ticket.guesses or []:
        entry_id = raw.get("entry") if isinstance(raw, dict) else raw
        if not entry_id:
            continue
        entry = kb.entry(str(entry_id)) if kb is not None else None
        title = entry.display_title(lang or ticket.language) if entry is not None else str(entry_id)
        score = float(raw.get("score") or 0.0) if isinstance(raw, dict) else 0.0
        out.append(Guess(str(entry_id), title, score))
    return out


def topic_of(ticket: Ticket, guesses: list[Guess]) -> str | None:
    """The ticket's topic as forwarded, else the title of the assistant's best guess."""
    return ticket.topic or (guesses[0].title if guesses else None)


async def _items(uow: UnitOfWork, tickets: list[Ticket], kb: KnowledgeBase | None, lang: str | None) -> list[QueueItem]:
    user_ids = {t.user_id for t in tickets}
    staff_ids = {t.assigned_to for t in tickets if t.assigned_to is not None}
    users = {u.id: u for u in (await uow.session.execute(select(User).where(User.id.in_(user_ids)))).scalars()}
    staff = {s.id: s for s in (await uow.session.execute(select(Staff).where(Staff.id.in_(staff_ids)))).scalars()}
    return [
        QueueItem(t, users.get(t.user_id), guesses_of(t, kb, lang), staff.get(t.assigned_to or -1)) for t in tickets
    ]


async def queue(
    uow: UnitOfWork,
    kb: KnowledgeBase | None = None,
    *,
    statuses: tuple[str, ...] = (TicketStatus.OPEN,),
    lang: str | None = None,
) -> list[QueueGroup]:
    """Tickets by topic and region, the biggest groups first, oldest question first in each."""
    stmt = select(Ticket).where(Ticket.status.in_(statuses)).order_by(Ticket.created_at, Ticket.id)
    tickets = list((await uow.session.execute(stmt)).scalars())
    groups: dict[tuple[str | None, str | None], QueueGroup] = {}
    for item in await _items(uow, tickets, kb, lang):
        # one group per topic whatever language the guesses' titles are shown in
        key = (item.ticket.topic or (item.guesses[0].entry_id if item.guesses else None), item.ticket.region)
        groups.setdefault(key, QueueGroup(topic_of(item.ticket, item.guesses), item.ticket.region)).items.append(item)
    return sorted(groups.values(), key=lambda g: (-len(g.items), g.topic is None, g.topic or "", g.region or ""))


async def ticket_page(uow: UnitOfWork, ticket_id: int, kb: KnowledgeBase | None = None) -> tuple[QueueItem, list]:
    """A ticket with its user, guesses and thread: [(TicketMessage, Staff | None)], oldest first."""
    ticket = await _ticket(uow, ticket_id)
    (item,) = await _items(uow, [ticket], kb, None)
    stmt = (
        select(TicketMessage, Staff)
        .outerjoin(Staff, Staff.id == TicketMessage.staff_id)
        .where(TicketMessage.ticket_id == ticket.id)
        .order_by(TicketMessage.created_at, TicketMessage.id)
    )
    thread = [(m, s) for m, s in (await uow.session.execute(stmt)).all()]
    return item, thread


def meeting_window(
    now: datetime, at: time, zone: str | ZoneInfo, grace: timedelta = MEETING_GRACE
) -> tuple[datetime, datetime]:
    """(since, meeting) in UTC: the coming weekday meeting and the one before it.

    A meeting counts as coming until `grace` after it starts, so the list stays put while it runs;
    after that the staff prepare the next one. The meeting view lists every question since `since`.
    """
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    day = (now - grace).astimezone(tz).date()
    while day.weekday() >= 5 or _at(day, at, tz) < now - grace:
        day += timedelta(days=1)
    previous = day - timedelta(days=1)
    while previous.weekday() >= 5:
        previous -= timedelta(days=1)
    return _at(previous, at, tz), _at(day, at, tz)


def _at(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


async def meeting_questions(
    uow: UnitOfWork, since: datetime, until: datetime | None = None, kb: KnowledgeBase | None = None
) -> list[MeetingRow]:
    """Every question since `since` (not small talk): what the assistant did, and the staff's answer."""
    return await meeting_rows(uow, since, until, kb)


async def open_count(uow: UnitOfWork) -> int:
    stmt = select(func.count(Ticket.id)).where(Ticket.status == TicketStatus.OPEN)
    return int((await uow.session.execute(stmt)).scalar_one())
