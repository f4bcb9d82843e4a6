"""The daily briefing on the dashboard: per day due, sent, failed, uncertain and unsubscribed, a preview
of any subscriber's next briefing, and the staff's news items (written, previewed, posted, withdrawn)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiohttp import web
from sqlalchemy import select

from bot.dashboard.web import PREFIX, Desk, action, form_text, page, read_form, redirect
from handlers.briefing_content import news_line
from handlers.briefing_schedule import day_figures, preview, subscriber_counts
from handlers.markup import to_html
from storage import audit
from storage.models import NewsItem, User

DAYS = 7
NEWS_MAX = 500


@page()
async def briefing(desk: Desk) -> web.StreamResponse:
    today = datetime.now(UTC).astimezone(desk.zone).date()
    raw = desk.request.query.get("preview", "").strip()
    shown: str | None = None
    problem: str | None = None
    async with desk.services.database.uow() as uow:
        days = [(day, await day_figures(uow, day)) for day in (today - timedelta(days=i) for i in range(DAYS))]
        subscribers = await subscriber_counts(uow)
        if raw:
            user = await uow.session.get(User, int(raw)) if raw.isdecimal() and len(raw) < 12 else None
            if user is None:
                problem = desk.t("briefing-preview-unknown", user=raw[:20])
            else:
                a = desk.services.assistant
                payload = await preview(uow, user, a.knowledge, a.config, a.registry.digest_sources)
                shown = to_html(payload["text"]) if payload else None
                problem = None if payload else desk.t("briefing-preview-nothing")
    return desk.render("briefing.html", days=days, subscribers=subscribers, asked=raw[:20], shown=shown,
                       problem=problem)  # fmt: skip


async def _news_page(desk: Desk, *, draft: dict[str, str] | None = None, note: str | None = None,
                     status: int = 200) -> web.StreamResponse:  # fmt: skip
    async with desk.services.database.uow() as uow:
        items = list((await uow.session.execute(
            select(NewsItem).order_by(NewsItem.created_at.desc(), NewsItem.id.desc()).limit(50)
        )).scalars())  # fmt: skip
    regions = [(r.id, desk.services.knowledge.kb.text(r.name, desk.t.lang)) for r in desk.services.knowledge.kb.regions]
    draft = draft or {"text": "", "url": "", "region": ""}
    shown = None
    if draft["text"] and note is None:
        item = NewsItem(text=draft["text"], url=draft["url"] or None, region=draft["region"] or None)
        shown = to_html(news_line(item, desk.services.settings.default_language))
    lang = desk.services.settings.default_language
    return desk.render("news.html", status=status, posted=items, regions=regions, draft=draft, shown=shown,
                       note=note, html=lambda item: to_html(news_line(item, lang)))  # fmt: skip


@page()
async def news(desk: Desk) -> web.StreamResponse:
    return await _news_page(desk)


@action("post_news")
async def news_post(desk: Desk) -> web.StreamResponse:
    """"Preview" shows the item as subscribers will see it; "Post" saves it for the next briefings."""
    form = await read_form(desk.request)
    draft = {"text": form_text(form, "text", NEWS_MAX * 2).strip(), "url": form_text(form, "url", 600).strip(),
             "region": form_text(form, "region", 64).strip()}  # fmt: skip
    regions = {r.id for r in desk.services.knowledge.kb.regions}
    problem = None
    if not draft["text"]:
        problem = desk.t("news-text-missing")
    elif len(draft["text"]) > NEWS_MAX:
        problem = desk.t("news-text-long", limit=NEWS_MAX)
    elif draft["url"] and (not draft["url"].startswith(("https://", "http://")) or " " in draft["url"]
                           or len(draft["url"]) > 500):  # fmt: skip
        problem = desk.t("news-url-bad")
    elif draft["region"] and draft["region"] not in regions:
        problem = desk.t("news-region-bad")
    if problem is not None:
        return await _news_page(desk, draft=draft, note=problem, status=422)
    if form_text(form, "do", 10) != "post":
        return await _news_page(desk, draft=draft)
    async with desk.services.database.uow() as uow:
        item = NewsItem(text=draft["text"], url=draft["url"] or None, region=draft["region"] or None,
                        created_by=desk.staff.id, created_at=datetime.now(UTC))  # fmt: skip
        uow.session.add(item)
        await uow.session.flush()
        await audit.record(uow, desk.staff, "news.post", f"news:{item.id}", region=item.region or "all")
    raise redirect(f"{PREFIX}/news")


@action("post_news")
async def news_withdraw(desk: Desk) -> web.StreamResponse:
    raw = desk.request.match_info["id"]
    async with desk.services.database.uow() as uow:
        item = await uow.session.get(NewsItem, int(raw)) if raw.isdecimal() and len(raw) < 12 else None
        if item is None:
            raise web.HTTPNotFound()
        item.withdrawn = True
        await audit.record(uow, desk.staff, "news.withdraw", f"news:{item.id}")
    raise redirect(f"{PREFIX}/news")
