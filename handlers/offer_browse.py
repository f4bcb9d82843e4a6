"""Finding offers: `/offers` with its filters, More and search (the filters kept in the database between
presses), the finder that answers questions such as "hvem leverer hjem?", and the briefing's section.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from handlers.context import Context
from handlers.digest import DigestRequest, DigestSection
from handlers.i18n import Translator
from handlers.markup import bold, esc
from handlers.menu import Menu, back_to_menu
from handlers.offer_buttons import OfferBrowse
from handlers.offer_feature import DRAFT_TTL, SEARCH_FLOW, feature
from handlers.offer_store import (
    PAGE_SIZE,
    Filters,
    card,
    categories,
    category_name,
    find_offers,
    local_today,
    long_date,
    query_terms,
)
from handlers.regions import find_region, name_of, region_name, regions
from handlers.types import Button
from knowledge.model import pick_text
from knowledge.normalise import fold, words
from storage.models import DialogState, KeyValue, Offer, User, aware, utcnow
from storage.states import OfferStatus

if TYPE_CHECKING:
    from storage.uow import UnitOfWork


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
#: Of those, the ones that also mean "hand in" ("hvordan leverer jeg mva-meldingen?", "vi leverer varer
#: til kommunen"): they ask for delivery only with "home" or asking who ("hvem leverer mat?").
_SUBMIT_CUES = {fold(w) for w in (
    "levere leverer levering leveranse leveres lever levererar leverera leverans"
).split()}  # fmt: skip
_HOME_OR_WHO = {fold(w) for w in "hjem hjemme hem hemma home hvem vem who hvilke vilka which".split()}
#: "tilbud om rådgivning", "an offer of support": a service or scheme, not a shop's offer.
_SCHEME_AFTER_OFFER = {fold(w) for w in "om of".split()}
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
    plain_delivery = any(w in _HOME_OR_WHO for w in folded)
    home = any(w in _HOME_CUES and (w not in _SUBMIT_CUES or plain_delivery) for w in folded)
    asked = any(
        w in _OFFER_CUES and (i + 1 == len(folded) or folded[i + 1] not in _SCHEME_AFTER_OFFER)
        for i, w in enumerate(folded)
    ) or any(p in " ".join(folded) for p in _OFFER_PHRASES)
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
@feature.digest_source("offers", order=25)
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
