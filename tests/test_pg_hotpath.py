"""Every message's two statements on PostgreSQL through asyncpg directly (`storage.pg_hotpath`):
the same objects, rows and errors as through the ORM, inside the unit of work's transaction."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import event, inspect, make_url, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from handlers.types import Incoming
from storage.database import Database
from storage.gatherings import GatheringRepository
from storage.models import DialogState, GatheringChange, GatheringMember, Question, User
from tests.conftest import PG_URL, fresh_database
from tests.servers import pg_admin


def statements(db: Database) -> Counter[str]:
    """What goes through SQLAlchemy, by its first words."""
    seen: Counter[str] = Counter()

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen[" ".join(statement.split()[:3])] += 1

    return seen


@pytest.fixture
async def pg() -> Any:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it)")
    db = await fresh_database(PG_URL)
    yield db
    await db.close()


async def test_the_user_and_their_dialog_state_come_back_as_the_orm_would_give_them(pg: Database) -> None:
    async with pg.uow() as uow:
        user = await uow.users.get_or_create("web", "hot-1", "Kari")
        user.language, user.region, user.address_ref = "nb", "horten", {"conversation": {"id": "c1"}}
        await uow.dialogs.set(user.id, "offer", "title", {"draft": {"title": "Kaffe", "n": 2}})
    seen = statements(pg)
    async with pg.uow() as uow:
        await uow.serialise("user:web:hot-1")
        user, state = await uow.users.get_or_create_with_state("web", "hot-1", "Kari Nordmann")
        assert not any(key.startswith("SELECT users.id") for key in seen)  # not through SQLAlchemy
        assert (user.language, user.region, user.address_ref) == ("nb", "horten", {"conversation": {"id": "c1"}})
        assert user.created_at.tzinfo is not None and user.onboarded is False
        assert state is not None
        assert (state.flow, state.step, state.data) == ("offer", "title", {"draft": {"title": "Kaffe", "n": 2}})
        assert await uow.session.get(User, user.id) is user  # the session's own object
        assert await uow.dialogs.get(user.id) is state
        user.display_name = user.display_name  # unchanged: nothing to write
        state.step = "price"  # changed: written at commit, as for any loaded object
    assert seen["UPDATE users SET"] == 1  # the display name given with the message
    async with pg.uow() as uow:
        again = await uow.session.get(User, user.id)
        assert again is not None and again.display_name == "Kari Nordmann"
        stored = await uow.session.get(DialogState, user.id)
        assert stored is not None and stored.step == "price"


async def test_a_user_without_dialog_state_and_an_unknown_user(pg: Database) -> None:
    async with pg.uow() as uow:
        await uow.users.get_or_create("web", "hot-2")
    async with pg.uow() as uow:
        user, state = await uow.users.get_or_create_with_state("web", "hot-2")
        assert user.external_id == "hot-2" and state is None
        newcomer, none = await uow.users.get_or_create_with_state("web", "hot-new", "Ola")
        assert newcomer.id is not None and newcomer.id != user.id and none is None
    async with pg.uow() as uow:
        assert await uow.users.get("web", "hot-new") is not None


async def test_a_question_is_stored_with_the_columns_defaults(pg: Database) -> None:
    seen = statements(pg)
    async with pg.uow() as uow:
        user = await uow.users.get_or_create("web", "hot-3")
        plain = await uow.questions.add(Question(user_id=user.id, channel="web", text="hei", decision="abstain"))
        full = await uow.questions.add(Question(
            user_id=user.id, channel="web", text="kan vi «utsette» avgifter? ' \" \\", language="nb",
            region="horten", decision="answer", entry_id="horten-avgifter", score=0.75, suggestions=["a", "b"],
        ))
    assert not any(key.startswith("INSERT INTO questions") for key in seen)
    async with pg.uow() as uow:
        rows = {q.id: q for q in (await uow.session.execute(select(Question))).scalars()}
    assert plain.id in rows and full.id in rows and plain.id != full.id
    first, second = rows[plain.id], rows[full.id]
    assert (first.score, first.suggestions, first.language, first.entry_id) == (0.0, [], None, None)
    assert first.created_at.tzinfo is not None
    assert second.text == "kan vi «utsette» avgifter? ' \" \\"
    assert (second.score, second.suggestions, second.region) == (0.75, ["a", "b"], "horten")


async def test_a_database_error_is_raised_as_sqlalchemy_raises_it_values_hidden(pg: Database) -> None:
    with pytest.raises(IntegrityError) as raised:
        async with pg.uow() as uow:
            await uow.questions.add(Question(user_id=987654, channel="web", text="secret words", decision="answer"))
    assert "INSERT INTO questions" in str(raised.value)
    assert "secret words" not in str(raised.value)  # no personal data in the log line
    assert isinstance(raised.value, DBAPIError) and not raised.value.connection_invalidated
    async with pg.uow() as uow:  # the connection is fine for the next unit of work
        assert (await uow.users.get_or_create_with_state("web", "hot-4"))[0].id is not None


async def test_the_lock_and_the_statements_share_one_transaction(pg: Database) -> None:
    """The per-user lock rides with BEGIN, and the hot path's statements run after it, in it."""
    async with pg.uow() as uow:
        await uow.serialise("user:web:hot-5")
        await uow.users.get_or_create_with_state("web", "hot-5")
        _, _, driver = await uow.hot.raw()
        assert driver.is_in_transaction()
        locks = await driver.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        assert locks == 1


async def _gatherings(db: Database) -> None:
    """Two groups and an event with places taken and waiting, and moves of one group and the event."""
    async with db.uow() as uow:
        users = [await uow.users.get_or_create("web", f"g-{n}") for n in range(4)]
        await uow.session.flush()
        for n, (kind, target, status) in enumerate([("group", "g1", "member"), ("group", "g1", "waiting"),
                                                    ("group", "g2", "member"), ("event", "e1", "member")]):
            uow.session.add(GatheringMember(kind=kind, target=target, user_id=users[n].id, business=f"b{n}",
                                            status=status, position=n))
        uow.session.add(GatheringChange(kind="group", target="g1", occurrence="2026-12-10",
                                        new_start="2026-12-11T09:00", minutes=90))
        uow.session.add(GatheringChange(kind="event", target="e1", occurrence="2026-12-20", cancelled=True))


async def test_the_groups_finders_reads_give_what_the_orm_gives(pg: Database) -> None:
    """Counts and moves of the gatherings a question names: through asyncpg, the same figures and
    the same persistent objects as through the ORM, and nothing of it through SQLAlchemy's cursor."""
    await _gatherings(pg)
    pairs = [("group", "g1"), ("event", "e1"), ("group", "e1"), ("group", "none")]
    results = []
    for direct in (True, False):
        seen = statements(pg)
        async with pg.uow() as uow:
            uow.hot.available = direct
            repo = GatheringRepository(uow.session)
            counts = await repo.counts(pairs)
            changes = await repo.changes_of(pairs)
            assert all(uow.session.identity_map.get(inspect(c).key) is c for c in changes)
            described = sorted((c.id, c.kind, c.target, c.occurrence, c.new_start, c.minutes, c.cancelled,
                                c.sequence, c.changed_by, c.changed_at) for c in changes)
        results.append((counts, described))
        assert sum(n for key, n in seen.items() if "gathering" in key) == (0 if direct else 2)
    assert results[0] == results[1]
    counts, described = results[0]
    assert counts == {("group", "g1"): (1, 1), ("event", "e1"): (1, 0)}
    assert [d[1:7] for d in described] == [("group", "g1", "2026-12-10", "2026-12-11T09:00", 90, False),
                                           ("event", "e1", "2026-12-20", None, None, True)]
    assert all(d[-1].tzinfo is not None for d in described)


async def test_a_finders_read_sees_what_the_unit_has_not_written_yet(pg: Database) -> None:
    """As SQLAlchemy's autoflush would: a move or a place added earlier in the same unit is counted."""
    await _gatherings(pg)
    async with pg.uow() as uow:
        user = await uow.users.get_or_create("web", "g-new")
        await uow.session.flush()
        uow.session.add(GatheringMember(kind="group", target="g2", user_id=user.id, business="bnew",
                                        status="waiting", position=9))
        uow.session.add(GatheringChange(kind="group", target="g2", occurrence="2026-12-12", cancelled=True))
        repo = GatheringRepository(uow.session)
        assert (await repo.counts([("group", "g2")])) == {("group", "g2"): (1, 1)}
        moved = await repo.changes_of([("group", "g2")])
        assert [(c.occurrence, c.cancelled) for c in moved] == [("2026-12-12", True)]
        moved[0].cancelled = False  # the session's own object: the change is written at commit
    async with pg.uow() as uow:
        again = await GatheringRepository(uow.session).changes_of([("group", "g2")])
        assert [c.cancelled for c in again] == [False]


async def test_a_move_the_session_holds_expired_is_filled_in_from_the_read(pg: Database) -> None:
    """As the ORM's own load does: an object already in the session keeps its changes, and what it no
    longer holds (expired) comes from the row, rather than from a lazy load outside an await."""
    await _gatherings(pg)
    async with pg.uow() as uow:
        repo = GatheringRepository(uow.session)
        first = await repo.changes_of([("group", "g1"), ("event", "e1")])
        moved = next(c for c in first if c.kind == "group")
        uow.session.expire(moved)
        again = await repo.changes_of([("group", "g1"), ("event", "e1")])
        assert moved in again
        assert (moved.kind, moved.target, moved.minutes, moved.new_start) == ("group", "g1", 90, "2026-12-11T09:00")


async def test_sqlite_takes_the_orm_path(tmp_path: Any) -> None:
    db = await fresh_database(f"sqlite+aiosqlite:///{tmp_path / 'hot.db'}")
    try:
        async with db.uow() as uow:
            assert not uow.hot.available
            user, _ = await uow.users.get_or_create_with_state("web", "hot-6")
            stored = await uow.questions.add(Question(user_id=user.id, channel="web", text="hei", decision="abstain"))
            assert stored.id is not None
    finally:
        await db.close()


async def test_a_message_end_to_end_on_postgresql(pg: Database) -> None:
    from bot.settings import BUNDLED_KNOWLEDGE
    from handlers.assistant import Assistant
    from knowledge.store import KnowledgeStore

    assistant = Assistant(pg, KnowledgeStore(BUNDLED_KNOWLEDGE))
    replies = await assistant.handle(Incoming("web", "hot-7", text="hvem kan hjelpe med permittering?", language="nb"))
    assert replies
    async with pg.uow() as uow:
        query = select(Question).where(Question.text == "hvem kan hjelpe med permittering?")
        asked = (await uow.session.execute(query)).scalars().all()
    assert len(asked) == 1 and asked[0].decision


async def test_a_connection_lost_in_the_hot_path_renews_the_pool(pg: Database) -> None:
    """The server ends the connection (a restart): the error says the connection was invalidated
    (so `Assistant.handle` handles the message again) and the next unit of work gets a fresh one."""
    assert PG_URL is not None
    with pytest.raises(DBAPIError) as raised:
        async with pg.uow() as uow:
            user, _ = await uow.users.get_or_create_with_state("web", "hot-8")
            _, _, driver = await uow.hot.raw()
            await pg_admin(make_url(PG_URL), f"SELECT pg_terminate_backend({driver.get_server_pid()})")
            await uow.questions.add(Question(user_id=user.id, channel="web", text="hei", decision="abstain"))
    assert raised.value.connection_invalidated
    async with pg.uow() as uow:
        user, _ = await uow.users.get_or_create_with_state("web", "hot-8")
        assert (await uow.questions.add(Question(user_id=user.id, channel="web", text="hei", decision="abstain"))).id


async def test_any_error_on_a_closed_connection_counts_as_lost(pg: Database) -> None:
    """A restart's "terminating connection" reaches the driver as several errors ("connection is
    closed", "connection was closed in the middle of operation", ...): as for SQLAlchemy's own
    statements, what counts is whether the driver's connection is closed (the BEGIN of a unit of
    work on a pooled connection the server has just ended raised the second, which a check of the
    message alone missed, so the message was not handled again)."""
    import asyncpg

    assert PG_URL is not None
    error = asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation")
    with pytest.raises(DBAPIError) as raised:
        async with pg.uow() as uow:
            await uow.users.get_or_create_with_state("web", "hot-9")
            connection, adapter, driver = await uow.hot.raw()
            await pg_admin(make_url(PG_URL), f"SELECT pg_terminate_backend({driver.get_server_pid()})")
            for _ in range(100):
                if driver.is_closed():
                    break
                await asyncio.sleep(0.01)
            await uow.hot._run(connection, adapter, "BEGIN", lambda: _fail(error))
    assert raised.value.connection_invalidated


async def _fail(error: Exception) -> None:
    raise error


async def test_a_unit_cancelled_while_waiting_for_its_lock_leaves_no_broken_connection(pg: Database) -> None:
    """A message cancelled while its BEGIN waits for the user's lock (a shutdown's grace running
    out): the connection must not go back to the pool inside a transaction SQLAlchemy does not know
    of (the next unit on it would fail with "current transaction is aborted", not be retried).
    SQLAlchemy invalidates a connection whose unit of work ends in a cancellation, which covers
    the BEGIN the hot path starts too."""
    import contextlib

    import asyncpg

    from storage.uow import lock_number

    assert PG_URL is not None
    key = "user:web:hot-10"
    number = lock_number(key)
    blocker = await asyncpg.connect(make_url(PG_URL).set(drivername="postgresql").render_as_string(False))
    await blocker.execute(f"BEGIN; SELECT pg_advisory_xact_lock({number})")

    async def waiting() -> None:
        async with pg.uow() as uow:
            await uow.serialise(key)
            await uow.users.get_or_create_with_state("web", "hot-10")

    task = asyncio.create_task(waiting())
    await asyncio.sleep(0.3)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await blocker.execute("ROLLBACK")
    await blocker.close()
    lost = 0
    for n in range(pg.pool_size + 2):  # every pooled connection in turn
        try:
            async with pg.uow() as uow:
                await uow.serialise(f"user:web:after-{n}")
                await uow.users.get_or_create_with_state("web", f"after-{n}")
        except DBAPIError as error:
            assert error.connection_invalidated, error  # closed, renewed: Assistant.handle retries
            lost += 1
    assert lost <= 1
