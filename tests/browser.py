"""What the browser tests share: Debian's Chromium, how to launch it here, and the real server on a free port."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.services import Services

CHROMIUM = Path("/usr/bin/chromium")
#: Without the background-networking flags Chromium keeps dialling out, which this machine refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "_artifacts"

requires_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"headless Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)",
)


@contextlib.asynccontextmanager
async def serving(services: Services) -> AsyncIterator[str]:
    """`sammen serve` minus the signals: the real app on 127.0.0.1 and a free port; yields its base URL."""
    from bot.server import build_app

    runner = web.AppRunner(build_app(services), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def dashboard_server(tmp_path: Path) -> AsyncIterator[tuple[str, Services]]:
    """The whole server on 127.0.0.1 with a fresh SQLite database, no Telegram: (its URL, its services)."""
    from bot.services import build_services
    from bot.settings import Settings, TelegramSettings

    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'sammen.db'}", http_host="127.0.0.1",
                        telegram=TelegramSettings(bot_token=None))  # fmt: skip
    services = await build_services(settings)
    try:
        async with serving(services) as url:
            yield url, services
    finally:
        await services.close()
