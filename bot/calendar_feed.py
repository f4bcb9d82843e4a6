"""The subscribable calendar feeds: `/groups/{id}.ics` (a group's rule with its exceptions, or an event).

Public like the web chat: a feed holds what the knowledge says about the group (its times, place and
description), never who takes part. `?lang=` picks the language of the texts.
"""

from __future__ import annotations

from aiohttp import web

from bot.services import Services
from handlers import organisers
from handlers.i18n import supported

SERVICES_KEY = web.AppKey("calendar_services", Services)


async def group_feed(request: web.Request) -> web.StreamResponse:
    services = request.app[SERVICES_KEY]
    lang = request.query.get("lang")
    async with services.database.uow() as uow:
        data = await organisers.group_calendar(
            uow, services.knowledge.kb, services.assistant.config, request.match_info["id"],
            lang if supported(lang) else None,
        )  # fmt: skip
    if data is None:
        raise web.HTTPNotFound(text="No such group or event.")
    return web.Response(
        body=data,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Content-Disposition": f'inline; filename="{request.match_info["id"]}.ics"',
                 "Cache-Control": "max-age=300"},
    )  # fmt: skip


def setup_calendar_feeds(app: web.Application, services: Services) -> None:
    app[SERVICES_KEY] = services
    app.router.add_get("/groups/{id}.ics", group_feed)
