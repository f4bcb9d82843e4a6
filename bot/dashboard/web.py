"""The dashboard's HTTP glue: who is asking (session cookie), may they (role), is the form genuine
(CSRF), and rendering a template with the security headers every staff page carries.

Pages (GET) send anonymous visitors to the login page; actions (POST) answer 401 without a session,
403 without a valid CSRF token or without the role. The CSRF token is per session and compared in
constant time; the login form, which has no session yet, uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote
from zoneinfo import ZoneInfo

import jinja2
from aiohttp import web
from babel.dates import get_day_names
from multidict import MultiDict, MultiMapping
from sqlalchemy import func, select

from bot.dashboard.i18n import Translator, pick
from bot.services import Services
from handlers.staffdesk import can
from storage import sessions
from storage.models import Offer, Staff, aware
from storage.states import OfferStatus

SERVICES: web.AppKey[Services] = web.AppKey("dashboard_services", Services)
TEMPLATES = Path(__file__).with_name("templates")
PREFIX = "/staff"
#: The CLDR locale of each dashboard language (weekday names).
BABEL_LOCALES = {"nb": "nb_NO", "en": "en_GB"}
#: The login form's double-submit CSRF cookie.
LOGIN_CSRF_COOKIE = "sammen_staff_login"

HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass
class Desk:
    """One authenticated request: the services, the staff member, their CSRF token and language."""

    request: web.Request
    services: Services
    staff: Staff
    csrf: str
    t: Translator
    #: Shop-local offers waiting for the staff: the number beside "Offers" in the navigation.
    offers_pending: int = 0

    def can(self, permission: str) -> bool:
        return can(self.staff, permission)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.services.settings.timezone)

    def local(self, moment: datetime | None, fmt: str = "%d.%m.%Y %H:%M") -> str:
        return aware(moment).astimezone(self.zone).strftime(fmt) if moment else ""

    def weekday_time(self, moment: datetime | None) -> str:
        """"ons. 09:12" / "Wed 09:12": the weekday's name from CLDR (Babel) in the staff's language."""
        if not moment:
            return ""
        local = aware(moment).astimezone(self.zone)
        names = get_day_names("abbreviated", locale=BABEL_LOCALES.get(self.t.lang, "en_GB"))
        return f"{names[local.weekday()]} {local:%H:%M}"

    def render(self, template: str, status: int = 200, **context: Any) -> web.Response:
        return render(self.request, template, status=status, desk=self, t=self.t, staff=self.staff,
                      csrf=self.csrf, local=self.local, **context)  # fmt: skip


def translator(request: web.Request) -> Translator:
    services = request.app[SERVICES]
    return Translator(pick(request.headers.get("Accept-Language"), services.settings.default_language))


def render(request: web.Request, template: str, *, status: int = 200, **context: Any) -> web.Response:
    context.setdefault("t", translator(request))
    context.setdefault("desk", None)
    context.setdefault("staff", None)
    html = _env.get_template(template).render(lang=context["t"].lang, path=request.path, **context)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8", headers=HEADERS)


def is_https(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PREFIX, httponly=True, samesite="Strict",
                        secure=is_https(request))  # fmt: skip


def refuse(request: web.Request, status: int, key: str) -> web.Response:
    t = translator(request)
    return render(request, "error.html", status=status, t=t, message=t(key), code=status)


async def authenticate(request: web.Request) -> tuple[Staff, str] | None:
    services = request.app[SERVICES]
    async with services.database.uow() as uow:
        found = await sessions.current(uow, request.cookies.get(sessions.COOKIE))
        if found is None:
            return None
        row, staff = found
        return staff, row.csrf_token


Handler = Callable[[Desk], Awaitable[web.StreamResponse]]


def page(permission: str = "view") -> Callable[[Handler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """A GET page: anonymous visitors go to the login page and come back afterwards."""

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def view(request: web.Request) -> web.StreamResponse:
            found = await authenticate(request)
            if found is None:
                raise web.HTTPSeeOther(f"{PREFIX}/login?next={quote(request.path_qs, safe='')}", headers=HEADERS)
            staff, csrf = found
            if not can(staff, permission):
                return refuse(request, 403, "error-forbidden")
            services = request.app[SERVICES]
            async with services.database.uow() as uow:
                stmt = select(func.count(Offer.id)).where(Offer.status == OfferStatus.PENDING)
                pending = int((await uow.session.execute(stmt)).scalar_one())
            return await handler(Desk(request, services, staff, csrf, translator(request), pending))

        view.permission = permission  # type: ignore[attr-defined]
        return view

    return wrap


def action(permission: str) -> Callable[[Handler], Callable[[web.Request], Awaitable[web.StreamResponse]]]:
    """A POST: 401 without a session, 403 with a missing or wrong CSRF token or without the role."""

    def wrap(handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def post(request: web.Request) -> web.StreamResponse:
            found = await authenticate(request)
            if found is None:
                return refuse(request, 401, "error-login-required")
            staff, csrf = found
            sent = form_text(await read_form(request), "csrf", 200)
            if not sent or not hmac.compare_digest(sent.encode(), csrf.encode()):
                return refuse(request, 403, "error-csrf")
            if not can(staff, permission):
                return refuse(request, 403, "error-forbidden")
            return await handler(Desk(request, request.app[SERVICES], staff, csrf, translator(request)))

        post.permission = permission  # type: ignore[attr-defined]
        return post

    return wrap


def new_login_csrf() -> str:
    return secrets.token_urlsafe(32)


def login_csrf_ok(request: web.Request, sent: str) -> bool:
    cookie = clean_text(request.cookies.get(LOGIN_CSRF_COOKIE) or "")
    return bool(cookie) and bool(sent) and hmac.compare_digest(sent.encode(), cookie.encode())


def safe_next(target: object) -> str:
    """Only a dashboard path: never another host ("//evil", "/\\evil") or a scheme."""
    if isinstance(target, str) and (target == PREFIX or target.startswith(PREFIX + "/")):
        if not any(bad in target for bad in ("\\", "//", "\r", "\n", "\x00")):
            return target
    return f"{PREFIX}/"


#: What no dashboard field may carry: NUL (PostgreSQL refuses it in text and JSON) and lone
#: surrogates (not encodable as UTF-8: neither database, nor the page, could take them).
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_FORM: web.RequestKey[MultiMapping[Any]] = web.RequestKey("dashboard_form", MultiMapping)


def clean_text(value: str) -> str:
    return _UNSAFE.sub("", value)


async def read_form(request: web.Request) -> MultiMapping[Any]:
    """The posted form, read once per request. A urlencoded body (what every dashboard form sends)
    is parsed here so that bytes which are not UTF-8, raw or percent-encoded, become lone
    surrogates that `form_text` strips, instead of an error; a multipart body that cannot be
    decoded reads as empty (refused by the CSRF check)."""
    if _FORM in request:
        return request[_FORM]
    form: MultiMapping[Any]
    if request.content_type == "application/x-www-form-urlencoded":
        raw = (await request.read()).decode("utf-8", "surrogateescape")
        form = MultiDict(parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"))
    else:
        try:
            form = await request.post()
        except (UnicodeDecodeError, ValueError):
            form = MultiDict()
    request[_FORM] = form
    return form


def form_text(form: Any, key: str, limit: int = 10_000) -> str:
    """The one way the dashboard reads a form field: text only, cleaned (`clean_text`), then cut."""
    value = form.get(key)
    return clean_text(value)[:limit] if isinstance(value, str) else ""


def form_texts(form: Any, key: str, limit: int = 10_000) -> list[str]:
    """Every value of a repeated field, each read like `form_text`."""
    return [clean_text(v)[:limit] for v in form.getall(key, []) if isinstance(v, str)]


def redirect(location: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location, headers=HEADERS)
