"""What one subscriber's briefing says: the sections of the sources they chose, fitted into one message.

The briefing feature's own two sources live here: knowledge entries added or changed since the last
briefing (by content hash, so a reload that changes nothing adds nothing) and the staff's news items.
`compose` asks every registered source whose topic the subscriber chose, in order; a subscriber with
nothing new gets nothing (or, with BRIEFING_NOTHING_NEW, one short line). What does not fit one
Telegram message waits behind "More" (`more_page`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_, select

from handlers.callbacks import CallbackData
from handlers.digest import DigestRequest, DigestSection, DigestSourceEntry
from handlers.i18n import Translator
from handlers.markup import bold, esc, link, short, to_plain
from handlers.types import Button, Reply
from storage.models import BriefingKnowledge, NewsItem, aware

if TYPE_CHECKING:
    from knowledge.model import Entry, KnowledgeBase
    from storage.uow import UnitOfWork

#: Telegram's limit is 4096 characters of visible text; the header, "More" note and slack take the rest.
MESSAGE_BUDGET = 3800
#: Items per section at most (the rest are counted, not listed).
MAX_ITEMS = 25
NEWS_CHARS = 280


@dataclass(frozen=True, slots=True)
class BriefingMore(CallbackData, prefix="brm"):
    """"More": the next page of the latest briefing (rebuilt from the same moments)."""

    page: int


@dataclass(frozen=True, slots=True)
class BriefingOpen(CallbackData, prefix="bro"):
    """The subscriber's settings (time, days, topics, pause, stop)."""

    view: str = "main"


def entry_hash(entry: Entry) -> str:
    """What a subscriber would see changed: titles, answers, links, regions and validity."""
    content = {
        "title": entry.title,
        "answer": entry.answer,
        "links": [(link_.title, link_.url) for link_ in entry.links],
        "regions": sorted(entry.regions),
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else None,
        "contacts": list(entry.contacts),
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


async def sync_knowledge(uow: UnitOfWork, kb: KnowledgeBase, now: datetime) -> int:
    """Record the content hash of every entry; a new or different hash is an addition or change at
    `now`. The first sync is the baseline (nothing is "new"). The number of entries added or changed."""
    stored = {row.entry_id: row for row in (await uow.session.execute(select(BriefingKnowledge))).scalars()}
    baseline = not stored
    changed = 0
    for entry in kb.entries:
        digest = entry_hash(entry)
        row = stored.get(entry.id)
        if row is None:
            at = None if baseline else now
            uow.session.add(BriefingKnowledge(entry_id=entry.id, content_hash=digest, added_at=at, changed_at=at))
            changed += not baseline
        elif row.content_hash != digest:
            row.content_hash, row.changed_at = digest, now
            changed += 1
    return changed


async def knowledge_section(uow: UnitOfWork, request: DigestRequest) -> DigestSection | None:
    """Entries added or changed in (since, now] that serve the subscriber's region."""
    t = Translator(request.lang)
    rows = (
        await uow.session.execute(
            select(BriefingKnowledge)
            .where(BriefingKnowledge.changed_at > request.since, BriefingKnowledge.changed_at <= request.now)
            .order_by(BriefingKnowledge.changed_at.desc(), BriefingKnowledge.entry_id)
        )
    ).scalars()
    today = request.now.date()
    items = []
    for row in rows:
        entry = request.knowledge.kb.entry(row.entry_id)
        if entry is None or entry.expired(today) or not entry.serves(request.region):
            continue
        added = row.added_at is not None and aware(row.added_at) > request.since
        key = "briefing-knowledge-added" if added else "briefing-knowledge-changed"
        items.append(t(key, title=esc(short(entry.display_title(request.lang), 120))))
    if not items:
        return None
    return DigestSection("knowledge", t("briefing-topic-knowledge"), items)


async def news_items(uow: UnitOfWork, region: str | None, since: datetime, now: datetime) -> list[NewsItem]:
    """The staff's news for a region (and for everyone) posted in (since, now], oldest first."""
    where = [NewsItem.created_at > since, NewsItem.created_at <= now, NewsItem.withdrawn.is_(False)]
    where.append(or_(NewsItem.region.is_(None), NewsItem.region == region) if region else NewsItem.region.is_(None))
    stmt = select(NewsItem).where(*where).order_by(NewsItem.created_at, NewsItem.id)
    return list((await uow.session.execute(stmt)).scalars())


def news_line(item: NewsItem, lang: str) -> str:
    text = esc(short(item.text, NEWS_CHARS))
    if item.url:
        return f"{text} {link(Translator(lang)('briefing-news-link'), item.url)}"
    return text


async def news_section(uow: UnitOfWork, request: DigestRequest) -> DigestSection | None:
    items = await news_items(uow, request.region, request.since, request.now)
    if not items:
        return None
    t = Translator(request.lang)
    return DigestSection("news", t("briefing-topic-news"), [news_line(item, request.lang) for item in items])


async def sections(
    uow: UnitOfWork, request: DigestRequest, topics: Sequence[str], sources: Sequence[DigestSourceEntry]
) -> list[DigestSection]:
    """The non-empty sections of the sources whose topic was chosen, in the sources' order."""
    found = []
    for source in sources:
        if source.topic in topics:
            section = await source.build(uow, request)
            if section is not None and section.items:
                found.append(section)
    return found


@dataclass(frozen=True, slots=True)
class Page:
    text: str
    buttons: list[list[Button]]
    more: bool


def paginate(t: Translator, header: str, found: list[DigestSection], page: int = 0) -> Page | None:
    """Page `page` of the briefing: whole sections while they fit `MESSAGE_BUDGET`, then "More"."""
    blocks: list[tuple[str, list[list[Button]]]] = []
    for section in found:
        items = section.items[:MAX_ITEMS]
        lines = [bold(section.heading), *(f"• {item}" for item in items)]
        if len(section.items) > MAX_ITEMS:
            lines.append(t("briefing-and-more", count=len(section.items) - MAX_ITEMS))
        # A section longer than a page on its own is cut into pieces at item boundaries.
        chunk: list[str] = []
        for line in lines:
            if chunk and _size([*chunk, line]) > MESSAGE_BUDGET - len(header) - 50:
                blocks.append(("\n".join(chunk), []))
                chunk = [bold(section.heading)]
            chunk.append(line)
        blocks.append(("\n".join(chunk), section.buttons))
    pages: list[list[tuple[str, list[list[Button]]]]] = [[]]
    used = len(to_plain(header))
    for block in blocks:
        size = len(to_plain(block[0])) + 2
        if pages[-1] and used + size > MESSAGE_BUDGET:
            pages.append([])
            used = len(to_plain(header))
        pages[-1].append(block)
        used += size
    if page >= len(pages) or not pages[page]:
        return None
    text = "\n\n".join([header, *(b[0] for b in pages[page])])
    buttons = [row for b in pages[page] for row in b[1]][:8]
    more = page + 1 < len(pages)
    if more:
        buttons.append([Button(t("briefing-more"), BriefingMore(page + 1).pack())])
    return Page(text, buttons, more)


def _size(lines: list[str]) -> int:
    return len(to_plain("\n".join(lines)))


def briefing_reply(t: Translator, header: str, found: list[DigestSection], *, nothing_new: bool) -> Reply | None:
    """The first page as the outbox's payload; None when there is nothing new and nothing to say."""
    if not found:
        if not nothing_new:
            return None
        return Reply(f"{header}\n{t('briefing-nothing-new')}", [[_settings_button(t)]], t.lang)
    first = paginate(t, header, found)
    assert first is not None
    buttons = [*first.buttons, [_settings_button(t)]]
    return Reply(first.text, buttons, t.lang)


def _settings_button(t: Translator) -> Button:
    return Button(t("briefing-settings-button"), BriefingOpen().pack())
