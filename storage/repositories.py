"""Repositories: typed reads and writes over one session. They never commit (the unit of work does)."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DialogState, Feedback, Question, Staff, StaffIdentity, User, utcnow
from storage.pg_hotpath import HotPath

#: How stale `users.last_seen_at` may get before a message updates it.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


#: The hot path's statements, built once (building a select costs more than running it on SQLite).
_USER_WITH_STATE = (
    select(User, DialogState)
    .outerjoin(DialogState, DialogState.user_id == User.id)
    .where(User.channel == bindparam("channel"), User.external_id == bindparam("external_id"))
)
_QUESTIONS: Table = Question.__table__  # type: ignore[assignment]
_INSERT_QUESTION = insert(_QUESTIONS).returning(_QUESTIONS.c.id)


class UserRepository:
    def __init__(self, session: AsyncSession, hot: HotPath | None = None) -> None:
        self.session = session
        self._hot = hot or HotPath.of(session)

    async def get(self, channel: str, external_id: str) -> User | None:
        stmt = select(User).where(User.channel == channel, User.external_id == external_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def by_id(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_or_create(self, channel: str, external_id: str, display_name: str | None = None) -> User:
        user, _state = await self.get_or_create_with_state(channel, external_id, display_name)
        return user

    async def get_or_create_with_state(
        self, channel: str, external_id: str, display_name: str | None = None
    ) -> tuple[User, DialogState | None]:
        """The user and their dialog state in one query: the hot path of every message (on
        PostgreSQL through asyncpg directly, `storage.pg_hotpath`)."""
        found = await self._hot.user_with_state(channel, external_id)
        if found is not None:
            row = None if found.user is None else (found.user, found.state)
        else:
            params = {"channel": channel, "external_id": external_id}
            row = (await self.session.execute(_USER_WITH_STATE, params)).one_or_none()
        if row is None:
            user = User(channel=channel, external_id=external_id, display_name=display_name)
            self.session.add(user)
            await self.session.flush()
            return user, None
        user, state = row
        now = utcnow()
        seen = user.last_seen_at if user.last_seen_at.tzinfo else user.last_seen_at.replace(tzinfo=UTC)
        if now - seen > LAST_SEEN_RESOLUTION:  # not a write on every message
            user.last_seen_at = now
        if display_name and user.display_name != display_name:
            user.display_name = display_name
        return user, state

    async def count(self) -> int:
        return int((await self.session.execute(select(func.count(User.id)))).scalar_one())


class DialogRepository:
    _UNKNOWN = object()

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        #: States already read in this unit of work (None = the user has none), to save queries.
        self._known: dict[int, DialogState | None] = {}

    def prime(self, user_id: int, state: DialogState | None) -> None:
        self._known[user_id] = state

    async def get(self, user_id: int) -> DialogState | None:
        if user_id in self._known:
            return self._known[user_id]
        state = await self.session.get(DialogState, user_id)
        self._known[user_id] = state
        return state

    async def set(self, user_id: int, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        state = await self.get(user_id)
        if state is None:
            state = DialogState(user_id=user_id, flow=flow, step=step, data=dict(data or {}))
            self.session.add(state)
        else:
            state.flow, state.step, state.data = flow, step, dict(data or {})
            state.updated_at = utcnow()
        self._known[user_id] = state
        await self.session.flush()

    async def clear(self, user_id: int) -> None:
        if self._known.get(user_id, self._UNKNOWN) is None:
            return
        await self.session.execute(delete(DialogState).where(DialogState.user_id == user_id))
        self._known[user_id] = None


class QuestionRepository:
    def __init__(self, session: AsyncSession, hot: HotPath | None = None) -> None:
        self.session = session
        self._hot = hot or HotPath.of(session)

    async def add(self, question: Question) -> Question:
        """Store a question with one Core INSERT … RETURNING, not the ORM: it is on every message's path.

        The returned object carries its id but is not tracked by the session (nothing changes it later
        in the same unit of work; later units of work load it with `get`).
        """
        values = {
            column.key: value
            for column in _QUESTIONS.columns
            if column.key != "id" and (value := getattr(question, column.key)) is not None
        }
        stored = await self._hot.insert_question(values)
        if stored is None:
            stored = (await self.session.execute(_INSERT_QUESTION, values)).scalar_one()
        question.id = stored
        return question

    async def get(self, question_id: int) -> Question | None:
        return await self.session.get(Question, question_id)


class FeedbackRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def vote(self, question_id: int, user_id: int, helpful: bool) -> None:
        stmt = select(Feedback).where(Feedback.question_id == question_id, Feedback.user_id == user_id)
        row = (await self.session.execute(stmt)).scalar_one_or_none()
        if row is None:
            self.session.add(Feedback(question_id=question_id, user_id=user_id, helpful=helpful))
        else:
            row.helpful = helpful
            row.created_at = utcnow()
        await self.session.flush()


class StaffRepository:
    """Staff members as chat channels know them: by (channel, the channel's user id)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_identity(self, channel: str, external_id: str) -> Staff | None:
        stmt = (
            select(Staff)
            .join(StaffIdentity, StaffIdentity.staff_id == Staff.id)
            .where(StaffIdentity.channel == channel, StaffIdentity.external_id == external_id)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def known_identities(self, channel: str, external_ids: list[str]) -> set[str]:
        stmt = select(StaffIdentity.external_id).where(
            StaffIdentity.channel == channel, StaffIdentity.external_id.in_(external_ids)
        )
        return set((await self.session.execute(stmt)).scalars())

    async def add_with_identity(self, channel: str, external_id: str, *, name: str, role: str) -> Staff:
        staff = Staff(name=name, role=role)
        self.session.add(staff)
        await self.session.flush()
        self.session.add(StaffIdentity(staff_id=staff.id, channel=channel, external_id=external_id))
        await self.session.flush()
        return staff

    async def identities(self, staff_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """Each staff member's (channel, id) pairs, for lists."""
        stmt = select(StaffIdentity).where(StaffIdentity.staff_id.in_(staff_ids)).order_by(StaffIdentity.id)
        found: dict[int, list[tuple[str, str]]] = {}
        for row in (await self.session.execute(stmt)).scalars():
            found.setdefault(row.staff_id, []).append((row.channel, row.external_id))
        return found
