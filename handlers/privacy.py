"""Personal data under the user's control: what is stored (`/privacy`), a copy of it (`/mydata`), and
erasing it (`/deleteme`); staff can do the same on request. Retention: old questions lose their words.

Every feature registers what it stores (`Feature.stores`), so export and erase reach the data of
features added later without changes here.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from handlers import i18n
from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.feature import Erasing, Feature, Registry
from handlers.markup import bold, esc
from handlers.menu import back_to_menu
from handlers.types import Attachment, Button
from storage import audit
from storage.models import OutboxMessage, Question, Staff, Ticket, TicketMessage, User, utcnow
from storage.states import OutboxStatus, TicketStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from storage.database import Database
    from storage.uow import UnitOfWork

feature = Feature("privacy")


@dataclass(frozen=True, slots=True)
class DeleteMe(CallbackData, prefix="del"):
    confirm: bool


@feature.command("privacy", order=95)
async def show_privacy(ctx: Context, _args: str = "") -> None:
    ctx.say(ctx.t("privacy-notice", days=ctx.config.retention_days), back_to_menu(ctx))


def _in_a_group(ctx: Context) -> bool:
    """A group conversation (on Telegram the user row is the chat): its data is not one person's."""
    return ctx.msg.actor_id is not None and ctx.msg.actor_id != ctx.msg.user_id


@feature.command("mydata", order=96)
async def my_data(ctx: Context, _args: str = "") -> None:
    """Everything stored about the user: a readable summary, and all of it as a JSON file."""
    if _in_a_group(ctx):
        ctx.say(ctx.t("privacy-private-only"), back_to_menu(ctx))
        return
    data = await export_user(ctx.uow, ctx.user, ctx.registry)
    lines = [bold(ctx.t("mydata-title"))]
    for name, value in data["data"].items():
        count = len(value) if isinstance(value, list) else sum(v is not None for v in value.values())
        key = "mydata-kind-" + name.replace(" ", "-")  # the file keeps the names; the summary is in words
        lines.append(ctx.t("mydata-item", kind=ctx.t(key) if key in i18n.keys(ctx.lang) else esc(name), count=count))
    lines.append(ctx.t("mydata-file"))
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
    ctx.say("\n".join(lines), back_to_menu(ctx), attachment=Attachment("sammen-mydata.json", "application/json", body))


@feature.command("deleteme", order=97)
async def delete_me(ctx: Context, _args: str = "") -> None:
    if _in_a_group(ctx):
        ctx.say(ctx.t("privacy-private-only"), back_to_menu(ctx))
        return
    ctx.say(
        ctx.t("deleteme-confirm"),
        [[Button(ctx.t("deleteme-yes"), DeleteMe(True).pack()), Button(ctx.t("deleteme-no"), DeleteMe(False).pack())]],
    )


@feature.action(DeleteMe)
async def on_delete_me(ctx: Context, data: DeleteMe) -> None:
    if not data.confirm:
        ctx.say(ctx.t("deleteme-cancelled"), back_to_menu(ctx))
        return
    if _in_a_group(ctx):
        ctx.say(ctx.t("privacy-private-only"), back_to_menu(ctx))
        return
    goodbye = ctx.t("deleteme-done")  # in the user's language, before the language is erased too
    await erase_user(ctx.uow, ctx.user, ctx.registry, Erasing(ctx.knowledge, ctx.config), by=None)
    ctx.say(goodbye)


async def export_user(uow: UnitOfWork, user: User, registry: Registry) -> dict[str, Any]:
    """What every feature stores about `user`, by the name it registered."""
    return {
        "exported_at": utcnow().isoformat(),
        "data": {kind.name: await kind.export(uow, user) for kind in registry.personal_data},
    }


async def erase_user(uow: UnitOfWork, user: User, registry: Registry, erasing: Erasing, *,
                     by: Staff | None) -> None:  # fmt: skip
    """Erase the user's personal data: each feature's, pending messages to them, and the identity that
    links the rest to a person. The statistics keep their counts (questions stay, without words or a
    person). Audited; once committed, scrubbed from the database files (`scrub_after_commit`)."""
    for kind in registry.personal_data:
        await kind.erase(uow, user, erasing)
    await uow.session.execute(
        delete(OutboxMessage).where(OutboxMessage.user_id == user.id, OutboxMessage.status == OutboxStatus.PENDING)
    )
    await uow.session.execute(
        update(OutboxMessage).where(OutboxMessage.user_id == user.id).values(payload=[], address_ref={})
    )
    await audit.record(uow, by, "user.erase", f"user:{user.id}", channel=user.channel, on_request=by is not None)
    user.external_id = f"erased:{secrets.token_hex(8)}"  # the chat id or cookie: nothing leads back
    user.display_name = user.language = user.region = None
    user.business_name = user.org_number = user.org_country = None
    user.address_ref = None
    user.onboarded = False
    uow.scrub_after_commit()


@feature.job("privacy-retention", cron=lambda config: {"hour": 3, "minute": 15})
async def retention_job(database: Database, config: CoreConfig) -> int:
    """Nightly: questions and forwarded questions older than RETENTION_DAYS lose their words."""
    async with database.uow() as uow:
        return await anonymise_older_than(uow, timedelta(days=config.retention_days))


async def anonymise_older_than(uow: UnitOfWork, age: timedelta, now: datetime | None = None) -> int:
    """Questions, and closed or answered tickets with their threads, older than `age`: words removed.
    Open tickets keep theirs until they are answered. The number of rows changed."""
    cutoff = (now or utcnow()) - age
    questions = await uow.session.execute(
        update(Question).where(Question.created_at < cutoff, Question.text != "").values(text="")
    )
    old_tickets = select(Ticket.id).where(Ticket.created_at < cutoff, Ticket.status != TicketStatus.OPEN)
    messages = await uow.session.execute(
        update(TicketMessage)
        .where(TicketMessage.ticket_id.in_(old_tickets.scalar_subquery()), TicketMessage.text != "")
        .values(text="")
    )
    tickets = await uow.session.execute(
        update(Ticket)
        .where(Ticket.created_at < cutoff, Ticket.status != TicketStatus.OPEN, Ticket.text != "")
        .values(text="")
    )
    changed = sum(int(getattr(r, "rowcount", 0) or 0) for r in (questions, messages, tickets))
    if changed:
        uow.scrub_after_commit()
    return changed
