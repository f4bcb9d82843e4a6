"""A Bot Framework stand-in for the Teams tests: the connector (`/v3/conversations/…/activities`), a
token endpoint for the client-credentials flow, and the tokens Microsoft would sign (a test RSA key).

The connector records every activity the bot sends (with the token it carried), checks that token,
answers `{"id": …}`, and can be told to answer 429 (with Retry-After), 403 or 404 for a conversation.
Tests post activities to our server as Teams would: `activity(...)` builds the JSON, `bearer(...)`
signs the Authorization header, `keys` is the signing-key lookup our validator is given.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt import PyJWK
from jwt.algorithms import RSAAlgorithm

APP_ID = "5c2b1a0e-0000-4000-8000-000000000001"
APP_PASSWORD = "test-app-password"
TENANT = "7d8a9b10-0000-4000-8000-0000000000aa"
BOT_ID = f"28:{APP_ID}"
KEY_ID = "test-key-1"
ISSUER = "https://api.botframework.com"

_ids = itertools.count(1)
_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class SigningKeys:
    """The signing-key lookup handed to our validator instead of Microsoft's published key set."""

    def __init__(self) -> None:
        jwk = json.loads(RSAAlgorithm.to_jwk(_KEY.public_key()))
        jwk.update(kid=KEY_ID, alg="RS256", use="sig")
        self.key = PyJWK.from_dict(jwk)
        self.asked: list[str] = []

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        self.asked.append(jwks_uri)
        if header.get("kid") != KEY_ID:
            raise jwt.PyJWKClientError("unknown key id")
        return self.key


def bearer(
    *,
    audience: str = APP_ID,
    issuer: str = ISSUER,
    expires_in: float = 3600,
    key: Any = None,
    service_url: str | None = None,
    kid: str = KEY_ID,
) -> str:
    """An Authorization header as the Bot Framework service sends it."""
    now = int(time.time())
    claims: dict[str, Any] = {"aud": audience, "iss": issuer, "iat": now - 10, "nbf": now - 10,
                              "exp": int(now + expires_in)}  # fmt: skip
    if service_url is not None:
        claims["serviceurl"] = service_url
    token = jwt.encode(claims, key or _KEY, algorithm="RS256", headers={"kid": kid})
    return f"Bearer {token}"


def activity(
    service_url: str,
    *,
    kind: str = "message",
    user: str = "aad-user-1",
    name: str = "Kari Nordmann",
    conversation: str | None = None,
    conversation_type: str = "personal",
    text: str | None = None,
    value: dict[str, Any] | None = None,
    locale: str = "nb-NO",
    channel: str | None = None,
    mention: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """An activity as Teams posts it."""
    conversation = conversation or f"a:1{user}-personal"
    data: dict[str, Any] = {
        "type": kind,
        "id": f"{int(time.time() * 1000)}{next(_ids)}",
        "timestamp": "2026-12-02T10:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": f"29:{user}", "name": name, "aadObjectId": user},
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": TENANT},
        "recipient": {"id": BOT_ID, "name": "Sammen"},
        "locale": locale,
        "channelData": {"tenant": {"id": TENANT}},
        **extra,
    }
    if channel is not None:
        data["channelData"].update(channel={"id": channel}, team={"id": channel})
        data["conversation"]["isGroup"] = True
    if text is not None:
        data["text"] = f"<at>Sammen</at> {text}" if mention else text
        data["textFormat"] = "plain"
        if mention:
            data["entities"] = [{"type": "mention", "text": "<at>Sammen</at>",
                                 "mentioned": {"id": BOT_ID, "name": "Sammen"}}]  # fmt: skip
    if value is not None:
        data["value"] = value
    return data


def installed(service_url: str, user: str = "aad-user-1", **kw: Any) -> dict[str, Any]:
    """The conversationUpdate Teams sends when a user installs the app."""
    return activity(service_url, kind="conversationUpdate", user=user,
                    membersAdded=[{"id": BOT_ID}], **kw)  # fmt: skip


@dataclass
class Sent:
    conversation: str
    activity: dict[str, Any]
    token: str | None
    id: str = ""
    replaces: str | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def text(self) -> str:
        """The text of a message, or of every TextBlock of its card, joined."""
        if "text" in self.activity:
            return str(self.activity["text"])
        return "\n".join(_texts(self.activity.get("attachments", [])))

    @property
    def card(self) -> dict[str, Any] | None:
        for attachment in self.activity.get("attachments", []):
            if attachment.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(attachment["content"])
        return None

    def actions(self) -> list[dict[str, Any]]:
        return list(_actions(self.card or {}))

    def action(self, label_part: str) -> str:
        """The packed data of the Action.Submit whose title contains `label_part`."""
        for a in self.actions():
            if a["type"] == "Action.Submit" and label_part.casefold() in a["title"].casefold():
                return str(a["data"]["action"])
        raise AssertionError(f"no action {label_part!r} in {[a['title'] for a in self.actions()]}")


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [str(node["text"])] if node.get("type") == "TextBlock" else []
        return own + [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return []


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if str(node.get("type", "")).startswith("Action.") else []
        return own + [a for v in node.values() for a in _actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in _actions(v)]
    return []


@dataclass
class ConnectorStandIn:
    """The connector and the token endpoint, on 127.0.0.1."""

    sent: list[Sent] = field(default_factory=list)
    tokens_issued: int = 0
    #: conversation id → answers to give before the normal 201s: (status, headers)
    script: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=lambda: defaultdict(list))
    refused: list[tuple[str, int]] = field(default_factory=list)
    #: called with every activity recorded (the benchmark times replies with it)
    on_sent: Any = None
    #: keep what was sent (a long benchmark turns it off)
    record: bool = True
    #: "typing…" indicators: (conversation, when)
    typing: list[tuple[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._valid_tokens: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth2/v2.0/token"

    async def __aenter__(self) -> ConnectorStandIn:
        app = web.Application()
        app.router.add_post("/oauth2/v2.0/token", self._token)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_put("/v3/conversations/{conversation}/activities/{id}", self._put)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def fail(self, conversation: str, status: int, times: int = 1, retry_after: float | None = None) -> None:
        headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
        self.script[conversation].extend([(status, headers)] * times)

    def to(self, conversation: str) -> list[Sent]:
        return [s for s in self.sent if s.conversation == conversation]

    async def wait_for(self, conversation: str, count: int, timeout: float = 10.0) -> list[Sent]:  # noqa: ASYNC109
        """The first `count` activities sent to a conversation, once there are that many."""
        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.to(conversation)) >= count)

        try:
            await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            got = [s.text[:80] for s in self.to(conversation)]
            raise AssertionError(f"{conversation}: {len(got)} of {count} activities: {got}") from None
        return self.to(conversation)[:count]

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if (form.get("grant_type"), form.get("client_id"), form.get("client_secret")) != (
            "client_credentials", APP_ID, APP_PASSWORD
        ) or form.get("scope") != "https://api.botframework.com/.default":
            return web.json_response({"error": "invalid_client"}, status=401)
        self.tokens_issued += 1
        token = f"connector-token-{self.tokens_issued}-{uuid.uuid4().hex[:8]}"
        self._valid_tokens.add(token)
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "access_token": token})

    def _authorised(self, request: web.Request) -> str | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return token if scheme == "Bearer" and token in self._valid_tokens else None

    async def _post(self, request: web.Request) -> web.Response:
        return await self._record(request, None)

    async def _put(self, request: web.Request) -> web.Response:
        return await self._record(request, request.match_info["id"])

    async def _record(self, request: web.Request, replaces: str | None) -> web.Response:
        conversation = request.match_info["conversation"]
        token = self._authorised(request)
        if token is None:
            return web.json_response({"error": {"code": "Unauthorized"}}, status=401)
        if self.script.get(conversation):
            status, headers = self.script[conversation].pop(0)
            self.refused.append((conversation, status))
            return web.json_response({"error": {"code": str(status)}}, status=status, headers=headers)
        body = await request.json()
        if body.get("type") == "typing":  # kept apart: tests count the messages
            self.typing.append((conversation, time.monotonic()))
            return web.json_response({}, status=201)
        if replaces is not None and not any(s.id == replaces for s in self.to(conversation)):
            return web.json_response({"error": {"code": "ActivityNotFound"}}, status=404)
        new_id = replaces or f"1:{next(_ids)}"
        sent = Sent(conversation, body, token, new_id, replaces)
        if self.on_sent is not None:
            self.on_sent(sent)
        if self.record:
            async with self._changed:
                self.sent.append(sent)
                self._changed.notify_all()
        return web.json_response({"id": new_id}, status=200 if replaces else 201)


class TeamsServer:
    """`sammen serve` in-process with the Teams channel pointed at the stand-in: its tokens from the
    stand-in's token endpoint, the test key as Microsoft's signing key. `settings`: extra `Settings`
    fields (the staff channel…); `teams`: extra `TeamsSettings` fields."""

    def __init__(self, connector: ConnectorStandIn, db: Any, *, settings: dict[str, Any] | None = None,
                 **teams: Any) -> None:  # fmt: skip
        from tests.servers import free_port

        self.connector, self.db, self.extra, self.teams = connector, db, settings or {}, teams
        self.port = free_port()
        self.keys = SigningKeys()
        self.services: Any = None
        self.runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def channel(self) -> Any:
        from bot.server import CHANNELS

        assert self.runner is not None
        [channel] = [c for c in self.runner.app[CHANNELS] if c.name == "teams"]
        return channel

    async def start(self) -> TeamsServer:
        from bot.server import build_app
        from bot.services import build_services
        from bot.settings import Settings, TeamsSettings

        teams = {
            "app_id": APP_ID,
            "app_password": APP_PASSWORD,
            "tenant_id": TENANT,
            "token_url": self.connector.token_url,
            "service_url": self.connector.url,
            **self.teams,
        }
        url = self.db if str(self.db).startswith(("sqlite", "postgresql")) else f"sqlite+aiosqlite:///{self.db}"
        settings = Settings(database_url=url, teams=TeamsSettings(**teams), **self.extra)
        self.services = await build_services(settings)
        self.runner = web.AppRunner(build_app(self.services), access_log=None, shutdown_timeout=1.0)
        self.channel.auth.use_keys(self.keys)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()
        await self.services.close()
        self.runner = None

    async def post(self, body: Any, authorization: str | None = "sign") -> int:
        """POST an activity to /api/teams/messages; `authorization="sign"` signs it for its serviceUrl."""
        import aiohttp

        headers = {}
        if authorization == "sign":
            service_url = body.get("serviceUrl") if isinstance(body, dict) else None
            authorization = bearer(service_url=service_url)
        if authorization is not None:
            headers["Authorization"] = authorization
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/api/teams/messages", json=body, headers=headers) as response:
                return response.status
