"""Login throttling under concurrency, over real HTTP, on SQLite and PostgreSQL: an attempt is
reserved in the database before the password is checked, so a burst cannot outrun the limit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.dashboard import ratelimit
from bot.server import build_app
from bot.services import Services
from handlers import staff_accounts
from storage.models import LoginAttempt, StaffSession
from tests.desk import PASSWORD, add_account, csrf_of


@pytest.fixture
async def client(pg_or_sqlite_services: Services) -> AsyncIterator[TestClient]:
    app = build_app(pg_or_sqlite_services)
    async with TestClient(TestServer(app, host="127.0.0.1"), headers={"Accept-Language": "en"}) as c:
        yield c


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the server actually hashes and compares."""
    seen: list[str] = []
    real = staff_accounts.verify_password

    def counting(stored: str | None, password: str) -> bool:
        seen.append(password)
        return real(stored, password)

    monkeypatch.setattr(staff_accounts, "verify_password", counting)
    return seen


async def test_a_burst_of_parallel_logins_cannot_outrun_the_limit(
    client: TestClient, pg_or_sqlite_services: Services, checked: list[str]
) -> None:
    services = pg_or_sqlite_services
    await add_account(services, "staff")
    csrf = csrf_of(await (await client.get("/staff/login")).text())

    async def attempt(password: str) -> int:
        form = {"csrf": csrf, "email": "Staff@Example.org", "password": password}
        response = await client.post("/staff/login", data=form, allow_redirects=False)
        await response.read()
        return response.status

    passwords = [f"wrong guess {i}" for i in range(99)] + [PASSWORD]
    statuses = await asyncio.gather(*(attempt(p) for p in passwords))

    assert len(checked) <= ratelimit.MAX_FAILURES, len(checked)  # never more hashes than the limit allows
    assert PASSWORD not in checked
    assert statuses[-1] == 429  # the right password after the lock: refused, no session
    assert statuses.count(401) == len(checked) and statuses.count(429) == 100 - len(checked)
    async with services.database.uow() as uow:
        assert (await uow.session.execute(select(StaffSession))).first() is None
        per_email = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key == "email:staff@example.org")
        assert (await uow.session.execute(per_email)).scalar_one() == ratelimit.MAX_FAILURES
    csrf = csrf_of(await (await client.get("/staff/login")).text())
    late = await client.post("/staff/login", data={"csrf": csrf, "email": "staff@example.org", "password": PASSWORD})
    assert late.status == 429 and "Too many attempts" in await late.text()


async def test_a_good_login_frees_its_reservation(
    client: TestClient, pg_or_sqlite_services: Services, checked: list[str]
) -> None:
    services = pg_or_sqlite_services
    await add_account(services, "staff")
    for _ in range(ratelimit.MAX_FAILURES + 2):  # more logins than the limit: successes are not failures
        client.session.cookie_jar.clear()
        csrf = csrf_of(await (await client.get("/staff/login")).text())
        ok = await client.post("/staff/login", data={"csrf": csrf, "email": "staff@example.org", "password": PASSWORD},
                               allow_redirects=False)  # fmt: skip
        assert ok.status == 303
    async with services.database.uow() as uow:
        assert (await uow.session.execute(select(LoginAttempt))).first() is None
    assert len(checked) == ratelimit.MAX_FAILURES + 2
