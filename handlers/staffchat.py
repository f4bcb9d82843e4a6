"""Answering from a staff chat: a staff member presses "Answer" under a forwarded question, then replies.

Channel-agnostic: the channel puts who acted into `Incoming.actor_id` (in a Telegram group the
conversation is the group, the actor is the person). Staff are recognised by (channel, that id)
against their chat identities (`staff_identities`), or the configured staff ids (`CoreConfig.staff_ids`,
from STAFF_TELEGRAM_IDS; such a member gets a staff row on first use). The staff conversation is
`CoreConfig.staff_chat`, on whichever channel it is configured.
The waiting answer is kept in the database per staff member, so a restart or another worker loses
nothing; the answer itself goes through the same `answer_ticket` as the dashboard.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from handlers import staffdesk
from handlers.context import Context
from handlers.errors import NotAllowed, TicketNotFound, TicketWithdrawn
from handlers.escalation import StaffAnswer
from handlers.feature import Feature
from handlers.i18n import Translator
from handlers.markup import esc, short
from storage import audit
from storage.models import KeyValue, Staff, Ticket, utcnow
from storage.states import TicketStatus

#: After pressing "Answer", the staff member's next message within this time is the answer.
ANSWER_TTL = timedelta(minutes=30)

feature = Feature("staffchat")


def _key(channel: str, actor_id: str) -> str:
    return f"staffchat:{channel}:{actor_id}"


def _t(ctx: Context) -> Translator:
    """Staff messages use the deployment's default language: the staff chat is shared."""
    return Translator(ctx.config.default_language)


async def staff_of(ctx: Context) -> Staff | None:
    """The acting staff member, or None for anyone else (including a user in their private chat)."""
    actor, channel = ctx.msg.actor_id, ctx.msg.channel
    if not actor:
        return None
    staff = await ctx.uow.staff.by_identity(channel, actor)
    if staff is None and (channel, actor) in ctx.config.staff_ids:
        name = ctx.msg.display_name or f"{channel.capitalize()} {actor}"
        staff = await ctx.uow.staff.add_with_identity(channel, actor, name=name, role="staff")
        await audit.record(ctx.uow, staff, "staff.create", f"staff:{staff.id}", via="staff ids setting")
    elif staff is not None and not staff.name and ctx.msg.display_name:
        staff.name = ctx.msg.display_name[:200]  # a row made from the staff ids setting at start has no name yet
    return staff if staff is not None and staff.active else None


@feature.action(StaffAnswer)
async def on_answer_button(ctx: Context, data: StaffAnswer) -> None:
    """Remember that this staff member is answering, and ask for the text."""
    t = _t(ctx)
    staff = await staff_of(ctx)
    if staff is None:
        ctx.say(t("staff-not-staff"))
        return
    ticket = await ctx.uow.session.get(Ticket, data.ticket)
    if ticket is None or ticket.status in (TicketStatus.WITHDRAWN, TicketStatus.CLOSED):
        ctx.say(t("staff-ticket-gone", number=data.ticket))
        return
    if not staffdesk.can(staff, "answer"):
        ctx.say(t("staff-not-allowed"))
        return
    value = json.dumps({"ticket": ticket.id, "chat": ctx.msg.user_id, "at": utcnow().isoformat()})
    key = _key(ctx.msg.channel, ctx.msg.actor_id or "")
    row = await ctx.uow.session.get(KeyValue, key)
    if row is None:
        ctx.uow.session.add(KeyValue(key=key, value=value))
    else:
        row.value = value
    await audit.record(ctx.uow, staff, "ticket.answer_started", f"ticket:{ticket.id}", via=ctx.msg.channel)
    name = esc(staffdesk.staff_label(staff))
    prompt = t("staff-answer-prompt", name=name, number=ticket.id, text=esc(short(ticket.text, 300)))
    if ticket.status == TicketStatus.ANSWERED:  # the notice is still in the chat: someone may have answered already
        prompt += "\n" + t("staff-already-answered", number=ticket.id)
    ctx.say(prompt)


@feature.text_hook
async def take_answer(ctx: Context, text: str) -> bool:
    """If this typed text is a staff member's awaited answer, send it; True when the text is taken.

    Other talk in the staff chat is taken too, and left unanswered: it is staff talking, not a question.
    """
    if not ctx.msg.actor_id or text.lstrip().startswith("/"):
        return False
    in_staff_chat = ctx.config.staff_chat == (ctx.msg.channel, ctx.msg.user_id)
    if not in_staff_chat:
        return False  # "Answer" buttons are only ever posted in the staff chat: no lookup on the hot path
    row = await ctx.uow.session.get(KeyValue, _key(ctx.msg.channel, ctx.msg.actor_id))
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
    except NotAllowed:
        ctx.say(t("staff-not-allowed"))
    except (TicketNotFound, TicketWithdrawn):
        ctx.say(t("staff-ticket-gone", number=ticket_id))
    else:
        ctx.say(t("staff-answer-sent", name=esc(staffdesk.staff_label(staff)), number=ticket_id))
    return True
