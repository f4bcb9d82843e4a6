"""Posting an offer (`/newoffer`): a guided dialog with its draft in the database (flow "offer"), the
business profile first when it is missing, every field checked with its reason and the same step
again (what was typed shown back), a preview with Publish / Edit a field / Cancel, and on publishing
the spam limits, the pending offer and the staff's notice.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from handlers import orgnumber
from handlers.context import Context
from handlers.markup import esc, short
from handlers.menu import Menu, back_to_menu
from handlers.offer_buttons import OfferCategoryPick, OfferDelivery, OfferField, OfferGo, OfferMine, OfferRegionPick
from handlers.offer_dates import parse_until
from handlers.offer_feature import DRAFT_TTL, FLOW, STEPS, feature
from handlers.offer_moderation import notify_staff
from handlers.offer_store import (
    CONTACT_MAX,
    DELIVERY,
    DESCRIPTION_MAX,
    MAX_DAYS,
    PRICE_MAX,
    TITLE_MAX,
    card,
    categories,
    default_until,
    is_https_image,
    live_offers_of_business,
    local_today,
    long_date,
    near_duplicate,
    posted_since,
    search_words,
)
from handlers.regions import find_region, region_name, regions
from handlers.types import Button, Reply
from knowledge.model import pick_text
from knowledge.normalise import fold
from storage import audit
from storage.models import DialogState, Offer, aware, utcnow
from storage.states import OfferStatus

if TYPE_CHECKING:
    pass


# ---------------------------------------------------------------------------------------- posting
@feature.command("newoffer", order=66)
async def new_offer(ctx: Context, _args: str = "") -> None:
    """Start posting an offer: the business profile first if it is missing, then the offer's fields."""
    await start_dialog(ctx, {"o": {}, "edit": None}, first=True)


async def start_dialog(ctx: Context, data: dict[str, Any], *, first: bool = False) -> None:
    """The first step still missing: the business profile, the region, then the offer (or its preview)."""
    user = ctx.user
    if not user.business_name or not user.org_number:
        if first:
            ctx.say(ctx.t("offer-need-business"))
        await _goto(ctx, data, "biz_name" if not user.business_name else "biz_org")
    elif not user.region:
        await _goto(ctx, data, "region")
    elif data.get("edit"):
        await _goto(ctx, data, "preview")
    else:
        await _goto(ctx, data, "title")


async def _goto(ctx: Context, data: dict[str, Any], step: str) -> None:
    await ctx.uow.dialogs.set(ctx.user.id, FLOW, step, data)
    _prompt(ctx, step, data)


def _cancel_row(ctx: Context) -> list[Button]:
    return [Button(ctx.t("offer-cancel"), OfferGo("cancel").pack())]


def _now_line(ctx: Context, value: object) -> str:
    return "\n" + ctx.t("offer-now", value=esc(short(str(value), 200))) if value else ""


def _prompt(ctx: Context, step: str, data: dict[str, Any]) -> None:
    """Ask for `step`, showing the value it has now (when editing)."""
    draft = data.get("o", {})
    today = local_today(ctx.config)
    if step == "biz_name":
        ctx.say(ctx.t("business-name-ask"), [_cancel_row(ctx)])
    elif step == "biz_org":
        ctx.say(ctx.t("org-number-ask", country=_country(ctx)), [_cancel_row(ctx)])
    elif step == "region":
        options = [Button(region_name(r, ctx.lang), OfferRegionPick(r.id).pack()) for r in regions(ctx)]
        rows = [options[i : i + 2] for i in range(0, len(options), 2)]
        ctx.say(ctx.t("offer-ask-region"), [*rows, _cancel_row(ctx)])
    elif step == "title":
        ctx.say(ctx.t("offer-ask-title", max=TITLE_MAX) + _now_line(ctx, draft.get("title")), [_cancel_row(ctx)])
    elif step == "description":
        text = ctx.t("offer-ask-description", max=DESCRIPTION_MAX) + _now_line(ctx, draft.get("description"))
        ctx.say(text, [_cancel_row(ctx)])
    elif step == "category":
        options = [
            Button(("✓ " if c.id == draft.get("category") else "") + pick_text(c.name, ctx.lang),
                   OfferCategoryPick(c.id).pack())
            for c in categories(ctx.knowledge.kb)
        ]  # fmt: skip
        rows = [options[i : i + 2] for i in range(0, len(options), 2)]
        ctx.say(ctx.t("offer-ask-category"), [*rows, _cancel_row(ctx)])
    elif step == "delivery":
        chosen = draft.get("delivery", [])
        options = [
            Button(("✓ " if m in chosen else "") + ctx.t(f"offer-delivery-{m}"), OfferDelivery(m).pack())  # type: ignore[arg-type]
            for m in DELIVERY
        ]
        rows = [options[:2], options[2:], [Button(ctx.t("offer-done"), OfferGo("done").pack())], _cancel_row(ctx)]
        ctx.say(ctx.t("offer-ask-delivery"), rows)
    elif step == "price":
        rows = [[Button(ctx.t("offer-skip"), OfferGo("skip").pack())], _cancel_row(ctx)]
        ctx.say(ctx.t("offer-ask-price") + _now_line(ctx, draft.get("price")), rows)
    elif step == "until":
        fallback = date.fromisoformat(draft["valid_until"]) if draft.get("valid_until") else default_until(today)
        label = ctx.t("offer-until-default", date=long_date(fallback, ctx.lang))
        ctx.say(ctx.t("offer-ask-until", days=MAX_DAYS), [[Button(label, OfferGo("default").pack())], _cancel_row(ctx)])
    elif step == "image":
        rows = [[Button(ctx.t("offer-skip"), OfferGo("skip").pack())], _cancel_row(ctx)]
        now = draft.get("image_url") or (ctx.t("offer-card-photo") if draft.get("photo_file_id") else "")
        ask = "offer-ask-image" if ctx.msg.channel == "telegram" else "offer-ask-image-link"  # photos: Telegram's
        ctx.say(ctx.t(ask) + _now_line(ctx, now), rows)
    elif step == "contact":
        ctx.say(ctx.t("offer-ask-contact") + _now_line(ctx, draft.get("contact")), [_cancel_row(ctx)])
    elif step == "fields":
        names = ["title", "description", "category", "delivery", "price", "until", "image", "contact"]
        options = [Button(ctx.t(f"offer-field-{n}"), OfferField(n).pack()) for n in names]  # type: ignore[arg-type]
        rows = [options[i : i + 2] for i in range(0, len(options), 2)]
        ctx.say(ctx.t("offer-which-field"), [*rows, _cancel_row(ctx)])
    else:  # preview
        shown = {**draft, "business_name": ctx.user.business_name}
        publish = ctx.t("offer-publish-again" if data.get("edit") else "offer-publish")
        photo = draft.get("photo_file_id") if ctx.msg.channel == "telegram" else None
        say_with_photo(
            ctx,
            photo,
            ctx.t("offer-preview") + "\n\n" + card(ctx.t, ctx.knowledge.kb, shown, photo_shown=bool(photo)),
            [[Button(publish, OfferGo("publish").pack())],
             [Button(ctx.t("offer-edit-field"), OfferGo("edit").pack()), *_cancel_row(ctx)]],
        )  # fmt: skip


def say_with_photo(ctx: Context, photo: str | None, text: str, buttons: list[list[Button]]) -> None:
    """A reply with the poster's photo before it, on the channel the photo came from."""
    ctx.replies.append(Reply(text, buttons, ctx.lang, photo=photo if ctx.msg.channel == "telegram" else None))


def _country(ctx: Context) -> str:
    region = find_region(ctx, ctx.user.region)
    return region.country if region and region.country in orgnumber.COUNTRIES else "any"


async def _next(ctx: Context, state: DialogState, data: dict[str, Any], step: str) -> None:
    """After a field: the preview when editing from it (or when the draft is complete), else the next field."""
    if data.get("back") or step == STEPS[-1]:
        await _goto(ctx, data, "preview")
    else:
        await _goto(ctx, data, STEPS[STEPS.index(step) + 1])


async def _state(ctx: Context) -> DialogState | None:
    state = await ctx.uow.dialogs.get(ctx.user.id)
    return state if state is not None and state.flow == FLOW else None


@feature.flow(FLOW)
async def on_offer_text(ctx: Context, state: DialogState, text: str) -> bool:
    """A typed answer to the waiting field. A draft left alone for hours is let go (False: a question)."""
    if utcnow() - aware(state.updated_at) > DRAFT_TTL:
        await ctx.uow.dialogs.clear(ctx.user.id)
        return False
    data = {"o": {}, **state.data}
    data["o"] = dict(data.get("o") or {})
    draft = data["o"]
    step = state.step
    value = " ".join(text.split()) if step not in ("description",) else text.strip()
    if step == "biz_name":
        if not 2 <= len(value) <= 200:
            ctx.say(ctx.t("business-name-invalid"))
            _prompt(ctx, step, data)
            return True
        ctx.user.business_name = value
        await start_dialog(ctx, data)
    elif step == "biz_org":
        result = orgnumber.validate(text, _country(ctx))
        if result is None:
            ctx.say(
                ctx.t("org-number-invalid", country=_country(ctx), typed=esc(text.strip()[:40])), [_cancel_row(ctx)]
            )
            return True
        ctx.user.org_country, ctx.user.org_number = result
        ctx.say(ctx.t("offer-business-saved", business=esc(ctx.user.business_name or ""), number=esc(result[1])))
        await start_dialog(ctx, data)
    elif step == "title":
        if not value:
            _prompt(ctx, step, data)
        elif len(value) > TITLE_MAX:
            ctx.say(
                ctx.t("offer-title-long", max=TITLE_MAX, length=len(value), typed=esc(short(value, 300))),
                [_cancel_row(ctx)],
            )
        else:
            draft["title"] = value
            await _next(ctx, state, data, step)
    elif step == "description":
        if len(value) < 2:
            _prompt(ctx, step, data)
        elif len(value) > DESCRIPTION_MAX:
            ctx.say(ctx.t("offer-description-long", max=DESCRIPTION_MAX, length=len(value)) + "\n\n"
                    + esc(short(value, 1200)), [_cancel_row(ctx)])  # fmt: skip
        else:
            draft["description"] = value
            await _next(ctx, state, data, step)
    elif step == "category":
        typed = fold(value)
        found = next((c for c in categories(ctx.knowledge.kb)
                      if typed in {fold(n) for n in c.name.values()} | {c.id}), None)  # fmt: skip
        if found is None:
            ctx.say(ctx.t("offer-use-buttons"))
            _prompt(ctx, step, data)
        else:
            draft["category"] = found.id
            await _next(ctx, state, data, step)
    elif step == "delivery":
        ctx.say(ctx.t("offer-use-buttons"))
        _prompt(ctx, step, data)
    elif step == "price":
        if len(value) > PRICE_MAX:
            ctx.say(ctx.t("offer-price-long", max=PRICE_MAX, typed=esc(short(value, 300))), [_cancel_row(ctx)])
        else:
            draft["price"] = value
            await _next(ctx, state, data, step)
    elif step == "until":
        await _take_until(ctx, state, data, value)
    elif step == "image":
        await _take_image(ctx, state, data, value)
    elif step == "contact":
        if len(value) < 3:
            ctx.say(ctx.t("offer-contact-short"), [_cancel_row(ctx)])
        elif len(value) > CONTACT_MAX:
            ctx.say(ctx.t("offer-contact-long", max=CONTACT_MAX, typed=esc(short(value, 400))), [_cancel_row(ctx)])
        else:
            draft["contact"] = value
            await _next(ctx, state, data, step)
    else:
        ctx.say(ctx.t("offer-use-buttons"))
        _prompt(ctx, step if step in ("fields", "region") else "preview", data)
    return True


async def _take_until(ctx: Context, state: DialogState, data: dict[str, Any], value: str) -> None:
    today = local_today(ctx.config)
    found = parse_until(value, today, ctx.lang)
    cancel = [_cancel_row(ctx)]
    if found is None:
        ctx.say(ctx.t("offer-until-unreadable", typed=esc(short(value, 60))), cancel)
    elif found < today:
        ctx.say(ctx.t("offer-until-past", date=long_date(found, ctx.lang)), cancel)
    elif found > today + timedelta(days=MAX_DAYS):
        limit = long_date(today + timedelta(days=MAX_DAYS), ctx.lang)
        ctx.say(ctx.t("offer-until-far", date=long_date(found, ctx.lang), days=MAX_DAYS, last=limit), cancel)
    else:
        data["o"]["valid_until"] = found.isoformat()
        ctx.say(ctx.t("offer-until-set", date=long_date(found, ctx.lang)))
        await _next(ctx, state, data, "until")


async def _take_image(ctx: Context, state: DialogState, data: dict[str, Any], value: str) -> None:
    draft = data["o"]
    if ctx.msg.photo:
        draft["photo_file_id"], draft["image_url"] = ctx.msg.photo[:255], None
    elif is_https_image(value):
        draft["image_url"], draft["photo_file_id"] = value, None
    else:
        key = "offer-image-https" if value.lower().startswith("http://") else "offer-image-bad"
        ctx.say(ctx.t(key, typed=esc(short(value, 80))), [[Button(ctx.t("offer-skip"), OfferGo("skip").pack())],
                                                          _cancel_row(ctx)])  # fmt: skip
        return
    await _next(ctx, state, data, "image")


@feature.action(OfferRegionPick)
async def on_region(ctx: Context, data: OfferRegionPick) -> None:
    state = await _state(ctx)
    if state is None or state.step != "region" or find_region(ctx, data.region) is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    ctx.user.region = data.region
    await start_dialog(ctx, dict(state.data))


@feature.action(OfferCategoryPick)
async def on_category(ctx: Context, data: OfferCategoryPick) -> None:
    state = await _state(ctx)
    if state is None or state.step != "category" or data.category not in {c.id for c in categories(ctx.knowledge.kb)}:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    draft_data = dict(state.data)
    draft_data["o"] = {**draft_data.get("o", {}), "category": data.category}
    await _next(ctx, state, draft_data, "category")


@feature.action(OfferDelivery)
async def on_delivery(ctx: Context, data: OfferDelivery) -> None:
    state = await _state(ctx)
    if state is None or state.step != "delivery":
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    draft_data = dict(state.data)
    chosen = list(draft_data.get("o", {}).get("delivery", []))
    chosen = [m for m in chosen if m != data.mode] if data.mode in chosen else [*chosen, data.mode]
    draft_data["o"] = {**draft_data.get("o", {}), "delivery": [m for m in DELIVERY if m in chosen]}
    await _goto(ctx, draft_data, "delivery")


@feature.action(OfferField)
async def on_field(ctx: Context, data: OfferField) -> None:
    state = await _state(ctx)
    if state is None or state.step not in ("fields", "preview"):
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    await _goto(ctx, {**state.data, "back": True}, data.name)


@feature.action(OfferGo)
async def on_go(ctx: Context, data: OfferGo) -> None:
    state = await _state(ctx)
    if state is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    draft_data = {"o": {}, **state.data}
    draft_data["o"] = dict(draft_data.get("o") or {})
    if data.op == "cancel":
        await ctx.uow.dialogs.clear(ctx.user.id)
        ctx.say(ctx.t("offer-cancelled"), back_to_menu(ctx))
    elif data.op == "skip" and state.step in ("price", "image"):
        if state.step == "image":
            draft_data["o"]["image_url"] = draft_data["o"]["photo_file_id"] = None
        else:
            draft_data["o"]["price"] = ""
        await _next(ctx, state, draft_data, state.step)
    elif data.op == "done" and state.step == "delivery":
        if not draft_data["o"].get("delivery"):
            ctx.say(ctx.t("offer-delivery-none"))
            _prompt(ctx, "delivery", draft_data)
            return
        await _next(ctx, state, draft_data, "delivery")
    elif data.op == "default" and state.step == "until":
        current = draft_data["o"].get("valid_until")
        today = local_today(ctx.config)
        until = date.fromisoformat(current) if current else default_until(today)
        if until < today:
            until = default_until(today)
        draft_data["o"]["valid_until"] = until.isoformat()
        ctx.say(ctx.t("offer-until-set", date=long_date(until, ctx.lang)))
        await _next(ctx, state, draft_data, "until")
    elif data.op == "edit" and state.step == "preview":
        await _goto(ctx, draft_data, "fields")
    elif data.op == "publish" and state.step == "preview":
        await _publish(ctx, draft_data)
    else:
        ctx.say(ctx.t("stale-button"))
        _prompt(ctx, state.step, draft_data)


async def _publish(ctx: Context, data: dict[str, Any]) -> None:
    """Check the limits, store the offer as pending, tell the staff."""
    draft = data["o"]
    missing = [
        s for s in ("title", "description", "category", "delivery", "valid_until", "contact") if not draft.get(s)
    ]
    if missing:
        step = "until" if missing[0] == "valid_until" else missing[0]
        await _goto(ctx, {**data, "back": False}, step)
        return
    user = ctx.user
    if not user.org_number or not user.business_name:
        await start_dialog(ctx, data)
        return
    today = local_today(ctx.config)
    until = date.fromisoformat(draft["valid_until"])
    if until < today:
        ctx.say(ctx.t("offer-until-past", date=long_date(until, ctx.lang)))
        await _goto(ctx, {**data, "back": True}, "until")
        return
    editing = data.get("edit")
    # Two people of one business publishing at once (on PostgreSQL, two workers) must not both pass
    # the limit: the count and the insert are one step per business.
    await ctx.uow.serialise(f"offers:{user.org_country}:{user.org_number}")
    live = await live_offers_of_business(ctx.uow, user.org_number, today)
    others = [o for o in live if o.id != editing]
    twin = near_duplicate(draft["title"], draft["description"], others)
    if twin is not None:
        ctx.say(
            ctx.t("offer-duplicate", title=esc(twin.title), number=twin.id),
            [[Button(ctx.t("offer-mine-edit", number=twin.id), OfferMine(twin.id, "edit").pack())], _cancel_row(ctx)],
        )
        return
    if len(others) >= ctx.config.offers_max_active:
        ctx.say(ctx.t("offer-limit", max=ctx.config.offers_max_active),
                [[Button(ctx.t("offer-mine-open"), Menu("myoffers").pack())], _cancel_row(ctx)])  # fmt: skip
        return
    offer = await ctx.uow.session.get(Offer, editing) if editing else None
    if offer is not None and (offer.user_id != user.id or offer.status == OfferStatus.WITHDRAWN):
        offer = None
    editing = offer.id if offer is not None else None  # a withdrawn one is posted anew
    if offer is None:
        posted = await posted_since(ctx.uow, user.id, utcnow() - timedelta(hours=24))
        if posted >= ctx.config.offers_per_day:
            ctx.say(ctx.t("offer-rate", max=ctx.config.offers_per_day), back_to_menu(ctx))
            return
        offer = Offer(user_id=user.id)
        ctx.uow.session.add(offer)
    was_pending = offer.status == OfferStatus.PENDING and offer.id is not None
    offer.business_name, offer.org_country, offer.org_number = user.business_name, user.org_country, user.org_number
    offer.region, offer.language = user.region, ctx.lang
    offer.title, offer.description, offer.category = draft["title"], draft["description"], draft["category"]
    offer.delivery = list(draft["delivery"])
    offer.delivers_home = "home" in offer.delivery
    offer.price, offer.valid_until, offer.contact = draft.get("price") or "", until, draft["contact"]
    offer.image_url, offer.photo_file_id = draft.get("image_url"), draft.get("photo_file_id")
    offer.words = search_words(ctx.knowledge.kb, offer.title, offer.description, offer.business_name, offer.price,
                               category=offer.category)  # fmt: skip
    offer.status, offer.reason, offer.approved_at, offer.warned_for = OfferStatus.PENDING, None, None, None
    offer.updated_at = utcnow()
    await ctx.uow.session.flush()
    await audit.record(ctx.uow, None, "offer.edit" if editing else "offer.submit", f"offer:{offer.id}",
                       user=user.id, title=offer.title)  # fmt: skip
    await notify_staff(ctx.uow, ctx.knowledge.kb, ctx.config, offer, edited=bool(editing), supersedes=was_pending)
    await ctx.uow.dialogs.clear(user.id)
    ctx.say(ctx.t("offer-submitted", number=offer.id), [[Button(ctx.t("offer-mine-open"), Menu("myoffers").pack())]])


feature.menu_item("menu-newoffer", "newoffer", order=35)
feature.menu_item("menu-offers", "offers", order=36)
