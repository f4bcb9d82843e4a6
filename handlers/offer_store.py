"""Shop-local offers as data: the categories and ways to get an offer, what counts as active, finding
offers (filters and a typo-tolerant text search) and one offer as a card in Sammen's markup.

Shared by the chat (`handlers.offers`), moderation (`handlers.offer_moderation`), the public page and
the dashboard, so all of them show the same offers the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, func, or_, select

from handlers.i18n import Translator
from handlers.markup import bold, esc, link, short
from knowledge.model import OfferCategory, pick_text
from knowledge.normalise import fold, words
from knowledge.stopwords import STOP
from storage.models import Offer, utcnow
from storage.states import OfferStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from knowledge.model import KnowledgeBase
    from storage.uow import UnitOfWork

#: How an offer can be had, in the order they are offered.
DELIVERY = ("home", "pickup", "store", "online")
#: Limits of what a poster may type.
TITLE_MAX = 80
DESCRIPTION_MAX = 1000
PRICE_MAX = 200
CONTACT_MAX = 300
URL_MAX = 500
#: Valid until: this many days unless the poster says otherwise, and never more than the maximum.
DEFAULT_DAYS = 14
MAX_DAYS = 90
EXTEND_DAYS = 14
PAGE_SIZE = 5
#: Offers that still count against a business's limit and for near-duplicates.
LIVE = (OfferStatus.PENDING, OfferStatus.APPROVED)

#: The built-in categories, used when the knowledge folder has no `offer_categories`.
DEFAULT_CATEGORIES = (
    OfferCategory(
        "food", {"nb": "Mat og drikke", "da": "Mad og drikke", "sv": "Mat och dryck", "en": "Food and drink"}
    ),
    OfferCategory(
        "retail", {"nb": "Butikk og handel", "da": "Butik og handel", "sv": "Butik och handel", "en": "Retail"}
    ),
    OfferCategory("services", {"nb": "Tjenester", "da": "Tjenester", "sv": "Tjänster", "en": "Services"}),
    OfferCategory("experiences", {"nb": "Opplevelser", "da": "Oplevelser", "sv": "Upplevelser", "en": "Experiences"}),
    OfferCategory("other", {"nb": "Annet", "da": "Andet", "sv": "Övrigt", "en": "Other"}),
)

_LOCALES = {"nb": "nb_NO", "da": "da_DK", "sv": "sv_SE", "en": "en_GB"}
_PHONE = re.compile(r"\+?\d[\d ]{6,14}\d")
_URL = re.compile(r"https?://[^\s<>\"']+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def categories(kb: KnowledgeBase) -> list[OfferCategory]:
    return list(kb.offer_categories) or list(DEFAULT_CATEGORIES)


def category_name(kb: KnowledgeBase, category_id: str, lang: str) -> str:
    found = next((c for c in categories(kb) if c.id == category_id), None)
    return pick_text(found.name, lang) if found else category_id


def local_today(config: CoreConfig, now: datetime | None = None) -> date:
    """The deployment's date: offers last whole local days."""
    return (now or utcnow()).astimezone(ZoneInfo(config.timezone)).date()


@lru_cache(maxsize=4096)
def long_date(day: date, lang: str) -> str:
    """ "fredag 4. desember 2026" / "Friday 4 December 2026": what the poster sees echoed."""
    return format_date(day, format="EEEE d. MMMM y" if lang != "en" else "EEEE d MMMM y", locale=_LOCALES[lang])


def search_words(kb: KnowledgeBase, *texts: str, category: str | None = None) -> str:
    """The folded words search compares: the offer's texts and its category's names in every language."""
    found: list[str] = []
    for text in texts:
        found += [fold(w) for w in words(text)]
    if category is not None:
        for cat in categories(kb):
            if cat.id == category:
                for name in cat.name.values():
                    found += [fold(w) for w in words(name)]
    return " ".join(dict.fromkeys(w for w in found if len(w) > 1))


def query_terms(text: str) -> list[str]:
    """The words of a search worth matching: folded, without stop words and very short words."""
    return [w for w in (fold(x) for x in words(text)) if len(w) >= 3 and w not in STOP][:6]


def active(today: date) -> ColumnElement[bool]:
    """Shown to everyone: approved and not past its date (the expiry job also marks them later)."""
    return (Offer.status == OfferStatus.APPROVED) & (Offer.valid_until >= today)


@dataclass(frozen=True, slots=True)
class Filters:
    """What a browse shows: a category, only "delivers home", a region (None: every region), words."""

    category: str | None = None
    home: bool = False
    region: str | None = None
    text: str = ""
    terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.text and not self.terms:
            object.__setattr__(self, "terms", query_terms(self.text))


async def find_offers(
    uow: UnitOfWork, filters: Filters, today: date, *, offset: int = 0, limit: int = PAGE_SIZE
) -> tuple[list[Offer], bool]:
    """Active offers matching `filters`, newest approved first: a page and whether there is more.

    Without words this is one indexed query. With words, SQL first keeps the offers whose folded
    words contain, for each search word, one of three of its three-letter pieces (its start, middle
    or end: one typo leaves one intact); their ids and words are read, each search word is matched
    against their vocabulary with rapidfuzz (typos, "blomst" for "blomster", missing æøå through
    folding), and an offer must match every word; only the page's rows are then loaded whole.
    """
    conditions = [active(today)]
    if filters.region is not None:
        conditions.append(Offer.region == filters.region)
    if filters.category is not None:
        conditions.append(Offer.category == filters.category)
    if filters.home:
        conditions.append(Offer.delivers_home.is_(True))
    order = (Offer.approved_at.desc(), Offer.id.desc())
    if not filters.terms:
        stmt = select(Offer).where(*conditions).order_by(*order).offset(offset).limit(limit + 1)
        rows = list((await uow.session.execute(stmt)).scalars())
        return rows[:limit], len(rows) > limit
    for term in filters.terms:  # a cheap first cut in SQL: some three letters of each word must be there
        middle = len(term) // 2
        windows = {term[:3], term[-3:], term[max(0, middle - 1) : middle + 2]}
        conditions.append(or_(*(Offer.words.contains(window, autoescape=True) for window in sorted(windows))))
    stmt_words = select(Offer.id, Offer.words).where(*conditions).order_by(*order)
    wanted = offset + limit + 1  # enough to fill the page and to know whether there is more
    first = wanted * 8  # most searches fill the page from the newest candidates: read those first
    candidates = (await uow.session.execute(stmt_words.limit(first))).all()
    matched_ids = match_words(candidates, filters.terms)
    if len(matched_ids) < wanted and len(candidates) == first:
        rest = (await uow.session.execute(stmt_words.offset(first))).all()
        matched_ids += match_words(rest, filters.terms)
    page_ids = matched_ids[offset : offset + limit]
    if not page_ids:
        return [], False
    loaded = {o.id: o for o in (await uow.session.execute(select(Offer).where(Offer.id.in_(page_ids)))).scalars()}
    return [loaded[i] for i in page_ids if i in loaded], len(matched_ids) > offset + limit


def match_words(candidates: Sequence[Any], terms: list[str]) -> list[int]:
    """The ids (in the given order) whose words match every term, tolerating typos.

    The candidates' distinct words are matched once per term (rapidfuzz, and prefixes: "blomst" finds
    "blomster"); each term then becomes one regular expression of the words it matched, run over each
    candidate's words in C, so the cost per candidate stays a few regex searches.
    """
    if not candidates:
        return []
    keys = list(set(" ".join(text for _id, text in candidates).split()))
    patterns = []
    for term in terms:
        cutoff = 90 if len(term) <= 4 else 80
        found = process.extract(term, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        hits = {key for key, _score, _index in found}
        if len(term) >= 3:
            hits.update(key for key in keys if key.startswith(term) or (len(key) >= 5 and term.startswith(key)))
        if not hits:
            return []
        alternatives = "|".join(re.escape(hit) for hit in sorted(hits, key=len, reverse=True))
        patterns.append(re.compile(f"(?:^| )(?:{alternatives})(?= |$)"))
    return [offer_id for offer_id, text in candidates if all(p.search(text) for p in patterns)]


async def live_offers_of_business(uow: UnitOfWork, org_number: str, today: date) -> list[Offer]:
    stmt = select(Offer).where(Offer.org_number == org_number, Offer.status.in_(LIVE), Offer.valid_until >= today)
    return list((await uow.session.execute(stmt.order_by(Offer.id))).scalars())


async def posted_since(uow: UnitOfWork, user_id: int, since: datetime) -> int:
    stmt = select(func.count(Offer.id)).where(Offer.user_id == user_id, Offer.created_at >= since)
    return int((await uow.session.execute(stmt)).scalar_one())


def near_duplicate(title: str, description: str, others: list[Offer], *, skip: int | None = None) -> Offer | None:
    """One of `others` that says nearly the same (rapidfuzz over folded title and description)."""
    mine = fold(f"{title} {description}")
    for other in others:
        if other.id == skip:
            continue
        theirs = fold(f"{other.title} {other.description}")
        if fuzz.token_sort_ratio(mine, theirs) >= 90 or (
            fuzz.ratio(fold(title), fold(other.title)) >= 92 and fuzz.token_set_ratio(mine, theirs) >= 85
        ):
            return other
    return None


def delivery_labels(t: Translator, modes: list[str]) -> str:
    return ", ".join(t(f"offer-delivery-{mode}") for mode in DELIVERY if mode in modes)


def contact_markup(contact: str) -> str:
    """The poster's contact text with its phone numbers, web addresses and e-mails as links."""
    out: list[str] = []
    pos = 0
    pattern = re.compile(f"{_URL.pattern}|{_EMAIL.pattern}|{_PHONE.pattern}")
    for match in pattern.finditer(contact):
        out.append(esc(contact[pos : match.start()]))
        found = match.group()
        if found.startswith(("http://", "https://")):
            out.append(link(found, found) if found.startswith("https://") else esc(found))
        elif "@" in found:
            out.append(link(found, "mailto:" + found))
        else:
            out.append(link(found, "tel:" + "".join(ch for ch in found if ch.isdigit() or ch == "+")))
        pos = match.end()
    out.append(esc(contact[pos:]))
    return "".join(out)


def card(t: Translator, kb: KnowledgeBase, offer: Offer | dict, *, full: bool = True, status: bool = False,
         photo_shown: bool = False) -> str:  # fmt: skip
    """One offer in Sammen's markup: what, who, how to get it, until when, and how to reach them.
    `photo_shown`: the offer's photo goes with this message (a Telegram photo can be shown only on
    Telegram, and not in a list): only then does the card say a photo is attached."""

    def get(key: str) -> Any:
        return offer.get(key) if isinstance(offer, dict) else getattr(offer, key, None)

    until = get("valid_until")
    if isinstance(until, str):
        until = date.fromisoformat(until)
    lines = [bold(get("title") or "") + (" – " + esc(get("business_name")) if get("business_name") else "")]
    description = get("description") or ""
    if description:
        lines.append(esc(description if full else short(description, 240)))
    facts = [t("offer-card-category", category=esc(category_name(kb, get("category") or "", t.lang)))]
    if get("price"):
        facts.append(t("offer-card-price", price=esc(get("price"))))
    lines.append(" · ".join(facts))
    if get("delivery"):
        lines.append(t("offer-card-delivery", modes=delivery_labels(t, list(get("delivery")))))
    if until:
        lines.append(t("offer-card-until", date=long_date(until, t.lang)))
    if get("contact"):
        contact = get("contact") if full else short(get("contact"), 160)
        lines.append(t("offer-card-contact", contact=contact_markup(contact)))
    if get("image_url"):
        lines.append(link(t("offer-card-image"), get("image_url")))
    elif get("photo_file_id") and photo_shown:
        lines.append(t("offer-card-photo"))
    if status and get("status"):
        line = t("offer-card-status", status=t(f"offer-status-{get('status')}"))
        if get("reason"):
            line += " – " + esc(short(get("reason"), 200))
        lines.append(line)
    return "\n".join(lines)


def is_https_image(url: str) -> bool:
    """An image link the poster gave: https only, no spaces or quotes, a host. Never fetched."""
    return (
        bool(re.fullmatch(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?(?:/[^\s<>\"'\\]*)?", url))
        and len(url) <= URL_MAX
    )


def default_until(today: date) -> date:
    return today + timedelta(days=DEFAULT_DAYS)
