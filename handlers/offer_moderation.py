"""Moderating shop-local offers: the staff approve or reject a pending offer, or withdraw any offer.

Channel-agnostic use cases for the staff chat's buttons and the dashboard alike: each takes the
caller's unit of work and the acting staff member, checks the permission, writes the audit log, and
tells the poster through the outbox (in their language). An approved offer also goes to the public
offers channel when one is configured (OFFERS_CHANNEL_ID). The staff chat's notice of an offer is
edited once it is decided, like the notices of questions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from handlers import staffdesk
from handlers.errors import EmptyText, NotAllowed, OfferNotFound, OfferNotLive, OfferNotPending
from handlers.escalation import STAFF_ADDRESS, STAFF_CHANNEL
from handlers.i18n import Translator
from handlers.markup import esc, short
from handlers.menu import Menu
from handlers.offer_buttons import OfferMine, OfferModerate
from handlers.offer_store import LIVE, card, long_date
from handlers.types import Button, Reply
from storage import audit
from storage.models import Offer, OutboxMessage, Staff, User, utcnow
from storage.outbox import OutboxRepository
from storage.states import Lane, OfferStatus, OutboxStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from knowledge.model import KnowledgeBase
    from storage.uow import UnitOfWork

NOTICE = "offer-notice"
REASON_MAX = 500


def _photo(offer: Offer, channel: str) -> str | None:
    """The offer's photo for a message on `channel`: Telegram's file ids only mean something there.

    The staff notice goes to the staff conversation, today always a Telegram group."""
    return offer.photo_file_id if channel == "telegram" else None


def _require(staff: Staff) -> None:
    if not staffdesk.can(staff, "moderate_offers"):
        raise NotAllowed("moderate_offers")


async def _offer(uow: UnitOfWork, offer_id: int) -> Offer:
    offer = await uow.session.get(Offer, offer_id)
    if offer is None:
        raise OfferNotFound(offer_id)
    return offer


def _reason(text: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise EmptyText("reason")
    return reason[:REASON_MAX]


async def notify_staff(
    uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, offer: Offer, *, edited: bool, supersedes: bool = False
) -> None:
    """Queue the pending offer for the staff chat with Approve / Reject (in the staff's language)."""
    if supersedes:  # the notice of the earlier, still pending, version must not invite a decision any more
        await edit_notice(uow, offer, "offer-staff-superseded-line", "")
    t = Translator(config.default_language)
    head = t("offer-staff-edited" if edited else "offer-staff-new", number=offer.id,
             business=esc(offer.business_name), org=esc(offer.org_number))  # fmt: skip
    buttons = [[
        Button(t("offer-staff-approve"), OfferModerate(offer.id, "ok").pack()),
        Button(t("offer-staff-reject"), OfferModerate(offer.id, "no").pack()),
    ]]  # fmt: skip
    version = int(utcnow().timestamp() * 1000)
    # The photo goes above the notice where the staff conversation can show it (Telegram); the card does
    # not claim it, since the staff's address may be a Teams channel, which cannot.
    notice = Reply(head + "\n\n" + card(t, kb, offer), buttons, photo=_photo(offer, "telegram"))
    await OutboxRepository(uow.session).enqueue(
        STAFF_CHANNEL, STAFF_ADDRESS, [notice],
        dedupe_key=f"offer:{offer.id}:notice:{version}", ref={"offer": offer.id, "kind": NOTICE, "lang": t.lang},
    )  # fmt: skip


async def edit_notice(uow: UnitOfWork, offer: Offer, key: str, name: str) -> None:
    """The newest staff-chat notice of the offer: its text plus who decided, and no buttons any more."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.channel == STAFF_CHANNEL, OutboxMessage.dedupe_key.like(f"offer:{offer.id}:notice:%"))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    notice = (await uow.session.execute(stmt)).scalar_one_or_none()
    if notice is None or not notice.payload:
        return
    original = Reply.from_dict(notice.payload[-1])
    lang = notice.ref.get("lang") if isinstance(notice.ref, dict) else None
    t = Translator(lang if isinstance(lang, str) else "nb")
    reply = Reply(original.text + "\n\n" + t(key, name=esc(name)), [])
    await OutboxRepository(uow.session).enqueue(
        notice.channel, notice.address, [reply], ref={"offer": offer.id, "kind": "offer-notice-edit"}, edits=notice.id
    )


async def retract_channel_post(uow: UnitOfWork, offer: Offer, key: str) -> bool:
    """The offers channel's newest post of this offer gets one more line (`key`: gone, or updated) and
    stays as it was otherwise; False when the offer was never posted there."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.dedupe_key.like(f"offer:{offer.id}:channel:%"), OutboxMessage.edits.is_(None))
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    post = (await uow.session.execute(stmt)).scalar_one_or_none()
    if post is None or not post.payload:
        return False
    if post.status == OutboxStatus.PENDING:  # not out yet (the bulk lane may be busy): never published
        await uow.session.delete(post)
        return True
    original = Reply.from_dict(post.payload[-1])
    t = Translator(offer.language or "nb")
    reply = Reply(original.text + "\n\n" + t(key), [])
    await OutboxRepository(uow.session).enqueue(
        post.channel, post.address, [reply], ref={"offer": offer.id, "kind": "offer-channel-edit"}, edits=post.id,
    )  # fmt: skip  (an edit goes in the interactive lane: the bulk sender sends new messages only)
    return True


Buttons = Callable[[Translator], list[list[Button]]]


def mine_button(t: Translator) -> list[list[Button]]:
    return [[Button(t("offer-mine-open"), Menu("myoffers").pack())]]


async def tell_poster(uow: UnitOfWork, offer: Offer, key: str, buttons: Buttons | None = None,
                      *, lane: Lane = Lane.INTERACTIVE, dedupe_key: str | None = None, day: date | None = None,
                      **args: object) -> None:  # fmt: skip
    """A message about their offer to the poster, in their language, through the outbox."""
    if offer.user_id is None:
        return
    user = await uow.session.get(User, offer.user_id)
    if user is None or user.external_id.startswith("erased:"):
        return
    t = Translator(user.language or offer.language or "nb")
    if day is not None:
        args["date"] = long_date(day, t.lang)
    text = t(key, title=esc(short(offer.title, 80)), number=offer.id, **args)
    await OutboxRepository(uow.session).to_user(
        user,
        [Reply(text, buttons(t) if buttons else [], t.lang)],
        ref={"offer": offer.id},
        lane=lane,
        dedupe_key=dedupe_key,
    )


def staff_label(staff: Staff) -> str:
    return staffdesk.staff_label(staff)


async def approve(uow: UnitOfWork, staff: Staff, offer_id: int, *, kb: KnowledgeBase, config: CoreConfig) -> Offer:
    _require(staff)
    offer = await _offer(uow, offer_id)
    if offer.status != OfferStatus.PENDING:
        raise OfferNotPending(offer_id)
    offer.status, offer.approved_at, offer.decided_by, offer.reason = OfferStatus.APPROVED, utcnow(), staff.id, None
    await audit.record(uow, staff, "offer.approve", f"offer:{offer.id}", title=offer.title)
    await tell_poster(uow, offer, "offer-approved", mine_button)
    await edit_notice(uow, offer, "offer-staff-approved-line", staff_label(staff))
    await retract_channel_post(uow, offer, "offer-channel-updated-line")  # an edited offer's earlier post
    if config.offers_channel is not None:
        channel, address = config.offers_channel
        t = Translator(offer.language or config.default_language)
        photo = _photo(offer, channel)
        await OutboxRepository(uow.session).enqueue(
            channel, address, [Reply(card(t, kb, offer, photo_shown=photo is not None), photo=photo)], lane=Lane.BULK,
            dedupe_key=f"offer:{offer.id}:channel:{int(offer.approved_at.timestamp())}", ref={"offer": offer.id},
        )  # fmt: skip
    return offer


async def reject(uow: UnitOfWork, staff: Staff, offer_id: int, reason: str) -> Offer:
    _require(staff)
    why = _reason(reason)
    offer = await _offer(uow, offer_id)
    if offer.status != OfferStatus.PENDING:
        raise OfferNotPending(offer_id)
    offer.status, offer.decided_by, offer.reason = OfferStatus.REJECTED, staff.id, why
    await audit.record(uow, staff, "offer.reject", f"offer:{offer.id}", reason=why)

    def edit(t: Translator) -> list[list[Button]]:
        return [[Button(t("offer-mine-edit", number=offer.id), OfferMine(offer.id, "edit").pack())]]

    await tell_poster(uow, offer, "offer-rejected", edit, reason=esc(why))
    await edit_notice(uow, offer, "offer-staff-rejected-line", staff_label(staff))
    return offer


async def withdraw_by_staff(uow: UnitOfWork, staff: Staff, offer_id: int, reason: str) -> Offer:
    """Take down any pending or shown offer, with a reason the poster is told."""
    _require(staff)
    why = _reason(reason)
    offer = await _offer(uow, offer_id)
    if offer.status not in LIVE:
        raise OfferNotLive(offer_id)
    offer.status, offer.decided_by, offer.reason = OfferStatus.WITHDRAWN, staff.id, why
    await audit.record(uow, staff, "offer.withdraw", f"offer:{offer.id}", reason=why)
    await tell_poster(uow, offer, "offer-withdrawn-by-staff", mine_button, reason=esc(why))
    await retract_channel_post(uow, offer, "offer-channel-gone-line")
    await edit_notice(uow, offer, "offer-staff-withdrawn-line", staff_label(staff))
    return offer
