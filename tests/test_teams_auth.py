"""Every request to `/api/teams/messages` carries a Bot Framework token, checked for real: signed with a
test RSA key that the validator is given as Microsoft's signing key, accepted when valid; refused (401,
nothing stored, nothing answered) when expired, signed by another key, for another audience, from
another issuer, for another service URL, or missing. Anonymous mode (development) is loud about it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.settings import TeamsSettings
from bot.teams.auth import Authenticator, Unauthorized
from storage.models import InboxUpdate
from tests.teams_api import APP_ID, OTHER_KEY, ConnectorStandIn, SigningKeys, TeamsServer, activity, bearer

CONVERSATION = "a:1aad-user-1-personal"


@pytest.fixture
async def connector():
    async with ConnectorStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def server(connector: ConnectorStandIn, tmp_path: Path):
    srv = await TeamsServer(connector, tmp_path / "sammen.db").start()
    yield srv
    await srv.stop()


async def stored(server: TeamsServer) -> int:
    async with server.services.database.uow() as uow:
        return int((await uow.session.execute(select(func.count()).select_from(InboxUpdate))).scalar_one())


async def test_a_valid_token_is_accepted_and_every_bad_one_refused(server, connector) -> None:
    url = connector.url
    refused = {
        "missing": None,
        "expired": bearer(service_url=url, expires_in=-600),  # beyond the SDK's 5 minutes of clock skew
        "wrongly signed": bearer(service_url=url, key=OTHER_KEY),
        "unknown key id": bearer(service_url=url, kid="someone-else"),
        "other audience": bearer(service_url=url, audience="another-bot-app-id"),
        "other issuer": bearer(service_url=url, issuer="https://evil.example/"),
        "other service URL": bearer(service_url="https://evil.example/connector/"),
        "not bearer": "Basic " + bearer(service_url=url).split()[1],
        "garbage": "Bearer not.a.token",
    }
    for why, header in refused.items():
        assert await server.post(activity(url, text="hei"), authorization=header) == 401, why
    await asyncio.sleep(0.2)
    assert await stored(server) == 0 and connector.sent == []

    assert await server.post(activity(url, text="hei"), authorization=bearer(service_url=url)) == 200
    await connector.wait_for(CONVERSATION, 1)
    assert await stored(server) == 1
    assert server.keys.asked  # the signing key was looked up (not skipped)


async def test_the_validator_alone_checks_signature_audience_expiry_and_issuer() -> None:
    auth = Authenticator(TeamsSettings(app_id=APP_ID), keys=SigningKeys())
    claims = await auth.check(bearer(), None)
    assert claims["aud"] == APP_ID
    assert (await auth.check(bearer(expires_in=-60), None))["aud"] == APP_ID  # within the 5 minutes' skew
    for header in (bearer(expires_in=-600), bearer(key=OTHER_KEY), bearer(audience="x"), None):
        with pytest.raises(Unauthorized):
            await auth.check(header, None)


async def test_anonymous_mode_accepts_requests_without_a_token_and_warns_at_start(
    connector, tmp_path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    server = await TeamsServer(connector, tmp_path / "anon.db", allow_anonymous=True).start()
    try:
        assert "TEAMS_ALLOW_ANONYMOUS" in caplog.text
        assert await server.post(activity(connector.url, text="hei"), authorization=None) == 200
        # A token that is there is still checked.
        assert await server.post(activity(connector.url, text="hei"), authorization=bearer(audience="x")) == 401
        await connector.wait_for(CONVERSATION, 1)
    finally:
        await server.stop()


async def test_what_is_not_an_activity_is_refused_politely_and_never_stored(server, connector) -> None:
    import aiohttp

    url = f"{server.url}/api/teams/messages"
    headers = {"Authorization": bearer(), "Content-Type": "application/json"}
    bodies = {
        b"not json": 400,
        b"[" * 5000 + b"]" * 5000: 400,  # nested past any activity
        b'{"text": "no type"}': 400,
        b"\xff\xfe": 400,
        b'{"type": "message", "text": "' + b"x" * 300_000 + b'"}': 413,
    }
    async with aiohttp.ClientSession() as http:
        for body, status in bodies.items():
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == status, body[:20]
        # Without a token, the body is not even read.
        async with http.post(url, data=b"x" * 300_000, headers={"Content-Type": "application/json"}) as response:
            assert response.status == 401
    assert await stored(server) == 0
