"""Who may post to `/api/teams/messages`: a request with a valid Bot Framework token, nobody else.

The token is checked by the Agents SDK's `JwtTokenValidator` (signature against the issuer's
published keys, RS256 only, expiry with the SDK's five minutes of clock skew, the audience = our app
id, and the issuer against the allow-list: Bot Framework's, or the tenant's Entra issuers). On top of
it, the token's `serviceurl` claim must name the activity's `serviceUrl`, so a token cannot be
replayed to make us send our connector token elsewhere. `TEAMS_ALLOW_ANONYMOUS` (local development
with the Emulator) lets requests *without* a token through; a token that is present is still checked.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Protocol

from jwt import PyJWK, PyJWTError
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration
from microsoft_agents.hosting.core.authorization.jwt import JwtTokenValidator

from bot.settings import TeamsSettings

log = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
#: Validated tokens remembered (each until its own expiry, without the skew the first check allows).
MAX_REMEMBERED = 256


class KeyLookup(Protocol):
    """Finds the public key a token was signed with (production: the issuer's published key set)."""

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK: ...


class Unauthorized(Exception):
    """The request is refused with 401; the reason is logged, never told to the caller."""


class Authenticator:
    def __init__(self, settings: TeamsSettings, keys: KeyLookup | None = None) -> None:
        self.settings = settings
        tenant = settings.tenant_id
        issuers = [BOT_FRAMEWORK_ISSUER]
        if tenant:
            issuers += [f"https://sts.windows.net/{tenant}/", f"https://login.microsoftonline.com/{tenant}/v2.0"]
        self.config = AgentAuthConfiguration(
            client_id=settings.app_id, tenant_id=tenant, issuers=issuers, validate_issuer=True
        )
        self.validator = JwtTokenValidator(self.config)
        #: tokens already validated, until their own expiry (the service reuses one token for an hour)
        self._valid: dict[str, dict[str, Any]] = {}
        if keys is not None:
            self.use_keys(keys)

    def use_keys(self, keys: KeyLookup) -> None:
        """Look signing keys up here instead of at Microsoft (tests hand in their own RSA key)."""
        self.validator._jwk_client_manager = keys  # type: ignore[assignment]

    async def check(self, authorization: str | None, service_url: str | None) -> dict[str, Any]:
        """The token's claims ({} for an anonymous request in development), checked against the
        activity's service URL; raises `Unauthorized`."""
        claims = await self.token(authorization)
        self.same_service(claims, service_url)
        return claims

    async def token(self, authorization: str | None) -> dict[str, Any]:
        """The Authorization header's token checked, before the body is even read."""
        if not authorization:
            if self.settings.allow_anonymous:
                return {}
            raise Unauthorized("no Authorization header")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("not a bearer token")
        if not self.settings.app_id:
            raise Unauthorized("a token, but no TEAMS_APP_ID to check its audience against")
        token = token.strip()
        known = self._valid.get(token)
        if known is not None and time.time() < float(known.get("exp", 0)):
            return dict(known)
        try:
            identity = await self.validator.validate_token(token)
        except (PyJWTError, ValueError, KeyError) as exc:
            raise Unauthorized(type(exc).__name__) from None
        claims = dict(identity.claims)
        if isinstance(claims.get("exp"), int | float):
            if len(self._valid) >= MAX_REMEMBERED:
                self._valid.clear()
            self._valid[token] = claims
        return dict(claims)

    @staticmethod
    def same_service(claims: dict[str, Any], service_url: str | None) -> None:
        """A token that names a service URL is good for activities from that service only."""
        claimed = claims.get("serviceurl")
        if claimed is not None and (service_url is None or _norm(claimed) != _norm(service_url)):
            raise Unauthorized("the token was issued for another service URL")


def _norm(url: str) -> str:
    return url.strip().rstrip("/").lower()
