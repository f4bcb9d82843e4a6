"""The staff use cases over a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from handlers import staffdesk
from handlers.staffdesk import PERMISSIONS, ROLES, answer_ticket, can, close_ticket, reassign_ticket
from storage import Database
from storage.models import AuditLog, OutboxMessage, Question, Staff, StaffIdentity, Ticket, TicketMessage, User
from storage.uow import UnitOfWork


async def make_staff(db: Database, role: str = "staff", email: str | None = None, **kw: object) -> Staff:
    async with db.uow() as uow:
        staff = Staff(email=email or f"{role}@example.org", name=kw.pop("name", role.title()), role=role, **kw)
        uow.session.add(staff)
        await uow.session.flush()
        return staff


async def make_ticket(
    db: Database, text: str = "Can we get help with the rent for our café?", *, user_ext: str = "u1", **kw: object
) -> Ticket:
    """A forwarded question as the user side creates it: a stored question and a ticket."""
    async with db.uow() as uow:
        user = await uow.users.get_or_create("web", user_ext, "Kari")
        question = await uow.questions.add(
            Question(user_id=user.id, channel="web", text=text, language="en", decision="abstain")
        )
        ticket = Ticket(
            user_id=user.id, question_id=question.id, channel="web", text=text, language="en",
            guesses=[{"entry": "horten-kommunale-avgifter", "score": 0.3}], **kw,
        )  # fmt: skip
        uow.session.add(ticket)
        await uow.session.flush()
        return ticket


def test_every_role_has_a_row_and_viewers_only_view() -> None:
    assert ROLES == ("admin", "staff", "viewer")
    assert all(roles <= set(ROLES) for roles in PERMISSIONS.values())
    admin, staff, viewer = (Staff(role=r, active=True) for r in ROLES)
    assert all(can(admin, p) for p in PERMISSIONS)
    assert [p for p in PERMISSIONS if can(viewer, p)] == ["view"]
    assert can(staff, "answer") and can(staff, "save_knowledge") and can(staff, "reload_knowledge")
    assert not can(staff, "manage_staff") and not can(staff, "audit")
    assert not can(Staff(role="admin", active=False), "view")
    assert not can(None, "view")
    with pytest.raises(ValueError):
        can(admin, "fly")


async def test_answer_ticket_threads_the_answer_queues_it_for_the_user_and_audits(database: Database) -> None:
    staff = await make_staff(database, name="Sølvi")
    ticket = await make_ticket(database)
    async with database.uow() as uow:
        answered = await answer_ticket(uow, staff, ticket.id, "  Yes: ask the municipality about a deferral.  ")
        assert answered.status == "answered"
    async with database.uow() as uow:
        row = await uow.session.get(Ticket, ticket.id)
        assert row is not None and row.status == "answered" and row.first_answered_at is not None
        assert row.assigned_to == staff.id
        (message,) = (await uow.session.execute(select(TicketMessage))).scalars()
        assert (message.author, message.staff_id, message.text) == (
            "staff", staff.id, "Yes: ask the municipality about a deferral."
        )  # fmt: skip
        (out,) = (await uow.session.execute(select(OutboxMessage))).scalars()
        user = await uow.session.get(User, row.user_id)
        assert user is not None and (out.channel, out.address, out.user_id) == ("web", user.external_id, user.id)
        assert "ask the municipality about a deferral" in out.payload[0]["text"]
        assert "Sølvi" in out.payload[0]["text"]
        (log,) = (await uow.session.execute(select(AuditLog))).scalars()
        assert (log.staff_id, log.action, log.target) == (staff.id, "ticket.answer", f"ticket:{ticket.id}")
        assert log.created_at is not None


async def test_a_second_answer_keeps_the_first_answer_time(database: Database) -> None:
    staff = await make_staff(database)
    ticket = await make_ticket(database)
    async with database.uow() as uow:
        first = (await answer_ticket(uow, staff, ticket.id, "First.")).first_answered_at
    async with database.uow() as uow:
        again = await answer_ticket(uow, staff, ticket.id, "And a follow-up.")
        assert first is not None and again.first_answered_at is not None
        assert again.first_answered_at.replace(tzinfo=None) == first.replace(tzinfo=None)
        assert len((await uow.session.execute(select(OutboxMessage))).scalars().all()) == 2


async def test_answer_refuses_viewers_unknown_tickets_empty_text_and_changes_nothing(database: Database) -> None:
    viewer = await make_staff(database, "viewer")
    staff = await make_staff(database, "staff")
    ticket = await make_ticket(database)
    with pytest.raises(PermissionError):
        async with database.uow() as uow:
            await answer_ticket(uow, viewer, ticket.id, "I may not.")
    with pytest.raises(LookupError):
        async with database.uow() as uow:
            await answer_ticket(uow, staff, 999_999, "Nobody asked.")
    with pytest.raises(ValueError):
        async with database.uow() as uow:
            await answer_ticket(uow, staff, ticket.id, "   ")
    async with database.uow() as uow:
        row = await uow.session.get(Ticket, ticket.id)
        assert row is not None and row.status == "open"
        assert (await uow.session.execute(select(OutboxMessage))).first() is None
        assert (await uow.session.execute(select(AuditLog))).first() is None


async def test_reassign_and_close_are_audited_and_checked(database: Database) -> None:
    staff = await make_staff(database, "staff", "a@example.org")
    other = await make_staff(database, "staff", "b@example.org")
    viewer = await make_staff(database, "viewer")
    ticket = await make_ticket(database)
    async with database.uow() as uow:
        await reassign_ticket(uow, staff, ticket.id, other.id)
    with pytest.raises(ValueError):  # a viewer cannot be given questions to answer
        async with database.uow() as uow:
            await reassign_ticket(uow, staff, ticket.id, viewer.id)
    with pytest.raises(LookupError):
        async with database.uow() as uow:
            await reassign_ticket(uow, staff, ticket.id, 424242)
    with pytest.raises(PermissionError):
        async with database.uow() as uow:
            await close_ticket(uow, viewer, ticket.id)
    async with database.uow() as uow:
        closed = await close_ticket(uow, staff, ticket.id)
        assert closed.status == "closed" and closed.closed_at is not None and closed.assigned_to == other.id
    async with database.uow() as uow:
        reopened = await staffdesk.reopen_ticket(uow, staff, ticket.id)
        assert reopened.status == "open" and reopened.closed_at is None
        actions = (await uow.session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars().all()
        assert actions == ["ticket.reassign", "ticket.close", "ticket.reopen"]
        assert (await uow.session.execute(select(OutboxMessage))).first() is None  # closing tells the user nothing


async def test_queue_groups_open_questions_by_topic_and_region_with_guesses(database: Database) -> None:
    from bot.settings import BUNDLED_KNOWLEDGE
    from knowledge.store import KnowledgeStore

    kb = KnowledgeStore(BUNDLED_KNOWLEDGE).kb
    await make_ticket(database, "Fees one?", region="horten")
    await make_ticket(database, "Fees two?", user_ext="u2", region="horten")
    await make_ticket(database, "Something else", user_ext="u3", topic="Rent", region="ostfold")
    done = await make_ticket(database, "Answered one", user_ext="u4")
    staff = await make_staff(database)
    async with database.uow() as uow:
        await answer_ticket(uow, staff, done.id, "Done.")
        user = await uow.users.get("web", "u3")
        assert user is not None
        user.unreachable = True
    async with database.uow() as uow:
        groups = await staffdesk.queue(uow, kb)
    assert [(g.topic, g.region, len(g.items)) for g in groups] == [
        ("Deferral of municipal fees", "horten", 2),
        ("Rent", "ostfold", 1),
    ]
    assert groups[0].items[0].guesses[0].entry_id == "horten-kommunale-avgifter"
    assert [i.ticket.text for i in groups[0].items] == ["Fees one?", "Fees two?"]
    assert groups[1].items[0].unreachable and not groups[0].items[0].unreachable


def test_meeting_window_runs_from_the_previous_weekday_meeting_to_the_coming_one() -> None:
    at, oslo = time(9, 0), "Europe/Oslo"  # 08:00 UTC in March before the clocks change
    tuesday_9, wednesday_9, thursday_9 = (datetime(2026, 3, d, 8, 0, tzinfo=UTC) for d in (24, 25, 26))
    early_wednesday = datetime(2026, 3, 25, 6, 0, tzinfo=UTC)
    assert staffdesk.meeting_window(early_wednesday, at, oslo) == (tuesday_9, wednesday_9)
    during = datetime(2026, 3, 25, 9, 30, tzinfo=UTC)  # the list stays put while the meeting runs
    assert staffdesk.meeting_window(during, at, oslo) == (tuesday_9, wednesday_9)
    afternoon = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)  # preparing tomorrow's meeting
    assert staffdesk.meeting_window(afternoon, at, oslo) == (wednesday_9, thursday_9)
    friday_evening = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    friday_9, monday_9 = datetime(2026, 3, 27, 8, 0, tzinfo=UTC), datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert staffdesk.meeting_window(friday_evening, at, oslo) == (friday_9, monday_9)  # summer time from Sunday
    sunday = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    assert staffdesk.meeting_window(sunday, at, oslo) == (friday_9, monday_9)


async def test_meeting_list_statistics_and_exports(database: Database) -> None:
    staff = await make_staff(database)
    start = datetime.now(UTC) - timedelta(minutes=5)
    ticket = await make_ticket(database, "=SUM(A1) is our rent | too high?")
    async with database.uow() as uow:
        user = await uow.users.get_or_create("web", "u9")
        for decision in ("answer", "answer", "smalltalk", "suggest"):
            q = Question(user_id=user.id, channel="web", text=f"q {decision}", decision=decision,
                         entry_id="horten-kommunale-avgifter" if decision == "answer" else None)  # fmt: skip
            await uow.questions.add(q)
            if decision == "answer":
                await uow.feedback.vote(q.id, user.id, helpful=q.id % 2 == 0)
        await answer_ticket(uow, staff, ticket.id, "Talk to the landlord.")
    async with database.uow() as uow:
        rows = await staffdesk.meeting_questions(uow, start)
        figures = await staffdesk.statistics(uow, days=7, zone="Europe/Oslo")
    assert len(rows) == 4  # small talk is not a question for the meeting
    forwarded = [r for r in rows if r.ticket_id]
    assert [(r.ticket_id, r.ticket_status, r.staff_answer) for r in forwarded] == [
        (ticket.id, "answered", "Talk to the landlord.")
    ]
    csv_text = staffdesk.export_csv(rows, "Europe/Oslo")
    assert csv_text.splitlines()[0].startswith("asked_at,channel,region")
    assert "'=SUM(A1)" in csv_text  # no formula injection into spreadsheets
    md = staffdesk.export_markdown(rows, "Meeting", "Europe/Oslo")
    assert md.startswith("# Meeting\n") and "\\| too high?" in md and "Talk to the landlord." in md
    assert figures.questions == 4 and figures.answered_by_assistant == 2 and figures.forwarded == 1
    assert figures.share_answered == 0.5 and figures.share_forwarded == 0.25
    assert figures.median_hours_to_answer is not None and figures.median_hours_to_answer < 1
    assert (figures.helpful, figures.not_helpful) == (1, 1)
    assert len(figures.per_day) == 7 and figures.per_day[-1][1] == 4
    assert figures.top_unanswered and sum(n for _, n in figures.top_unanswered) == 1  # the suggest one


async def _chat_staff(uow: UnitOfWork) -> list[tuple[str, Staff]]:
    """Staff with a Telegram identity, by that id."""
    stmt = (
        select(StaffIdentity.external_id, Staff)
        .join(Staff, Staff.id == StaffIdentity.staff_id)
        .where(StaffIdentity.channel == "telegram")
        .order_by(StaffIdentity.external_id)
    )
    return [(i, s) for i, s in (await uow.session.execute(stmt)).tuples()]


async def test_staff_telegram_ids_get_a_staff_account_at_start_once(database_url: str) -> None:
    from bot.services import build_services
    from tests.conftest import fresh_database, make_settings

    db = await fresh_database(database_url)
    await db.close()
    first = await build_services(make_settings(database_url, staff_telegram_ids="111, 222"))
    async with first.database.uow() as uow:
        rows = await _chat_staff(uow)
        assert [(int(i), s.role, s.active) for i, s in rows] == [(111, "staff", True), (222, "staff", True)]
        rows = [s for _, s in rows]
        rows[0].active = False  # deactivated on the dashboard: a restart must not undo it
    await first.close()
    again = await build_services(make_settings(database_url, staff_telegram_ids="111,222"))
    async with again.database.uow() as uow:
        assert [(int(i), s.active) for i, s in await _chat_staff(uow)] == [(111, False), (222, True)]
    await again.close()


def test_staff_accounts_from_the_command_line(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from bot.cli import main as sammen

    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")

    def run(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            sammen(list(argv))
        except SystemExit as done:
            return int(done.code or 0)
        return 0

    assert run("staff", "add", "Anna@Forum.no", "--role", "admin", "--name", "Anna", "--password-stdin",
               stdin="a long enough secret\n") == 0  # fmt: skip
    assert "Added anna@forum.no as admin." in capsys.readouterr().out
    assert run("staff", "add", "anna@forum.no", "--password-stdin", stdin="a long enough secret\n") == 1
    assert "already has an account" in capsys.readouterr().err
    assert run("staff", "add", "b@forum.no", "--password-stdin", stdin="short\n") == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert run("staff", "role", "anna@forum.no", "viewer") == 0
    assert run("staff", "deactivate", "anna@forum.no") == 0
    capsys.readouterr()
    assert run("staff", "list") == 0
    listing = capsys.readouterr().out
    assert "viewer" in listing and "anna@forum.no" in listing and "(inactive)" in listing
    assert "a long enough secret" not in listing


def test_passwords_are_argon2id_hashes() -> None:
    from handlers import staff_accounts

    stored = staff_accounts.hash_password("a long enough secret")
    assert stored.startswith("$argon2id$") and "a long enough secret" not in stored
    assert staff_accounts.verify_password(stored, "a long enough secret")
    assert not staff_accounts.verify_password(stored, "a long enough secreT")
    assert not staff_accounts.verify_password(None, "a long enough secret")
    assert not staff_accounts.verify_password("not a hash", "a long enough secret")
