"""Files that go with a reply (the /mydata export, a calendar file) as download links.

A bot cannot attach a file to a message in a Teams chat without the user's consent for each file
(the file-consent card and OneDrive), so the file is stored for a day (`storage.downloads`) and the
card gets a download button: `GET /api/teams/files/{token}` on Sammen's own server, where the random
token is the only key. Needs PUBLIC_URL to build the link.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import quote

from aiohttp import web

from handlers.i18n import accept_languages, translate, ui_language
from handlers.types import Reply
from storage import downloads

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PATH = "/api/teams/files/{token}"
#: Files served with their own type; anything else as application/octet-stream.
SERVED_TYPES = ("text/calendar", "application/json", "text/csv", "application/pdf")
CHANNEL = "teams"


class Files:
    def __init__(self, services: Services) -> None:
        self.services = services

    def register_routes(self, app: web.Application) -> None:
        app.router.add_get(PATH.replace("{token}", "{token:[A-Za-z0-9_-]{16,64}}"), self.serve)

    async def url(self, reply: Reply, owner: str | None) -> str | None:
        """Where the reply's attachment can be downloaded, stored for a day under a random token and
        linked to its user (`owner`: their id on Teams) for /mydata and /deleteme. None: no file, or no
        PUBLIC_URL to build the link from."""
        file = reply.attachment
        if file is None:
            return None
        public = self.services.settings.public_url
        if public is None:
            log.warning("teams: %s cannot be offered as a download: PUBLIC_URL is not set", file.filename)
            return None
        async with self.services.database.uow() as uow:
            user = await uow.users.get(CHANNEL, owner) if owner else None
            token = await downloads.put(uow.session, user, file.filename, file.mime, file.data)
        return f"{public}{PATH.format(token=token)}"

    async def serve(self, request: web.Request) -> web.Response:
        """`GET /api/teams/files/{token}`: the file while its link is valid, as an attachment; else 404
        with a line in the browser's language."""
        async with self.services.database.uow() as uow:
            found = await downloads.get(uow.session, request.match_info["token"])
            if found is None:
                lang = pick_language(request.headers.get("Accept-Language"), self.services.settings.default_language)
                return web.Response(status=404, text=translate(lang, "teams-link-expired"))
            name, mime, data = found.filename, found.mime, found.data
        ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in name) or "download"
        headers = {
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
            "Cache-Control": "no-store",
        }
        content_type = mime if mime in SERVED_TYPES else "application/octet-stream"
        return web.Response(body=data, content_type=content_type, headers=headers)


def pick_language(accept_language: str | None, default: str) -> str:
    """The browser's first language Sammen speaks, else the deployment's default."""
    for code in accept_languages(accept_language):
        lang = ui_language(code, "")
        if lang:
            return lang
    return default
