"""Asking a person: forwarding a question to the staff's advisory meeting, and what the user sees after.

The user side of the staff desk. A question the assistant could not answer is offered to the staff;
on confirmation it becomes a `Ticket` with the assistant's guesses. A staff answer (from the dashboard
or the staff chat) comes back through the outbox with "solved" and "follow-up" buttons; a follow-up
reopens the same ticket. Messages the user did not just ask for always go through the outbox, so a
crash never loses one and never sends one twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.db.models import Ticket, User
from bot.db.outbox import OutboxRepository
from handlers.actions import encode
from handlers.i18n import Translator
from handlers.markup import esc
from handlers.types import Button, Reply

if TYPE_CHECKING:
    from bot.db.uow import UnitOfWork

#: Dialog flows of this module (kept in `dialog_states`, so a restart loses nothing).
FORWARD = "forward"
FOLLOWUP = "followup"
FLOWS = (FORWARD, FOLLOWUP)
#: Outbox channel for messages to the staff; the wiring maps it to the staff chat (if one is set up).
STAFF_CHANNEL = "staff"
STAFF_ADDRESS = "staff"
#: A waiting "type your question" step older than this is forgotten: the text is then a normal question.
DIALOG_TTL = timedelta(hours=2)
#: Ticket statuses the user still waits on.
OPEN = "open"
ANSWERED = "answered"
CLOSED = "closed"
WITHDRAWN = "withdrawn"
#: How much of the question is quoted back in a relayed answer or a staff message.
QUOTE_CHARS = 200


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------- relaying
async def relay_answer(uow: UnitOfWork, ticket: Ticket, user: User, text: str, *, staff_name: str | None) -> None:
    """Queue a staff answer for the user, in the language of their question, with solved/follow-up buttons.

    Called by the staff use cases in the caller's unit of work, so the answer and its delivery are
    committed together; the outbox worker sends it once.
    """
    t = Translator(ticket.language or user.language or "nb")
    parts = [t("relay-intro", question=esc(short(ticket.text))), esc(text.strip())]
    if staff_name:
        parts.append(t("relay-signature", name=esc(staff_name)))
    buttons = [
        [
            Button(t("relay-solved"), encode("solved", ticket.id)),
            Button(t("relay-followup"), encode("followup", ticket.id)),
        ]
    ]
    await OutboxRepository(uow.session).to_user(user, [Reply("\n\n".join(parts), buttons)], ref={"ticket": ticket.id})
