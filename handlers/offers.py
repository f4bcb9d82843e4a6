"""Shop local in the chat: businesses post offers (`/newoffer`), everyone finds them (`/offers`, and
questions such as "hvem leverer hjem?"), posters manage their own (`/myoffers`), staff approve or
reject them with buttons in the staff chat, and a job hides expired offers after warning the poster.

The posting dialog keeps its draft in the database (`dialog_states`, flow "offer"): a restart or
another worker continues where the poster was. Every bad input gets its reason and the same step
again, with what was typed shown back. A poster without a business profile (name and a valid
organisation number) is led through it first and then comes back to the offer.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update

from handlers import orgnumber, staffdesk
from handlers.context import Context
from handlers.digest import DigestRequest, DigestSection
from handlers.errors import DomainError, NotAllowed, OfferNotPending
from handlers.feature import Feature
from handlers.i18n import Translator
from handlers.markup import bold, esc, short
from handlers.menu import Menu, back_to_menu
from handlers.offer_buttons import (
    OfferBrowse,
    OfferCategoryPick,
    OfferDelivery,
    OfferField,
    OfferGo,
    OfferMine,
    OfferModerate,
    OfferRegionPick,
)
from handlers.offer_dates import parse_until
from handlers.offer_moderation import approve, edit_notice, notify_staff, reject, tell_poster
from handlers.offer_store import (
    CONTACT_MAX,
    DELIVERY,
    DESCRIPTION_MAX,
    EXTEND_DAYS,
    LIVE,
    MAX_DAYS,
    PAGE_SIZE,
    PRICE_MAX,
    TITLE_MAX,
    Filters,
    card,
    categories,
    category_name,
    default_until,
    find_offers,
    is_https_image,
    live_offers_of_business,
    local_today,
    long_date,
    near_duplicate,
    posted_since,
    query_terms,
    search_words,
)
from handlers.regions import find_region, name_of, region_name, regions
from handlers.staffchat import staff_of
from handlers.types import Button, Reply
from knowledge.model import pick_text
from knowledge.normalise import fold, words
from storage import audit
from storage.models import DialogState, KeyValue, Offer, User, aware, utcnow
from storage.states import Lane, OfferStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from storage.database import Database
    from storage.uow import UnitOfWork

feature = Feature("offers")

FLOW = "offer"
SEARCH_FLOW = "offer-search"
#: The fields of an offer, asked in this order.
STEPS = ("title", "description", "category", "delivery", "price", "until", "image", "contact")
#: A draft untouched this long is let go: the next typed text is a question again.
DRAFT_TTL = timedelta(hours=6)
#: A staff member's pending "reason for rejecting" is forgotten after this long.
REASON_TTL = timedelta(minutes=30)


# ---------------------------------------------------------------------------------------- posting
@feature.command("newoffer", order=66)
async def new_offer(ctx: Context, _args: str = "") -> None:
    """Start posting an offer: the business profile first if it is missing, then the offer's fields."""
    await _start(ctx, {"o": {}, "edit": None}, first=True)


async def _start(ctx: Context, data: dict[str, Any], *, first: bool = False) -> None:
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
        ctx.say(ctx.t("offer-ask-image") + _now_line(ctx, now), rows)
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
        say_with_photo(
            ctx,
            draft.get("photo_file_id"),
            ctx.t("offer-preview") + "\n\n" + card(ctx.t, ctx.knowledge.kb, shown),
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
        await _start(ctx, data)
    elif step == "biz_org":
        result = orgnumber.validate(text, _country(ctx))
        if result is None:
            ctx.say(
                ctx.t("org-number-invalid", country=_country(ctx), typed=esc(text.strip()[:40])), [_cancel_row(ctx)]
            )
            return True
        ctx.user.org_country, ctx.user.org_number = result
        ctx.say(ctx.t("offer-business-saved", business=esc(ctx.user.business_name or ""), number=esc(result[1])))
        await _start(ctx, data)
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
    await _start(ctx, dict(state.data))


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
        await _start(ctx, data)
        return
    today = local_today(ctx.config)
    until = date.fromisoformat(draft["valid_until"])
    if until < today:
        ctx.say(ctx.t("offer-until-past", date=long_date(until, ctx.lang)))
        await _goto(ctx, {**data, "back": True}, "until")
        return
    editing = data.get("edit")
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


# ---------------------------------------------------------------------------------------- browsing
def _browse_key(user: User) -> str:
    return f"offers-browse:{user.id}"


async def _filters(ctx: Context) -> tuple[dict[str, Any], KeyValue | None]:
    """The user's browse (filters and page), kept in the database between button presses, and its row."""
    row = await ctx.uow.session.get(KeyValue, _browse_key(ctx.user))
    if row is None:
        return {"c": None, "h": False, "r": ctx.user.region, "q": "", "p": 0}, None
    return dict(json.loads(row.value)), row


async def _save_filters(ctx: Context, state: dict[str, Any], row: KeyValue | None = None) -> None:
    row = row or await ctx.uow.session.get(KeyValue, _browse_key(ctx.user))
    value = json.dumps(state)
    if row is None:
        ctx.uow.session.add(KeyValue(key=_browse_key(ctx.user), value=value))
    else:
        row.value = value


@feature.command("offers", order=65)
async def offers_command(ctx: Context, args: str = "") -> None:
    """`/offers [words]`: the newest offers in the user's region; with words, those that match."""
    state = {"c": None, "h": False, "r": ctx.user.region, "q": " ".join(args.split())[:100], "p": 0}
    await _save_filters(ctx, state)
    await _show_page(ctx, state)


async def _show_page(ctx: Context, state: dict[str, Any]) -> None:
    filters = Filters(
        category=state.get("c"), home=bool(state.get("h")), region=state.get("r"), text=state.get("q", "")
    )
    page = int(state.get("p", 0))
    today = local_today(ctx.config)
    found, more = await find_offers(ctx.uow, filters, today, offset=page * PAGE_SIZE)
    summary = [name_of(ctx, filters.region) or ctx.t("offer-all-regions")]
    if filters.category:
        summary.append(category_name(ctx.knowledge.kb, filters.category, ctx.lang))
    if filters.home:
        summary.append(ctx.t("offer-delivery-home"))
    if filters.text:
        summary.append(f"«{filters.text}»")
    heading = bold(ctx.t("offer-list-title", filters=" · ".join(summary)))
    rows: list[list[Button]] = []
    if more:
        rows.append([Button(ctx.t("offer-more"), OfferBrowse("more").pack())])
    rows.append([
        Button(ctx.t("offer-filter-category"), OfferBrowse("cat").pack()),
        Button(("✓ " if filters.home else "") + ctx.t("offer-filter-home"), OfferBrowse("home").pack()),
    ])  # fmt: skip
    rows.append([
        Button(ctx.t("offer-filter-region"), OfferBrowse("region").pack()),
        Button(ctx.t("offer-filter-search"), OfferBrowse("search").pack()),
    ])  # fmt: skip
    if filters.category or filters.home or filters.text or filters.region != ctx.user.region:
        rows.append([Button(ctx.t("offer-filter-clear"), OfferBrowse("clear").pack())])
    if not found:
        ctx.say(heading + "\n\n" + ctx.t("offer-list-none" if page == 0 else "offer-list-end"), rows)
        return
    cards = [card(ctx.t, ctx.knowledge.kb, o, full=False) for o in found]
    ctx.say(heading + "\n\n" + "\n\n".join(cards), rows)


@feature.action(OfferBrowse)
async def on_browse(ctx: Context, data: OfferBrowse) -> None:
    state, row = await _filters(ctx)
    kb = ctx.knowledge.kb
    if data.op == "more":
        state["p"] = int(state.get("p", 0)) + 1
    elif data.op == "home":
        state["h"], state["p"] = not state.get("h"), 0
    elif data.op == "clear":
        state = {"c": None, "h": False, "r": ctx.user.region, "q": "", "p": 0}
    elif data.op == "search":
        await ctx.uow.dialogs.set(ctx.user.id, SEARCH_FLOW, "text")
        ctx.say(ctx.t("offer-search-ask"))
        return
    elif data.op == "cat" and not data.value:
        options = [Button(pick_text(c.name, ctx.lang), OfferBrowse("cat", c.id).pack()) for c in categories(kb)]
        options.append(Button(ctx.t("offer-any-category"), OfferBrowse("cat", "*").pack()))
        ctx.say(ctx.t("offer-ask-category"), [options[i : i + 2] for i in range(0, len(options), 2)])
        return
    elif data.op == "cat":
        if data.value != "*" and data.value not in {c.id for c in categories(kb)}:
            ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
            return
        state["c"], state["p"] = (None if data.value == "*" else data.value), 0
    elif data.op == "region" and not data.value:
        options = [Button(region_name(r, ctx.lang), OfferBrowse("region", r.id).pack()) for r in regions(ctx)]
        options.append(Button(ctx.t("offer-all-regions"), OfferBrowse("region", "*").pack()))
        ctx.say(ctx.t("offer-ask-region-browse"), [options[i : i + 2] for i in range(0, len(options), 2)])
        return
    elif data.op == "region":
        if data.value != "*" and find_region(ctx, data.value) is None:
            ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
            return
        state["r"], state["p"] = (None if data.value == "*" else data.value), 0
    await _save_filters(ctx, state, row)
    await _show_page(ctx, state)


@feature.flow(SEARCH_FLOW)
async def on_search_text(ctx: Context, state: DialogState, text: str) -> bool:
    await ctx.uow.dialogs.clear(ctx.user.id)
    if utcnow() - aware(state.updated_at) > DRAFT_TTL:
        return False
    filters, row = await _filters(ctx)
    filters["q"], filters["p"] = " ".join(text.split())[:100], 0
    await _save_filters(ctx, filters, row)
    await _show_page(ctx, filters)
    return True


# ---------------------------------------------------------------------------------------- finder
#: Words that ask for home delivery (folded); "hjem" or "home" alone do not ("jobbe hjemme").
_HOME_CUES = {fold(w) for w in (
    "hjemlevering hjemmelevering hjemkjøring utkjøring levere leverer levering leveranse leveres lever "
    "hemleverans hemleverera levererar leverera leverans udbringning udbringer leverer deliver delivers "
    "delivery delivering takeaway"
).split()}  # fmt: skip
#: Words that ask for offers (folded); "handle lokalt" and its kin as phrases (not "handle" alone).
_OFFER_CUES = {fold(w) for w in (
    "tilbud tilbod tilbudet tilbudene offer offers deal deals rabatt rabat rabatter discount discounts "
    "erbjudande erbjudanden erbjudandet kampanje kampagne kampanj udsalg"
).split()}  # fmt: skip
_OFFER_PHRASES = ("handle lokalt", "handla lokalt", "kob lokalt", "handl lokalt", "shop local", "shop lokalt")
#: Words of such questions that are not what is looked for.
_FILLER_WORDS = {fold(w) for w in (
    "hvem hvor hva som har noen nogen nagon finnes fins gir kan jeg vi man med til pa av for fra i og eller "
    "who where what which any some has have there is are the can in on of for from to get buy kjope kjøpe "
    "kopa köpa kobe købe billig billige lokale lokal lokalt local near nearby nær naer hjem hjemme hem home "
    "handle handla shop door doren"
).split()}  # fmt: skip


def _named_region(ctx: Context, term: str) -> str | None:
    """The region a search word names ("horten", "asgardstrand"), if any."""
    for region in ctx.knowledge.kb.regions:
        names = {fold(n) for n in (*region.name.values(), *region.aliases, region.id)}
        if term in names:
            return region.id
    return None


@feature.finder
async def find_for_question(ctx: Context, text: str, lang: str) -> bool:
    """A question about offers or home delivery shows the matching offers: in a region the question
    names, else the user's (every region without one)."""
    folded = [fold(w) for w in words(text)]
    home = any(w in _HOME_CUES for w in folded)
    asked = any(w in _OFFER_CUES for w in folded) or any(p in " ".join(folded) for p in _OFFER_PHRASES)
    if not home and not asked:
        return False
    region = ctx.user.region
    terms = []
    for term in query_terms(text):
        if term in _HOME_CUES or term in _OFFER_CUES or term in _FILLER_WORDS:
            continue
        named = _named_region(ctx, term)
        if named is not None:
            region = named
        else:
            terms.append(term)
    today = local_today(ctx.config)
    filters = Filters(home=home, region=region, text=" ".join(terms), terms=terms)
    found, more = await find_offers(ctx.uow, filters, today)
    if not found:
        return False
    t = Translator(lang)
    heading = bold(t("offer-found-heading"))
    await _save_filters(ctx, {"c": None, "h": home, "r": region, "q": filters.text, "p": 0})
    rows = [[Button(t("offer-more"), OfferBrowse("more").pack())]] if more else []
    rows.append([Button(t("menu-offers"), Menu("offers").pack())])
    ctx.say(heading + "\n\n" + "\n\n".join(card(t, ctx.knowledge.kb, o, full=False) for o in found), rows, lang)
    return True


# ---------------------------------------------------------------------------------------- the briefing
@feature.digest_source("offers", order=20)
async def digest_offers(uow: UnitOfWork, request: DigestRequest) -> DigestSection | None:
    """Offers approved since the last briefing, in the subscriber's region (all regions without one)."""
    today = local_today(request.config, request.now)
    stmt = select(Offer).where(
        Offer.status == OfferStatus.APPROVED, Offer.valid_until >= today,
        Offer.approved_at >= request.since, Offer.approved_at < request.now,
    )  # fmt: skip
    if request.region is not None:
        stmt = stmt.where(Offer.region == request.region)
    found = list((await uow.session.execute(stmt.order_by(Offer.approved_at.desc()).limit(6))).scalars())
    if not found:
        return None
    t = Translator(request.lang)
    items = [
        t("offer-digest-item", title=esc(o.title), business=esc(o.business_name), date=long_date(o.valid_until, t.lang))
        for o in found[:5]
    ]
    return DigestSection(
        "offers", t("offer-digest-heading"), items, [[Button(t("menu-offers"), Menu("offers").pack())]]
    )


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
        await _start(ctx, {"o": draft, "edit": offer.id}, first=True)
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


async def _erase_offers(uow: UnitOfWork, user: User) -> None:
    """Live offers are withdrawn; every offer loses its contact details, picture and link to the person."""
    await uow.session.execute(
        update(Offer).where(Offer.user_id == user.id, Offer.status.in_(LIVE)).values(status=OfferStatus.WITHDRAWN)
    )
    await uow.session.execute(
        update(Offer).where(Offer.user_id == user.id)
        .values(contact="", image_url=None, photo_file_id=None, description="", words="", user_id=None)
    )  # fmt: skip
    await uow.session.execute(delete(KeyValue).where(KeyValue.key == f"offers-browse:{user.id}"))


feature.stores("offers", _export_offers, _erase_offers)
