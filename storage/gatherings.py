"""Places in network groups and events: joining, leaving, the waiting list and its promotion.

The capacity is kept by the database, not by Python alone: every join and leave first updates the
target's `gathering_slots` row, which on PostgreSQL locks it until the unit of work commits (SQLite
has one writer at a time anyway), so concurrent joins are decided one after the other; a CHECK
constraint refuses `taken > capacity` whatever the code does; and a unique constraint keeps one
membership per business. The waiting list is ordered by the slot's `seq`, taken under that lock:
the order in which the joins arrived. Repositories never commit; the unit of work does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import GatheringAbsence, GatheringChange, GatheringMember, GatheringSlot, User, utcnow
from storage.pg_hotpath import HotPath
from storage.states import MemberStatus


@dataclass(frozen=True, slots=True)
class Joined:
    """What a join did: `status` member or waiting (with the 1-based `position`), or `already` when
    the user (`mine`) or another user of the same business (`mine` False) holds a place already."""

    status: str
    position: int = 0
    mine: bool = True
    member: GatheringMember | None = None


@dataclass(frozen=True, slots=True)
class Left:
    """What a leave did: the row removed (None: the user held nothing) and who was promoted."""

    removed: GatheringMember | None
    promoted: GatheringMember | None = None


def business_key(user: User) -> str:
    """One membership per business: its organisation number when the user gave one, else the user."""
    if user.org_number:
        return f"org:{user.org_country or ''}:{user.org_number}"
    return f"user:{user.id}"


class GatheringRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _lock(self, kind: str, target: str, capacity: int | None, *, arrive: bool) -> tuple[int, int]:
        """Create the slot if needed, then update it (locking it on PostgreSQL): the new `seq` and `taken`.

        `capacity` follows the knowledge, but never below the places already taken (they are kept).
        """
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        await self.session.execute(
            dialect.insert(GatheringSlot)
            .values(kind=kind, target=target, capacity=capacity, taken=0, seq=0)
            .on_conflict_do_nothing()
        )
        slot = GatheringSlot.__table__.c
        new_capacity = None if capacity is None else case((slot.taken > capacity, slot.taken), else_=capacity)
        row = (
            await self.session.execute(
                update(GatheringSlot)
                .where(slot.kind == kind, slot.target == target)
                .values(seq=slot.seq + (1 if arrive else 0), capacity=new_capacity)
                .returning(slot.seq, slot.taken)
            )
        ).one()
        return int(row.seq), int(row.taken)

    async def join(self, kind: str, target: str, user: User, capacity: int | None) -> Joined:
        """A place if one is free, else a place on the waiting list (in arrival order)."""
        seq, taken = await self._lock(kind, target, capacity, arrive=True)
        business = business_key(user)
        existing = (
            await self.session.execute(
                select(GatheringMember).where(
                    GatheringMember.kind == kind, GatheringMember.target == target,
                    (GatheringMember.business == business) | (GatheringMember.user_id == user.id),
                )
            )
        ).scalars().first()  # fmt: skip
        if existing is not None:
            mine = existing.user_id == user.id
            return Joined("already", await self.position(existing) if mine else 0, mine, existing)
        if capacity is None or taken < capacity:
            await self.session.execute(
                update(GatheringSlot)
                .where(GatheringSlot.kind == kind, GatheringSlot.target == target)
                .values(taken=GatheringSlot.taken + 1)
            )  # the CHECK constraint refuses it if the places are gone, whatever was read
            status = MemberStatus.MEMBER
        else:
            status = MemberStatus.WAITING
        member = GatheringMember(kind=kind, target=target, user_id=user.id, business=business, status=status,
                                 position=seq, created_at=utcnow())  # fmt: skip
        self.session.add(member)
        await self.session.flush()
        return Joined(str(status), await self.position(member), True, member)

    async def leave(self, kind: str, target: str, user_id: int) -> Left:
        """Give up a place (the first waiting is promoted) or a place on the waiting list."""
        await self._lock(kind, target, await self._capacity(kind, target), arrive=False)
        member = (
            await self.session.execute(
                select(GatheringMember).where(
                    GatheringMember.kind == kind, GatheringMember.target == target, GatheringMember.user_id == user_id
                )
            )
        ).scalar_one_or_none()
        if member is None:
            return Left(None)
        await self.session.delete(member)
        await self.session.flush()
        if member.status != MemberStatus.MEMBER:
            return Left(member)
        promoted = await self._first_waiting(kind, target)
        if promoted is None:
            await self.session.execute(
                update(GatheringSlot)
                .where(GatheringSlot.kind == kind, GatheringSlot.target == target)
                .values(taken=GatheringSlot.taken - 1)
            )
        else:
            promoted.status = MemberStatus.MEMBER
            promoted.promoted_at = utcnow()
            await self.session.flush()
        return Left(member, promoted)

    async def fill(self, kind: str, target: str, capacity: int | None) -> list[GatheringMember]:
        """After the capacity was raised: promote the waiting into the new places, first come first."""
        _, taken = await self._lock(kind, target, capacity, arrive=False)
        promoted: list[GatheringMember] = []
        while capacity is None or taken < capacity:
            first = await self._first_waiting(kind, target)
            if first is None:
                break
            first.status, first.promoted_at = MemberStatus.MEMBER, utcnow()
            taken += 1
            promoted.append(first)
        if promoted:
            await self.session.execute(
                update(GatheringSlot)
                .where(GatheringSlot.kind == kind, GatheringSlot.target == target)
                .values(taken=GatheringSlot.taken + len(promoted))
            )
        return promoted

    async def _capacity(self, kind: str, target: str) -> int | None:
        slot = await self.session.get(GatheringSlot, (kind, target))
        return slot.capacity if slot is not None else None

    async def _first_waiting(self, kind: str, target: str) -> GatheringMember | None:
        return (
            await self.session.execute(
                select(GatheringMember)
                .where(GatheringMember.kind == kind, GatheringMember.target == target,
                       GatheringMember.status == MemberStatus.WAITING)
                .order_by(GatheringMember.position, GatheringMember.id)
                .limit(1)
            )
        ).scalar_one_or_none()  # fmt: skip

    async def position(self, member: GatheringMember) -> int:
        """1-based place on the waiting list (0 for a member)."""
        if member.status != MemberStatus.WAITING:
            return 0
        ahead = await self.session.scalar(
            select(func.count()).where(
                GatheringMember.kind == member.kind, GatheringMember.target == member.target,
                GatheringMember.status == MemberStatus.WAITING, GatheringMember.position < member.position,
            )
        )  # fmt: skip
        return int(ahead or 0) + 1

    async def of(self, kind: str, target: str) -> list[tuple[GatheringMember, User]]:
        """Members first, then the waiting list, each in arrival order."""
        rows = await self.session.execute(
            select(GatheringMember, User)
            .join(User, User.id == GatheringMember.user_id)
            .where(GatheringMember.kind == kind, GatheringMember.target == target)
            .order_by(GatheringMember.status, GatheringMember.position, GatheringMember.id)
        )
        return [(m, u) for m, u in rows.tuples()]

    async def for_user(self, user_id: int) -> list[GatheringMember]:
        rows = await self.session.execute(
            select(GatheringMember).where(GatheringMember.user_id == user_id).order_by(GatheringMember.created_at)
        )
        return list(rows.scalars())

    async def counts(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
        """(kind, target) -> (members, waiting) for groups and events together, in one query."""
        if not pairs:
            return {}
        kinds, targets = sorted({k for k, _ in pairs}), sorted({t for _, t in pairs})
        rows = await HotPath.of(self.session).member_counts(kinds, targets)
        if rows is None:
            result = await self.session.execute(
                select(GatheringMember.kind, GatheringMember.target, GatheringMember.status, func.count())
                .where(GatheringMember.kind.in_(kinds), GatheringMember.target.in_(targets))
                .group_by(GatheringMember.kind, GatheringMember.target, GatheringMember.status)
            )
            rows = [(kind, target, status, n) for kind, target, status, n in result.tuples()]
        wanted = set(pairs)
        out: dict[tuple[str, str], tuple[int, int]] = {}
        for kind, target, status, n in rows:
            if (kind, target) not in wanted:
                continue
            members, waiting = out.get((kind, target), (0, 0))
            out[(kind, target)] = (members + n, waiting) if status == MemberStatus.MEMBER else (members, waiting + n)
        return out

    async def changes_of(self, pairs: list[tuple[str, str]]) -> list[GatheringChange]:
        """The moves and cancellations of the given (kind, target) pairs, in one query."""
        if not pairs:
            return []
        kinds, targets = sorted({k for k, _ in pairs}), sorted({t for _, t in pairs})
        changes = await HotPath.of(self.session).changes_of(kinds, targets)
        if changes is None:
            stmt = select(GatheringChange).where(GatheringChange.kind.in_(kinds), GatheringChange.target.in_(targets))
            changes = list((await self.session.execute(stmt)).scalars())
        wanted = set(pairs)
        return [c for c in changes if (c.kind, c.target) in wanted]

    async def with_place(self, pairs: list[tuple[str, str]]) -> list[tuple[GatheringMember, User]]:
        """Members (not the waiting) of the given (kind, target) pairs, with their users."""
        if not pairs:
            return []
        targets = {t for _, t in pairs}
        rows = await self.session.execute(
            select(GatheringMember, User)
            .join(User, User.id == GatheringMember.user_id)
            .where(GatheringMember.target.in_(targets), GatheringMember.status == MemberStatus.MEMBER)
        )
        wanted = set(pairs)
        return [(m, u) for m, u in rows.tuples() if (m.kind, m.target) in wanted]

    # -- changed occurrences and absences ---------------------------------------------------------

    async def changes(self, kind: str, targets: list[str] | None = None) -> list[GatheringChange]:
        stmt = select(GatheringChange).where(GatheringChange.kind == kind)
        if targets is not None:
            stmt = stmt.where(GatheringChange.target.in_(targets))
        return list((await self.session.execute(stmt)).scalars())

    async def change(
        self, kind: str, target: str, occurrence: str, *, new_start: str | None, minutes: int | None,
        cancelled: bool, by: int | None,
    ) -> GatheringChange:  # fmt: skip
        """Record a move or a cancellation; each change raises the occurrence's sequence."""
        row = (
            await self.session.execute(
                select(GatheringChange).where(GatheringChange.kind == kind, GatheringChange.target == target,
                                              GatheringChange.occurrence == occurrence)
            )
        ).scalar_one_or_none()  # fmt: skip
        if row is None:
            row = GatheringChange(kind=kind, target=target, occurrence=occurrence, sequence=0, cancelled=False)
            self.session.add(row)
        row.new_start = new_start if not cancelled else row.new_start
        row.minutes = minutes if not cancelled else row.minutes
        row.cancelled = cancelled
        row.sequence = (row.sequence or 0) + 1
        row.changed_by = by
        row.changed_at = utcnow()
        await self.session.flush()
        return row

    async def absent(self, kind: str, target: str, occurrence: str, user_id: int) -> bool:
        """Note "can't come"; False when it was noted already."""
        exists = await self.session.scalar(
            select(GatheringAbsence.id).where(
                GatheringAbsence.kind == kind, GatheringAbsence.target == target,
                GatheringAbsence.occurrence == occurrence, GatheringAbsence.user_id == user_id,
            )
        )  # fmt: skip
        if exists is not None:
            return False
        self.session.add(GatheringAbsence(kind=kind, target=target, occurrence=occurrence, user_id=user_id))
        await self.session.flush()
        return True

    async def absences(self, kind: str, target: str, occurrence: str) -> set[int]:
        rows = await self.session.execute(
            select(GatheringAbsence.user_id).where(
                GatheringAbsence.kind == kind, GatheringAbsence.target == target,
                GatheringAbsence.occurrence == occurrence,
            )
        )  # fmt: skip
        return set(rows.scalars())

    async def erase_user(self, user_id: int) -> list[tuple[GatheringMember, GatheringMember | None]]:
        """Release every place of the user (promoting the waiting) and forget their absences."""
        done = []
        for member in await self.for_user(user_id):
            left = await self.leave(member.kind, member.target, user_id)
            if left.removed is not None:
                done.append((left.removed, left.promoted))
        await self.session.execute(delete(GatheringAbsence).where(GatheringAbsence.user_id == user_id))
        return done


def moved_start(change: GatheringChange) -> datetime | None:
    if not change.new_start:
        return None
    try:
        return datetime.strptime(change.new_start, "%Y%m%dT%H%M")
    except ValueError:
        return None
