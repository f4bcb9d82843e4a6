"""Shared fixtures: real databases (a SQLite file per test; PostgreSQL when TEST_DATABASE_URL is set)
and the real services built the way `sammen serve` builds them."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url

from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from storage import Database
from tests.browser import dashboard_server  # noqa: F401 (a fixture for the browser tests)
from tests.servers import pg_admin

BASE_PG_URL = os.environ.get("TEST_DATABASE_URL")


def _private_database(base_url: str) -> str:
    """A database of this test run's own on the server of TEST_DATABASE_URL.

    Test runs that share one PostgreSQL server (two developers, CI beside a developer) would
    otherwise drop each other's tables; dropped again when the run ends.
    """
    url = make_url(base_url)
    name = f"sammen_test_{os.getpid()}_{secrets.token_hex(3)}"

    asyncio.run(pg_admin(url, f'CREATE DATABASE "{name}"'))
    _CREATED.append((url, name))
    return url.set(database=name).render_as_string(hide_password=False)


_CREATED: list[tuple[URL, str]] = []
PG_URL = _private_database(BASE_PG_URL) if BASE_PG_URL else None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for url, name in _CREATED:
        asyncio.run(pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(scope="session")
def vector_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vector cache for the whole test session: the bundled base is encoded once (about 30 s
    on one core), every later build reads it. SAMMEN_TEST_VECTOR_CACHE keeps it between runs."""
    kept = os.environ.get("SAMMEN_TEST_VECTOR_CACHE")
    return Path(kept) if kept else tmp_path_factory.mktemp("vectors")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or environment by accident."""
    for key in list(os.environ):
        if key.startswith(("TELEGRAM_", "TEAMS_", "PUBLIC_URL", "STAFF_", "DATABASE_URL", "KNOWLEDGE_DIR", "HTTP_",
                           "DEFAULT_LANGUAGE", "EMBEDDINGS")):  # fmt: skip
            monkeypatch.delenv(key, raising=False)
    # The lexical engine unless a test asks for the semantic stage (encoding a base takes CPU seconds).
    monkeypatch.setenv("EMBEDDINGS", "off")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Both back ends for the tests that take it; PostgreSQL skips without TEST_DATABASE_URL."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "sammen.db")
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set (CI sets it)")
    return PG_URL


async def fresh_database(url: str) -> Database:
    db = Database(url)
    if not db.is_sqlite:
        await db.downgrade_all()
    await db.upgrade()
    return db


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = await fresh_database(database_url)
    yield db
    await db.close()


def make_settings(url: str, **overrides: object) -> Settings:
    return load_settings(database_url=url, **overrides)


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    """The real services on a fresh SQLite file and the bundled knowledge."""
    built = await build_services(make_settings(sqlite_url(tmp_path / "sammen.db")))
    yield built
    await built.close()


@pytest.fixture
async def pg_or_sqlite_services(database_url: str) -> AsyncIterator[Services]:
    db = await fresh_database(database_url)
    await db.close()
    built = await build_services(make_settings(database_url))
    yield built
    await built.close()
