"""What organisers (staff) do with groups and events: the member and waiting lists, a CSV of them, a
message to all members, moving or cancelling one occurrence (everyone in it is told, with a calendar
file that updates theirs), and the group's calendar feed. Channel-agnostic: the dashboard calls these."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers import calendar_ics
from handlers import gatherings as core
from handlers.config import CoreConfig
from handlers.errors import EmptyText
from handlers.i18n import Translator, ui_language
from handlers.markup import esc
from handlers.types import Reply
from knowledge.gatherings import Gathering, Group, Occurrence, occurrence_key
from knowledge.model import KnowledgeBase
from storage import audit
from storage.gatherings import GatheringRepository
from storage.models import GatheringMember, Staff, User
from storage.outbox import OutboxRepository
from storage.states import Lane, MemberStatus
from storage.uow import UnitOfWork


class UnknownGathering(LookupError):
    """No such group or event (or occurrence) in the knowledge."""


@dataclass(frozen=True, slots=True)
class Roster:
    gathering: Gathering
    members: list[tuple[GatheringMember, User]]
    waiting: list[tuple[GatheringMember, User]]
    next_ones: list[Occurrence]


def _find(kb: KnowledgeBase, kind: str, target: str) -> Gathering:
    gathering = core.find(kb, kind, target)
    if gathering is None:
        raise UnknownGathering(f"{kind} {target}")
    return gathering


async def roster(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, kind: str, target: str) -> Roster:
    gathering = _find(kb, kind, target)
    repo = GatheringRepository(uow.session)
    rows = await repo.of(kind, target)
    zone = core.zone_of(kb, gathering, config.timezone)
    changes = await core.changes_for(repo, gathering)
    at = core.now()
    if isinstance(gathering, Group):
        next_ones = core.occurrences(gathering, zone, changes, at, at + core.HORIZON)[:6]
    else:
        next_ones = core.apply_changes([gathering.occurrence(zone)], changes, zone)
    return Roster(
        gathering,
        [r for r in rows if r[0].status == MemberStatus.MEMBER],
        [r for r in rows if r[0].status == MemberStatus.WAITING],
        next_ones,
    )


def roster_csv(data: Roster) -> str:
    """Members then the waiting list: status, place on the list, name, business, org number, channel, since."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["status", "waiting_position", "name", "business", "org_number", "channel", "since"])
    for n, (member, user) in enumerate([*data.members, *data.waiting]):
        position = n - len(data.members) + 1 if member.status == MemberStatus.WAITING else ""
        writer.writerow([member.status, position, user.display_name or "", user.business_name or "",
                         user.org_number or "", user.channel, member.created_at.isoformat()])  # fmt: skip
    return "\ufeff" + out.getvalue()  # a BOM, so Excel reads UTF-8


async def message_members(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, kind: str, target: str,
                          text: str, *, staff: Staff | None) -> int:  # fmt: skip
    """A message from the organiser to every member or sign-up (the bulk lane); how many were queued."""
    if not text.strip():
        raise EmptyText()
    gathering = _find(kb, kind, target)
    repo = GatheringRepository(uow.session)
    outbox = OutboxRepository(uow.session)
    sent = 0
    for member, user in await repo.of(kind, target):
        if member.status != MemberStatus.MEMBER or user.unreachable:
            continue
        t = Translator(ui_language(user.language, config.default_language))
        body = t("gather-message", title=esc(gathering.title(t.lang))) + "\n\n" + esc(text.strip())
        await outbox.to_user(user, [Reply(body, [], t.lang)], lane=Lane.BULK)
        sent += 1
    await audit.record(uow, staff, "gathering.message", f"{kind}:{target}", recipients=sent)
    return sent


async def move(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, kind: str, target: str, occurrence: str,
               new_start: datetime, minutes: int | None, *, staff: Staff | None) -> int:  # fmt: skip
    """Move one occurrence (`new_start` local); everyone with a place is told, with an updated calendar file."""
    return await _change(uow, kb, config, kind, target, occurrence, new_start, minutes, staff=staff)


async def cancel(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, kind: str, target: str, occurrence: str,
                 *, staff: Staff | None) -> int:  # fmt: skip
    """Cancel one occurrence; everyone with a place or waiting is told, with a cancelling calendar file."""
    return await _change(uow, kb, config, kind, target, occurrence, None, None, staff=staff)


async def _change(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, kind: str, target: str, key: str,
                  new_start: datetime | None, minutes: int | None, *, staff: Staff | None) -> int:  # fmt: skip
    gathering = _find(kb, kind, target)
    repo = GatheringRepository(uow.session)
    zone = core.zone_of(kb, gathering, config.timezone)
    before = core.occurrence_by_key(gathering, zone, await core.changes_for(repo, gathering), key)
    if before is None:
        raise UnknownGathering(f"{kind} {target} {key}")
    cancelled = new_start is None
    await repo.change(kind, target, key, new_start=occurrence_key(new_start) if new_start else None,
                      minutes=minutes, cancelled=cancelled, by=staff.id if staff else None)  # fmt: skip
    after = core.occurrence_by_key(gathering, zone, await core.changes_for(repo, gathering), key)
    assert after is not None
    outbox = OutboxRepository(uow.session)
    told = 0
    at = core.now()
    for member, user in await repo.of(kind, target):
        if user.unreachable or (member.status == MemberStatus.WAITING and not cancelled):
            continue
        t = Translator(ui_language(user.language, config.default_language))
        title = esc(gathering.title(t.lang))
        if cancelled:
            text = t("gather-occurrence-cancelled", title=title, when=core.when(t, before))
        else:
            text = t("gather-moved", title=title, when=core.when(t, after), before=core.when(t, before))
        file = None
        if member.status == MemberStatus.MEMBER:
            data = calendar_ics.occurrence_ics(gathering, after, t.lang, now=at)
            file = core.ics_attachment(gathering, data, cancel=cancelled)
        await outbox.to_user(user, [Reply(text, [], t.lang, file)], lane=Lane.BULK)
        told += 1
    action = "gathering.cancel" if cancelled else "gathering.move"
    await audit.record(uow, staff, action, f"{kind}:{target}", occurrence=key,
                       to=occurrence_key(new_start) if new_start else None, told=told)  # fmt: skip
    return told


async def refill(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, gathering: Gathering) -> int:
    """After the places were raised: promote from the waiting list into them, first come first, and tell them."""
    from handlers.groups import tell_promoted

    promoted = await GatheringRepository(uow.session).fill(gathering.kind, gathering.id, gathering.capacity)
    for member in promoted:
        await tell_promoted(uow, kb, config, gathering, member, core.now())
    return len(promoted)


async def group_calendar(uow: UnitOfWork, kb: KnowledgeBase, config: CoreConfig, group_id: str,
                         lang: str | None = None) -> bytes | None:  # fmt: skip
    """The subscribable feed `/groups/{id}.ics` (None for an unknown group)."""
    group = kb.group(group_id)
    if group is None:
        event = kb.event(group_id)
        if event is None:
            return None
        repo = GatheringRepository(uow.session)
        zone = core.zone_of(kb, event, config.timezone)
        [occurrence] = core.apply_changes([event.occurrence(zone)], await core.changes_for(repo, event), zone)
        return calendar_ics.event_feed(event, occurrence, lang or config.default_language)
    repo = GatheringRepository(uow.session)
    zone = core.zone_of(kb, group, config.timezone)
    changes = await core.changes_for(repo, group)
    return calendar_ics.group_feed(group, zone, changes, lang or config.default_language)


def local_start(text: str) -> datetime | None:
    """A local date-time typed on the dashboard ("2026-03-13T08:30" from a datetime-local field)."""
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        return None


#: How far back the dashboard lists a group's meetings to move or cancel.
PAST = timedelta(days=1)
