"""Repositories: typed reads and writes over one session. They never commit (the unit of work does)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import DialogState, Feedback, Question, User, utcnow


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, channel: str, external_id: str) -> User | None:
        stmt = select(User).where(User.channel == channel, User.external_id == external_id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def by_id(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_or_create(self, channel: str, external_id: str, display_name: str | None = None) -> User:
        user = await self.get(channel, external_id)
        if user is None:
            user = User(channel=channel, external_id=external_id, display_name=display_name)
            self.session.add(user)
            await self.session.flush()
        else:
            user.last_seen_at = utcnow()
            if display_name and user.display_name != display_name:
                user.display_name = display_name
        return user

    async def count(self) -> int:
        return int((await self.session.execute(select(func.count(User.id)))).scalar_one())


class DialogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> DialogState | None:
        return await self.session.get(DialogState, user_id)

    async def set(self, user_id: int, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        state = await self.session.get(DialogState, user_id)
        if state is None:
            self.session.add(DialogState(user_id=user_id, flow=flow, step=step, data=dict(data or {})))
        else:
            state.flow, state.step, state.data = flow, step, dict(data or {})
            state.updated_at = utcnow()
        await self.session.flush()

    async def clear(self, user_id: int) -> None:
        await self.session.execute(delete(DialogState).where(DialogState.user_id == user_id))


class QuestionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, question: Question) -> Question:
        self.session.add(question)
        await self.session.flush()
        return question

    async def get(self, question_id: int) -> Question | None:
        return await self.session.get(Question, question_id)

    async def for_user(self, user_id: int, limit: int = 20) -> list[Question]:
        stmt = select(Question).where(Question.user_id == user_id).order_by(Question.id.desc()).limit(limit)
        return list((await self.session.execute(stmt)).scalars())


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
