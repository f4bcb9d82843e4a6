"""The daily briefing, as a subscriber sees it: `/briefing` (and the menu button) to choose the time,
the days and the topics, pause and resume; `/stop` to unsubscribe in one step; asking in words
("kan jeg få en daglig oppsummering?", "stop the morning messages") leads to the same.

The subscription is a row in `briefing_subscriptions`; when and how briefings are enqueued is
`handlers.briefing_schedule`, what they say `handlers.briefing_content`. Its own sections: the
knowledge base's changes and the staff's news.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import delete

from handlers.briefing_content import BriefingMore, BriefingOpen, knowledge_section, news_section, paginate, sections
from handlers.briefing_schedule import region_zone, slot_label
from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.digest import DigestRequest
from handlers.feature import Erasing, Feature
from handlers.i18n import Translator
from handlers.menu import back_to_menu
from handlers.types import Button
from storage.models import BriefingSubscription, aware, utcnow
from storage.states import BriefingDays, BriefingStatus

if TYPE_CHECKING:
    from storage.models import DialogState, User
    from storage.uow import UnitOfWork

feature = Feature("briefing")
FLOW = "briefing"

feature.digest_source("news", order=10)(news_section)
feature.digest_source("knowledge", order=20)(knowledge_section)


@dataclass(frozen=True, slots=True)
class BriefingSet(CallbackData, prefix="brs"):
    """A change to the subscription: a time ("0730"), days, a topic to toggle, pause, resume or stop."""

    what: Literal["time", "days", "topic", "pause", "resume", "stop"]
    value: str = ""


# ----------------------------------------------------------------------------------- reading it
def topics_offered(ctx: Context) -> list[str]:
    """The topics of the registered digest sources, in their order."""
    return list(dict.fromkeys(source.topic for source in ctx.registry.digest_sources))


def topic_label(t: Translator, topic: str) -> str:
    label = t(f"briefing-topic-{topic}")
    return topic if label == f"briefing-topic-{topic}" else label


async def subscription(ctx: Context) -> BriefingSubscription | None:
    return await ctx.uow.session.get(BriefingSubscription, ctx.user.id)


def summary(ctx: Context, sub: BriefingSubscription) -> str:
    """The confirmation: what comes, and when."""
    t = ctx.t
    days = t("briefing-days-weekdays") if sub.days == BriefingDays.WEEKDAYS else t("briefing-days-daily")
    topics = ", ".join(topic_label(t, topic) for topic in sub.topics)
    lines = [t("briefing-summary", time=slot_label(sub.slot_minute), days=days, topics=topics)]
    lines.append(t("briefing-nothing-new-sent") if ctx.config.briefing.nothing_new else t("briefing-nothing-quiet"))
    if sub.status == BriefingStatus.PAUSED:
        lines.insert(0, t("briefing-paused"))
    return "\n".join(lines)


def overview_buttons(ctx: Context, sub: BriefingSubscription) -> list[list[Button]]:
    t = ctx.t
    toggle = (
        Button(t("briefing-resume-button"), BriefingSet("resume").pack())
        if sub.status == BriefingStatus.PAUSED
        else Button(t("briefing-pause-button"), BriefingSet("pause").pack())
    )
    return [
        [Button(t("briefing-time-button"), BriefingOpen("time").pack()),
         Button(t("briefing-days-button"), BriefingOpen("days").pack())],
        [Button(t("briefing-topics-button"), BriefingOpen("topics").pack())],
        [toggle, Button(t("briefing-stop-button"), BriefingSet("stop").pack())],
        *back_to_menu(ctx),
    ]  # fmt: skip


def time_buttons(ctx: Context) -> list[list[Button]]:
    slots = [Button(slot_label(m), BriefingSet("time", f"{m // 60:02d}{m % 60:02d}").pack())
             for m in ctx.config.briefing.slots]  # fmt: skip
    return [slots[i : i + 3] for i in range(0, len(slots), 3)]


# ----------------------------------------------------------------------------------- the views
@feature.command("briefing", order=50)
async def briefing_command(ctx: Context, _args: str = "") -> None:
    sub = await subscription(ctx)
    if sub is None or sub.status == BriefingStatus.STOPPED:
        await ask_time(ctx, intro=True)
        return
    ctx.say(summary(ctx, sub), overview_buttons(ctx, sub))


feature.menu_item("menu-briefing", "briefing", order=50)


async def ask_time(ctx: Context, *, intro: bool = False, invalid: bool = False) -> None:
    """The time step; a typed time ("7:30") is taken too, so the dialog step is kept in the database."""
    await ctx.uow.dialogs.set(ctx.user.id, FLOW, "time")
    slots = ", ".join(slot_label(m) for m in ctx.config.briefing.slots)
    key = "briefing-time-invalid" if invalid else ("briefing-intro" if intro else "briefing-choose-time")
    ctx.say(ctx.t(key, slots=slots), time_buttons(ctx))


@feature.action(BriefingOpen)
async def on_open(ctx: Context, data: BriefingOpen) -> None:
    sub = await subscription(ctx)
    if data.view == "time" or sub is None or sub.status == BriefingStatus.STOPPED:
        await ask_time(ctx, intro=sub is None or sub.status == BriefingStatus.STOPPED)
    elif data.view == "days":
        ctx.say(ctx.t("briefing-choose-days"), [
            [Button(ctx.t("briefing-days-weekdays"), BriefingSet("days", BriefingDays.WEEKDAYS).pack()),
             Button(ctx.t("briefing-days-daily"), BriefingSet("days", BriefingDays.DAILY).pack())],
        ])  # fmt: skip
    elif data.view == "topics":
        show_topics(ctx, sub)
    else:
        ctx.say(summary(ctx, sub), overview_buttons(ctx, sub))


def show_topics(ctx: Context, sub: BriefingSubscription, note: str | None = None) -> None:
    rows = [
        [Button(("✅ " if topic in sub.topics else "▫️ ") + topic_label(ctx.t, topic),
                BriefingSet("topic", topic).pack())]
        for topic in topics_offered(ctx)
    ]
    rows.append([Button(ctx.t("briefing-done-button"), BriefingOpen("main").pack())])
    ctx.say(note or ctx.t("briefing-choose-topics"), rows)


@feature.action(BriefingSet)
async def on_set(ctx: Context, data: BriefingSet) -> None:
    sub = await subscription(ctx)
    if data.what == "time":
        minute = _parse_slot(data.value)
        if minute is None or minute not in ctx.config.briefing.slots:
            await ask_time(ctx, invalid=True)
            return
        await set_time(ctx, sub, minute)
        return
    if data.what == "stop":
        await stop(ctx)
        return
    if sub is None or sub.status == BriefingStatus.STOPPED:
        await ask_time(ctx, intro=True)
        return
    if data.what == "days":
        if data.value not in tuple(BriefingDays):
            ctx.say(ctx.t("stale-button"), overview_buttons(ctx, sub))
            return
        sub.days = data.value
    elif data.what == "topic":
        if data.value not in topics_offered(ctx):
            show_topics(ctx, sub, ctx.t("stale-button"))
            return
        chosen = [topic for topic in sub.topics if topic != data.value]
        if data.value not in sub.topics:
            chosen = [topic for topic in topics_offered(ctx) if topic in sub.topics or topic == data.value]
        if not chosen:
            show_topics(ctx, sub, ctx.t("briefing-topics-none"))
            return
        sub.topics = chosen
        show_topics(ctx, sub)
        return
    elif data.what == "pause":
        sub.status = BriefingStatus.PAUSED
    elif data.what == "resume":
        sub.status = BriefingStatus.ACTIVE
    sub.updated_at = utcnow()
    ctx.say(summary(ctx, sub), overview_buttons(ctx, sub))


async def set_time(ctx: Context, sub: BriefingSubscription | None, minute: int) -> None:
    """Subscribe (first time, or again after /stop) or move the time; then the confirmation."""
    await ctx.uow.dialogs.clear(ctx.user.id)
    if ctx.user.language is None:  # the briefing is written in a language: the one this conversation uses
        ctx.user.language = ctx.lang
    zone = region_zone(ctx.knowledge.kb, ctx.user.region, ctx.config.timezone)
    if sub is None:
        sub = BriefingSubscription(
            user_id=ctx.user.id, status=BriefingStatus.ACTIVE, slot_minute=minute, days=BriefingDays.WEEKDAYS,
            topics=topics_offered(ctx), timezone=zone, created_at=utcnow(), updated_at=utcnow(),
        )  # fmt: skip
        ctx.uow.session.add(sub)
    else:
        if sub.status == BriefingStatus.STOPPED:
            sub.status = BriefingStatus.ACTIVE
            sub.topics = sub.topics or topics_offered(ctx)
        sub.slot_minute, sub.timezone, sub.updated_at = minute, zone, utcnow()
    ctx.say(ctx.t("briefing-confirmed") + "\n" + summary(ctx, sub), overview_buttons(ctx, sub))


@feature.command("stop", order=51)
async def stop_command(ctx: Context, _args: str = "") -> None:
    await stop(ctx)


async def stop(ctx: Context) -> None:
    """Unsubscribe in one step (kept as a row, so /briefing remembers the choices)."""
    sub = await subscription(ctx)
    if sub is None or sub.status == BriefingStatus.STOPPED:
        subscribe = Button(ctx.t("briefing-subscribe-button"), BriefingOpen("time").pack())
        ctx.say(ctx.t("briefing-not-subscribed"), [[subscribe]])
        return
    sub.status, sub.updated_at = BriefingStatus.STOPPED, utcnow()
    ctx.say(ctx.t("briefing-stopped"), back_to_menu(ctx))


@feature.action(BriefingMore)
async def on_more(ctx: Context, data: BriefingMore) -> None:
    """The next page of the latest briefing, rebuilt for the same period."""
    sub = await subscription(ctx)
    if sub is None or sub.last_slot_at is None or data.page < 1:
        ctx.say(ctx.t("briefing-more-gone"), back_to_menu(ctx))
        return
    now = aware(sub.last_slot_at)
    since = aware(sub.last_since) if sub.last_since is not None else now - timedelta(days=1)
    request = DigestRequest(ctx.user, ctx.lang, ctx.user.region, since, now, ctx.knowledge, ctx.config)
    found = await sections(ctx.uow, request, sub.topics, ctx.registry.digest_sources)
    page = paginate(ctx.t, ctx.t("briefing-more-header"), found, data.page)
    if page is None:
        ctx.say(ctx.t("briefing-more-gone"), back_to_menu(ctx))
        return
    ctx.say(page.text, page.buttons)


# ----------------------------------------------------------------------------------- typed words
_TIME = re.compile(r"^\s*(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*$", re.I)


def _parse_slot(value: str) -> int | None:
    match = _TIME.match(value) or re.match(r"^(\d{2})(\d{2})$", value)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return hour * 60 + minute if hour < 24 and minute < 60 else None


@feature.flow(FLOW)
async def on_typed(ctx: Context, state: DialogState, text: str) -> bool:
    """A typed time at the time step; anything else is a question (and the step is left)."""
    if state.step != "time":
        return False
    if not re.match(r"^\s*(?:kl\.?\s*)?\d", text) or len(text) > 12:
        await ctx.uow.dialogs.clear(ctx.user.id)
        return False
    minute = _parse_slot(text)
    if minute is None or minute not in ctx.config.briefing.slots:
        await ask_time(ctx, invalid=True)
        return True
    await set_time(ctx, await subscription(ctx), minute)
    return True


#: Words for the briefing itself, and for "daily / every morning" and "stop", in nb, da, sv and en.
_NOUN = (r"oppsummering\w*|sammendrag\w*|briefing\w*|digest|summary|summaries|oversigt\w*|opsummering\w*|"
         r"sammanfattning\w*|sammanställning\w*|morgenmelding\w*|morgenbesked\w*|morgonmeddelande\w*|"
         r"morning messages?|morning mails?|nyhetsbrev\w*|nyhedsbrev\w*|newsletter")  # fmt: skip
_DAILY = (r"daglig\w*|dagligt|hver morgen|hver dag|varje morgon|varje dag|every morning|each morning|daily|"
          r"morgen|morgon|morning")
_STOP = (r"stop+\w*|avslutt\w*|avmeld\w*|afmeld\w*|avsluta\w*|unsubscribe|slutt med|sluta med|ikke mer|"
         r"ingen flere|no more|cancel|no longer|ikke lenger|ikke længere|inte längre|don'?t want|do not want|"
         r"vil ikke ha\w*|vill inte ha")
_WANTS_NOUN = re.compile(rf"\b(?:{_NOUN})\b", re.I)
_WANTS_DAILY = re.compile(rf"\b(?:{_DAILY})\b", re.I)
_WANTS_STOP = re.compile(rf"\b(?:{_STOP})\b", re.I)
#: The noun said of something else ("a daily summary of my sales", "nyhetsbrevet fra NAV", "en daglig
#: oversigt over regnskabet"): another summary or newsletter, not the briefing; "from you" still is.
_OF_SOMETHING_ELSE = re.compile(
    rf"\b(?:{_NOUN})\b\s+(?:of|from|av|over|fra|fr[åa]n|för|af)\s+"
    r"(?!(?:you|dere|deg|jer|dig|er|eder|sammen)\b)\w",
    re.I,
)


def intent(text: str) -> Literal["subscribe", "stop"] | None:
    """Narrow on purpose: a short message that names the briefing itself ("daglig oppsummering", "the
    morning messages") and asks for it, or to stop it. Questions about anything else pass by."""
    if len(text) > 100 or len(text.split()) > 14 or not _WANTS_NOUN.search(text) or _OF_SOMETHING_ELSE.search(text):
        return None
    if _WANTS_STOP.search(text):
        return "stop"
    return "subscribe" if _WANTS_DAILY.search(text) else None


@feature.text_hook
async def asked_in_words(ctx: Context, text: str) -> bool:
    wanted = intent(text)
    if wanted is not None:  # text hooks come before dialogs: another feature's step is theirs to take
        state = await ctx.uow.dialogs.get(ctx.user.id)
        if state is not None and state.flow != FLOW:
            return False
    if wanted == "stop":
        await stop(ctx)
        return True
    if wanted == "subscribe":
        await briefing_command(ctx)
        return True
    return False


# ----------------------------------------------------------------------------------- personal data
async def export_briefing(uow: UnitOfWork, user: User) -> dict[str, Any]:
    sub = await uow.session.get(BriefingSubscription, user.id)
    if sub is None:
        return {}
    return {
        "status": sub.status, "time": slot_label(sub.slot_minute), "days": sub.days, "topics": list(sub.topics),
        "timezone": sub.timezone, "last_briefing": aware(sub.last_slot_at).isoformat() if sub.last_slot_at else None,
        "since": aware(sub.created_at).isoformat(),
    }  # fmt: skip


async def erase_briefing(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    """Erasing ends the subscription (the row goes)."""
    await uow.session.execute(delete(BriefingSubscription).where(BriefingSubscription.user_id == user.id))


feature.stores("briefing", export_briefing, erase_briefing)
