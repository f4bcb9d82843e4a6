"""Operations: a taken port, each way the database can fail at start, readiness, backup and restore."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.servers import env_for, free_port, pg_admin, sammen

from .conftest import _private_database


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def _wait_healthy(port: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not come up")


def test_a_taken_port_exits_at_once_and_leaves_the_running_servers_pid_file(tmp_path: Path) -> None:
    port = free_port()
    env = env_for(tmp_path, HTTP_PORT=str(port))
    first = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        _wait_healthy(port, first)
        pid_file = tmp_path / "sammen.pid"
        assert pid_file.read_text() == str(first.pid)
        started = time.monotonic()
        second = subprocess.run(sammen("serve"), env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30)
        assert time.monotonic() - started < 10
        assert second.returncode == 2 and f"Port {port}" in second.stderr and "not free" in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
        assert pid_file.read_text() == str(first.pid)  # the running server's, untouched
        reload = subprocess.run(sammen("kb", "reload"), env=env, cwd=tmp_path, capture_output=True, text=True)
        assert reload.returncode == 0, reload.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(30)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+asyncpg://postgres@127.0.0.1:1/test", "connection refused"),
        ("postgresql+asyncpg://postgres@no-such-host.invalid/test", "is unknown"),
    ],
)
def test_an_unreachable_database_is_one_clear_line(tmp_path: Path, url: str, expected: str) -> None:
    proc = subprocess.run(sammen("serve"), env=env_for(tmp_path, DATABASE_URL=url, HTTP_PORT=str(free_port())),
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr
    assert not (tmp_path / "sammen.pid").exists()


def test_a_missing_database_and_a_role_without_rights_are_one_clear_line(tmp_path: Path) -> None:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    missing = make_url(base).set(database="sammen_no_such_database").render_as_string(hide_password=False)
    url = _private_database(base)
    _run(pg_admin(make_url(url), "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sammen_norights') "
                                "THEN CREATE ROLE sammen_norights LOGIN; END IF; END$$"))  # fmt: skip
    norights = make_url(url).set(username="sammen_norights", password=None).render_as_string(hide_password=False)
    for db_url, expected in ((missing, "does not exist"), (norights, "lacks the rights")):
        proc = subprocess.run(sammen("serve"), env=env_for(tmp_path, DATABASE_URL=db_url, HTTP_PORT=str(free_port())),
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 2, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], proc.stderr


def test_readyz_fails_while_the_database_refuses_writes_and_healthz_stays_alive(tmp_path: Path) -> None:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    _run(_readiness(_private_database(base)))


async def _readiness(url: str) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.server import build_app
    from bot.services import build_services
    from tests.conftest import fresh_database, make_settings

    owner = await fresh_database(url)
    await owner.close()
    parsed = make_url(url)
    for statement in (
        "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sammen_reader') "
        "THEN CREATE ROLE sammen_reader LOGIN; END IF; END$$",
        f'GRANT CONNECT ON DATABASE "{parsed.database}" TO sammen_reader',
        "GRANT USAGE ON SCHEMA public TO sammen_reader",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sammen_reader",
    ):
        await pg_admin(parsed, statement)
    reader = parsed.set(username="sammen_reader", password=None).render_as_string(hide_password=False)
    for db_url, ready in ((url, 200), (reader, 503)):
        services = await build_services(make_settings(db_url), migrate=False)
        client = TestClient(TestServer(build_app(services)))
        await client.start_server()
        try:
            health = await client.get("/healthz")
            readiness = await client.get("/readyz")
            body = await readiness.json()
            assert health.status == 200 and readiness.status == ready, body
            assert body["knowledge"]["entries"] > 0 and body["knowledge"]["semantic"] == "off"
        finally:
            await client.close()
            await services.close()


def test_backup_while_serving_and_restore_when_stopped(tmp_path: Path) -> None:
    port = free_port()
    env = env_for(tmp_path, HTTP_PORT=str(port))
    server = subprocess.Popen(sammen("serve"), env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        _wait_healthy(port, server)
        headers = {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"}
        body = json.dumps({"text": "kan vi få utsatt kommunale avgifter?"}).encode()
        ask = urllib.request.Request(f"http://127.0.0.1:{port}/api/messages", method="POST", data=body, headers=headers)
        with urllib.request.urlopen(ask, timeout=10) as resp:
            assert resp.status == 200
        backup = subprocess.run(sammen("db", "backup", "backup.db"), env=env, cwd=tmp_path, capture_output=True,
                                text=True, timeout=60)  # fmt: skip
        assert backup.returncode == 0, backup.stderr
        refused = subprocess.run(sammen("db", "restore", "backup.db"), env=env, cwd=tmp_path, capture_output=True,
                                 text=True, timeout=60)  # fmt: skip
        assert refused.returncode == 2 and "Stop `sammen serve` first" in refused.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        conn.execute("DELETE FROM questions")
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    junk = subprocess.run(sammen("db", "restore", "junk.db"), env=env, cwd=tmp_path, capture_output=True, text=True)
    assert junk.returncode == 2 and "not a Sammen database" in junk.stderr
    restore = subprocess.run(sammen("db", "restore", "backup.db"), env=env, cwd=tmp_path, capture_output=True,
                             text=True, timeout=60)  # fmt: skip
    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        assert conn.execute("SELECT text FROM questions").fetchall() == [("kan vi få utsatt kommunale avgifter?",)]
    pg_env = env_for(tmp_path, DATABASE_URL="postgresql+asyncpg://u@127.0.0.1/db")
    pg = subprocess.run(sammen("db", "backup", "x.dump"), env=pg_env, cwd=tmp_path, capture_output=True, text=True)
    assert pg.returncode == 2 and "pg_dump" in pg.stderr


def test_a_database_restart_between_messages_loses_no_message(tmp_path: Path) -> None:
    """PostgreSQL closes every connection (a restart, a failover): the next message is still answered
    and stored, on a fresh connection (no ping before every checkout)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    _run(_restart(_private_database(base)))


async def _restart(url: str) -> None:
    from sqlalchemy import func, select

    from bot.services import build_services
    from handlers.types import Incoming
    from storage.models import Question
    from tests.conftest import make_settings

    services = await build_services(make_settings(url))
    try:
        assert await services.assistant.handle(Incoming("web", "v", text="kan vi få utsatt kommunale avgifter?"))
        name = make_url(url).database
        await pg_admin(make_url(url), f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    f"WHERE datname = '{name}' AND pid <> pg_backend_pid()")  # fmt: skip
        assert await services.assistant.handle(Incoming("web", "v", text="hvem kan hjelpe med permittering?"))
        async with services.database.uow() as uow:
            assert (await uow.session.execute(select(func.count(Question.id)))).scalar() == 2
    finally:
        await services.close()
