"""The desk itself: the queue, today's meeting (page, Markdown, CSV), a ticket with its thread and
the actions on it, and "Save as knowledge"."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from aiohttp import web
from sqlalchemy import select

from bot.dashboard.web import PREFIX, Desk, action, form_text, form_texts, page, read_form, redirect
from handlers import privacy, staffdesk
from handlers.errors import DomainError, StaffNotFound, TicketNotFound
from handlers.feature import Erasing
from knowledge.loader import KnowledgeError
from knowledge.model import LANGUAGES
from storage import additions
from storage.models import Staff, Ticket
from storage.states import TicketStatus
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

STATUSES = {"open": (TicketStatus.OPEN,), "answered": (TicketStatus.ANSWERED,),
            "closed": (TicketStatus.CLOSED, TicketStatus.WITHDRAWN), "all": tuple(TicketStatus)}  # fmt: skip


@page()
async def home(desk: Desk) -> web.StreamResponse:
    raise redirect(f"{PREFIX}/queue")


@page()
async def queue(desk: Desk) -> web.StreamResponse:
    status = desk.request.query.get("status", "open")
    if status not in STATUSES:
        status = "open"
    async with desk.services.database.uow() as uow:
        groups = await staffdesk.queue(uow, desk.services.knowledge.kb, statuses=STATUSES[status], lang=desk.t.lang)
    total = sum(len(g.items) for g in groups)  # the heading counts what this tab lists
    return desk.render("queue.html", groups=groups, current=status, statuses=list(STATUSES), total=total,
                       region_name=_region_name(desk))  # fmt: skip


def _region_name(desk: Desk) -> Callable[[str | None], str]:
    kb = desk.services.knowledge.kb

    def name(region_id: str | None) -> str:
        if not region_id:
            return desk.t("region-any")
        region = kb.region(region_id)
        return kb.text(region.name, desk.t.lang) if region else region_id

    return name


async def _meeting(desk: Desk) -> tuple[datetime, datetime, list[staffdesk.MeetingRow]]:
    settings = desk.services.settings
    since, meeting_at = staffdesk.meeting_window(datetime.now(UTC), settings.advisory_meeting_time, desk.zone)
    async with desk.services.database.uow() as uow:
        rows = await staffdesk.meeting_questions(uow, since, kb=desk.services.knowledge.kb)
    return since, meeting_at, rows


@page()
async def meeting(desk: Desk) -> web.StreamResponse:
    since, meeting_at, rows = await _meeting(desk)
    forwarded = [r for r in rows if r.ticket_id is not None]
    others = [r for r in rows if r.ticket_id is None]
    return desk.render("meeting.html", since=since, meeting_at=meeting_at, forwarded=forwarded, others=others,
                       region_name=_region_name(desk))  # fmt: skip


def _download(desk: Desk, body: str, content_type: str, name: str) -> web.Response:
    return web.Response(
        text=body, content_type=content_type, charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
                 "X-Content-Type-Options": "nosniff"},
    )  # fmt: skip


@page()
async def meeting_markdown(desk: Desk) -> web.StreamResponse:
    _since, meeting_at, rows = await _meeting(desk)
    title = desk.t("meeting-title", date=desk.local(meeting_at, "%d.%m.%Y %H:%M"))
    body = staffdesk.export_markdown(rows, title, desk.zone)
    return _download(desk, body, "text/markdown", f"meeting-{meeting_at.astimezone(desk.zone):%Y-%m-%d}.md")


@page()
async def meeting_csv(desk: Desk) -> web.StreamResponse:
    _since, meeting_at, rows = await _meeting(desk)
    body = "\ufeff" + staffdesk.export_csv(rows, desk.zone)  # the BOM makes Excel read UTF-8
    return _download(desk, body, "text/csv", f"meeting-{meeting_at.astimezone(desk.zone):%Y-%m-%d}.csv")


def _ticket_id(desk: Desk) -> int:
    raw = desk.request.match_info.get("id", "")
    if not raw.isdecimal() or len(raw) > 12:
        raise web.HTTPNotFound()
    return int(raw)


@page()
async def ticket(desk: Desk) -> web.StreamResponse:
    return await _ticket_page(desk)


async def _ticket_page(desk: Desk, *, status: int = 200, error: str | None = None) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    async with desk.services.database.uow() as uow:
        try:
            item, thread = await staffdesk.ticket_page(uow, ticket_id, desk.services.knowledge.kb)
        except TicketNotFound:
            return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
        colleagues = [s for s in (await uow.session.execute(select(Staff).order_by(Staff.name))).scalars()
                      if staffdesk.can(s, "answer")]  # fmt: skip
    notice = None
    if learned := form_text(desk.request.query, "learned", 120):
        notice = desk.t("learn-saved", entry=learned[:120])
    elif desk.request.query.get("sent"):
        notice = desk.t("ticket-sent")
    elif desk.request.query.get("erased"):
        notice = desk.t("erase-done")
    return desk.render("ticket.html", status=status, item=item, ticket=item.ticket, thread=thread,
                       colleagues=colleagues, notice=notice, error=error, region_name=_region_name(desk),
                       label=staffdesk.staff_label)  # fmt: skip


async def _act(desk: Desk, run: Callable[[UnitOfWork], Awaitable[object]], done: str) -> web.StreamResponse:
    try:
        async with desk.services.database.uow() as uow:
            await run(uow)
    except (TicketNotFound, StaffNotFound):
        return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
    except DomainError as exc:
        return await _ticket_page(desk, status=422, error=desk.t(exc.message_key))
    raise redirect(done)


@action("answer")
async def answer(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    text = form_text(await read_form(desk.request), "text", staffdesk.MAX_TEXT + 1)
    return await _act(desk, lambda uow: staffdesk.answer_ticket(uow, desk.staff, ticket_id, text),
                      f"{PREFIX}/tickets/{ticket_id}?sent=1")  # fmt: skip


@action("note")
async def note(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    text = form_text(await read_form(desk.request), "text", staffdesk.MAX_TEXT + 1)
    return await _act(desk, lambda uow: staffdesk.add_note(uow, desk.staff, ticket_id, text),
                      f"{PREFIX}/tickets/{ticket_id}")  # fmt: skip


@action("reassign")
async def reassign(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    raw = form_text(await read_form(desk.request), "staff", 12)
    to = int(raw) if raw.isdecimal() else None
    return await _act(desk, lambda uow: staffdesk.reassign_ticket(uow, desk.staff, ticket_id, to),
                      f"{PREFIX}/tickets/{ticket_id}")  # fmt: skip


@action("close")
async def close(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    return await _act(desk, lambda uow: staffdesk.close_ticket(uow, desk.staff, ticket_id), f"{PREFIX}/queue")


@action("close")
async def reopen(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    return await _act(desk, lambda uow: staffdesk.reopen_ticket(uow, desk.staff, ticket_id),
                      f"{PREFIX}/tickets/{ticket_id}")  # fmt: skip


@action("erase_user")
async def erase_user(desk: Desk) -> web.StreamResponse:
    """On the user's request: erase the personal data of the user who asked this question (audited)."""
    ticket_id = _ticket_id(desk)
    form = await read_form(desk.request)
    if form_text(form, "confirm", 8) != "yes":
        return await _ticket_page(desk, status=422, error=desk.t("erase-confirm-missing"))
    async with desk.services.database.uow() as uow:
        ticket = await uow.session.get(Ticket, ticket_id)
        found = await uow.users.by_id(ticket.user_id) if ticket is not None else None
        key = (found.channel, found.external_id) if found is not None else None
    if key is None:
        return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
    # Not while one of the user's messages is being handled (it would write back what is erased): the
    # assistant's own per-user lock, taken before the database's, as the assistant does.
    assistant = desk.services.assistant
    await assistant.locks(key)
    try:
        async with desk.services.database.uow() as uow:
            await uow.serialise(f"user:{key[0]}:{key[1]}")
            user = await uow.users.get(*key)
            if user is not None:
                erasing = Erasing(assistant.knowledge, assistant.config)
                await privacy.erase_user(uow, user, assistant.registry, erasing, by=desk.staff)
    finally:
        assistant.locks.release(key)
    raise redirect(f"{PREFIX}/tickets/{ticket_id}?erased=1")


# -- Save as knowledge -------------------------------------------------------------------------------


async def _learn_defaults(desk: Desk, ticket_id: int) -> tuple[staffdesk.QueueItem, dict[str, str]] | None:
    kb = desk.services.knowledge.kb
    async with desk.services.database.uow() as uow:
        try:
            item, thread = await staffdesk.ticket_page(uow, ticket_id, kb)
        except TicketNotFound:
            return None
    answers = [m.text for m, _ in thread if m.author == "staff"]
    t = item.ticket
    title = " ".join(t.text.split())
    values = {
        "question": additions.phrasing_text(t.text), "answer": answers[-1] if answers else "",
        "title": title if len(title) <= 80 else title[:79].rstrip() + "…",
        "language": additions.content_language(t.language), "region": t.region or "",
        "entry_id": additions.suggest_id(title, t.region, (e.id for e in kb.entries)), "contacts": "",
        "target": item.guesses[0].entry_id if item.guesses else "", "q": "",
    }  # fmt: skip
    return item, values


#: The knowledge loader's usual objections to an addition (English, shared with `sammen kb check`),
#: to catalogue keys; anything else is shown as the loader words it.
_PROBLEMS = (
    (re.compile(r"bad id '(?P<value>.*)'"), "learn-problem-bad-id"),
    (re.compile(r"duplicate id"), "learn-problem-duplicate"),
    (re.compile(r"unknown contact id '(?P<value>.*)'"), "learn-problem-contact"),
    (re.compile(r"extends unknown entry id '(?P<value>.*)'"), "learn-problem-entry"),
    (re.compile(r"(?P<value>\w+) has no text in any language"), "learn-problem-empty"),
)


def _problem(desk: Desk, entry: str | None, message: str) -> str:
    original = f"{entry}: {message}" if entry else message
    if desk.t.lang == "en":  # the loader's own words, as `sammen kb check` prints them
        return original
    for pattern, key in _PROBLEMS:
        if match := pattern.search(message):
            value = match.groupdict().get("value") or ""
            named = key == "learn-problem-empty" and value in ("answer", "question")
            field = desk.t(f"learn-{value}") if named else value
            return desk.t(key, value=field, entry=entry or "")
    return original


def _contact_ids(raw: str) -> list[str]:
    return [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]


@page("save_knowledge")
async def learn_form(desk: Desk) -> web.StreamResponse:
    found = await _learn_defaults(desk, _ticket_id(desk))
    if found is None:
        return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
    item, values = found
    values["q"] = form_text(desk.request.query, "q", 200)
    return _learn_page(desk, item, values, kind=desk.request.query.get("kind", "entry"))


def _learn_page(desk: Desk, item: staffdesk.QueueItem, values: dict[str, str], *, kind: str,
                problems: list[str] | None = None, status: int = 200) -> web.Response:  # fmt: skip
    kb = desk.services.knowledge.kb
    candidates = [(g.entry_id, g.title) for g in item.guesses if kb.entry(g.entry_id)]
    if values.get("q"):
        found = desk.services.knowledge.engine.search(values["q"], limit=8)
        candidates = [(e.id, e.display_title(desk.t.lang)) for e, _ in found]
    chosen = _contact_ids(values.get("contacts", ""))
    contact_fields = chosen + [""] * max(1, 3 - len(chosen))
    return desk.render("learn.html", status=status, item=item, ticket=item.ticket, v=values, kind=kind,
                       contact_fields=contact_fields,
                       problems=problems or [], candidates=candidates, languages=LANGUAGES, regions=kb.regions,
                       contacts=sorted(kb.contacts.values(), key=lambda c: c.name.casefold()), kb=kb)  # fmt: skip


@action("save_knowledge")
async def learn(desk: Desk) -> web.StreamResponse:
    ticket_id = _ticket_id(desk)
    found = await _learn_defaults(desk, ticket_id)
    if found is None:
        return desk.render("error.html", status=404, code=404, message=desk.t("error-not-found"))
    item, values = found
    form = await read_form(desk.request)
    kind = "phrasing" if form_text(form, "kind", 16) == "phrasing" else "entry"
    for key in ("question", "answer", "title", "language", "region", "entry_id", "target"):
        values[key] = form_text(form, key, 8000).strip()
    # one contact per field (chosen by name from a list), or several typed into one, as before
    values["contacts"] = ",".join(c for c in _contact_ids(",".join(form_texts(form, "contacts", 2000))))
    entry_id = values["target"] if kind == "phrasing" else values["entry_id"]
    store = desk.services.knowledge
    try:
        async with desk.services.database.uow() as uow:
            await staffdesk.save_as_knowledge(
                uow, desk.staff, ticket_id, store.path, kind=kind, entry_id=entry_id, answer=values["answer"],
                title=values["title"], language=values["language"], region=values["region"] or None,
                question=values["question"], contacts=_contact_ids(values["contacts"]),
            )  # fmt: skip
    except additions.AdditionRejected as exc:
        problems = [_problem(desk, p.entry, p.message) for p in exc.problems]
        return _learn_page(desk, item, values, kind=kind, problems=problems, status=422)
    except DomainError as exc:
        return _learn_page(desk, item, values, kind=kind, problems=[desk.t(exc.message_key)], status=422)
    try:
        await store.areload()
    except KnowledgeError as exc:  # saved, but the knowledge as a whole does not load: say so
        log.error("knowledge reload after an addition failed: %s", exc)
        return desk.render("error.html", status=500, code=500, message=desk.t("knowledge-reload-failed"))
    raise redirect(f"{PREFIX}/tickets/{ticket_id}?learned={entry_id}")
