"""Files handed to a user as download links (on Teams): part of what /mydata shows and /deleteme erases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handlers.config import CoreConfig
from handlers.feature import Erasing, Feature
from storage import downloads
from storage.models import User
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from storage.database import Database

feature = Feature("downloads")


async def _export(uow: UnitOfWork, user: User) -> list[dict[str, Any]]:
    """Which files wait for the user (names and when the links end; the files are what they asked for)."""
    return [
        {"filename": d.filename, "expires_at": d.expires_at.isoformat()}
        for d in await downloads.of_user(uow.session, user)
    ]


async def _erase(uow: UnitOfWork, user: User, _erasing: Erasing) -> None:
    await downloads.erase_user(uow.session, user)


feature.stores("download links", _export, _erase)


@feature.job("downloads-purge", cron=lambda config: {"minute": 7})
async def purge_job(database: Database, config: CoreConfig) -> int:
    """Hourly: files whose links expired are deleted (a link works for a day)."""
    async with database.uow() as uow:
        return await downloads.purge(uow.session)
