"""Shop-local offers on the dashboard: the list (pending first), one offer with its history (the audit
log), and the staff's approve, reject and withdraw (with a reason), through the same use cases as the
staff chat's buttons (`handlers.offer_moderation`)."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from sqlalchemy import select

from bot.dashboard.web import PREFIX, Desk, action, form_text, page, read_form, redirect
from handlers import offer_moderation, staffdesk
from handlers.errors import DomainError
from handlers.offer_store import category_name
from knowledge.model import pick_text
from storage.models import AuditLog, Offer, Staff

TABS = ("pending", "approved", "all")


@page()
async def offers(desk: Desk) -> web.StreamResponse:
    current = desk.request.query.get("status", "pending")
    current = current if current in TABS else "pending"
    stmt = select(Offer).order_by(Offer.id.desc()).limit(500)
    if current != "all":
        stmt = stmt.where(Offer.status == current)
    async with desk.services.database.uow() as uow:
        rows = list((await uow.session.execute(stmt)).scalars())
    kb = desk.services.knowledge.kb
    return desk.render("offers.html", offers=rows, tabs=TABS, current=current, region=_region_name(desk),
                       category=lambda c: category_name(kb, c, desk.t.lang))  # fmt: skip


def _region_name(desk: Desk) -> Callable[[str | None], str]:
    kb = desk.services.knowledge.kb

    def name(region_id: str | None) -> str:
        region = kb.region(region_id) if region_id else None
        return pick_text(region.name, desk.t.lang) if region else (region_id or "")

    return name


def _offer_id(desk: Desk) -> int:
    raw = desk.request.match_info.get("id", "")
    if not raw.isdecimal() or len(raw) > 12:
        raise web.HTTPNotFound()
    return int(raw)


@page()
async def offer(desk: Desk) -> web.StreamResponse:
    return await _offer_page(desk)


async def _offer_page(desk: Desk, *, status: int = 200, error: str | None = None) -> web.StreamResponse:
    offer_id = _offer_id(desk)
    async with desk.services.database.uow() as uow:
        item = await uow.session.get(Offer, offer_id)
        if item is None:
            return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
        history_stmt = (
            select(AuditLog, Staff)
            .outerjoin(Staff, Staff.id == AuditLog.staff_id)
            .where(AuditLog.target == f"offer:{offer_id}")
            .order_by(AuditLog.id)
        )
        history = [(log, who) for log, who in (await uow.session.execute(history_stmt)).all()]
    kb = desk.services.knowledge.kb
    return desk.render("offer.html", status=status, offer=item, history=history, error=error,
                       category=category_name(kb, item.category, desk.t.lang), region=_region_name(desk),
                       label=staffdesk.staff_label)  # fmt: skip


async def _decide(desk: Desk, verb: str) -> web.StreamResponse:
    offer_id = _offer_id(desk)
    reason = form_text(await read_form(desk.request), "reason", 500)
    services = desk.services
    try:
        async with services.database.uow() as uow:
            staff = await uow.session.get(Staff, desk.staff.id)
            assert staff is not None
            if verb == "approve":
                await offer_moderation.approve(uow, staff, offer_id, kb=services.knowledge.kb,
                                               config=services.assistant.config)  # fmt: skip
            elif verb == "reject":
                await offer_moderation.reject(uow, staff, offer_id, reason)
            else:
                await offer_moderation.withdraw_by_staff(uow, staff, offer_id, reason)
    except DomainError as exc:
        return await _offer_page(desk, status=422, error=desk.t(exc.message_key))
    raise redirect(f"{PREFIX}/offers/{offer_id}")


@action("moderate_offers")
async def approve(desk: Desk) -> web.StreamResponse:
    return await _decide(desk, "approve")


@action("moderate_offers")
async def reject(desk: Desk) -> web.StreamResponse:
    return await _decide(desk, "reject")


@action("moderate_offers")
async def withdraw(desk: Desk) -> web.StreamResponse:
    return await _decide(desk, "withdraw")
