"""Reading and running the desk: statistics, the knowledge base (with reload), the audit log, and
the staff accounts (admins)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp import web

from bot.dashboard.web import PREFIX, Desk, action, form_text, page, read_form, redirect
from handlers import staff_accounts, staffdesk
from knowledge.loader import KnowledgeError, read_knowledge
from storage import additions, audit
from storage.models import Staff

STATS_DAYS = (7, 30, 90)


@page()
async def stats(desk: Desk) -> web.StreamResponse:
    raw = desk.request.query.get("days", "30")
    days = int(raw) if raw.isdecimal() and int(raw) in STATS_DAYS else 30
    async with desk.services.database.uow() as uow:
        figures = await staffdesk.statistics(
            uow, days=days, now=datetime.now(UTC), zone=desk.zone, kb=desk.services.knowledge.kb
        )
    # The core names a topic by its entry's title in English; staff read it in their own language.
    kb = desk.services.knowledge.kb
    titles = {e.display_title("en"): e.display_title(desk.t.lang) for e in kb.entries}
    topics = [(titles.get(topic, topic), n) for topic, n in figures.top_unanswered]
    return desk.render("stats.html", s=figures, days=days, choices=STATS_DAYS, topics=topics)


@page()
async def knowledge(desk: Desk) -> web.StreamResponse:
    return await _knowledge_page(desk)


async def _knowledge_page(desk: Desk, *, notice: str | None = None, status: int = 200) -> web.StreamResponse:
    store = desk.services.knowledge
    async with desk.services.database.uow() as uow:
        rows = await additions.rows(uow.session)
        authors = {s.id: s for s in await staff_accounts.all_staff(uow)}
    _, problems = await asyncio.to_thread(read_knowledge, store.path, extra=additions.to_extra(rows) or None)
    kb = store.kb
    entries = sorted(kb.entries, key=lambda e: e.id)
    return desk.render(
        "knowledge.html", status=status, kb=kb, entries=entries, problems=[str(p) for p in problems],
        additions=list(reversed(rows)), authors=authors, version=store.version, kb_path=str(store.path),
        notice=notice, label=staffdesk.staff_label,
    )  # fmt: skip


@action("reload_knowledge")
async def reload_knowledge(desk: Desk) -> web.StreamResponse:
    store = desk.services.knowledge
    try:
        await store.areload()
    except KnowledgeError as exc:
        async with desk.services.database.uow() as uow:
            await audit.record(uow, desk.staff, "knowledge.reload", str(store.path), ok=False,
                               problems=len(exc.problems))  # fmt: skip
        return await _knowledge_page(desk, notice=desk.t("knowledge-reload-failed"), status=422)
    async with desk.services.database.uow() as uow:
        await audit.record(uow, desk.staff, "knowledge.reload", str(store.path), ok=True, version=store.version)
    return await _knowledge_page(desk, notice=desk.t("knowledge-reloaded", version=store.version))


@page("audit")
async def audit_log(desk: Desk) -> web.StreamResponse:
    raw = desk.request.query.get("before", "")
    before = int(raw) if raw.isdecimal() and len(raw) < 12 else None
    async with desk.services.database.uow() as uow:
        rows = await audit.recent(uow, limit=200, before_id=before)
    older = rows[-1][0].id if len(rows) == 200 else None
    return desk.render("audit.html", rows=rows, older=older, label=staffdesk.staff_label)


#: The core's account errors (English, for the command line) by what they start with, to catalogue keys.
_ACCOUNT_ERRORS = (
    ("not an email address", "account-error-email"),
    ("the password must have at least", "account-error-password-short"),
    ("the password is too long", "account-error-password-long"),
    ("unknown role", "account-error-role"),
)


def _account_error(desk: Desk, exc: staff_accounts.AccountError) -> str:
    """The reason in the staff member's language (the email as typed, when the error names it)."""
    message = str(exc)
    for start, key in _ACCOUNT_ERRORS:
        if message.startswith(start):
            return desk.t(key, min=staff_accounts.MIN_PASSWORD)
    if message.endswith(" already has an account"):
        return desk.t("account-error-exists", email=message.removesuffix(" already has an account"))
    return desk.t("ticket-error")


@page("manage_staff")
async def staff_page(desk: Desk) -> web.StreamResponse:
    return await _staff_page(desk)


async def _staff_page(desk: Desk, *, error: str | None = None, notice: str | None = None,
                      status: int = 200, values: dict[str, str] | None = None) -> web.StreamResponse:  # fmt: skip
    async with desk.services.database.uow() as uow:
        members = await staff_accounts.all_staff(uow)
        chats = await uow.staff.identities([m.id for m in members])
    return desk.render(
        "staff.html", status=status, members=members, chats=chats, roles=staffdesk.ROLES, error=error, notice=notice,
        v=values or {"role": "staff"}, min_password=staff_accounts.MIN_PASSWORD, label=staffdesk.staff_label,
    )  # fmt: skip


@action("manage_staff")
async def staff_add(desk: Desk) -> web.StreamResponse:
    form = await read_form(desk.request)
    values = {k: form_text(form, k, 300).strip() for k in ("email", "name", "role")}
    password = form_text(form, "password", staff_accounts.MAX_PASSWORD + 1)
    try:
        async with desk.services.database.uow() as uow:
            await staff_accounts.add_staff(uow, values["email"], values["role"], password, name=values["name"],
                                           actor=desk.staff)  # fmt: skip
    except staff_accounts.AccountError as exc:
        return await _staff_page(desk, error=_account_error(desk, exc), status=422, values=values)
    return await _staff_page(desk, notice=desk.t("staff-added", email=values["email"].lower()))


@action("manage_staff")
async def staff_change(desk: Desk) -> web.StreamResponse:
    raw = desk.request.match_info.get("id", "")
    form = await read_form(desk.request)
    error: str | None = None
    async with desk.services.database.uow() as uow:  # render only after it: a second unit of work would wait on it
        member = await uow.session.get(Staff, int(raw)) if raw.isdecimal() and len(raw) < 12 else None
        if member is None:
            return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
        if member.id == desk.staff.id:  # no admin locks themselves out by accident
            error = desk.t("staff-not-self")
        else:
            try:
                role = form_text(form, "role", 16)
                if role and role != member.role:
                    await staff_accounts.set_role(uow, member, role, actor=desk.staff)
                active = form_text(form, "active", 8)
                if active in ("0", "1") and (active == "1") != member.active:
                    await staff_accounts.set_active(uow, member, active == "1", actor=desk.staff)
            except staff_accounts.AccountError as exc:
                error = _account_error(desk, exc)
    if error:
        return await _staff_page(desk, error=error, status=422)
    raise redirect(f"{PREFIX}/staff")
