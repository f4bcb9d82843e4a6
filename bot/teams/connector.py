"""Talking to the Bot Framework connector over REST: a token, then `POST {serviceUrl}/v3/conversations/{id}/activities`.

Why REST and not the SDK's `ConnectorClient`/`CloudAdapter` here: the outbox needs three outcomes
(delivered, unreachable, try later) and the connector's `Retry-After` on a 429, which the SDK's
client folds into one generic error; and the SDK's token provider (MSAL) is synchronous (a thread per
token call) and only talks to an `https://login…` authority, so it cannot be pointed at a local stand-in
in tests. The client-credentials flow is one form POST; its token is cached until five minutes before
it expires, and fetched once however many sends want it at the same time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.settings import TeamsSettings

log = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
#: A token is renewed this long before it expires.
RENEW_BEFORE = 300.0
TIMEOUT = aiohttp.ClientTimeout(total=15, connect=5)


class TokenError(Exception):
    """No connector token (a wrong app password, or the token endpoint is down): try again later."""


class ConnectorError(Exception):
    """The connector refused or failed for a reason that may pass (5xx, network): try again later."""


@dataclass(frozen=True, slots=True)
class Posted:
    """What the connector answered: HTTP status, the new activity's id, and Retry-After on a 429."""

    status: int
    activity_id: str | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def gone(self) -> bool:
        """403/404: the bot was removed or blocked, or the conversation no longer exists."""
        return self.status in (403, 404)


class Tokens:
    """Connector tokens from the client-credentials flow (app id + password), cached."""

    def __init__(self, settings: TeamsSettings, session: aiohttp.ClientSession) -> None:
        self.settings = settings
        self.session = session
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self.fetched = 0  # how many times a token was fetched (the cache is tested by it)

    async def header(self) -> dict[str, str]:
        """The Authorization header; none without an app password (the Emulator in development)."""
        if self.settings.app_password is None or not self.settings.app_id:
            return {}
        return {"Authorization": f"Bearer {await self.token()}"}

    async def token(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._expires - RENEW_BEFORE:
                await self._fetch()
            assert self._token is not None
            return self._token

    def forget(self) -> None:
        """The connector said 401: the next send fetches a fresh token."""
        self._token = None

    async def _fetch(self) -> None:
        assert self.settings.app_password is not None and self.settings.app_id
        form = {
            "grant_type": "client_credentials",
            "client_id": self.settings.app_id,
            "client_secret": self.settings.app_password.get_secret_value(),
            "scope": SCOPE,
        }
        try:
            async with self.session.post(self.settings.token_endpoint, data=form, timeout=TIMEOUT) as response:
                body: Any = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise TokenError(f"token endpoint: {type(exc).__name__}") from None
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            error = body.get("error") if isinstance(body, dict) else None
            raise TokenError(f"token endpoint answered {status} {error or ''}".strip())
        self._token = body["access_token"]
        self._expires = time.monotonic() + float(body.get("expires_in", 3600))
        self.fetched += 1


class Connector:
    """The REST calls Sammen makes: send an activity to a conversation, replace one it sent."""

    def __init__(self, settings: TeamsSettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._tokens: Tokens | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=TIMEOUT)
            self._tokens = Tokens(self.settings, self._session)
        return self._session

    @property
    def tokens(self) -> Tokens:
        self.session  # noqa: B018 (creates both)
        assert self._tokens is not None
        return self._tokens

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, service_url: str, conversation: str, activity: dict[str, Any]) -> Posted:
        url = f"{_base(service_url)}/v3/conversations/{quote(conversation, safe='')}/activities"
        return await self._call("POST", url, self._addressed(conversation, activity))

    def _addressed(self, conversation: str, activity: dict[str, Any]) -> dict[str, Any]:
        """The activity with its conversation and sender, as the Bot Framework SDKs send them."""
        addressed = {"conversation": {"id": conversation}, **activity}
        if self.settings.app_id:
            addressed.setdefault("from", {"id": f"28:{self.settings.app_id}"})
        return addressed

    async def update(self, service_url: str, conversation: str, activity_id: str, activity: dict[str, Any]) -> Posted:
        url = (
            f"{_base(service_url)}/v3/conversations/{quote(conversation, safe='')}"
            f"/activities/{quote(activity_id, safe='')}"
        )
        return await self._call("PUT", url, {**self._addressed(conversation, activity), "id": activity_id})

    async def _call(self, method: str, url: str, activity: dict[str, Any]) -> Posted:
        for attempt in (1, 2):
            headers = await self.tokens.header()
            try:
                async with self.session.request(method, url, json=activity, headers=headers) as response:
                    status = response.status
                    body: Any = await response.json(content_type=None) if status < 300 else None
                    retry_after = _seconds(response.headers.get("Retry-After"))
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                raise ConnectorError(f"{method} {_redacted(url)}: {type(exc).__name__}") from None
            if status == 401 and attempt == 1 and headers:
                self.tokens.forget()  # revoked or expired early: once more with a fresh token
                continue
            activity_id = body.get("id") if isinstance(body, dict) else None
            return Posted(status, str(activity_id) if activity_id else None, retry_after)
        return Posted(401)


def _base(service_url: str) -> str:
    return service_url.rstrip("/")


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: the outbox's own backoff applies


def _redacted(url: str) -> str:
    """A URL for the logs without the conversation id (it identifies a person)."""
    return url.split("/v3/")[0] + "/v3/…"
