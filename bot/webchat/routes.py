"""HTTP side of the web chat: the page, its static files and ``POST /api/messages``.

The API is for the page's own script only. A cross-site page cannot forge a call: an HTML form
cannot send ``Content-Type: application/json``, a script that tries gets a CORS preflight we never
grant, and an ``Origin`` header, when the browser sends one, must name this host. The visitor is
an opaque random id in an HttpOnly cookie, so the page's script never sees it.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from aiohttp import web

from handlers.hygiene import clean_text, json_depth_exceeds
from handlers.i18n import accept_languages, translate
from handlers.types import MAX_ACTION_BYTES, Incoming, Reply

if TYPE_CHECKING:
    from storage.database import Database

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).with_name("static")
PAGE = "index.html"
COOKIE = "sammen_visitor"
COOKIE_MAX_AGE = 180 * 24 * 3600
MAX_TEXT_CHARS = 4000
#: 4,000 characters fit even when every one is a JSON-escaped surrogate pair (12 bytes).
MAX_BODY_BYTES = 64 * 1024
SUPPORTED_LANGUAGES = ("nb", "nn", "da", "sv", "en")
_LANGUAGE_ALIASES = {"no": "nb"}
_VISITOR_ID = re.compile(r"[A-Za-z0-9_-]{16,128}")
_SAFE_URL_SCHEMES = ("http", "https", "mailto", "tel")
_DEFAULT_PORTS = {"http": "80", "https": "443"}

_NO_STORE = {"Cache-Control": "no-store"}
_PAGE_HEADERS = {
    **_NO_STORE,
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

#: Refusals are Fluent keys (`web-*` in handlers/locales), said in the visitor's language.
MSG_NOT_JSON = "web-not-json"
MSG_CONTENT_TYPE = "web-content-type"
MSG_ORIGIN = "web-origin"
MSG_TOO_LONG = "web-too-long"
MSG_TOO_DEEP = "web-too-deep"
MSG_EMPTY = "web-empty"
MSG_BAD_TEXT = "web-bad-text"
MSG_BAD_ACTION = "web-bad-action"
MSG_TEXT_OR_ACTION = "web-text-or-action"
MSG_FAILED = "web-failed"


class Assistant(Protocol):
    async def handle(self, msg: Incoming) -> list[Reply]: ...


class Refusal(Exception):
    """An input we answer with a polite JSON error instead of calling the core."""

    def __init__(self, status: int, key: str) -> None:
        super().__init__(key)
        self.status = status
        self.key = key

    def response(self, lang: str) -> web.Response:
        message = translate(lang, self.key, max=MAX_TEXT_CHARS)
        return web.json_response({"error": message}, status=self.status, headers=_NO_STORE)


def pick_language(accept_language: str | None) -> str | None:
    """The browser's most preferred language that Sammen speaks, or None to let the core decide."""
    for primary in accept_languages(accept_language):
        code = _LANGUAGE_ALIASES.get(primary, primary)
        if code in SUPPORTED_LANGUAGES:
            return code
    return None


def parse_message(body: bytes) -> tuple[str | None, str | None]:
    """(text, action) from a request body; exactly one is set. Unknown fields are ignored.

    The body's nesting is checked before `json.loads` recurses into it, and both text and action
    pass `clean_text` (no NUL or other controls, no lone surrogates, NFC) before anything else.
    """
    try:
        document = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, MSG_NOT_JSON) from None
    if json_depth_exceeds(document):
        raise Refusal(400, MSG_TOO_DEEP)
    try:
        data = json.loads(document)
    except RecursionError:  # not reached after the depth check; kept so it can never be a 500
        raise Refusal(400, MSG_TOO_DEEP) from None
    except ValueError:
        raise Refusal(400, MSG_NOT_JSON) from None
    if not isinstance(data, dict):
        raise Refusal(400, MSG_NOT_JSON)
    text, action = data.get("text"), data.get("action")
    if text is not None and action is not None:
        raise Refusal(400, MSG_TEXT_OR_ACTION)
    if action is not None:
        if not isinstance(action, str):
            raise Refusal(400, MSG_BAD_ACTION)
        action = clean_text(action)
        if not action or len(action.encode()) > MAX_ACTION_BYTES:
            raise Refusal(400, MSG_BAD_ACTION)
        return None, action
    if text is not None and not isinstance(text, str):
        raise Refusal(400, MSG_BAD_TEXT)
    text = clean_text(text or "").strip()
    if not text:
        raise Refusal(400, MSG_EMPTY)
    if len(text) > MAX_TEXT_CHARS:
        raise Refusal(413, MSG_TOO_LONG)
    return text, None


def reply_to_json(reply: Reply) -> dict[str, Any]:
    """One reply as the page draws it; link buttons with an unsafe scheme are left out."""
    rows = []
    for row in reply.buttons:
        buttons = [
            {"label": b.label, "action": b.action, "url": b.url}
            for b in row
            if b.url is None or urlsplit(b.url).scheme.lower() in _SAFE_URL_SCHEMES
        ]
        if buttons:
            rows.append(buttons)
    data: dict[str, Any] = {"html": reply.html(), "text": reply.plain(), "buttons": rows}
    if reply.lang:
        data["lang"] = reply.lang  # the page matches its own labels to the language the user chose
    if reply.attachment is not None:  # offered as a download by the page (the user's own data)
        data["attachment"] = reply.to_dict()["attachment"]
    return data


def _host_key(netloc: str, scheme: str) -> str:
    host = netloc.strip().lower()
    default = _DEFAULT_PORTS.get(scheme)
    return host.removesuffix(f":{default}") if default else host


def check_origin(request: web.Request) -> None:
    """Refuse a request whose Origin header names another site (absent Origin is fine)."""
    origin = request.headers.get("Origin")
    if origin is None:
        return
    try:
        parts = urlsplit(origin)
    except ValueError:
        raise Refusal(403, MSG_ORIGIN) from None
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        raise Refusal(403, MSG_ORIGIN)
    hosts = [request.host, request.headers.get("X-Forwarded-Host", "").split(",")[0]]
    if _host_key(parts.netloc, parts.scheme) not in {_host_key(h, parts.scheme) for h in hosts if h}:
        raise Refusal(403, MSG_ORIGIN)


async def read_body(request: web.Request) -> bytes:
    """The JSON body, never more than MAX_BODY_BYTES whatever the app's client_max_size."""
    if request.content_type != "application/json":
        raise Refusal(415, MSG_CONTENT_TYPE)
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise Refusal(413, MSG_TOO_LONG)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(16 * 1024):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise Refusal(413, MSG_TOO_LONG)
        chunks.append(chunk)
    return b"".join(chunks)


def visitor_of(request: web.Request) -> tuple[str, bool]:
    """(visitor id, whether it is new): the cookie's id when well formed, else a fresh one."""
    current = request.cookies.get(COOKIE)
    if current and _VISITOR_ID.fullmatch(current):
        return current, False
    return secrets.token_urlsafe(24), True


def forwarded_https(request: web.Request) -> bool:
    """Whether the visitor reached us over HTTPS: directly, or through a proxy that says so.

    `X-Forwarded-Proto` is trusted without a setting because it can only add the Secure flag: a
    client that forges it over plain HTTP merely stops its own browser sending the cookie back.
    """
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or proto == "https"


def remember_visitor(request: web.Request, response: web.StreamResponse, visitor_id: str) -> None:
    response.set_cookie(
        COOKIE,
        visitor_id,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="Lax",
        secure=forwarded_https(request) or None,
    )


#: Fetches (and marks delivered) the messages waiting for a visitor: answers relayed from the staff.
PendingFetcher = Callable[[str], Awaitable[list[Reply]]]
#: Whether a visitor is known, and their saved language: (known, lang), no personal data.
SessionLookup = Callable[[str], Awaitable[tuple[bool, str | None]]]
#: The page's poll sends this header; a cross-site navigation cannot, so it cannot consume messages.
POLL_HEADER = "X-Sammen-Poll"


class WebChat:
    """The page and the API around one assistant."""

    name = "web"

    def __init__(
        self,
        assistant: Assistant,
        default_language: str,
        pending: PendingFetcher | None = None,
        session: SessionLookup | None = None,
    ) -> None:
        self.assistant = assistant
        self.default_language = default_language
        self.pending = pending
        self.session = session
        self.page_template = (STATIC_DIR / PAGE).read_text(encoding="utf-8")
        #: what `/static/` serves: the page's script, style and pictures, never the page's template
        self.static_files = {p.name: p for p in STATIC_DIR.iterdir() if p.is_file() and p.name != PAGE}

    # ------------------------------------------------------------------ the channel contract
    async def start(self) -> None:
        """Served by the routes below: nothing runs beside them."""

    async def stop(self) -> None:
        """Nothing to stop."""

    def delivery(self) -> None:
        """The page cannot be pushed to: it polls `/api/messages/pending`, which hands over the visitor's
        outbox rows (`take_pending`)."""
        return None

    def staff_address(self) -> None:
        return None

    def language(self, request: web.Request) -> str:
        """The browser's language when Sammen speaks it, else the deployment's default."""
        return pick_language(request.headers.get("Accept-Language")) or self.default_language

    async def page(self, request: web.Request) -> web.Response:
        lang = self.language(request)
        response = web.Response(
            text=self.page_template.replace("{{lang}}", lang),
            content_type="text/html",
            headers=_PAGE_HEADERS,
        )
        visitor_id, new = visitor_of(request)
        if new:  # only a cookie: the visitor's user row waits for their first message
            remember_visitor(request, response, visitor_id)
        return response

    async def static(self, request: web.Request) -> web.StreamResponse:
        """``GET /static/{name}``: the page's own files; the page's template redirects to ``/`` (where it
        is served with its CSP), anything else is 404."""
        name = request.match_info["name"]
        if name == PAGE:
            raise web.HTTPFound("/", headers=_NO_STORE)
        path = self.static_files.get(name)
        if path is None:
            raise web.HTTPNotFound()
        return web.FileResponse(path, headers={"X-Content-Type-Options": "nosniff"})

    async def get_session(self, request: web.Request) -> web.Response:
        """``GET /api/session``: whether the cookie names a visitor who chose a language, and which.

        The page asks before greeting, so a returning visitor in a new tab is welcomed back instead
        of onboarded again. Reads only: it never creates a user row.
        """
        current = request.cookies.get(COOKIE)
        known, lang = False, None
        if self.session is not None and current and _VISITOR_ID.fullmatch(current):
            try:
                known, lang = await self.session(current)
            except Exception:
                log.exception("web chat: session lookup for visitor %s… failed", current[:6])
        return web.json_response({"known": known, "lang": lang if known else None}, headers=_NO_STORE)

    async def post_message(self, request: web.Request) -> web.Response:
        try:
            check_origin(request)
            text, action = parse_message(await read_body(request))
        except Refusal as refusal:
            return refusal.response(self.language(request))
        visitor_id, new = visitor_of(request)
        incoming = Incoming(
            channel="web",
            user_id=visitor_id,
            text=text,
            action=action,
            language=pick_language(request.headers.get("Accept-Language")),
        )
        try:
            replies = await self.assistant.handle(incoming)
        except Exception:
            log.exception("web chat: the assistant failed for visitor %s…", visitor_id[:6])
            response = Refusal(500, MSG_FAILED).response(self.language(request))
        else:
            payload = {"replies": [reply_to_json(r) for r in replies]}
            response = web.json_response(payload, headers=_NO_STORE)
        if new:
            remember_visitor(request, response, visitor_id)
        return response


    async def get_pending(self, request: web.Request) -> web.Response:
        """``GET /api/messages/pending``: the web has no push, so the page polls for relayed answers."""
        if request.headers.get(POLL_HEADER) != "1":
            return Refusal(403, MSG_ORIGIN).response(self.language(request))
        current = request.cookies.get(COOKIE)
        if self.pending is None or not current or not _VISITOR_ID.fullmatch(current):
            return web.json_response({"replies": []}, headers=_NO_STORE)
        try:
            replies = await self.pending(current)
        except Exception:
            log.exception("web chat: pending messages for visitor %s… failed", current[:6])
            return Refusal(500, MSG_FAILED).response(self.language(request))
        return web.json_response({"replies": [reply_to_json(r) for r in replies]}, headers=_NO_STORE)


def setup_webchat(
    app: web.Application,
    assistant: Assistant,
    *,
    default_language: str = "nb",
    pending: PendingFetcher | None = None,
    session: SessionLookup | None = None,
) -> WebChat:
    """Add ``GET /``, ``GET /static/…``, ``POST /api/messages`` and ``GET /api/session`` to the app.

    `default_language` is the page's language for a browser that asks for none Sammen speaks; pass
    the core's default so the page and the answers agree. `pending` serves
    ``GET /api/messages/pending`` (the page polls it for answers relayed from the staff). `session`
    answers ``GET /api/session``; without it, an assistant with a `database` (the core's) is asked.
    """
    if session is None:
        database = getattr(assistant, "database", None)
        if database is not None:
            session = functools.partial(known_visitor, database)
    chat = WebChat(assistant, default_language, pending, session)
    app.router.add_get("/", chat.page)
    app.router.add_post("/api/messages", chat.post_message)
    app.router.add_get("/api/messages/pending", chat.get_pending)
    app.router.add_get("/api/session", chat.get_session)
    app.router.add_get("/static/{name}", chat.static)
    return chat


async def known_visitor(database: Database, visitor_id: str) -> tuple[bool, str | None]:
    """(whether the web visitor has a saved language, that language); creates nothing."""
    async with database.uow() as uow:
        user = await uow.users.get("web", visitor_id)
    if user is None or not user.language:
        return False, None
    return True, user.language
