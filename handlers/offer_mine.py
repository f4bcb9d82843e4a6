"""A poster's own offers (`/myoffers`: edit, withdraw, extend), the expiry job with its warning the day
before, and the offers in "my data" and "delete me".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, update

from handlers.context import Context
from handlers.feature import Erasing
from handlers.i18n import Translator
from handlers.markup import bold, esc
from handlers.menu import Menu, back_to_menu
from handlers.offer_buttons import OfferMine
from handlers.offer_feature import feature
from handlers.offer_moderation import edit_notice, retract_channel_post, tell_poster
from handlers.offer_posting import start_dialog
from handlers.offer_store import EXTEND_DAYS, LIVE, MAX_DAYS, card, default_until, local_today, long_date
from handlers.types import Button, Reply
from storage import audit
from storage.models import KeyValue, Offer, OutboxMessage, User, aware
from storage.outbox import OutboxRepository
from storage.states import Lane, OfferStatus, OutboxStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from storage.database import Database
    from storage.uow import UnitOfWork


# ---------------------------------------------------------------------------------------- my offers
@feature.command("myoffers", order=67)
async def my_offers(ctx: Context, _args: str = "") -> None:
    stmt = select(Offer).where(Offer.user_id == ctx.user.id, Offer.status != OfferStatus.WITHDRAWN)
    offers = list((await ctx.uow.session.execute(stmt.order_by(Offer.id.desc()).limit(10))).scalars())
    if not offers:
        ctx.say(ctx.t("offer-mine-none"), [[Button(ctx.t("menu-newoffer"), Menu("newoffer").pack())],
                                           *back_to_menu(ctx)])  # fmt: skip
        return
    parts = [bold(ctx.t("offer-mine-title"))]
    rows: list[list[Button]] = []
    for offer in offers:
        parts.append(f"#{offer.id} " + card(ctx.t, ctx.knowledge.kb, offer, full=False, status=True))
        row = [Button(ctx.t("offer-mine-edit", number=offer.id), OfferMine(offer.id, "edit").pack())]
        if offer.status in LIVE:
            row.append(Button(ctx.t("offer-mine-withdraw", number=offer.id), OfferMine(offer.id, "withdraw").pack()))
        if offer.status in (OfferStatus.APPROVED, OfferStatus.EXPIRED):
            row.append(Button(ctx.t("offer-mine-extend", number=offer.id), OfferMine(offer.id, "extend").pack()))
        rows.append(row)
    ctx.say("\n\n".join(parts), [*rows, *back_to_menu(ctx)])  # a channel splits what is too long for it


@feature.action(OfferMine)
async def on_mine(ctx: Context, data: OfferMine) -> None:
    offer = await ctx.uow.session.get(Offer, data.offer)
    if offer is None or offer.user_id != ctx.user.id:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    today = local_today(ctx.config)
    if data.op == "edit":
        if offer.status == OfferStatus.WITHDRAWN:
            ctx.say(ctx.t("offer-mine-gone", number=offer.id), back_to_menu(ctx))
            return
        until = offer.valid_until if offer.valid_until >= today else default_until(today)
        draft = {
            "title": offer.title, "description": offer.description, "category": offer.category,
            "delivery": list(offer.delivery), "price": offer.price, "valid_until": until.isoformat(),
            "image_url": offer.image_url, "photo_file_id": offer.photo_file_id, "contact": offer.contact,
        }  # fmt: skip
        ctx.say(ctx.t("offer-edit-intro", number=offer.id))
        await start_dialog(ctx, {"o": draft, "edit": offer.id}, first=True)
    elif data.op == "withdraw":
        if offer.status not in LIVE:
            ctx.say(ctx.t("offer-mine-gone", number=offer.id), back_to_menu(ctx))
            return
        sure = [Button(ctx.t("offer-mine-withdraw-yes"), OfferMine(offer.id, "sure").pack())]
        ctx.say(ctx.t("offer-mine-withdraw-sure", title=esc(offer.title)), [sure, *back_to_menu(ctx)])
    elif data.op == "sure":
        if offer.status not in LIVE:
            ctx.say(ctx.t("offer-mine-gone", number=offer.id), back_to_menu(ctx))
            return
        if offer.status == OfferStatus.PENDING:
            await edit_notice(ctx.uow, offer, "offer-staff-withdrawn-own-line", "")
        offer.status = OfferStatus.WITHDRAWN
        await audit.record(ctx.uow, None, "offer.withdraw_own", f"offer:{offer.id}", user=ctx.user.id)
        await retract_channel_post(ctx.uow, offer, "offer-channel-gone-line")
        ctx.say(ctx.t("offer-mine-withdrawn", number=offer.id), back_to_menu(ctx))
    else:
        await _extend(ctx, offer, today)


async def _extend(ctx: Context, offer: Offer, today: date) -> None:
    if offer.status not in (OfferStatus.APPROVED, OfferStatus.EXPIRED):
        ctx.say(ctx.t("offer-mine-gone", number=offer.id), back_to_menu(ctx))
        return
    until = min(max(offer.valid_until, today) + timedelta(days=EXTEND_DAYS), today + timedelta(days=MAX_DAYS))
    offer.valid_until = until
    if offer.status == OfferStatus.EXPIRED:
        offer.status = OfferStatus.APPROVED if offer.approved_at else OfferStatus.PENDING
    await audit.record(ctx.uow, None, "offer.extend", f"offer:{offer.id}", user=ctx.user.id, until=until.isoformat())
    ctx.say(ctx.t("offer-mine-extended", number=offer.id, date=long_date(until, ctx.lang)), back_to_menu(ctx))


# ---------------------------------------------------------------------------------------- expiry
async def expire_and_warn(database: Database, config: CoreConfig, now: datetime | None = None) -> tuple[int, int]:
    """Hide offers past their date; warn posters whose offer shows for its last day tomorrow.

    (expired, warned). Each warning is an outbox row with a key per offer and date, so a second run,
    or a second worker, warns once; it carries "Extend 14 days".
    """
    today = local_today(config, now)
    async with database.uow() as uow:
        stale = select(Offer).where(Offer.status.in_(LIVE), Offer.valid_until < today)
        expired = list((await uow.session.execute(stale)).scalars())
        for offer in expired:
            offer.status = OfferStatus.EXPIRED
            await audit.record(uow, None, "offer.expire", f"offer:{offer.id}", until=offer.valid_until.isoformat())
            await retract_channel_post(uow, offer, "offer-channel-gone-line")
        soon = select(Offer).where(Offer.status == OfferStatus.APPROVED, Offer.valid_until == today + timedelta(days=1))
        warned = 0
        for offer in (await uow.session.execute(soon)).scalars():
            if offer.warned_for == offer.valid_until:
                continue
            offer.warned_for = offer.valid_until
            offer_id = offer.id

            def extend(t: Translator, offer_id: int = offer_id) -> list[list[Button]]:
                return [[Button(t("offer-extend-button", days=EXTEND_DAYS), OfferMine(offer_id, "extend").pack())]]

            await tell_poster(uow, offer, "offer-expiring", extend, lane=Lane.BULK,
                              dedupe_key=f"offer:{offer.id}:expiring:{offer.valid_until.isoformat()}",
                              day=offer.valid_until)  # fmt: skip
            warned += 1
    return len(expired), warned


@feature.job("offers-expiry", cron=lambda config: {"minute": 7}, misfire_grace_time=3600)
async def expiry_job(database: Database, config: CoreConfig) -> tuple[int, int]:
    """Hourly: a date passes at local midnight, and a server down at midnight catches up."""
    return await expire_and_warn(database, config)


# ---------------------------------------------------------------------------------------- personal data
async def _export_offers(uow: UnitOfWork, user: User) -> list[dict[str, object]]:
    stmt = select(Offer).where(Offer.user_id == user.id).order_by(Offer.id)
    return [
        {"number": o.id, "status": str(o.status), "business": o.business_name, "org_number": o.org_number,
         "title": o.title, "description": o.description, "category": o.category, "delivery": o.delivery,
         "price": o.price, "valid_until": o.valid_until.isoformat(), "image_url": o.image_url,
         "photo": bool(o.photo_file_id), "contact": o.contact, "posted": aware(o.created_at).isoformat()}
        for o in (await uow.session.execute(stmt)).scalars()
    ]  # fmt: skip


async def _erase_offers(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    """Live offers are withdrawn; every offer loses its contact details, picture and link to the person,
    and so do the messages about it (the staff chat's notices, the offers channel's posts): those not
    sent yet are dropped, the others keep no words, and a channel post already out is edited to say the
    offer is gone (its text held the contact details, and it is public)."""
    offers = list((await uow.session.execute(select(Offer).where(Offer.user_id == user.id))).scalars())
    for offer in offers:
        await _forget_messages(uow, offer)
    await uow.session.execute(
        update(Offer).where(Offer.user_id == user.id, Offer.status.in_(LIVE)).values(status=OfferStatus.WITHDRAWN)
    )
    await uow.session.execute(
        update(Offer).where(Offer.user_id == user.id)
        .values(contact="", image_url=None, photo_file_id=None, description="", words="", user_id=None)
    )  # fmt: skip
    await uow.session.execute(delete(KeyValue).where(KeyValue.key == f"offers-browse:{user.id}"))


async def _forget_messages(uow: UnitOfWork, offer: Offer) -> None:
    about = select(OutboxMessage).where(OutboxMessage.dedupe_key.like(f"offer:{offer.id}:%"))
    rows = list((await uow.session.execute(about)).scalars())
    ids = [r.id for r in rows]
    if ids:
        rows += list((await uow.session.execute(select(OutboxMessage).where(OutboxMessage.edits.in_(ids)))).scalars())
    t = Translator(offer.language or "nb")
    for row in rows:
        if row.status == OutboxStatus.PENDING:
            await uow.session.delete(row)
            continue
        row.payload, row.address_ref = [], {}
        channel_post = row.edits is None and (row.dedupe_key or "").startswith(f"offer:{offer.id}:channel:")
        if channel_post and row.status == OutboxStatus.SENT and row.external_id:
            await OutboxRepository(uow.session).enqueue(
                row.channel, row.address, [Reply(t("offer-channel-gone-line"), [])],
                ref={"offer": offer.id, "kind": "offer-channel-edit"}, edits=row.id,
            )  # fmt: skip
    await uow.session.flush()


feature.stores("offers", _export_offers, _erase_offers)
