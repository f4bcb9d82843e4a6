"""Network groups and events, the use cases every channel and the dashboard share: finding them for a
region, their next meetings (with the organisers' moves and cancellations applied), joining and
leaving with the waiting list, and the words that describe them.

`clock` is the time the use cases read (tests replace it); the places themselves are kept by
`storage.gatherings`, in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import format_date

from handlers.i18n import Translator
from handlers.markup import bold, esc, link
from handlers.types import Attachment
from knowledge.gatherings import Event, Gathering, Group, Occurrence, occurrence_key, parse_key, zone_for
from knowledge.model import KnowledgeBase, pick_text
from storage.gatherings import GatheringRepository, Joined, Left, moved_start
from storage.models import GatheringChange, GatheringMember, User, utcnow
from storage.states import MemberStatus

#: What "now" is for groups and events (tests set a clock of their own).
clock: Callable[[], datetime] = utcnow

Short = Literal["g", "e"]
KIND_OF: dict[str, str] = {"g": "group", "e": "event"}
SHORT_OF: dict[str, Short] = {"group": "g", "event": "e"}
#: How far ahead the lists look for a group's next meeting.
HORIZON = timedelta(days=400)


def now() -> datetime:
    return clock()


def find(kb: KnowledgeBase, kind: str, target: str) -> Gathering | None:
    return kb.group(target) if kind == "group" else kb.event(target) if kind == "event" else None


def zone_of(kb: KnowledgeBase, gathering: Gathering, default: str) -> ZoneInfo:
    return zone_for(gathering.regions, kb.region_zones(), default)


def for_region(kb: KnowledgeBase, region: str | None) -> tuple[list[Group], list[Event]]:
    """What a user of `region` is offered (everything for a user without one)."""
    groups = [g for g in kb.groups if g.serves(region) and not g.cancelled]
    events = [e for e in kb.events if e.serves(region)]
    return groups, events


def apply_changes(
    occurrences: Iterable[Occurrence], changes: dict[str, GatheringChange], zone: ZoneInfo
) -> list[Occurrence]:
    """The organiser's moves and cancellations applied (by the occurrence's original key)."""
    out = []
    for occurrence in occurrences:
        change = changes.get(occurrence.key)
        if change is None:
            out.append(occurrence)
            continue
        if change.cancelled:
            out.append(replace(occurrence, cancelled=True, sequence=change.sequence))
            continue
        start = moved_start(change)
        length = occurrence.end - occurrence.start
        if change.minutes:
            length = timedelta(minutes=change.minutes)
        begin = start.replace(tzinfo=zone) if start else occurrence.start
        out.append(replace(occurrence, start=begin, end=begin + length, sequence=change.sequence))
    return out


async def changes_for(repo: GatheringRepository, gathering: Gathering) -> dict[str, GatheringChange]:
    return {c.occurrence: c for c in await repo.changes(gathering.kind, [gathering.id])}


def occurrences(
    gathering: Gathering, zone: ZoneInfo, changes: dict[str, GatheringChange], after: datetime, before: datetime
) -> list[Occurrence]:
    """Occurrences starting in [after, before) once moved; a moved meeting is looked for a day around."""
    slack = timedelta(days=60) if changes else timedelta()
    found = apply_changes(gathering.occurrences(zone, after - slack, before + slack), changes, zone)
    return sorted((o for o in found if after <= o.start < before), key=lambda o: o.start)


def upcoming(
    gathering: Gathering, zone: ZoneInfo, changes: dict[str, GatheringChange], at: datetime, count: int = 1
) -> list[Occurrence]:
    """The next `count` occurrences that are not cancelled, from `at`."""
    if isinstance(gathering, Event):
        dated = apply_changes([gathering.occurrence(zone)], changes, zone)
        return [o for o in dated if o.end > at and not o.cancelled][:count]
    found: list[Occurrence] = []
    for window in (timedelta(days=62), HORIZON):  # most groups meet within two months: look there first
        found = [o for o in occurrences(gathering, zone, changes, at, at + window) if not o.cancelled]
        if len(found) >= count:
            break
    return found[:count]


def occurrence_by_key(
    gathering: Gathering, zone: ZoneInfo, changes: dict[str, GatheringChange], key: str
) -> Occurrence | None:
    local = parse_key(key)
    if local is None:
        return None
    if isinstance(gathering, Event):
        occurrence = gathering.occurrence(zone)
        return apply_changes([occurrence], changes, zone)[0] if occurrence.key == key else None
    start = local.replace(tzinfo=zone)
    found = gathering.occurrences(zone, start - timedelta(minutes=1), start + timedelta(minutes=1))
    match = [o for o in found if o.key == key]
    return apply_changes(match, changes, zone)[0] if match else None


# -- words ---------------------------------------------------------------------------------------------

_DATE_PATTERN = {"en": "EEEE d MMMM y", "sv": "EEEE d MMMM y"}


def when(t: Translator, occurrence: Occurrence) -> str:
    """ "fredag 6. mars 2026 kl. 08:30" in the user's language, in the gathering's own zone."""
    start = occurrence.start
    day = format_date(start.date(), _DATE_PATTERN.get(t.lang, "EEEE d. MMMM y"), locale=t.lang)
    if occurrence.all_day:
        return t("gather-when-day", day=day)
    return t("gather-when", day=day, time=start.strftime("%H:%M"))


def title(gathering: Gathering, lang: str) -> str:
    return gathering.title(lang)


def where(gathering: Gathering) -> str:
    parts = []
    if gathering.place:
        parts.append(esc(gathering.place))
    if gathering.online_url:
        parts.append(link(gathering.online_url, gathering.online_url))
    return ", ".join(parts)


def places_line(t: Translator, gathering: Gathering, counts: tuple[int, int]) -> str:
    members, waiting = counts
    if gathering.capacity is None:
        return t("gather-places-open", members=members)
    free = max(0, gathering.capacity - members)
    if free:
        return t("gather-places-free", free=free, capacity=gathering.capacity)
    return t("gather-places-full", capacity=gathering.capacity, waiting=waiting)


def describe(
    t: Translator, kb: KnowledgeBase, gathering: Gathering, next_ones: list[Occurrence], counts: tuple[int, int],
    mine: GatheringMember | None, position: int, at: datetime, zone: ZoneInfo,
) -> str:  # fmt: skip
    """The details: title, description, next meetings or the date, where, places, the organiser, my place."""
    lines = [bold(gathering.title(t.lang))]
    text = pick_text(gathering.description, t.lang)
    if text:
        lines.append(esc(text))
    if isinstance(gathering, Event):
        occurrence = gathering.occurrence(zone)
        parent = kb.group(gathering.group) if gathering.group else None
        if parent is not None:
            lines.append(t("gather-part-of", group=esc(parent.title(t.lang))))
        if next_ones:
            lines.append(t("gather-event-date", when=when(t, next_ones[0])))
        elif occurrence.end <= at:
            lines.append(t("gather-event-past", when=when(t, occurrence)))
        else:
            lines.append(t("gather-event-cancelled", when=when(t, occurrence)))
        if gathering.registration_deadline and gathering.open_for_sign_up(zone, at):
            deadline = Occurrence("event", gathering.id, "", gathering.registration_deadline.replace(tzinfo=zone),
                                  gathering.registration_deadline.replace(tzinfo=zone))  # fmt: skip
            lines.append(t("gather-deadline", when=when(t, deadline)))
    elif next_ones:
        lines.append(t("gather-next", when=", ".join(when(t, o) for o in next_ones)))
    else:
        lines.append(t("gather-no-schedule"))
    if place := where(gathering):
        lines.append(t("gather-where", where=place))
    lines.append(places_line(t, gathering, counts))
    if isinstance(gathering, Group) and not gathering.open:
        lines.append(t("gather-closed"))
    contact = kb.contacts.get(gathering.organiser or "")
    if contact is not None:
        lines.append(t("gather-organiser", name=esc(contact.name), organisation=esc(contact.organisation or "-")))
    if mine is not None:
        if mine.status == MemberStatus.MEMBER:
            lines.append(bold(t("gather-you-member" if gathering.kind == "group" else "gather-you-signed-up")))
        else:
            lines.append(bold(t("gather-you-waiting", position=position)))
    return "\n".join(lines)


# -- joining and leaving ---------------------------------------------------------------------------------


class NotOpen(Exception):
    """The group takes no new members, or the event is past, cancelled or closed for sign-up."""


def can_join(gathering: Gathering, zone: ZoneInfo, at: datetime) -> bool:
    if isinstance(gathering, Group):
        return gathering.open and not gathering.cancelled
    return gathering.open_for_sign_up(zone, at)


async def join(repo: GatheringRepository, gathering: Gathering, user: User, zone: ZoneInfo, at: datetime) -> Joined:
    if not can_join(gathering, zone, at):
        raise NotOpen(gathering.id)
    return await repo.join(gathering.kind, gathering.id, user, gathering.capacity)


def ics_attachment(gathering: Gathering, data: bytes, *, cancel: bool = False) -> Attachment:
    name = f"{gathering.id}{'-cancelled' if cancel else ''}.ics"
    return Attachment(name, "text/calendar", data)


def local_key(moment: datetime, zone: ZoneInfo) -> str:
    return occurrence_key(moment.astimezone(zone).replace(tzinfo=None))


async def leave(repo: GatheringRepository, gathering: Gathering, user: User) -> Left:
    return await repo.leave(gathering.kind, gathering.id, user.id)
