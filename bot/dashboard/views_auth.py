"""Logging in and out. Passwords are checked outside the unit of work (argon2 is deliberately slow), after
the attempt has been reserved (`ratelimit.reserve`), so the limit holds however many logins arrive at once."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.dashboard import ratelimit
from bot.dashboard.web import (
    LOGIN_CSRF_COOKIE,
    PREFIX,
    SERVICES,
    Desk,
    action,
    authenticate,
    form_text,
    login_csrf_ok,
    new_login_csrf,
    read_form,
    redirect,
    refuse,
    render,
    safe_next,
    set_cookie,
    translator,
)
from handlers import staff_accounts
from storage import audit, sessions


async def login_form(request: web.Request) -> web.StreamResponse:
    if await authenticate(request) is not None:
        raise redirect(safe_next(form_text(request.query, "next", 2000)))
    return _login_page(request, status=200)


def _login_page(request: web.Request, *, status: int, error: str | None = None, email: str = "",
                next_url: str | None = None) -> web.Response:  # fmt: skip
    token = new_login_csrf()
    response = render(
        request, "login.html", status=status, csrf=token, error=error, email=email,
        next_url=safe_next(next_url if next_url is not None else form_text(request.query, "next", 2000)),
    )  # fmt: skip
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


async def login(request: web.Request) -> web.StreamResponse:
    services = request.app[SERVICES]
    t = translator(request)
    form = await read_form(request)
    if not login_csrf_ok(request, form_text(form, "csrf", 200)):
        return refuse(request, 403, "error-csrf")
    email = form_text(form, "email", 254).strip()
    password = form_text(form, "password", staff_accounts.MAX_PASSWORD)
    next_url = safe_next(form_text(form, "next", 2000))
    keys = ratelimit.keys(request.remote, email)
    async with services.database.uow() as uow:  # reserved and committed before any password is checked
        reservation = await ratelimit.reserve(uow, keys)
    if reservation.wait:
        return _login_page(request, status=429, error=t("login-too-many", minutes=reservation.wait), email=email,
                           next_url=next_url)  # fmt: skip
    async with services.database.uow() as uow:
        staff = await staff_accounts.by_email(uow, email) if email else None
    stored = staff.password_hash if staff is not None else None
    good = await asyncio.to_thread(staff_accounts.verify_password, stored, password)
    if staff is None or not good or not staff.active:  # the reservation stays: it is the failure
        return _login_page(request, status=401, error=t("login-failed"), email=email, next_url=next_url)
    async with services.database.uow() as uow:
        fresh = await uow.session.get(type(staff), staff.id)
        assert fresh is not None
        await ratelimit.succeeded(uow, reservation, keys[1])
        if stored and staff_accounts.needs_rehash(stored):
            fresh.password_hash = staff_accounts.hash_password(password)
        await sessions.purge_expired(uow)
        token = await sessions.start(uow, fresh)
        await audit.record(uow, fresh, "login", f"staff:{fresh.id}", address=request.remote)
    response = redirect(next_url)
    set_cookie(request, response, sessions.COOKIE, token, max_age=int(sessions.ABSOLUTE.total_seconds()))
    response.del_cookie(LOGIN_CSRF_COOKIE, path=PREFIX)
    raise response


@action("view")
async def logout(desk: Desk) -> web.StreamResponse:
    token = desk.request.cookies.get(sessions.COOKIE, "")
    async with desk.services.database.uow() as uow:
        await sessions.end(uow, token)
        await audit.record(uow, desk.staff, "logout", f"staff:{desk.staff.id}")
    response = redirect(f"{PREFIX}/login")
    response.del_cookie(sessions.COOKIE, path=PREFIX)
    raise response
