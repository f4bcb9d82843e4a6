"""The `sammen` command as a user runs it: settings errors, serve (HTTP, SIGTERM), chat, db upgrade."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.servers import env_for, free_port, sammen

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTP_PORT", "eighty"),
        ("DEFAULT_LANGUAGE", "klingon"),
        ("TIMEZONE", "Mars/Olympus"),
        ("DATABASE_URL", "mysql://x"),
        ("EMBEDDINGS", "sometimes"),
        ("EMBEDDINGS_URL", "ftp://embeddings.example"),
    ],
)
def test_invalid_setting_stops_with_one_line_and_status_2(tmp_path: Path, name: str, value: str) -> None:
    proc = subprocess.run(
        sammen("serve"),
        env=env_for(tmp_path, **{name: value}),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], proc.stderr


def test_a_secret_is_never_echoed(tmp_path: Path) -> None:
    secret = "123456:SECRET-TOKEN-VALUE"
    proc = subprocess.run(
        sammen("serve"),
        env=env_for(tmp_path, TELEGRAM_BOT_TOKEN=secret, TELEGRAM_RATE_GLOBAL="fast"),
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2 and "TELEGRAM_RATE_GLOBAL" in proc.stderr
    assert secret not in proc.stderr + proc.stdout


def test_serve_answers_http_and_stops_on_sigterm_within_10_seconds(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        sammen("serve"), env=env_for(tmp_path, HTTP_PORT=str(port)), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                    health = json.loads(resp.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert health is not None, "server did not come up"
        assert health["status"] == "ok" and health["knowledge"]["entries"] > 0
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
            assert resp.status == 200 and "Sammen" in resp.read().decode()
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        assert time.monotonic() - started < 10
        assert proc.returncode == 0
        assert not (tmp_path / "sammen.pid").exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_console_chat_onboards_and_answers(tmp_path: Path) -> None:
    # Buttons are numbered in order: [1] Norsk, [2] Dansk, [3] Svenska, [4] English.
    script = "4\n/region\n/menu\nhow do I defer municipal fees?\n/quit\n"
    proc = subprocess.run(
        sammen("chat"), env=env_for(tmp_path), input=script, capture_output=True, text=True, timeout=90, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Welcome to Sammen" in out or "Velkommen til Sammen" in out
    assert "[1] " in out and "Language: English" in out
    assert "What can I help you with?" in out


def test_console_shows_what_was_sent_to_it_meanwhile(tmp_path: Path) -> None:
    """Nothing is pushed to a terminal: a staff answer sent while the console user was away comes
    with the next answer, once."""
    env = env_for(tmp_path, LOGNAME="kari")  # the console user is the login name
    first = subprocess.run(sammen("chat"), env=env, input="4\n/quit\n", capture_output=True,
                           text=True, timeout=90, cwd=tmp_path)  # fmt: skip
    assert first.returncode == 0, first.stderr

    async def enqueue() -> None:
        from handlers.types import Reply
        from storage.database import Database
        from storage.outbox import OutboxRepository

        db = Database(env["DATABASE_URL"])
        try:
            async with db.uow() as uow:
                user = await uow.users.get("console", "kari")
                assert user is not None
                await OutboxRepository(uow.session).to_user(user, [Reply("The answer from the staff: yes, you can.")])
        finally:
            await db.close()

    asyncio.run(enqueue())
    again = subprocess.run(sammen("chat"), env=env, input="hello\n/quit\n", capture_output=True,
                           text=True, timeout=90, cwd=tmp_path)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("The answer from the staff: yes, you can.") == 1


def test_db_upgrade_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        sammen("db", "upgrade"), env=env_for(tmp_path), capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert proc.returncode == 0 and "up to date" in proc.stdout
    assert (tmp_path / "cli.db").exists()
