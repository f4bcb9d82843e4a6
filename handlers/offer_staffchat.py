"""Approve and reject with the buttons under an offer's notice in the staff chat; a rejection's reason
is the staff member's next message there (kept in the database, like an awaited answer).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete

from handlers import staffdesk
from handlers.context import Context
from handlers.errors import DomainError, NotAllowed, OfferNotPending
from handlers.i18n import Translator
from handlers.markup import esc, short
from handlers.offer_buttons import OfferModerate
from handlers.offer_feature import REASON_TTL, feature
from handlers.offer_moderation import approve, reject
from handlers.staffchat import _key as answer_key
from handlers.staffchat import staff_of
from storage import audit
from storage.models import KeyValue, Offer, utcnow
from storage.states import OfferStatus

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------------------------- moderation (staff chat)
def _staff_t(ctx: Context) -> Translator:
    return Translator(ctx.config.default_language)


def _reason_key(ctx: Context) -> str:
    return f"offerreject:{ctx.msg.channel}:{ctx.msg.actor_id}"[:64]


@feature.action(OfferModerate)
async def on_moderate(ctx: Context, data: OfferModerate) -> None:
    t = _staff_t(ctx)
    staff = await staff_of(ctx)
    if staff is None:
        ctx.say(t("staff-not-staff"))
        return
    try:
        if data.verdict == "ok":
            approved = await approve(ctx.uow, staff, data.offer, kb=ctx.knowledge.kb, config=ctx.config)
            ctx.say(t("offer-staff-approved", number=approved.id, title=esc(approved.title)))
            return
        pending = await ctx.uow.session.get(Offer, data.offer)
        if pending is None or pending.status != OfferStatus.PENDING:
            raise OfferNotPending(data.offer)
        if not staffdesk.can(staff, "moderate_offers"):
            raise NotAllowed("moderate_offers")
    except NotAllowed:
        ctx.say(t("staff-not-allowed"))
        return
    except DomainError:
        ctx.say(t("offer-staff-gone", number=data.offer))
        return
    value = json.dumps({"offer": data.offer, "chat": ctx.msg.user_id, "at": utcnow().isoformat()})
    # The button pressed last says what the next message is: an answer to a question waited for before
    # (staffchat's "Answer") is not, or the reason would go to the ticket's asker and the ticket unanswered.
    await ctx.uow.session.execute(
        delete(KeyValue).where(KeyValue.key == answer_key(ctx.msg.channel, ctx.msg.actor_id or ""))
    )
    row = await ctx.uow.session.get(KeyValue, _reason_key(ctx))
    if row is None:
        ctx.uow.session.add(KeyValue(key=_reason_key(ctx), value=value))
    else:
        row.value = value
    await audit.record(ctx.uow, staff, "offer.reject_started", f"offer:{data.offer}", via=ctx.msg.channel)
    ctx.say(t("offer-staff-reason-prompt", name=esc(staff.name or ""), number=data.offer))


@feature.text_hook
async def take_reason(ctx: Context, text: str) -> bool:
    """A staff member's reason for rejecting, typed in the staff chat after pressing Reject."""
    if not ctx.msg.actor_id or ctx.config.staff_chat != (ctx.msg.channel, ctx.msg.user_id):
        return False
    if text.lstrip().startswith("/"):
        return False
    row = await ctx.uow.session.get(KeyValue, _reason_key(ctx))
    if row is None:
        return False
    waiting = json.loads(row.value)
    await ctx.uow.session.delete(row)
    if waiting.get("chat") != ctx.msg.user_id or utcnow() - datetime.fromisoformat(waiting["at"]) > REASON_TTL:
        return False
    answering = await ctx.uow.session.get(KeyValue, answer_key(ctx.msg.channel, ctx.msg.actor_id))
    if answering is not None and json.loads(answering.value).get("at", "") > waiting["at"]:
        return False  # "Answer" on a question was pressed after Reject: this text is that answer
    t = _staff_t(ctx)
    staff = await staff_of(ctx)
    if staff is None:
        ctx.say(t("staff-not-staff"))
        return True
    try:
        offer = await reject(ctx.uow, staff, int(waiting["offer"]), text)
    except NotAllowed:
        ctx.say(t("staff-not-allowed"))
    except DomainError:
        ctx.say(t("offer-staff-gone", number=waiting["offer"]))
    else:
        ctx.say(t("offer-staff-rejected", number=offer.id, reason=esc(short(text, 200))))
    return True
