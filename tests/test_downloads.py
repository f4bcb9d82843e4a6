"""Download links (files for Teams): served until they expire, purged after, part of /mydata and
erased by /deleteme; the hourly purge is a registered job."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from handlers.downloads import feature, purge_job
from handlers.feature import Erasing
from handlers.privacy import erase_user, export_user
from storage import downloads
from storage.models import Download, utcnow


async def test_a_link_works_for_a_day_and_goes_with_the_user(services) -> None:
    db = services.database
    async with db.uow() as uow:
        user = await uow.users.get_or_create("teams", "aad-1")
        token = await downloads.put(uow.session, user, "møte.ics", "text/calendar", b"BEGIN:VCALENDAR")
        old = await downloads.put(uow.session, user, "gammel.json", "application/json", b"{}")
    assert len(token) == 43 and token != old
    async with db.uow() as uow:
        await uow.session.execute(update(Download).where(Download.token == old)
                                  .values(expires_at=utcnow() - timedelta(minutes=1)))  # fmt: skip
    async with db.uow() as uow:
        found = await downloads.get(uow.session, token)
        assert found is not None and found.data == b"BEGIN:VCALENDAR"
        assert await downloads.get(uow.session, old) is None  # expired: not served
    assert await purge_job(db, services.assistant.config) == 1
    assert "downloads-purge" in {job.id for job in feature.jobs}

    registry = services.assistant.registry
    async with db.uow() as uow:
        user = await uow.users.get("teams", "aad-1")
        exported = await export_user(uow, user, registry)
        assert [f["filename"] for f in exported["data"]["download links"]] == ["møte.ics"]
        await erase_user(uow, user, registry, Erasing(services.knowledge, services.assistant.config), by=None)
    async with db.uow() as uow:
        assert await downloads.get(uow.session, token) is None
