"""Test support for running our own server: a free port, the `sammen` command with a test
environment, the whole server in-process against the Telegram stand-in, and reading the buttons
of a message the stand-in received."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web
from sqlalchemy.engine import URL

from bot.server import CHANNELS, build_app
from bot.services import Services, build_services
from bot.settings import Settings, TelegramSettings
from bot.telegram.channel import TelegramChannel
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn


async def pg_admin(url: URL, statement: str) -> None:
    """Run one statement (CREATE/DROP DATABASE, a role) outside a transaction on the server of `url`."""
    conn = await asyncpg.connect(user=url.username, password=url.password, host=url.host, port=url.port,
                                 database=url.database)  # fmt: skip
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for a `sammen` subprocess: this test's database and PID file, no Telegram."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL", "HTTP_"))}
    env.update(DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/cli.db", SAMMEN_PID_FILE=str(tmp_path / "sammen.pid"))
    env.update(extra)
    return env


def sammen(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]


class TelegramServer:
    """`sammen serve` in-process: services, the aiohttp app and its channels, on 127.0.0.1, with the
    Telegram channel pointed at the stand-in. `settings` are extra `Settings` fields (the staff chat…)."""

    def __init__(self, tg: TelegramStandIn, db: Path, *, settings: dict[str, Any] | None = None, **telegram: Any):
        self.tg, self.db, self.telegram, self.extra = tg, db, telegram, settings or {}
        self.port = free_port()
        self.services: Services | None = None
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def channel(self) -> TelegramChannel:
        assert self.runner is not None
        [channel] = self.runner.app[CHANNELS]
        return channel

    async def start(self) -> TelegramServer:
        telegram = {
            "bot_token": DEFAULT_TOKEN,
            "api_base_url": self.tg.base_url,
            "rate_global": 1000.0,
            "rate_per_chat": 1000.0,
            **self.telegram,
        }
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{self.db}", telegram=TelegramSettings(**telegram), **self.extra
        )
        self.services = await build_services(settings)
        self.runner = web.AppRunner(build_app(self.services), access_log=None, shutdown_timeout=1.0)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        assert self.runner is not None and self.services is not None
        await self.runner.cleanup()
        await self.services.close()
        self.runner = None


def buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def data_of(message: dict[str, Any], label_part: str) -> str:
    """The callback data of the message's button whose label contains `label_part`."""
    for button in buttons_of(message):
        if label_part.casefold() in button["text"].casefold():
            return str(button["callback_data"])
    raise AssertionError(f"no button {label_part!r} in {[b['text'] for b in buttons_of(message)]}")
