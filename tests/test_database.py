"""The database layer on SQLite and PostgreSQL: migrations, models, unit of work."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from bot.services import build_services
from handlers.types import Incoming
from storage import Database
from storage.models import Base, DialogState, Question, User
from tests.conftest import fresh_database, make_settings


async def test_migrations_create_exactly_the_models(database: Database) -> None:
    def diff(sync_conn):
        ctx = MigrationContext.configure(sync_conn, opts={"compare_type": False})
        return compare_metadata(ctx, Base.metadata)

    async with database.engine.connect() as conn:
        differences = await conn.run_sync(diff)
        tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert differences == []
    assert {"users", "dialog_states", "questions", "feedback", "kv", "alembic_version"} <= tables


async def test_upgrade_twice_is_harmless(database: Database) -> None:
    await database.upgrade()
    await database.upgrade()


async def test_unit_of_work_commits_or_rolls_back(database: Database) -> None:
    async with database.uow() as uow:
        user = await uow.users.get_or_create("web", "abc", "Kari")
        await uow.dialogs.set(user.id, "onboarding", "region", {"k": "v"})
    with pytest.raises(RuntimeError):
        async with database.uow() as uow:
            user = await uow.users.get_or_create("web", "abc")
            user.region = "horten"
            await uow.dialogs.clear(user.id)
            raise RuntimeError("boom")
    async with database.uow() as uow:
        user = await uow.users.get("web", "abc")
        assert user is not None and user.region is None and user.display_name == "Kari"
        state = await uow.dialogs.get(user.id)
        assert state is not None and (state.step, state.data) == ("region", {"k": "v"})


async def test_same_external_id_on_two_channels_is_two_users(database: Database) -> None:
    async with database.uow() as uow:
        a = await uow.users.get_or_create("web", "42")
        b = await uow.users.get_or_create("telegram", "42")
        assert a.id != b.id
    async with database.uow() as uow:
        assert await uow.users.count() == 2


async def test_key_value(database: Database) -> None:
    assert await database.kv_get("missing") is None
    await database.kv_set("webhook", "s1")
    await database.kv_set("webhook", "s2")
    assert await database.kv_get("webhook") == "s2"


async def test_the_assistant_stores_users_state_and_questions(pg_or_sqlite_services) -> None:
    services = pg_or_sqlite_services
    assistant = services.assistant
    await assistant.handle(Incoming("telegram", "7", text="/start", language="nb"))
    await assistant.handle(Incoming("telegram", "7", text="hvem kan hjelpe meg med permittering?"))
    async with services.database.uow() as uow:
        user = (await uow.session.execute(select(User))).scalar_one()
        assert user.channel == "telegram" and user.external_id == "7"
        state = (await uow.session.execute(select(DialogState))).scalar_one()
        assert state.flow == "onboarding"
        question = (await uow.session.execute(select(Question))).scalar_one()
        assert question.text == "hvem kan hjelpe meg med permittering?"
        assert question.decision in ("answer", "suggest", "abstain")
    await assistant.mark_unreachable("telegram", "7")
    async with services.database.uow() as uow:
        user = await uow.users.get("telegram", "7")
        assert user is not None and user.unreachable


async def test_the_pool_is_opened_at_start(database_url: str) -> None:
    """PostgreSQL: the pool's connections are open before the first message (they cost a handshake and
    type lookups each); a setting sizes it. SQLite has no pool to open."""
    db = await fresh_database(database_url)
    await db.close()
    built = await build_services(make_settings(database_url, database_pool_size=3))
    try:
        pool = built.database.engine.pool
        if built.database.is_sqlite:
            assert built.database.pool_size == 3  # the setting reaches it, and nothing else changes
        else:
            assert pool.checkedin() == 3 and pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        await built.close()
