"""Webhook mode: the secret token, and the route on Sammen's own aiohttp server.

Telegram sends the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token` with every update;
a request without it, or with another one, is refused with 403 before anything is read.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_KEY = "telegram.webhook_secret"


async def webhook_secret(configured: str | None, database: Any) -> str:
    """The configured secret, else the one stored in the database, else a new one (stored)."""
    if configured:
        return configured
    stored = await database.kv_get(SECRET_KEY)
    if stored:
        return str(stored)
    created = secrets.token_urlsafe(32)  # only A-Z a-z 0-9 _ -, as Telegram requires
    await database.kv_set(SECRET_KEY, created)
    log.info("telegram: generated a webhook secret and stored it in the database")
    return created


def webhook_handler(
    secret: Callable[[], str | None],
    accepting: Callable[[], bool],
    deliver: Callable[[Any], Awaitable[None]],
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """POST handler: 403 without the right secret, 503 while not running (Telegram retries), else 200."""

    async def handle(request: web.Request) -> web.Response:
        expected = secret()
        given = request.headers.get(HEADER, "")
        if expected is None or not hmac.compare_digest(given.encode(), expected.encode()):
            if expected is None:
                return web.Response(status=503, text="not ready")
            log.warning(
                "telegram: webhook call from %s with %s secret refused", request.remote, "a wrong" if given else "no"
            )
            return web.Response(status=403, text="forbidden")
        if not accepting():
            return web.Response(status=503, text="stopping")
        try:
            raw = await request.json(loads=_loads)
        except ValueError:
            log.warning("telegram: webhook body is not JSON; dropped")
            return web.Response(text="ok")  # a retry would bring the same bytes again
        await deliver(raw)
        return web.Response(text="ok")

    return handle


def _loads(body: str) -> Any:
    import json

    return json.loads(body)
