"""The factory: builds everything once at start (database, knowledge, assistant) and closes it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from knowledge.store import KnowledgeStore

from bot.db import Database
from bot.settings import Settings
from handlers.assistant import Assistant
from handlers.config import CoreConfig

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    database: Database
    knowledge: KnowledgeStore
    assistant: Assistant

    async def close(self) -> None:
        await self.database.close()


def core_config(settings: Settings) -> CoreConfig:
    return CoreConfig(
        default_language=settings.default_language,
        timezone=settings.timezone,
        advisory_meeting_time=settings.advisory_meeting_time,
        staff_telegram_ids=frozenset(settings.staff_telegram_ids),
        staff_chat_id=str(settings.staff_chat_id) if settings.staff_chat_id is not None else None,
    )


async def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Load and validate the knowledge first (a broken knowledge base refuses to start), then the database."""
    knowledge = KnowledgeStore(settings.knowledge_dir)
    database = Database(settings.database_url)
    if migrate:
        await database.upgrade()
    assistant = Assistant(database, knowledge, core_config(settings))
    log.info("knowledge: %d entries from %s", len(knowledge.kb.entries), settings.knowledge_dir)
    return Services(settings=settings, database=database, knowledge=knowledge, assistant=assistant)
