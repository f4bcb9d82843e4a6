"""One aiohttp server for every web-facing part: web chat, health, Telegram webhook (and later the
staff dashboard and Teams). Channels in `app["channels"]` start with the server and stop with it."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
import socket
import time
from typing import Any

from aiohttp import web

from bot.calendar_feed import setup_calendar_feeds
from bot.dashboard import setup_dashboard
from bot.public import setup_public
from bot.services import Services, build_services
from bot.settings import Settings
from bot.webchat import setup_webchat
from handlers.channel import Channel
from scheduler.outbox import take_pending
from scheduler.runner import setup_background
from storage.models import KeyValue

log = logging.getLogger(__name__)

SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
CHANNELS: web.AppKey[list[Any]] = web.AppKey("channels", list)
#: How long a channel's stop may take; None: its grace (SHUTDOWN_GRACE) plus a few seconds to close.
SHUTDOWN_TIMEOUT: float | None = None
#: Beyond the grace: for the channel to unwind and close its sessions.
CLOSE_MARGIN = 3.0


async def healthz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    try:
        async with services.database.uow() as uow:
            await uow.users.count()
        db = "ok"
    except Exception:  # the health check reports, it does not raise
        log.exception("health check: database")
        db = "error"
    body = {
        "status": "ok" if db == "ok" else "degraded",
        "database": db,
        "knowledge": {
            "entries": len(services.knowledge.kb.entries),
            "version": services.knowledge.version,
            # "building": answering lexically until the semantic index is ready
            "semantic": services.knowledge.semantic_state,
        },
        "channels": [c.name for c in request.app[CHANNELS]],
    }
    return web.json_response(body, status=200 if db == "ok" else 503)


async def readyz(request: web.Request) -> web.Response:
    """Ready to serve: the database takes a write (rolled back), the knowledge is loaded; the semantic
    index may still be building (answers are lexical until then: reported, not a failure)."""
    services = request.app[SERVICES]
    database = "ok"
    try:
        async with services.database.engine.connect() as conn:
            async with conn.begin() as tx:
                await conn.execute(
                    KeyValue.__table__.insert().values(key="__readyz__", value=str(time.time()))  # type: ignore[attr-defined]
                )
                await tx.rollback()
    except Exception as exc:
        log.warning("readiness: the database refuses writes: %s", type(exc).__name__)
        database = "read-only or unreachable"
    entries = len(services.knowledge.kb.entries)
    ready = database == "ok" and entries > 0
    body = {
        "status": "ready" if ready else "not ready",
        "database": database,
        "knowledge": {"entries": entries, "semantic": services.knowledge.semantic_state.get("state")},
    }
    return web.json_response(body, status=200 if ready else 503)


def build_app(services: Services) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    app[CHANNELS] = []
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    setup_webchat(
        app,
        services.assistant,
        default_language=services.settings.default_language,
        pending=functools.partial(take_pending, services.database, "web"),
    )
    setup_dashboard(app, services)
    setup_calendar_feeds(app, services)
    setup_public(app, services)
    if services.settings.telegram.bot_token is not None:
        from bot.telegram.channel import TelegramChannel

        telegram = TelegramChannel(services)
        telegram.register_webhook_route(app)
        app[CHANNELS].append(telegram)
    if services.settings.teams.enabled:
        from bot.teams.channel import TeamsChannel

        teams = TeamsChannel(services)
        teams.register_routes(app)
        app[CHANNELS].append(teams)
    app.on_startup.append(_start_channels)
    app.on_shutdown.append(_stop_channels)
    setup_background(app, services, app[CHANNELS])  # the outbox worker and the scheduler
    return app


async def _start_channels(app: web.Application) -> None:
    for channel in app[CHANNELS]:
        await channel.start()
        log.info("channel %s started", channel.name)


async def _stop_channels(app: web.Application) -> None:
    channels: list[Channel] = [*app[CHANNELS]]
    budget = SHUTDOWN_TIMEOUT or app[SERVICES].settings.shutdown_grace + CLOSE_MARGIN
    for channel_ in reversed(channels):
        try:
            await asyncio.wait_for(channel_.stop(), budget)
        except Exception:
            log.exception("channel %s did not stop cleanly", channel_.name)


def bind(settings: Settings) -> socket.socket:
    """The listening socket, taken before anything else starts: a port in use fails at once (OSError)."""
    infos = socket.getaddrinfo(settings.http_host, settings.http_port, type=socket.SOCK_STREAM)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart reuses the port at once
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


async def serve(settings: Settings, *, ready: asyncio.Event | None = None, sock: socket.socket | None = None) -> None:
    """Run until SIGTERM or SIGINT; SIGHUP reloads the knowledge base while serving."""
    sock = sock or bind(settings)
    services = await build_services(settings)
    app = build_app(services)
    runner = web.AppRunner(app, shutdown_timeout=CLOSE_MARGIN, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.SockSite(runner, sock)
    await site.start()
    log.info("Sammen is listening on http://%s:%d/", settings.http_host, settings.http_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    with contextlib.suppress(NotImplementedError, AttributeError):
        loop.add_signal_handler(signal.SIGHUP, lambda: loop.create_task(_reload(services)))
    if ready is not None:
        ready.set()
    try:
        await stop.wait()
        log.info("stopping")
    finally:
        await runner.cleanup()
        await services.close()
        log.info("stopped")


async def _reload(services: Services) -> None:
    try:
        await services.knowledge.areload()  # async: the staff's additions are read from the database
        log.info(
            "knowledge reloaded: version %d, %d entries", services.knowledge.version, len(services.knowledge.kb.entries)
        )
    except Exception as exc:
        log.error("knowledge reload failed, still serving the previous version: %s", exc)
