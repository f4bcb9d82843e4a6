"""Organisers' pages: every group and event with its places, the member and waiting lists (and a CSV
of them), a message to all members, moving or cancelling a meeting, and new groups and events stored
in the database (`knowledge_additions`, exported by `sammen kb export` like other additions)."""

from __future__ import annotations

import asyncio
import re

from aiohttp import web

from bot.dashboard.web import PREFIX, Desk, action, form_text, page, read_form, redirect
from handlers import gatherings as core
from handlers import organisers
from handlers.errors import EmptyText
from knowledge.gatherings import Event, Group
from storage import additions, audit
from storage.gatherings import GatheringRepository
from storage.models import KnowledgeAddition

_KINDS = {"group": "group", "event": "event"}
_KEY = re.compile(r"^\d{8}T\d{4}$")


def _target(desk: Desk) -> tuple[str, str]:
    kind = desk.request.path.split("/")[3]  # /staff/groups/<kind>/<id>
    target = desk.request.match_info.get("id", "")
    if kind not in _KINDS or core.find(desk.services.knowledge.kb, kind, target) is None:
        raise web.HTTPNotFound()
    return kind, target


@page()
async def groups_page(desk: Desk) -> web.StreamResponse:
    """The list, and the form (filled in from a stored group or event with `?edit=<kind>:<id>`)."""
    kind, _, target = desk.request.query.get("edit", "").partition(":")
    values = None
    if kind in _KINDS and target:
        async with desk.services.database.uow() as uow:
            row = next((r for r in await additions.rows(uow.session) if r.kind == kind and r.entry_id == target), None)
        if row is not None:
            values = form_values(kind, row.data)
    return await _groups_page(desk, values=values)


def form_values(kind: str, data: dict[str, object]) -> dict[str, str]:
    """A stored group or event back into the form's fields (its first language)."""
    texts = data.get("name" if kind == "group" else "title") or {}
    lang = next(iter(texts), "nb") if isinstance(texts, dict) else "nb"
    values = {"kind": kind, "id": str(data.get("id", "")), "lang": lang}
    if isinstance(texts, dict):
        values["name"] = str(texts.get(lang, ""))
    description = data.get("description")
    if isinstance(description, dict):
        values["description"] = str(description.get(lang, ""))
    regions = data.get("regions")
    if isinstance(regions, list) and regions:
        values["region"] = str(regions[0])
    for key in ("organiser", "capacity", "place", "online_url"):
        if data.get(key) is not None:
            values[key] = str(data[key])
    schedule = data.get("schedule")
    if isinstance(schedule, dict):
        for key in ("rrule", "start", "minutes"):
            if schedule.get(key) is not None:
                values[key] = str(schedule[key])
    for key in ("starts", "ends"):
        if data.get(key) is not None:
            values[key] = str(data[key]).replace(" ", "T")[:16]
    return values


async def _groups_page(desk: Desk, *, error: str | None = None, values: dict[str, str] | None = None,
                       status: int = 200) -> web.StreamResponse:  # fmt: skip
    kb = desk.services.knowledge.kb
    at = core.now()
    async with desk.services.database.uow() as uow:
        repo = GatheringRepository(uow.session)
        counts = await repo.counts([("group", g.id) for g in kb.groups] + [("event", e.id) for e in kb.events])
        stored = {row.entry_id for row in await additions.rows(uow.session) if row.kind in ("group", "event")}
    rows = []
    everything: list[Group | Event] = [*kb.groups, *kb.events]
    for gathering in everything:
        zone = core.zone_of(kb, gathering, desk.services.settings.timezone)
        next_ones = core.upcoming(gathering, zone, {}, at)
        rows.append(
            (gathering, next_ones[0] if next_ones else None, counts.get((gathering.kind, gathering.id), (0, 0)))
        )
    return desk.render("groups.html", status=status, rows=rows, when=lambda o: core.when(_user_t(desk), o),
                       stored=stored, error=error, v=values or {"kind": "group"})  # fmt: skip


def _user_t(desk: Desk):  # type: ignore[no-untyped-def]
    from handlers.i18n import Translator

    return Translator("nb" if desk.t.lang == "nb" else "en")


@page()
async def gathering_page(desk: Desk) -> web.StreamResponse:
    return await _gathering_page(desk)


async def _gathering_page(desk: Desk, *, notice: str | None = None, error: str | None = None,
                          status: int = 200) -> web.StreamResponse:  # fmt: skip
    kind, target = _target(desk)
    async with desk.services.database.uow() as uow:
        roster = await organisers.roster(uow, desk.services.knowledge.kb, desk.services.assistant.config, kind, target)
    async with desk.services.database.uow() as uow:
        stored = any(r.kind == kind and r.entry_id == target for r in await additions.rows(uow.session))
    return desk.render("gathering.html", status=status, r=roster, kind=kind, notice=notice, error=error, stored=stored,
                       when=lambda o: core.when(_user_t(desk), o), title=roster.gathering.title(desk.t.lang),
                       is_group=isinstance(roster.gathering, Group))  # fmt: skip


@page()
async def gathering_csv(desk: Desk) -> web.StreamResponse:
    kind, target = _target(desk)
    async with desk.services.database.uow() as uow:
        roster = await organisers.roster(uow, desk.services.knowledge.kb, desk.services.assistant.config, kind, target)
    return web.Response(
        text=organisers.roster_csv(roster), content_type="text/csv", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{target}.csv"', "Cache-Control": "no-store",
                 "X-Content-Type-Options": "nosniff"},
    )  # fmt: skip


@action("answer")
async def message(desk: Desk) -> web.StreamResponse:
    kind, target = _target(desk)
    form = await read_form(desk.request)
    text = form_text(form, "text", 3000)
    try:
        async with desk.services.database.uow() as uow:
            sent = await organisers.message_members(uow, desk.services.knowledge.kb, desk.services.assistant.config,
                                                    kind, target, text, staff=desk.staff)  # fmt: skip
    except EmptyText:
        return await _gathering_page(desk, error=desk.t("gather-message-empty"), status=422)
    return await _gathering_page(desk, notice=desk.t("gather-message-sent", count=sent))


@action("answer")
async def change(desk: Desk) -> web.StreamResponse:
    """Move (a new local start) or cancel one occurrence; everyone in it is told."""
    kind, target = _target(desk)
    form = await read_form(desk.request)
    key = form_text(form, "occurrence", 20)
    if not _KEY.match(key):
        return await _gathering_page(desk, error=desk.t("gather-bad-occurrence"), status=422)
    kb, config = desk.services.knowledge.kb, desk.services.assistant.config
    try:
        async with desk.services.database.uow() as uow:
            if form_text(form, "op", 10) == "cancel":
                told = await organisers.cancel(uow, kb, config, kind, target, key, staff=desk.staff)
            else:
                start = organisers.local_start(form_text(form, "start", 40))
                if start is None:
                    raise ValueError("no start")
                told = await organisers.move(uow, kb, config, kind, target, key, start, None, staff=desk.staff)
    except (ValueError, organisers.UnknownGathering):
        return await _gathering_page(desk, error=desk.t("gather-bad-occurrence"), status=422)
    return await _gathering_page(desk, notice=desk.t("gather-changed", count=told))


_FIELDS = ("kind", "id", "name", "description", "lang", "region", "capacity", "rrule", "start", "minutes", "starts",
           "ends", "place", "online_url", "organiser")  # fmt: skip


def definition(values: dict[str, str]) -> dict[str, object]:
    """The form as a group or event in the YAML format (the loader validates it like the files)."""
    lang = values.get("lang") or "nb"
    data: dict[str, object] = {"id": values["id"]}
    data["name" if values["kind"] == "group" else "title"] = {lang: values["name"]}
    if values.get("description"):
        data["description"] = {lang: values["description"]}
    if values.get("region"):
        data["regions"] = [values["region"]]
    if values.get("organiser"):
        data["organiser"] = values["organiser"]
    if values.get("capacity"):
        data["capacity"] = int(values["capacity"]) if values["capacity"].isdecimal() else values["capacity"]
    if values["kind"] == "group":
        if values.get("rrule"):
            minutes = values.get("minutes") or "60"
            data["schedule"] = {"rrule": values["rrule"], "start": values.get("start") or "",
                                "minutes": int(minutes) if minutes.isdecimal() else minutes}  # fmt: skip
    else:
        data["starts"] = values.get("starts", "").replace("T", " ")
        if values.get("ends"):
            data["ends"] = values["ends"].replace("T", " ")
    for key in ("place", "online_url"):
        if values.get(key):
            data[key] = values[key]
    return data


@action("save_knowledge")
async def create(desk: Desk) -> web.StreamResponse:
    """A new group or event (or a new version of one the staff created): validated with the files and
    the other additions, stored, and the knowledge reloaded."""
    form = await read_form(desk.request)
    values = {key: form_text(form, key, 2000).strip() for key in _FIELDS}
    if values["kind"] not in _KINDS:
        values["kind"] = "group"
    store = desk.services.knowledge
    data = definition(values)
    async with desk.services.database.uow() as uow:
        existing = list(await additions.rows(uow.session))
    previous = next((r for r in existing if r.kind == values["kind"] and r.entry_id == values["id"]), None)
    others = [r for r in existing if r is not previous]
    row = KnowledgeAddition(kind=values["kind"], entry_id=values["id"], data=data, created_by=desk.staff.id)
    problems = await asyncio.to_thread(additions.check_addition, store.path, others, row)
    if problems:  # rendered outside any unit of work: the page opens its own
        return await _groups_page(desk, error="; ".join(p.message for p in problems), values=values, status=422)
    async with desk.services.database.uow() as uow:
        if previous is not None:
            previous = await uow.session.get(KnowledgeAddition, previous.id)
        if previous is not None:
            previous.data = data
        else:
            uow.session.add(row)
        await audit.record(uow, desk.staff, f"{values['kind']}.save", values["id"], new=previous is None)
    await store.areload()
    saved = core.find(store.kb, values["kind"], values["id"])
    if saved is not None:  # more places than before: the waiting list moves up, and is told
        async with desk.services.database.uow() as uow:
            await organisers.refill(uow, store.kb, desk.services.assistant.config, saved)
    raise redirect(f"{PREFIX}/groups/{values['kind']}/{values['id']}")


@action("save_knowledge")
async def cancel_definition(desk: Desk) -> web.StreamResponse:
    """Cancel a group or event the staff created: kept (and exported) with `cancelled: true`."""
    kind, target = _target(desk)
    gathering = core.find(desk.services.knowledge.kb, kind, target)
    async with desk.services.database.uow() as uow:
        row = next((r for r in await additions.rows(uow.session) if r.kind == kind and r.entry_id == target), None)
        if row is not None:
            row.data = {**row.data, "cancelled": True}
            await audit.record(uow, desk.staff, f"{kind}.cancel", target)
        if row is not None and isinstance(gathering, Event):
            zone = core.zone_of(desk.services.knowledge.kb, gathering, desk.services.settings.timezone)
            await organisers.cancel(uow, desk.services.knowledge.kb, desk.services.assistant.config, kind, target,
                                    gathering.occurrence(zone).key, staff=desk.staff)  # fmt: skip
    if row is None:
        return await _gathering_page(desk, error=desk.t("gather-only-stored"), status=422)
    await desk.services.knowledge.areload()
    raise redirect(f"{PREFIX}/groups")
