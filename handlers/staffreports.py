"""What the staff read rather than do: the meeting list, its Markdown and CSV exports, and statistics.

Computed in Python over the rows of a time window, so it reads the same on SQLite and PostgreSQL;
an association's volume (hundreds of questions a week) keeps that cheap.
"""

from __future__ import annotations

import csv
import io
import statistics as stats
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import Feedback, Question, Ticket, TicketMessage, aware

if TYPE_CHECKING:
    from knowledge.model import KnowledgeBase
    from storage.uow import UnitOfWork

#: What the assistant did with a question, as the meeting list names it.
OUTCOMES = ("answer", "suggest", "abstain")


@dataclass
class MeetingRow:
    asked_at: datetime
    channel: str
    region: str | None
    language: str | None
    question: str
    #: answer, suggest, abstain (what the assistant did)
    outcome: str
    entry: str | None
    ticket_id: int | None = None
    ticket_status: str | None = None
    staff_answer: str | None = None


async def meeting_rows(
    uow: UnitOfWork, since: datetime, until: datetime | None = None, kb: KnowledgeBase | None = None
) -> list[MeetingRow]:
    since = since.astimezone(UTC)
    q = select(Question).where(Question.created_at >= since, Question.decision != "smalltalk")
    t = select(Ticket).where(Ticket.created_at >= since)
    if until is not None:
        q = q.where(Question.created_at < until.astimezone(UTC))
        t = t.where(Ticket.created_at < until.astimezone(UTC))
    questions = list((await uow.session.execute(q.order_by(Question.created_at, Question.id))).scalars())
    tickets = list((await uow.session.execute(t.order_by(Ticket.created_at, Ticket.id))).scalars())
    answers = await _first_answers(uow, [tk.id for tk in tickets])
    by_question = {tk.question_id: tk for tk in tickets if tk.question_id is not None}
    rows: list[MeetingRow] = []
    for question in questions:
        ticket = by_question.pop(question.id, None)
        rows.append(
            _row(
                question.created_at,
                question.channel,
                question.region,
                question.language,
                question.text,
                question.decision,
                question.entry_id,
                ticket,
                answers,
                kb,
            )
        )
    for ticket in tickets:  # forwarded without a stored question, or asked before the window
        if ticket.question_id is None or ticket.question_id in by_question:
            rows.append(
                _row(
                    ticket.created_at,
                    ticket.channel,
                    ticket.region,
                    ticket.language,
                    ticket.text,
                    "abstain",
                    None,
                    ticket,
                    answers,
                    kb,
                )
            )
    rows.sort(key=lambda r: r.asked_at)
    return rows


def _row(
    asked_at: datetime,
    channel: str,
    region: str | None,
    language: str | None,
    text: str,
    decision: str,
    entry_id: str | None,
    ticket: Ticket | None,
    answers: dict[int, str],
    kb: KnowledgeBase | None,
) -> MeetingRow:
    entry = kb.entry(entry_id) if kb is not None and entry_id else None
    return MeetingRow(
        asked_at=aware(asked_at), channel=channel, region=region, language=language, question=text,
        outcome=decision if decision in OUTCOMES else "abstain",
        entry=entry.display_title(language) if entry is not None else entry_id,
        ticket_id=ticket.id if ticket else None, ticket_status=ticket.status if ticket else None,
        staff_answer=answers.get(ticket.id) if ticket else None,
    )  # fmt: skip


async def _first_answers(uow: UnitOfWork, ticket_ids: list[int]) -> dict[int, str]:
    if not ticket_ids:
        return {}
    stmt = (
        select(TicketMessage.ticket_id, TicketMessage.text)
        .where(TicketMessage.ticket_id.in_(ticket_ids), TicketMessage.author == "staff")
        .order_by(TicketMessage.created_at.desc(), TicketMessage.id.desc())
    )
    latest: dict[int, str] = {}
    for ticket_id, text in (await uow.session.execute(stmt)).all():
        latest.setdefault(ticket_id, text)
    return latest


CSV_COLUMNS = ("asked_at", "channel", "region", "language", "question", "outcome", "entry", "ticket", "status",
               "staff_answer")  # fmt: skip


def export_csv(rows: list[MeetingRow], zone: str | ZoneInfo = "UTC") -> str:
    """The meeting list as CSV (UTF-8, a header row; spreadsheet-safe quoting)."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([
            r.asked_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), r.channel, r.region or "", r.language or "",
            _cell(r.question), r.outcome, r.entry or "", r.ticket_id or "", r.ticket_status or "",
            _cell(r.staff_answer or ""),
        ])  # fmt: skip
    return out.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: make them text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_markdown(rows: list[MeetingRow], title: str, zone: str | ZoneInfo = "UTC") -> str:
    """The meeting list as Markdown: one numbered item per question, forwarded ones first."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    forwarded = [r for r in rows if r.ticket_id is not None]
    others = [r for r in rows if r.ticket_id is None]
    lines = [f"# {title}", ""]
    lines += [f"## Forwarded to the staff ({len(forwarded)})", ""]
    for n, r in enumerate(forwarded, 1):
        when = r.asked_at.astimezone(tz).strftime("%a %d.%m %H:%M")
        where = ", ".join(x for x in (r.region, r.channel, r.language) if x)
        lines.append(f"{n}. **{_md(r.question)}**  ")
        lines.append(f"   {when} · {where} · ticket #{r.ticket_id} · {r.ticket_status}  ")
        if r.staff_answer:
            lines.append(f"   Answer: {_md(r.staff_answer)}")
        lines.append("")
    lines += [f"## Asked the assistant ({len(others)})", ""]
    for r in others:
        when = r.asked_at.astimezone(tz).strftime("%a %H:%M")
        result = r.entry if r.outcome == "answer" else r.outcome
        lines.append(f"- {when} · {_md(r.question)} → {_md(result or '')}")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


@dataclass
class Statistics:
    since: date
    until: date
    #: (day, questions asked that day), every day of the window
    per_day: list[tuple[date, int]] = field(default_factory=list)
    questions: int = 0
    answered_by_assistant: int = 0
    forwarded: int = 0
    #: median hours from forwarding to the first staff answer (None without answered tickets)
    median_hours_to_answer: float | None = None
    #: [(topic, count)] of questions the assistant could not answer, most first
    top_unanswered: list[tuple[str, int]] = field(default_factory=list)
    helpful: int = 0
    not_helpful: int = 0

    @property
    def share_answered(self) -> float:
        return self.answered_by_assistant / self.questions if self.questions else 0.0

    @property
    def share_forwarded(self) -> float:
        return self.forwarded / self.questions if self.questions else 0.0

    @property
    def busiest_day(self) -> int:
        return max((n for _, n in self.per_day), default=0)


async def statistics(
    uow: UnitOfWork, *, days: int = 30, now: datetime | None = None, zone: str | ZoneInfo = "UTC",
    kb: KnowledgeBase | None = None,
) -> Statistics:  # fmt: skip
    """The last `days` days, counted by local calendar day."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    today = (now or datetime.now(UTC)).astimezone(tz).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=tz).astimezone(UTC)
    questions = list((await uow.session.execute(
        select(Question).where(Question.created_at >= since, Question.decision != "smalltalk")
    )).scalars())  # fmt: skip
    tickets = list((await uow.session.execute(select(Ticket).where(Ticket.created_at >= since))).scalars())
    votes = list((await uow.session.execute(
        select(Feedback.helpful).join(Question, Question.id == Feedback.question_id).where(Question.created_at >= since)
    )).scalars())  # fmt: skip

    result = Statistics(since=first, until=today)
    counts = Counter(aware(q.created_at).astimezone(tz).date() for q in questions)
    result.per_day = [(first + timedelta(days=i), counts.get(first + timedelta(days=i), 0)) for i in range(days)]
    result.questions = len(questions)
    result.answered_by_assistant = sum(1 for q in questions if q.decision == "answer")
    forwarded_questions = {t.question_id for t in tickets if t.question_id is not None}
    result.forwarded = len(tickets)
    waits = [
        (aware(t.first_answered_at) - aware(t.created_at)).total_seconds() / 3600
        for t in tickets
        if t.first_answered_at is not None
    ]
    result.median_hours_to_answer = stats.median(waits) if waits else None
    topics: Counter[str] = Counter()
    for t in tickets:
        if t.status == "open":
            topics[t.topic or _guess_title(t.guesses, kb) or "—"] += 1
    for q in questions:
        if q.decision != "answer" and q.id not in forwarded_questions:
            topics[_guess_title([{"entry": e} for e in q.suggestions], kb) or "—"] += 1
    result.top_unanswered = topics.most_common(8)
    result.helpful = sum(1 for v in votes if v)
    result.not_helpful = sum(1 for v in votes if not v)
    return result


def _guess_title(guesses: list, kb: KnowledgeBase | None) -> str | None:
    for raw in guesses or []:
        entry_id = raw.get("entry") if isinstance(raw, dict) else raw
        if entry_id:
            entry = kb.entry(str(entry_id)) if kb is not None else None
            return entry.display_title("en") if entry is not None else str(entry_id)
    return None
