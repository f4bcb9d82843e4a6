"""Asking a person: forwarding a question to the staff's advisory meeting, and what the user sees after.

The user side of the staff desk. A question the assistant could not answer is offered to the staff;
on confirmation it becomes a `Ticket` with the assistant's guesses. A staff answer (from the dashboard
or the staff chat) comes back through the outbox with "solved" and "follow-up" buttons; a follow-up
reopens the same ticket. Messages the user did not just ask for always go through the outbox, so a
crash never loses one and never sends one twice.

The staff chat's notice of a question follows its ticket: once the ticket is answered, closed or
withdrawn, an outbox row edits the notice (its text plus one line saying so, and no Answer button);
see `update_staff_notice`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names
from sqlalchemy import func, select, update

from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.feature import Erasing, Feature
from handlers.i18n import Translator
from handlers.markup import bold, esc, short
from handlers.menu import Menu, back_to_menu
from handlers.questions import answer_language, ask_and_record, own_question
from handlers.regions import name_of
from handlers.types import Button, Reply
from storage.models import DialogState, OutboxMessage, Question, Ticket, TicketMessage, User, aware, utcnow
from storage.outbox import OutboxRepository
from storage.states import OutboxStatus, TicketStatus

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from storage.uow import UnitOfWork

#: Dialog flows of this module (kept in `dialog_states`, so a restart loses nothing).
FORWARD = "forward"
FOLLOWUP = "followup"
FLOWS = (FORWARD, FOLLOWUP)
#: Outbox channel for messages to the staff; the wiring maps it to the staff chat (if one is set up).
STAFF_CHANNEL = "staff"
STAFF_ADDRESS = "staff"
#: `ref["kind"]` of a staff notice (a new question or a follow-up) and of an edit of one, in the outbox.
NOTICE = "staff-notice"
NOTICE_EDIT = "staff-notice-edit"
#: A waiting "type your question" step older than this is forgotten: the text is then a normal question.
DIALOG_TTL = timedelta(hours=2)
OPEN, ANSWERED = TicketStatus.OPEN, TicketStatus.ANSWERED
CLOSED, WITHDRAWN = TicketStatus.CLOSED, TicketStatus.WITHDRAWN
#: How much of the question is quoted back in a relayed answer or a staff message.
QUOTE_CHARS = 200

feature = Feature("escalation")


@dataclass(frozen=True, slots=True)
class Forward(CallbackData, prefix="forward"):
    """Offer to forward a stored question; with a choice, the user's answer to "send it?"."""

    question: int
    choice: Literal["yes", "no"] | None = None


@dataclass(frozen=True, slots=True)
class Human(CallbackData, prefix="human"):
    choice: Literal["cancel"] | None = None


@dataclass(frozen=True, slots=True)
class Withdraw(CallbackData, prefix="wd"):
    ticket: int


@dataclass(frozen=True, slots=True)
class Solved(CallbackData, prefix="solved"):
    ticket: int


@dataclass(frozen=True, slots=True)
class FollowUp(CallbackData, prefix="followup"):
    ticket: int


@dataclass(frozen=True, slots=True)
class StaffAnswer(CallbackData, prefix="sans"):
    """The Answer button under a question in the staff chat (handled in `handlers.staffchat`)."""

    ticket: int


# ---------------------------------------------------------------------------------------- relaying
async def relay_answer(uow: UnitOfWork, ticket: Ticket, user: User, text: str, *, staff_name: str | None) -> None:
    """Queue a staff answer for the user, in the language of their question, with solved/follow-up buttons.

    Called by the staff use cases in the caller's unit of work, so the answer and its delivery are
    committed together; the outbox worker sends it once.
    """
    t = Translator(ticket.language or user.language or "nb")
    parts = [t("relay-intro", question=esc(short(ticket.text, QUOTE_CHARS))), esc(text.strip())]
    if staff_name:
        parts.append(t("relay-signature", name=esc(staff_name)))
    buttons = [
        [
            Button(t("relay-solved"), Solved(ticket.id).pack()),
            Button(t("relay-followup"), FollowUp(ticket.id).pack()),
        ]
    ]
    reply = Reply("\n\n".join(parts), buttons, t.lang)
    await OutboxRepository(uow.session).to_user(user, [reply], ref={"ticket": ticket.id})


# ---------------------------------------------------------------------------------------- when
def next_meeting(now: datetime, timezone: str, at: time) -> datetime:
    """The next advisory meeting after `now`: weekdays at `at` in `timezone` (today if it is still ahead)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    day = local.date()
    while True:
        meeting = datetime.combine(day, at, tzinfo=zone)
        if day.weekday() < 5 and meeting > local:
            return meeting
        day += timedelta(days=1)


def describe_meeting(t: Translator, when: datetime) -> str:
    """"Tuesday 24 November at 09:00" in the user's language: names from CLDR, word order from the catalogue."""
    locale = {"nb": "nb_NO", "da": "da_DK", "sv": "sv_SE", "en": "en_GB"}[t.lang]
    return t(
        "meeting-when",
        weekday=get_day_names("wide", locale=locale)[when.weekday()],
        day=str(when.day),
        month=get_month_names("wide", locale=locale)[when.month],
        time=clock(t, when.time()),
    )


def clock(t: Translator, at: time) -> str:
    return t("clock", hh=f"{at.hour:02d}", mm=f"{at.minute:02d}")


def _expected(ctx: Context, t: Translator) -> str:
    when = next_meeting(utcnow(), ctx.config.timezone, ctx.config.advisory_meeting_time)
    return describe_meeting(t, when)


# ---------------------------------------------------------------------------------------- the offer
def offer_buttons(t: Translator, question_id: int) -> list[list[Button]]:
    """What an abstaining answer offers: a person at the advisory meeting, or the contact list."""
    return [
        [Button(t("menu-human"), Forward(question_id).pack())],
        [Button(t("menu-contacts"), Menu("contacts").pack())],
    ]


async def _own_ticket(ctx: Context, ticket_id: int | None) -> Ticket | None:
    if ticket_id is None:
        return None
    ticket = await ctx.uow.session.get(Ticket, ticket_id)
    return ticket if ticket is not None and ticket.user_id == ctx.user.id else None


@feature.action(Forward)
async def on_forward(ctx: Context, data: Forward) -> None:
    """Without a choice: ask for confirmation; "yes" sends the question, "no" does not."""
    question = await own_question(ctx, data.question)
    if question is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    t = Translator(_question_language(ctx, question))
    choice = data.choice
    if choice == "no":
        ctx.say(t("forward-cancelled"), back_to_menu(ctx))
        return
    existing = await _ticket_for_question(ctx, question.id)
    if existing is not None:
        ctx.say(t("forward-already", number=existing.id, when=_expected(ctx, t)), back_to_menu(ctx))
        return
    if choice != "yes":
        ctx.say(
            t("forward-confirm", time=clock(t, ctx.config.advisory_meeting_time)),
            [
                [
                    Button(t("forward-yes"), Forward(question.id, "yes").pack()),
                    Button(t("forward-no"), Forward(question.id, "no").pack()),
                ]
            ],
        )
        return
    ticket = await create_ticket(ctx, question.text, question, t.lang)
    ctx.say(t("forward-done", number=ticket.id, when=_expected(ctx, t)), back_to_menu(ctx))


def _question_language(ctx: Context, question: Question) -> str:
    """The language the user was answered in: a longer question's own language, else the interface's."""
    return answer_language(ctx, question.text, question.language)


async def _ticket_for_question(ctx: Context, question_id: int) -> Ticket | None:
    stmt = select(Ticket).where(Ticket.question_id == question_id, Ticket.status != WITHDRAWN).limit(1)
    return (await ctx.uow.session.execute(stmt)).scalar_one_or_none()


async def create_ticket(ctx: Context, text: str, question: Question | None, lang: str) -> Ticket:
    """Store the forwarded question with the assistant's guesses, and tell the staff."""
    guesses = _guesses(question)
    ticket = Ticket(
        user_id=ctx.user.id,
        question_id=question.id if question else None,
        channel=ctx.msg.channel,
        text=text,
        language=lang,
        region=ctx.user.region,
        guesses=guesses,
        topic=_topic(ctx, guesses, lang),
        status=OPEN,
    )
    ctx.uow.session.add(ticket)
    await ctx.uow.session.flush()
    message = TicketMessage(ticket_id=ticket.id, author="user", text=text)
    ctx.uow.session.add(message)
    await ctx.uow.session.flush()
    await notify_staff(ctx, ticket, message, followup=False)
    return ticket


def _guesses(question: Question | None) -> list[dict[str, Any]]:
    """The engine's best entry first with its score, then the other suggestions (no score of their own)."""
    if question is None:
        return []
    ids = [question.entry_id] if question.entry_id else []
    ids += [s for s in question.suggestions if s not in ids]
    return [{"entry": e, "score": round(question.score, 3) if i == 0 else None} for i, e in enumerate(ids)]


def _topic(ctx: Context, guesses: list[dict[str, Any]], lang: str) -> str | None:
    entry = ctx.knowledge.kb.entry(guesses[0]["entry"]) if guesses else None
    if entry is None:
        return None
    return short(entry.display_title(lang) or (entry.tags[0] if entry.tags else entry.id), 120)


# ---------------------------------------------------------------------------------------- typed question
@feature.command("human", order=40)
async def human_command(ctx: Context, args: str) -> None:
    """`/human [question]`: forward the question given, or wait for the next typed text."""
    if args.strip():
        await _forward_typed(ctx, args)
        return
    await ctx.uow.dialogs.set(ctx.user.id, FORWARD, "text")
    ctx.say(ctx.t("human-prompt"), [[Button(ctx.t("human-cancel"), Human("cancel").pack())]])


@feature.action(Human)
async def on_human(ctx: Context, data: Human) -> None:
    if data.choice == "cancel":
        state = await ctx.uow.dialogs.get(ctx.user.id)
        if state is not None and state.flow in FLOWS:
            await ctx.uow.dialogs.clear(ctx.user.id)
        ctx.say(ctx.t("human-cancelled"), back_to_menu(ctx))
    else:
        await human_command(ctx, "")


@feature.flow(FORWARD, FOLLOWUP)
async def on_text(ctx: Context, state: DialogState, text: str) -> bool:
    """Typed text while a forward or follow-up waits for it; False when the wait has expired.

    The dialog is cleared only after the ticket is written: asking the engine may commit what came
    before (SQLite lets go of its lock while the engine thinks), and a crash in between must leave the
    user still waiting to forward, not with a question answered as if it were an ordinary one."""
    if utcnow() - aware(state.updated_at) > DIALOG_TTL:
        await ctx.uow.dialogs.clear(ctx.user.id)
        return False
    if state.flow == FORWARD:
        await _forward_typed(ctx, text)
        await ctx.uow.dialogs.clear(ctx.user.id)
        return True
    await ctx.uow.dialogs.clear(ctx.user.id)
    raw = state.data.get("ticket")
    ticket = await _own_ticket(ctx, raw if isinstance(raw, int) else None)
    if ticket is None or ticket.status in (CLOSED, WITHDRAWN):
        return False
    await add_followup(ctx, ticket, text)
    return True


async def _forward_typed(ctx: Context, text: str) -> None:
    """A question typed for a person: the engine's guesses are still recorded for the staff."""
    text = text.strip()
    _decision, question = await ask_and_record(ctx, text)
    t = Translator(_question_language(ctx, question))
    ticket = await create_ticket(ctx, text, question, t.lang)
    ctx.say(t("forward-done", number=ticket.id, when=_expected(ctx, t)), back_to_menu(ctx))


# ---------------------------------------------------------------------------------------- my questions
@feature.command("questions", order=50)
async def show_questions(ctx: Context, _args: str = "") -> None:
    """`/questions`: the user's open questions, each with a withdraw button."""
    stmt = (
        select(Ticket).where(Ticket.user_id == ctx.user.id, Ticket.status == OPEN).order_by(Ticket.id.desc()).limit(10)
    )
    tickets = list((await ctx.uow.session.execute(stmt)).scalars())
    if not tickets:
        ctx.say(ctx.t("questions-none"), back_to_menu(ctx))
        return
    zone = ZoneInfo(ctx.config.timezone)
    lines = [bold(ctx.t("questions-title"))]
    for ticket in tickets:
        created = aware(ticket.created_at).astimezone(zone)
        lines.append(
            ctx.t("questions-item", number=ticket.id, date=created.strftime("%d.%m."), text=esc(short(ticket.text, 80)))
        )
    buttons = [[Button(ctx.t("questions-withdraw", number=t.id), Withdraw(t.id).pack())] for t in tickets]
    buttons.append([Button(ctx.t("menu-open"), Menu("open").pack())])
    ctx.say("\n".join(lines), buttons)


@feature.action(Withdraw)
async def on_withdraw(ctx: Context, data: Withdraw) -> None:
    ticket = await _own_ticket(ctx, data.ticket)
    if ticket is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    if ticket.status != OPEN:
        ctx.say(ctx.t("ticket-not-open", number=ticket.id), back_to_menu(ctx))
        return
    ticket.status, ticket.closed_at = WITHDRAWN, utcnow()
    await update_staff_notice(ctx.uow.session, ticket, "staff-notice-withdrawn")
    ctx.say(ctx.t("withdrawn", number=ticket.id), back_to_menu(ctx))


# ---------------------------------------------------------------------------------------- after an answer
@feature.action(Solved)
async def on_solved(ctx: Context, data: Solved) -> None:
    ticket = await _own_ticket(ctx, data.ticket)
    if ticket is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    t = Translator(ticket.language or ctx.lang)
    if ticket.status == OPEN:  # a follow-up the staff have not answered: its notice must stop inviting one
        await update_staff_notice(ctx.uow.session, ticket, "staff-notice-solved")
    if ticket.status not in (CLOSED, WITHDRAWN):
        ticket.status, ticket.closed_at = CLOSED, utcnow()
    ctx.say(t("solved-thanks", number=ticket.id), back_to_menu(ctx))


@feature.action(FollowUp)
async def on_followup(ctx: Context, data: FollowUp) -> None:
    ticket = await _own_ticket(ctx, data.ticket)
    if ticket is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    t = Translator(ticket.language or ctx.lang)
    if ticket.status == WITHDRAWN:
        ctx.say(t("ticket-not-open", number=ticket.id), back_to_menu(ctx))
        return
    await ctx.uow.dialogs.set(ctx.user.id, FOLLOWUP, "text", {"ticket": ticket.id})
    ctx.say(t("followup-prompt", number=ticket.id), [[Button(t("human-cancel"), Human("cancel").pack())]])


async def add_followup(ctx: Context, ticket: Ticket, text: str) -> None:
    """The follow-up joins the same thread and puts the ticket back in the staff's queue."""
    message = TicketMessage(ticket_id=ticket.id, author="user", text=text.strip())
    ctx.uow.session.add(message)
    ticket.status, ticket.closed_at, ticket.updated_at = OPEN, None, utcnow()
    await ctx.uow.session.flush()
    await notify_staff(ctx, ticket, message, followup=True)
    t = Translator(ticket.language or ctx.lang)
    ctx.say(t("followup-done", number=ticket.id, when=_expected(ctx, t)), back_to_menu(ctx))


# ---------------------------------------------------------------------------------------- the staff
async def notify_staff(ctx: Context, ticket: Ticket, message: TicketMessage, *, followup: bool) -> None:
    """Queue the new question (or follow-up) for the staff chat, in the staff's (default) language.

    One outbox row per user message (its id is the dedupe key), whoever or whatever enqueues it.
    """
    text = message.text
    t = Translator(ctx.config.default_language)
    user = ctx.user
    who = user.display_name or t("staff-unknown-user")
    if user.business_name:
        who = f"{who}, {user.business_name}"
    head = t(
        "staff-followup" if followup else "staff-new",
        number=ticket.id,
        who=esc(who),
        channel=ticket.channel,
        language=ticket.language or "?",
        region=esc(name_of(ctx, ticket.region) or ticket.region or t("staff-no-region")),
    )
    parts = [head, "“" + esc(short(text, 1500)) + "”"]
    if followup:
        parts.append(t("staff-original", text=esc(short(ticket.text, QUOTE_CHARS))))
    titles = []
    for guess in ticket.guesses[:3]:
        entry = ctx.knowledge.kb.entry(guess["entry"])
        title = entry.display_title(t.lang) if entry else guess["entry"]
        score = guess.get("score")
        titles.append(esc(short(title, 80)) + (f" ({score:.2f})" if isinstance(score, float) else ""))
    parts.append(t("staff-guesses", guesses="; ".join(titles)) if titles else t("staff-no-guesses"))
    button = Button(t("staff-answer-button", number=ticket.id), StaffAnswer(ticket.id).pack())
    ref = {"ticket": ticket.id, "kind": NOTICE, "message": message.id, "lang": t.lang}
    await OutboxRepository(ctx.uow.session).enqueue(
        STAFF_CHANNEL,
        STAFF_ADDRESS,
        [Reply("\n\n".join(parts), [[button]])],
        dedupe_key=notice_key(ticket.id, message.id),
        ref=ref,
    )


def notice_key(ticket_id: int, message_id: int) -> str:
    """The outbox dedupe key of the staff notice for one user message (the question or a follow-up)."""
    return f"staff:ticket:{ticket_id}:message:{message_id}"


async def _newest_user_message(session: AsyncSession, ticket_id: int) -> int | None:
    stmt = select(func.max(TicketMessage.id)).where(
        TicketMessage.ticket_id == ticket_id, TicketMessage.author == "user"
    )
    return (await session.execute(stmt)).scalar()


async def latest_notice(session: AsyncSession, ticket_id: int) -> OutboxMessage | None:
    """The outbox row of the ticket's newest notice: the one for the user's latest message.

    Once delivered, its `external_id` is the notice's message id in the staff chat (the one an edit
    replaces); nothing else keeps a copy of it.
    """
    message_id = await _newest_user_message(session, ticket_id)
    if message_id is None:
        return None
    stmt = select(OutboxMessage).where(OutboxMessage.dedupe_key == notice_key(ticket_id, message_id))
    return (await session.execute(stmt)).scalar_one_or_none()


async def update_staff_notice(
    session: AsyncSession, ticket: Ticket, key: str, *, name: str | None = None, answerable: bool = False
) -> bool:
    """Queue an edit of the ticket's staff-chat notice: its text, one more line (`key`, a Fluent message,
    with `name`), and no Answer button any more (with `answerable`, as after a reopen, the button stays).
    False when there is no notice to edit.

    Only the newest notice is edited (a ticket with follow-ups has one notice per user message; the
    newest is the one whose button still invites an answer). The line is written in the notice's own
    language, the deployment's default when it was posted, and always follows the notice's original
    text: a later change (answered, then closed) replaces the line instead of adding a second one.

    The edit is an outbox row like any other (committed with the change, delivered at most once). It
    waits while the notice itself is still queued or being sent, and is skipped when the notice was
    never delivered; a later follow-up posts a fresh notice with a fresh button.
    """
    notice = await latest_notice(session, ticket.id)
    if notice is None or not notice.payload:
        return False
    original = Reply.from_dict(notice.payload[-1])
    lang = notice.ref.get("lang") if isinstance(notice.ref, dict) else None
    t = Translator(lang if isinstance(lang, str) else "nb")
    line = t(key, name=esc(name or ""), number=ticket.id)
    reply = Reply(original.text + "\n\n" + line, original.buttons if answerable else [])
    ref = {"ticket": ticket.id, "kind": NOTICE_EDIT}
    await OutboxRepository(session).enqueue(notice.channel, notice.address, [reply], ref=ref, edits=notice.id)
    return True


feature.menu_item("menu-human", "human", order=30)
feature.menu_item("menu-questions", "questions", order=40)


async def _export_tickets(uow: UnitOfWork, user: User) -> list[dict[str, object]]:
    tickets = (await uow.session.execute(select(Ticket).where(Ticket.user_id == user.id).order_by(Ticket.id))).scalars()
    found = []
    for ticket in tickets:
        thread = select(TicketMessage).where(TicketMessage.ticket_id == ticket.id, TicketMessage.author != "note")
        messages = (await uow.session.execute(thread.order_by(TicketMessage.id))).scalars()
        found.append({
            "number": ticket.id, "status": str(ticket.status), "asked": aware(ticket.created_at).isoformat(),
            "thread": [{"from": m.author, "text": m.text} for m in messages],
        })  # fmt: skip
    return found


async def _erase_tickets(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    """Open questions are withdrawn; the words of every question and of its thread go."""
    ids = select(Ticket.id).where(Ticket.user_id == user.id).scalar_subquery()
    await uow.session.execute(
        update(Ticket).where(Ticket.user_id == user.id, Ticket.status == OPEN).values(status=WITHDRAWN)
    )
    await uow.session.execute(update(Ticket).where(Ticket.user_id == user.id).values(text=""))
    await uow.session.execute(update(TicketMessage).where(TicketMessage.ticket_id.in_(ids)).values(text=""))
    # The staff chat's copies of their questions (already shown there; not kept here any longer).
    numbers = set((await uow.session.execute(select(Ticket.id).where(Ticket.user_id == user.id))).scalars())
    staff_rows = (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.channel == STAFF_CHANNEL)))
    for row in staff_rows.scalars():
        if isinstance(row.ref, dict) and row.ref.get("ticket") in numbers:
            row.payload = [{"text": "", "buttons": []}]
            if row.status == OutboxStatus.PENDING:  # not sent yet: now never (there is nothing left to say)
                row.status, row.error = OutboxStatus.SKIPPED, "the user's data was erased"


feature.stores("questions to the staff", _export_tickets, _erase_tickets)
