"""Network groups and events for users: `/groups`, `/events`, `/mine`, joining with a waiting list,
calendar files, reminders the day before and an hour before, the finder for questions such as "når
er neste nettverksmøte?", and the briefing's "events" section."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select

from handlers import calendar_ics
from handlers import gatherings as core
from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.digest import DigestRequest, DigestSection
from handlers.feature import Erasing, Feature
from handlers.gathering_match import asks_when, named, place_words
from handlers.i18n import Translator, ui_language
from handlers.markup import bold, esc, short
from handlers.menu import back_to_menu
from handlers.types import Attachment, Button, Reply
from knowledge.gatherings import Event, Gathering, Group, Occurrence
from knowledge.model import KnowledgeBase
from storage.gatherings import GatheringRepository
from storage.models import GatheringMember, User
from storage.outbox import OutboxRepository
from storage.states import Lane, MemberStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from knowledge.store import KnowledgeStore
    from storage.database import Database
    from storage.uow import UnitOfWork

feature = Feature("groups")

#: At most this many groups or events are listed with a button (the rest are counted).
LISTED = 12
REMIND_DAY = timedelta(hours=24)
REMIND_HOUR = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Gather(CallbackData, prefix="gt"):
    """s: show, j: join or sign up, l: leave or cancel, c: can't come to meeting `occ`."""

    op: Literal["s", "j", "l", "c"]
    kind: Literal["g", "e"]
    id: str
    occ: str | None = None


# -- listing -------------------------------------------------------------------------------------------


def _counts_key(gathering: Gathering) -> tuple[str, str]:
    return gathering.kind, gathering.id


async def _counts(repo: GatheringRepository, items: list[Gathering]) -> dict[tuple[str, str], tuple[int, int]]:
    return await repo.counts([(g.kind, g.id) for g in items])


async def _changes(repo: GatheringRepository, items: list[Gathering]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for change in await repo.changes_of([(g.kind, g.id) for g in items]):
        out.setdefault((change.kind, change.target), {})[change.occurrence] = change
    return out


def _button(t: Translator, gathering: Gathering) -> Button:
    return Button(short(gathering.title(t.lang), 60), Gather("s", core.SHORT_OF[gathering.kind], gathering.id).pack())


async def listing(uow: UnitOfWork, kb: KnowledgeBase, t: Translator, region: str | None, kind: str,
                  timezone: str, at: datetime) -> tuple[str, list[list[Button]]]:  # fmt: skip
    """The list for a region: each group with its next meeting, each upcoming event with its date, and places."""
    groups, events = core.for_region(kb, region)
    repo = GatheringRepository(uow.session)
    rows: list[tuple[datetime | None, Gathering, Occurrence | None]] = []
    past: list[tuple[Event, Occurrence]] = []
    candidates: list[Gathering] = list(groups) if kind == "group" else list(events)
    changes = await _changes(repo, candidates)
    for gathering in candidates:
        zone = core.zone_of(kb, gathering, timezone)
        next_ones = core.upcoming(gathering, zone, changes.get(_counts_key(gathering), {}), at)
        if isinstance(gathering, Event) and not next_ones:
            if gathering.occurrence(zone).end <= at:
                past.append((gathering, gathering.occurrence(zone)))
            continue
        rows.append((next_ones[0].start if next_ones else None, gathering, next_ones[0] if next_ones else None))
    rows.sort(key=lambda r: (r[0] is None, r[0] or at, r[1].title(t.lang)))
    shown = rows[:LISTED]
    counts = await _counts(repo, [g for _, g, _ in shown])
    place = name_of_region(kb, region, t.lang)
    heading_key = "groups-title" if kind == "group" else "events-title"
    lines = [bold(t(heading_key + ("-region" if place else ""), region=esc(place or "")))]
    if not rows:
        lines.append(t("groups-none" if kind == "group" else "events-none"))
    for _, gathering, occurrence in shown:
        next_text = core.when(t, occurrence) if occurrence else t("gather-no-date")
        places = core.places_line(t, gathering, counts.get(_counts_key(gathering), (0, 0)))
        lines.append(f"• {bold(gathering.title(t.lang))}\n  {next_text} · {places}")
    if len(rows) > LISTED:
        lines.append(t("gather-more", count=len(rows) - LISTED))
    for event, occurrence in sorted(past, key=lambda p: p[1].start, reverse=True)[:3]:
        lines.append(t("gather-held", title=esc(event.title(t.lang)), when=core.when(t, occurrence)))
    buttons = [[_button(t, g)] for _, g, _ in shown]
    buttons.append([Button(t("menu-open"), _menu_open())])
    return "\n".join(lines), buttons


def name_of_region(kb: KnowledgeBase, region: str | None, lang: str) -> str | None:
    from handlers.regions import region_name

    found = kb.region(region) if region else None
    return region_name(found, lang) if found else None


def _menu_open() -> str:
    from handlers.menu import Menu

    return Menu("open").pack()


@feature.command("groups", order=55)
async def list_groups(ctx: Context, _args: str = "") -> None:
    text, buttons = await listing(ctx.uow, ctx.knowledge.kb, ctx.t, ctx.user.region, "group", ctx.config.timezone,
                                  core.now())  # fmt: skip
    ctx.say(text, buttons)


@feature.command("events", order=56)
async def list_events(ctx: Context, _args: str = "") -> None:
    text, buttons = await listing(ctx.uow, ctx.knowledge.kb, ctx.t, ctx.user.region, "event", ctx.config.timezone,
                                  core.now())  # fmt: skip
    ctx.say(text, buttons)


feature.menu_item("menu-groups", "groups", order=42)
feature.menu_item("menu-events", "events", order=43)


# -- details, joining and leaving --------------------------------------------------------------------------


def _lookup(ctx: Context, data: Gather) -> Gathering | None:
    gathering = core.find(ctx.knowledge.kb, core.KIND_OF[data.kind], data.id)
    if gathering is None or not gathering.serves(ctx.user.region):
        return None
    return gathering


async def show(ctx: Context, gathering: Gathering, t: Translator | None = None) -> None:
    t = t or ctx.t
    kb = ctx.knowledge.kb
    repo = GatheringRepository(ctx.uow.session)
    zone = core.zone_of(kb, gathering, ctx.config.timezone)
    at = core.now()
    changes = await core.changes_for(repo, gathering)
    next_ones = core.upcoming(gathering, zone, changes, at, count=3)
    counts = (await _counts(repo, [gathering])).get(_counts_key(gathering), (0, 0))
    mine = next((m for m in await repo.for_user(ctx.user.id) if (m.kind, m.target) == _counts_key(gathering)), None)
    position = await repo.position(mine) if mine is not None else 0
    text = core.describe(t, kb, gathering, next_ones, counts, mine, position, at, zone)
    ctx.say(text, _detail_buttons(t, gathering, mine, counts, core.can_join(gathering, zone, at)), t.lang)


def _detail_buttons(t: Translator, gathering: Gathering, mine: GatheringMember | None, counts: tuple[int, int],
                    open_: bool) -> list[list[Button]]:  # fmt: skip
    short_kind = core.SHORT_OF[gathering.kind]
    group = gathering.kind == "group"
    rows: list[list[Button]] = []
    if mine is not None:
        key = (
            "gather-leave-waiting"
            if mine.status == MemberStatus.WAITING
            else "gather-leave"
            if group
            else "gather-cancel"
        )
        rows.append([Button(t(key), Gather("l", short_kind, gathering.id).pack())])
    elif open_:
        full = gathering.capacity is not None and counts[0] >= gathering.capacity
        key = "gather-join-waiting" if full else "gather-join" if group else "gather-sign-up"
        rows.append([Button(t(key), Gather("j", short_kind, gathering.id).pack())])
    rows.append([Button(t("menu-groups" if group else "menu-events"), _list_action(group)),
                 Button(t("menu-mine"), _list_action(None))])  # fmt: skip
    return rows


def _list_action(group: bool | None) -> str:
    from handlers.menu import Menu

    return Menu("mine" if group is None else "groups" if group else "events").pack()


@feature.action(Gather)
async def on_gather(ctx: Context, data: Gather) -> None:
    gathering = _lookup(ctx, data)
    if gathering is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    if data.op == "s":
        await show(ctx, gathering)
    elif data.op == "j":
        await _join(ctx, gathering)
    elif data.op == "l":
        await _leave(ctx, gathering)
    else:
        await _cant_come(ctx, gathering, data.occ or "")


def confirmation_file(kb: KnowledgeBase, gathering: Gathering, zone: Any, changes: dict[str, Any], lang: str,
                      at: datetime) -> Attachment | None:  # fmt: skip
    """The calendar file for a new place: an event's time, or a group's whole series (with its rule)."""
    if isinstance(gathering, Group):
        if gathering.schedule is None:
            return None
        return core.ics_attachment(gathering, calendar_ics.group_feed(gathering, zone, changes, lang, at))
    occurrence = core.apply_changes([gathering.occurrence(zone)], changes, zone)[0]
    return core.ics_attachment(gathering, calendar_ics.occurrence_ics(gathering, occurrence, lang, now=at))


async def _join(ctx: Context, gathering: Gathering) -> None:
    kb, t = ctx.knowledge.kb, ctx.t
    repo = GatheringRepository(ctx.uow.session)
    zone = core.zone_of(kb, gathering, ctx.config.timezone)
    at = core.now()
    name = esc(gathering.title(t.lang))
    try:
        joined = await core.join(repo, gathering, ctx.user, zone, at)
    except core.NotOpen:
        ctx.say(t("gather-not-open", title=name), back_to_menu(ctx))
        return
    buttons = [[Button(t("gather-details"), Gather("s", core.SHORT_OF[gathering.kind], gathering.id).pack())]]
    if joined.status == "already":
        key = (
            ("gather-already-waiting" if joined.position else "gather-already")
            if joined.mine
            else "gather-business-taken"
        )
        ctx.say(t(key, title=name, position=joined.position), buttons)
        return
    if joined.status == MemberStatus.WAITING:
        ctx.say(t("gather-waiting", title=name, position=joined.position), buttons)
        return
    changes = await core.changes_for(repo, gathering)
    file = confirmation_file(kb, gathering, zone, changes, t.lang, at)
    key = "gather-joined" if gathering.kind == "group" else "gather-signed-up"
    text = t(key, title=name) + ("\n" + t("gather-calendar-file") if file else "")
    ctx.say(text, buttons, attachment=file)


async def _leave(ctx: Context, gathering: Gathering, *, cant_come: bool = False) -> None:
    kb, t = ctx.knowledge.kb, ctx.t
    repo = GatheringRepository(ctx.uow.session)
    left = await core.leave(repo, gathering, ctx.user)
    name = esc(gathering.title(t.lang))
    if left.removed is None:
        ctx.say(t("gather-not-in", title=name), back_to_menu(ctx))
        return
    zone = core.zone_of(kb, gathering, ctx.config.timezone)
    at = core.now()
    changes = await core.changes_for(repo, gathering)
    file = None
    if isinstance(gathering, Event) and left.removed.status == MemberStatus.MEMBER:
        occurrence = core.apply_changes([gathering.occurrence(zone)], changes, zone)[0]
        file = core.ics_attachment(gathering, calendar_ics.occurrence_ics(gathering, occurrence, t.lang, cancel=True,
                                                                          now=at), cancel=True)  # fmt: skip
    if left.removed.status == MemberStatus.WAITING:
        key = "gather-left-waiting"
    else:
        key = (
            "gather-cant-come-freed"
            if cant_come
            else "gather-left"
            if gathering.kind == "group"
            else "gather-cancelled"
        )
    ctx.say(t(key, title=name), back_to_menu(ctx), attachment=file)
    await tell_promoted(ctx.uow, kb, ctx.config, gathering, left.promoted, at)


async def tell_promoted(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, gathering: Gathering,
                        promoted: GatheringMember | None, at: datetime) -> None:  # fmt: skip
    """A place freed up: the first on the waiting list is in, and is told at once (through the outbox)."""
    if promoted is None or (told := await _promoted_user(uow, config, promoted)) is None:
        return
    user, t = told
    zone = core.zone_of(kb, gathering, config.timezone)
    changes = await core.changes_for(GatheringRepository(uow.session), gathering)
    file = confirmation_file(kb, gathering, zone, changes, t.lang, at)
    text = t("gather-promoted", title=esc(gathering.title(t.lang)))
    buttons = [[Button(t("gather-details"), Gather("s", core.SHORT_OF[gathering.kind], gathering.id).pack())]]
    await OutboxRepository(uow.session).to_user(user, [Reply(text, buttons, t.lang, file)], lane=Lane.INTERACTIVE)


async def _promoted_user(uow: UnitOfWork, config: CoreConfig,
                         promoted: GatheringMember) -> tuple[User, Translator] | None:  # fmt: skip
    """Whom to tell that they moved up, in their language; None when they cannot be reached."""
    user = await uow.session.get(User, promoted.user_id)
    if user is None or user.unreachable:
        return None
    return user, Translator(ui_language(user.language, config.default_language))


async def _cant_come(ctx: Context, gathering: Gathering, occ: str) -> None:
    """From a reminder: an event's place is given up (the waiting list moves up); for a group meeting
    the absence is noted (the membership stays) and no more reminders come for it."""
    if isinstance(gathering, Event):
        await _leave(ctx, gathering, cant_come=True)
        return
    repo = GatheringRepository(ctx.uow.session)
    name = esc(gathering.title(ctx.t.lang))
    if not occ or core.parse_key(occ) is None:
        ctx.say(ctx.t("stale-button"), back_to_menu(ctx))
        return
    await repo.absent("group", gathering.id, occ, ctx.user.id)
    ctx.say(ctx.t("gather-absence-noted", title=name), back_to_menu(ctx))


# -- mine ---------------------------------------------------------------------------------------------------


@feature.command("mine", order=57)
async def my_places(ctx: Context, _args: str = "") -> None:
    kb, t = ctx.knowledge.kb, ctx.t
    repo = GatheringRepository(ctx.uow.session)
    mine = await repo.for_user(ctx.user.id)
    if not mine:
        ctx.say(t("mine-none"), [[Button(t("menu-groups"), _list_action(True)),
                                  Button(t("menu-events"), _list_action(False))]])  # fmt: skip
        return
    at = core.now()
    lines = [bold(t("mine-title"))]
    buttons: list[list[Button]] = []
    for member in mine:
        gathering = core.find(kb, member.kind, member.target)
        if gathering is None:
            continue
        zone = core.zone_of(kb, gathering, ctx.config.timezone)
        next_ones = core.upcoming(gathering, zone, await core.changes_for(repo, gathering), at)
        when = core.when(t, next_ones[0]) if next_ones else t("gather-no-date")
        if member.status == MemberStatus.WAITING:
            status = t("mine-waiting", position=await repo.position(member))
        else:
            status = t("mine-member" if member.kind == "group" else "mine-signed-up")
        lines.append(f"• {bold(gathering.title(t.lang))}: {status}\n  {when}")
        buttons.append([_button(t, gathering)])
    buttons.append([Button(t("menu-open"), _menu_open())])
    ctx.say("\n".join(lines), buttons)


feature.menu_item("menu-mine", "mine", order=44)


# -- the finder and the briefing -----------------------------------------------------------------------------


@feature.finder
async def find_gatherings(ctx: Context, text: str, lang: str) -> bool:
    """A question naming a group or event, or asking when the next network meeting is: the group or
    event itself, with its button (after the knowledge answer, which keeps its own ranking)."""
    kb = ctx.knowledge.kb
    groups, events = core.for_region(kb, ctx.user.region)
    at = core.now()
    candidates: list[Gathering] = [*groups, *events]
    place_names = place_words(tuple(n for r in kb.regions for n in (*r.name.values(), *r.aliases, r.id)))
    found = named(candidates, text, place_names)
    generic = not found and asks_when(text)
    if not found and not generic:
        return False
    repo = GatheringRepository(ctx.uow.session)
    changes = await _changes(repo, candidates if generic else found)
    t = Translator(lang)
    rows: list[tuple[datetime | None, Gathering, Occurrence | None]] = []
    for gathering in found or candidates:
        zone = core.zone_of(kb, gathering, ctx.config.timezone)
        next_ones = core.upcoming(gathering, zone, changes.get(_counts_key(gathering), {}), at)
        if generic and not next_ones:
            continue
        if isinstance(gathering, Event) and not next_ones and not found:
            continue
        rows.append((next_ones[0].start if next_ones else None, gathering, next_ones[0] if next_ones else None))
    if not rows:
        if generic:
            ctx.say(t("gather-find-none"), [[Button(t("menu-groups"), _list_action(True)),
                                             Button(t("menu-events"), _list_action(False))]], lang)  # fmt: skip
            return True
        return False
    rows.sort(key=lambda r: (r[0] is None, r[0] or at))
    rows = rows[:3]
    counts = await _counts(repo, [g for _, g, _ in rows])
    lines = [bold(t("gather-find-title"))]
    for _, gathering, occurrence in rows:
        zone = core.zone_of(kb, gathering, ctx.config.timezone)
        if occurrence is not None:
            when = core.when(t, occurrence)
        elif isinstance(gathering, Event):
            when = t("gather-event-past", when=core.when(t, gathering.occurrence(zone)))
        else:
            when = t("gather-no-date")
        places = core.places_line(t, gathering, counts.get(_counts_key(gathering), (0, 0)))
        lines.append(f"• {bold(gathering.title(t.lang))}\n  {when} · {places}")
    buttons = []
    for _, gathering, _ in rows:
        zone = core.zone_of(kb, gathering, ctx.config.timezone)
        row = [_button(t, gathering)]
        if core.can_join(gathering, zone, at):
            key = "gather-join" if gathering.kind == "group" else "gather-sign-up"
            row.append(Button(t(key), Gather("j", core.SHORT_OF[gathering.kind], gathering.id).pack()))
        buttons.append(row)
    ctx.say("\n".join(lines), buttons, lang)
    return True


@feature.digest_source("events", order=30)
async def events_digest(uow: UnitOfWork, request: DigestRequest) -> DigestSection | None:
    """Group meetings and events in the next 7 days for the subscriber's region, with their buttons."""
    kb = request.knowledge.kb
    t = Translator(request.lang)
    groups, events = core.for_region(kb, request.region)
    candidates: list[Gathering] = [*groups, *events]
    repo = GatheringRepository(uow.session)
    changes = await _changes(repo, candidates)
    end = request.now + timedelta(days=7)
    found: list[tuple[Occurrence, Gathering]] = []
    for gathering in candidates:
        zone = core.zone_of(kb, gathering, request.config.timezone)
        for occurrence in core.occurrences(gathering, zone, changes.get(_counts_key(gathering), {}), request.now, end):
            if not occurrence.cancelled:
                found.append((occurrence, gathering))
    if not found:
        return None
    found.sort(key=lambda f: f[0].start)
    items = [f"{bold(g.title(t.lang))}: {core.when(t, o)}" for o, g in found[:10]]
    seen: dict[tuple[str, str], Gathering] = {}
    for _, gathering in found:
        seen.setdefault(_counts_key(gathering), gathering)
    buttons = [[_button(t, g)] for g in list(seen.values())[:5]]
    return DigestSection("events", t("digest-events-heading"), items, buttons)


# -- reminders -----------------------------------------------------------------------------------------------


def _reminder_key(which: str, occurrence: Occurrence, user_id: int) -> str:
    raw = f"{which}|{occurrence.kind}|{occurrence.target}|{occurrence.key}|{user_id}"
    return "gr:" + hashlib.sha1(raw.encode()).hexdigest()


async def send_reminders(database: Database, kb: KnowledgeBase, config: CoreConfig, at: datetime) -> int:
    """Queue the reminders that are due: the day before (within 24 hours) and an hour before, to members
    and sign-ups only (not the waiting list, not who said "can't come"), each once (the outbox's
    dedupe key per occurrence, kind of reminder and user). The number queued."""
    queued = 0
    async with database.uow() as uow:
        repo = GatheringRepository(uow.session)
        targets = (
            (
                await uow.session.execute(
                    select(GatheringMember.kind, GatheringMember.target)
                    .where(GatheringMember.status == MemberStatus.MEMBER)
                    .distinct()
                )
            )
            .tuples()
            .all()
        )
        outbox = OutboxRepository(uow.session)
        for kind, target in targets:
            gathering = core.find(kb, kind, target)
            if gathering is None or gathering.cancelled:
                continue
            zone = core.zone_of(kb, gathering, config.timezone)
            changes = await core.changes_for(repo, gathering)
            for occurrence in core.occurrences(gathering, zone, changes, at, at + REMIND_DAY + timedelta(seconds=1)):
                if occurrence.cancelled:
                    continue
                which = "hour" if occurrence.start - at <= REMIND_HOUR else "day"
                absent = await repo.absences(kind, target, occurrence.key)
                for _member, user in await repo.with_place([(kind, target)]):
                    if user.id in absent or user.unreachable or user.external_id.startswith("erased:"):
                        continue
                    lang = ui_language(user.language, config.default_language)
                    reply = _reminder(gathering, occurrence, _wording(which, occurrence, at, zone), lang)
                    row = await outbox.to_user(user, [reply], lane=Lane.BULK,
                                               dedupe_key=_reminder_key(which, occurrence, user.id))  # fmt: skip
                    queued += row is not None
    return queued


def _wording(which: str, occurrence: Occurrence, at: datetime, zone: Any) -> str:
    """ "tomorrow" only when it is tomorrow (someone who joined late gets "soon" the same day)."""
    if which == "hour":
        return "hour"
    tomorrow = at.astimezone(zone).date() + timedelta(days=1)
    return "day" if occurrence.start.date() == tomorrow else "soon"


def _reminder(gathering: Gathering, occurrence: Occurrence, which: str, lang: str) -> Reply:
    t = Translator(lang)
    lines = [t(f"gather-remind-{which}", title=esc(gathering.title(lang)), when=core.when(t, occurrence))]
    if place := core.where(gathering):
        lines.append(t("gather-where", where=place))
    short_kind = core.SHORT_OF[gathering.kind]
    buttons = [[Button(t("gather-cant-come"), Gather("c", short_kind, gathering.id, occurrence.key).pack()),
                Button(t("gather-details"), Gather("s", short_kind, gathering.id).pack())]]  # fmt: skip
    return Reply("\n".join(lines), buttons, lang)


@feature.job("gather-reminders", cron=lambda config: {"minute": "*/5"}, misfire_grace_time=600)
async def reminders_job(database: Database, config: CoreConfig, knowledge: KnowledgeStore | None = None) -> int:
    """Every five minutes: what is due now (the scheduler hands the knowledge in)."""
    if knowledge is None:
        return 0
    return await send_reminders(database, knowledge.kb, config, core.now())


# -- personal data ---------------------------------------------------------------------------------------------


async def _export(uow: UnitOfWork, user: User) -> list[dict[str, Any]]:
    repo = GatheringRepository(uow.session)
    out = []
    for member in await repo.for_user(user.id):
        out.append({"kind": member.kind, "id": member.target, "status": member.status,
                    "waiting_position": await repo.position(member) or None,
                    "joined": member.created_at.isoformat()})  # fmt: skip
    return out


async def _erase(uow: UnitOfWork, user: User, erasing: Erasing) -> None:
    """Every place is released; the first waiting of each is promoted and told as when someone leaves
    (the message goes out once the erasure commits)."""
    kb = erasing.knowledge.kb
    for removed, promoted in await GatheringRepository(uow.session).erase_user(user.id):
        if promoted is None:
            continue
        gathering = core.find(kb, removed.kind, removed.target)
        if gathering is not None:
            await tell_promoted(uow, kb, erasing.config, gathering, promoted, core.now())
        else:  # no longer in the knowledge: told by its id, without details
            await _tell_promoted_by_id(uow, erasing.config, removed, promoted)


async def _tell_promoted_by_id(uow: UnitOfWork, config: CoreConfig, removed: GatheringMember,
                               promoted: GatheringMember) -> None:  # fmt: skip
    if (told := await _promoted_user(uow, config, promoted)) is None:
        return
    user, t = told
    text = t("gather-promoted", title=esc(removed.target))
    await OutboxRepository(uow.session).to_user(user, [Reply(text, [], t.lang)], lane=Lane.INTERACTIVE)


feature.stores("groups and events", _export, _erase)
