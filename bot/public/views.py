"""`GET /offers` (filters: region, category, home delivery, words; pages) and the Atom feeds
`GET /offers/feed.atom` (every region) and `GET /offers/feed/{region}.atom`."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jinja2
from aiohttp import web
from markupsafe import Markup

from bot.services import Services
from handlers.i18n import Translator, accept_languages, ui_language
from handlers.markup import to_html
from handlers.offer_store import (
    DELIVERY,
    Filters,
    categories,
    category_name,
    contact_markup,
    find_offers,
    local_today,
    long_date,
)
from knowledge.model import pick_text
from storage.models import Offer, aware

SERVICES: web.AppKey[Services] = web.AppKey("public_services", Services)
HERE = Path(__file__).parent
PAGE_SIZE = 20
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src https: 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "public, max-age=60",
}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(HERE / "templates")),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def setup_public(app: web.Application, services: Services) -> None:
    app[SERVICES] = services
    app.router.add_get("/offers", offers_page)
    app.router.add_get("/offers/style.css", stylesheet)
    app.router.add_get("/offers/feed.atom", feed)
    app.router.add_get("/offers/feed/{region}.atom", feed)


def _language(request: web.Request, services: Services) -> str:
    asked = request.query.get("lang")
    if asked:
        return ui_language(asked, services.settings.default_language)
    for tag in accept_languages(request.headers.get("Accept-Language")):
        code = ui_language(tag, "")
        if code:
            return code
    return services.settings.default_language


def _filters(request: web.Request, services: Services) -> Filters:
    kb = services.knowledge.kb
    region = request.query.get("region") or None
    if region is not None and kb.region(region) is None:
        region = None
    category = request.query.get("category") or None
    if category is not None and category not in {c.id for c in categories(kb)}:
        category = None
    text = " ".join(request.query.get("q", "").split())[:100]
    return Filters(category=category, home=request.query.get("home") == "1", region=region, text=text)


async def offers_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    lang = _language(request, services)
    t = Translator(lang)
    filters = _filters(request, services)
    raw_page = request.query.get("page", "0")
    page = int(raw_page) if raw_page.isdecimal() and len(raw_page) < 5 else 0
    today = local_today(services.assistant.config)
    async with services.database.uow() as uow:
        found, more = await find_offers(uow, filters, today, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    kb = services.knowledge.kb
    regions = sorted(((r.id, pick_text(r.name, lang)) for r in kb.regions), key=lambda pair: pair[1].casefold())
    html = _env.get_template("offers.html").render(
        t=t, lang=lang, filters=filters, page=page, more=more,
        offers=[_view(o, t, kb) for o in found], regions=regions,
        categories=[(c.id, pick_text(c.name, lang)) for c in categories(kb)],
        feed=f"/offers/feed/{filters.region}.atom" if filters.region else "/offers/feed.atom",
        query=_query,
    )  # fmt: skip
    return web.Response(text=html, content_type="text/html", charset="utf-8", headers=HEADERS)


def _query(filters: Filters, **change: Any) -> str:
    """The page's address with the filters and one change (the next page)."""
    from urllib.parse import urlencode

    params = {"region": filters.region or "", "category": filters.category or "", "home": "1" if filters.home else "",
              "q": filters.text, **{k: str(v) for k, v in change.items()}}  # fmt: skip
    return "/offers?" + urlencode({k: v for k, v in params.items() if v})


def _view(offer: Offer, t: Translator, kb: Any) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "business": offer.business_name,
        "description": offer.description,
        "category": category_name(kb, offer.category, t.lang),
        "price": offer.price,
        "delivery": [t(f"offer-delivery-{m}") for m in DELIVERY if m in offer.delivery],
        "until": long_date(offer.valid_until, t.lang),
        "contact_html": Markup(to_html(contact_markup(offer.contact))),  # escaped by to_html
        "image": offer.image_url,
    }


async def stylesheet(request: web.Request) -> web.FileResponse:
    return web.FileResponse(HERE / "offers.css", headers={"Cache-Control": "public, max-age=3600"})


async def feed(request: web.Request) -> web.Response:
    """An Atom feed of the newest offers (of one region): for a newspaper, a municipality's site, a page tool."""
    services = request.app[SERVICES]
    kb = services.knowledge.kb
    region_id = request.match_info.get("region")
    region = kb.region(region_id) if region_id else None
    if region_id and region is None:
        raise web.HTTPNotFound(text="No such region.")
    lang = region_lang = services.settings.default_language
    t = Translator(lang)
    today = local_today(services.assistant.config)
    async with services.database.uow() as uow:
        found, _more = await find_offers(uow, Filters(region=region_id), today, limit=FEED_SIZE)
    base = f"{request.scheme}://{request.host}"
    page = base + (f"/offers?region={region_id}" if region_id else "/offers")
    title = t("offers-page-title") + (f" – {pick_text(region.name, region_lang)}" if region else "")
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"{base}/offers/feed/{region_id or 'all'}"
    ET.SubElement(root, f"{{{ATOM}}}link", href=page, rel="alternate", type="text/html")
    ET.SubElement(root, f"{{{ATOM}}}link", href=str(request.url), rel="self", type="application/atom+xml")
    newest = max((aware(o.approved_at or o.created_at) for o in found), default=datetime(2026, 1, 1, tzinfo=UTC))
    ET.SubElement(root, f"{{{ATOM}}}updated").text = newest.isoformat()
    for offer in found:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{offer.title} – {offer.business_name}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{base}/offers#offer-{offer.id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", href=f"{page}#offer-{offer.id}", rel="alternate")
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = aware(offer.approved_at or offer.updated_at).isoformat()
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = offer.business_name
        ET.SubElement(entry, f"{{{ATOM}}}category", term=offer.category, label=category_name(kb, offer.category, lang))
        lines = [offer.description]
        if offer.price:
            lines.append(offer.price)
        lines.append(", ".join(t(f"offer-delivery-{m}") for m in DELIVERY if m in offer.delivery))
        lines.append(t("offer-card-until", date=long_date(offer.valid_until, lang)))
        if offer.contact:
            lines.append(offer.contact)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = "\n".join(lines)
    body = ET.tostring(root, encoding="unicode", xml_declaration=False)
    return web.Response(
        text='<?xml version="1.0" encoding="utf-8"?>\n' + body,
        content_type="application/atom+xml", charset="utf-8", headers=HEADERS,
    )  # fmt: skip
