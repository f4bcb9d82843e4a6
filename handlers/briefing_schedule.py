"""When briefings are due, and enqueueing them: one bulk outbox row per subscriber and local day.

A wake-up (every 30 minutes, and once at start) looks at the slots that passed since the previous
wake-up, in each subscriber's local time (daylight saving included: slots are local wall-clock
times). A slot missed while the server was down is still served on the same morning, until
`BriefingConfig.late_until`, else skipped. Subscribers are streamed in batches by user id; each batch
is one transaction that inserts the outbox rows (the dedupe key `briefing:<date>:<user>` is unique, so
a second enqueue is a no-op) and marks the subscribers checked for that day.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, Table, any_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from handlers.briefing_content import briefing_reply, sections, sync_knowledge
from handlers.digest import DigestRequest, DigestSourceEntry
from handlers.i18n import Translator, ui_language
from storage.models import BriefingSubscription, KeyValue, OutboxMessage, User, aware
from storage.outbox import ENQUEUED
from storage.states import BriefingDays, BriefingStatus, Lane, OutboxStatus

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from knowledge.model import KnowledgeBase
    from knowledge.store import KnowledgeStore
    from storage.database import Database
    from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

#: The time zone of a region, by its country; other regions use the deployment's TIMEZONE.
COUNTRY_ZONES = {"no": "Europe/Oslo", "dk": "Europe/Copenhagen", "se": "Europe/Stockholm"}
#: A slot whose moment is at most this old when the wake-up runs is on time, not "missed".
ON_TIME = timedelta(minutes=5)
LAST_RUN_KEY = "briefing.last_run"
BATCH = 1000


def region_zone(kb: KnowledgeBase, region: str | None, default: str) -> str:
    found = kb.region(region) if region else None
    return COUNTRY_ZONES.get((found.country or "") if found else "", default)


def slot_label(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def slot_moment(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """The UTC moment of a local wall-clock slot on `day` (zoneinfo handles the DST offset)."""
    return datetime.combine(day, time(minute // 60, minute % 60), zone).astimezone(UTC)


def dedupe_key(day: date, user_id: int) -> str:
    return f"briefing:{day.isoformat()}:{user_id}"


def due_slots(config: CoreConfig, zone: ZoneInfo, now: datetime, since: datetime | None, *, force: bool) -> list[int]:
    """The slots of today (local) to serve now: those that passed in (since, now], the missed ones only
    until `late_until`; `force` (a manual run) takes every slot up to now."""
    local = now.astimezone(zone)
    today = local.date()
    passed = [m for m in config.briefing.slots if slot_moment(today, m, zone) <= now]
    if force:
        return passed
    start = since if since is not None else now - ON_TIME
    late_ok = local.time() < config.briefing.late_until
    wanted = []
    for minute in passed:
        moment = slot_moment(today, minute, zone)
        if moment <= start:
            continue
        if moment >= now - ON_TIME or late_ok:
            wanted.append(minute)
        else:
            log.warning("briefing: the %s slot (%s) was missed and it is past %s: skipped today",
                        slot_label(minute), zone.key, config.briefing.late_until)  # fmt: skip
    return wanted


#: Core statements (executemany, without the ORM's per-row work): 100,000 subscribers in seconds.
OUTBOX = cast(Table, OutboxMessage.__table__)
_SUBS = cast(Table, BriefingSubscription.__table__)
_CHECKED = (
    update(_SUBS)
    .where(_SUBS.c.user_id == bindparam("uid"))
    .values(checked_at=bindparam("b_checked"), last_slot_at=bindparam("b_last"), last_since=bindparam("b_since"))
)


@dataclass
class RunResult:
    slots: list[str] = field(default_factory=list)
    due: int = 0
    enqueued: int = 0
    nothing_new: int = 0


@dataclass
class _Composer:
    """Builds briefings, one per (language, region, topics, since): subscribers who share them share
    the text (sources answer for a language, region and period)."""

    knowledge: KnowledgeStore
    config: CoreConfig
    sources: Sequence[DigestSourceEntry]
    memo: dict[tuple[Any, ...], dict[str, Any] | None] = field(default_factory=dict)

    async def payload(
        self, uow: UnitOfWork, user_id: int, lang: str, region: str | None, topics: tuple[str, ...],
        since: datetime, now: datetime,
    ) -> dict[str, Any] | None:  # fmt: skip
        key = (lang, region, topics, since, now)
        if key not in self.memo:
            user = await uow.session.get(User, user_id)
            assert user is not None
            request = DigestRequest(user, lang, region, since, now, self.knowledge, self.config)
            found = await sections(uow, request, topics, self.sources)
            t = Translator(lang)
            header = t("briefing-header", date=now.astimezone(ZoneInfo(self.config.timezone)).strftime("%d.%m.%Y"))
            reply = briefing_reply(t, header, found, nothing_new=self.config.briefing.nothing_new)
            self.memo[key] = reply.to_dict() if reply is not None else None
        return self.memo[key]


async def enqueue_due(
    database: Database,
    knowledge: KnowledgeStore,
    config: CoreConfig,
    sources: Sequence[DigestSourceEntry],
    *,
    now: datetime | None = None,
    force: bool = False,
    batch: int = BATCH,
) -> RunResult:
    """Enqueue the briefings due now; safe to run twice (the second run finds nobody due)."""
    now = now or datetime.now(UTC)
    async with database.uow() as uow:
        last = await uow.session.get(KeyValue, LAST_RUN_KEY)
        since_run = datetime.fromisoformat(last.value) if last is not None else None
        zones = list((await uow.session.execute(
            select(BriefingSubscription.timezone).where(BriefingSubscription.status == BriefingStatus.ACTIVE).distinct()
        )).scalars())  # fmt: skip
    result = RunResult()
    due = [(ZoneInfo(name), due_slots(config, ZoneInfo(name), now, since_run, force=force)) for name in zones]
    due = [(zone, minutes) for zone, minutes in due if minutes]
    if due:
        async with database.uow() as uow:
            await sync_knowledge(uow, knowledge.kb, now)
    composer = _Composer(knowledge, config, sources)
    for zone, minutes in due:
        result.slots += [f"{slot_label(m)} {zone.key}" for m in minutes]
        await _enqueue_zone(database, composer, zone, minutes, now, batch, result, is_sqlite=database.is_sqlite)
    async with database.uow() as uow:
        row = await uow.session.get(KeyValue, LAST_RUN_KEY)
        if row is None:
            uow.session.add(KeyValue(key=LAST_RUN_KEY, value=now.isoformat()))
        elif datetime.fromisoformat(row.value) < now:
            row.value = now.isoformat()
    if result.due:
        log.info("briefing: %d due (%s): %d enqueued, %d with nothing new",
                 result.due, ", ".join(result.slots), result.enqueued, result.nothing_new)  # fmt: skip
    return result


async def _enqueue_zone(
    database: Database, composer: _Composer, zone: ZoneInfo, minutes: list[int], now: datetime, batch: int,
    result: RunResult, *, is_sqlite: bool,
) -> None:  # fmt: skip
    today = now.astimezone(zone).date()
    day_start = datetime.combine(today, time(0), zone).astimezone(UTC)
    sub = BriefingSubscription
    where = [
        sub.status == BriefingStatus.ACTIVE,
        sub.timezone == zone.key,
        sub.slot_minute.in_(minutes),
        or_(sub.checked_at.is_(None), sub.checked_at < day_start),
        User.unreachable.is_(False),
    ]
    if today.weekday() >= 5:
        where.append(sub.days == BriefingDays.DAILY)
    columns = (sub.user_id, sub.slot_minute, sub.topics, sub.last_slot_at, sub.last_since, User.language, User.region,
               User.channel, User.external_id, User.address_ref)  # fmt: skip
    after = 0
    moments: dict[int, datetime] = {}
    insert = sqlite.insert if is_sqlite else postgresql.insert
    default_lang = composer.config.default_language
    while True:
        async with database.uow() as uow:
            stmt = (
                select(*columns).join(User, User.id == sub.user_id)
                .where(*where, sub.user_id > after).order_by(sub.user_id).limit(batch)
            )  # fmt: skip
            rows = (await uow.session.execute(stmt)).all()
            if not rows:
                return
            after = rows[-1].user_id
            outbox: list[dict[str, Any]] = []
            marks: list[dict[str, Any]] = []
            written = datetime.now(UTC)  # the rows' own times are the clock's, whatever `now` the run is for
            for r in rows:
                slot_at = moments.get(r.slot_minute) or moments.setdefault(
                    r.slot_minute, slot_moment(today, r.slot_minute, zone)
                )
                since = aware(r.last_slot_at) if r.last_slot_at is not None else now - timedelta(days=1)
                lang = ui_language(r.language, default_lang)
                topics = tuple(r.topics or ())
                # Everything up to now (a late or manual run included); the next one starts here.
                payload = await composer.payload(uow, r.user_id, lang, r.region, topics, since, now)
                mark: dict[str, Any] = {"uid": r.user_id, "b_checked": slot_at}
                if payload is None:
                    result.nothing_new += 1
                    mark["b_last"], mark["b_since"] = r.last_slot_at, r.last_since
                else:
                    mark["b_last"], mark["b_since"] = now, since
                    outbox.append({
                        "user_id": r.user_id, "channel": r.channel, "address": r.external_id,
                        "address_ref": dict(r.address_ref or {}), "lane": int(Lane.BULK), "payload": [payload],
                        "dedupe_key": dedupe_key(today, r.user_id), "status": OutboxStatus.PENDING.value,
                        "attempts": 0, "next_attempt_at": written, "ref": {"briefing": today.isoformat()},
                        "created_at": written,
                    })  # fmt: skip
                marks.append(mark)
            result.due += len(rows)
            if outbox:
                # A row already there for the subscriber and day (a second run) is left as it is. SQLite
                # runs an executemany in C; on PostgreSQL, RETURNING makes SQLAlchemy batch the rows into
                # multi-row INSERTs ("insertmanyvalues"; asyncpg's executemany is a round trip a row).
                add = insert(OUTBOX).on_conflict_do_nothing(index_elements=["dedupe_key"])
                if is_sqlite:
                    await uow.session.execute(add, outbox)
                else:
                    await uow.session.execute(add.returning(OUTBOX.c.id), outbox)
                result.enqueued += len(outbox)
                uow.session.info[ENQUEUED] = True  # wake the senders when this commits
            if is_sqlite:
                await uow.session.execute(_CHECKED, marks)
            else:  # one UPDATE per set of values (a handful), not one a subscriber
                groups: dict[tuple[Any, ...], list[int]] = {}
                for mark in marks:
                    groups.setdefault((mark["b_checked"], mark["b_last"], mark["b_since"]), []).append(mark["uid"])
                for (checked, last, since_), ids in groups.items():
                    ids_param = bindparam("ids", ids, type_=postgresql.ARRAY(Integer))  # one array, not 1,000 binds
                    await uow.session.execute(
                        update(_SUBS).where(_SUBS.c.user_id == any_(ids_param))
                        .values(checked_at=checked, last_slot_at=last, last_since=since_)
                    )  # fmt: skip


async def day_figures(uow: UnitOfWork, day: date) -> dict[str, int]:
    """One local day's briefings by outcome: due (enqueued), pending, sent, failed, uncertain, unsubscribed."""
    stmt = (
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.dedupe_key.like(f"briefing:{day.isoformat()}:%"))
        .group_by(OutboxMessage.status)
    )
    counts = {str(status): int(n) for status, n in (await uow.session.execute(stmt)).all()}
    return {
        "due": sum(counts.values()),
        "pending": counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0),
        "sent": counts.get(OutboxStatus.SENT, 0),
        "failed": counts.get(OutboxStatus.FAILED, 0),
        "uncertain": counts.get(OutboxStatus.UNCERTAIN, 0),
        "unsubscribed": counts.get(OutboxStatus.UNREACHABLE, 0),
    }


async def subscriber_counts(uow: UnitOfWork) -> dict[str, int]:
    stmt = select(BriefingSubscription.status, func.count()).group_by(BriefingSubscription.status)
    return {str(status): int(n) for status, n in (await uow.session.execute(stmt)).all()}



async def preview(
    uow: UnitOfWork, user: User, knowledge: KnowledgeStore, config: CoreConfig,
    sources: Sequence[DigestSourceEntry], now: datetime | None = None,
) -> dict[str, Any] | None:  # fmt: skip
    """What `user`'s next briefing would say if it went out now (nothing is sent or marked)."""
    now = now or datetime.now(UTC)
    await sync_knowledge(uow, knowledge.kb, now)
    found = await uow.session.get(BriefingSubscription, user.id)
    topics = tuple(found.topics) if found is not None else tuple(dict.fromkeys(s.topic for s in sources))
    since = aware(found.last_slot_at) if found is not None and found.last_slot_at else now - timedelta(days=1)
    composer = _Composer(knowledge, config, sources)
    lang = ui_language(user.language, config.default_language)
    return await composer.payload(uow, user.id, lang, user.region, topics, since, now)
