"""Answering from a staff chat: a staff member presses "Answer" under a forwarded question, then replies.

Channel-agnostic: the channel puts who acted into `Incoming.actor_id` (in a Telegram group the
conversation is the group, the actor is the person). Staff are recognised by that id against the
`staff` table, or the configured `STAFF_TELEGRAM_IDS` (such a member gets a staff row on first use).
The waiting answer is kept in the database per staff member, so a restart or another worker loses
nothing; the answer itself goes through the same `answer_ticket` as the dashboard.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.db.models import KeyValue, Staff, Ticket, utcnow
from handlers.actions import Action
from handlers.context import Context
from handlers.i18n import Translator
from handlers.markup import esc

#: The channels whose actor ids are Telegram user ids (the only staff chat so far).
TELEGRAM = "telegram"
#: After pressing "Answer", the staff member's next message within this time is the answer.
ANSWER_TTL = timedelta(minutes=30)


def _key(actor_id: str) -> str:
    return f"staffchat:telegram:{actor_id}"


def _t(ctx: Context) -> Translator:
    """Staff messages use the deployment's default language: the staff chat is shared."""
    return Translator(ctx.config.default_language)


async def staff_of(ctx: Context) -> Staff | None:
    """The acting staff member, or None for anyone else (including a user in their private chat)."""
    from handlers import audit

    actor = ctx.msg.actor_id
    if ctx.msg.channel != TELEGRAM or not actor or not actor.lstrip("-").isdigit():
        return None
    telegram_id = int(actor)
    stmt = select(Staff).where(Staff.telegram_id == telegram_id)
    staff = (await ctx.uow.session.execute(stmt)).scalar_one_or_none()
    if staff is None and telegram_id in ctx.config.staff_telegram_ids:
        staff = Staff(telegram_id=telegram_id, name=ctx.msg.display_name or f"Telegram {telegram_id}", role="staff")
        ctx.uow.session.add(staff)
        await ctx.uow.session.flush()
        await audit.record(ctx.uow, staff, "staff.create", f"staff:{staff.id}", via="STAFF_TELEGRAM_IDS")
    elif staff is not None and not staff.name and ctx.msg.display_name:
        staff.name = ctx.msg.display_name[:200]  # a row made from STAFF_TELEGRAM_IDS at start has no name yet
    return staff if staff is not None and staff.active else None


async def on_answer_button(ctx: Context, action: Action) -> None:
    """`sans|<ticket>`: remember that this staff member is answering, and ask for the text."""
    from handlers import audit, staffdesk  # the staff use cases import this package's escalation

    t = _t(ctx)
    staff = await staff_of(ctx)
    if staff is None:
        ctx.say(t("staff-not-staff"))
        return
    raw = action.arg(0)
    ticket = await ctx.uow.session.get(Ticket, int(raw)) if raw.isdigit() else None
    if ticket is None or ticket.status in ("withdrawn", "closed"):
        ctx.say(t("staff-ticket-gone", number=esc(raw)))
        return
    if not staffdesk.can(staff, "answer"):
        ctx.say(t("staff-not-allowed"))
        return
    value = json.dumps({"ticket": ticket.id, "chat": ctx.msg.user_id, "at": utcnow().isoformat()})
    row = await ctx.uow.session.get(KeyValue, _key(ctx.msg.actor_id or ""))
    if row is None:
        ctx.uow.session.add(KeyValue(key=_key(ctx.msg.actor_id or ""), value=value))
    else:
        row.value = value
    await audit.record(ctx.uow, staff, "ticket.answer_started", f"ticket:{ticket.id}", via="telegram")
    name = esc(staffdesk.staff_label(staff))
    prompt = t("staff-answer-prompt", name=name, number=ticket.id, text=esc(_short(ticket.text)))
    if ticket.status == "answered":  # the notice is still in the chat: someone may have answered already
        prompt += "\n" + t("staff-already-answered", number=ticket.id)
    ctx.say(prompt)


async def take_answer(ctx: Context, text: str) -> bool:
    """If this typed text is a staff member's awaited answer, send it; True when the text is taken.

    Other talk in the staff chat is taken too, and left unanswered: it is staff talking, not a question.
    """
    from handlers import staffdesk

    if ctx.msg.channel != TELEGRAM or not ctx.msg.actor_id or text.lstrip().startswith("/"):
        return False
    in_staff_chat = ctx.config.staff_chat_id is not None and ctx.msg.user_id == ctx.config.staff_chat_id
    if not in_staff_chat:
        return False  # "Answer" buttons are only ever posted in the staff chat: no lookup on the hot path
    row = await ctx.uow.session.get(KeyValue, _key(ctx.msg.actor_id))
    waiting = json.loads(row.value) if row is not None else {}
    if row is None or waiting.get("chat") != ctx.msg.user_id:
        return in_staff_chat  # elsewhere (e.g. privately to the bot) it is not the awaited answer
    await ctx.uow.session.delete(row)
    if utcnow() - datetime.fromisoformat(waiting.get("at", "2000-01-01T00:00:00+00:00")) > ANSWER_TTL:
        return in_staff_chat  # pressed long ago: this is more likely talk than the answer
    t = _t(ctx)
    staff = await staff_of(ctx)
    if staff is None:
        ctx.say(t("staff-not-staff"))
        return True
    ticket_id = int(waiting["ticket"])
    try:
        await staffdesk.answer_ticket(ctx.uow, staff, ticket_id, text)
    except PermissionError:
        ctx.say(t("staff-not-allowed"))
    except (LookupError, ValueError):
        ctx.say(t("staff-ticket-gone", number=ticket_id))
    else:
        ctx.say(t("staff-answer-sent", name=esc(staffdesk.staff_label(staff)), number=ticket_id))
    return True


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
