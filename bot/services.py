"""The factory: builds everything once at start (database, knowledge, assistant) and closes it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.settings import Settings
from handlers.assistant import Assistant
from handlers.config import BriefingConfig, CoreConfig
from handlers.staff_accounts import ensure_chat_staff
from knowledge.loader import KnowledgeError
from knowledge.semantic import SemanticConfig
from knowledge.store import KnowledgeStore
from storage import Database, additions
from storage.failures import DatabaseUnavailable, describe

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    database: Database
    knowledge: KnowledgeStore
    assistant: Assistant

    async def close(self) -> None:
        await self.database.close()


def staff_chat(settings: Settings) -> tuple[str, str] | None:
    """The one staff conversation: the Telegram staff chat, else the Teams staff channel."""
    if settings.staff_chat_id is not None:
        return ("telegram", str(settings.staff_chat_id))
    if settings.staff_teams_channel is not None and settings.teams.enabled:
        return ("teams", settings.staff_teams_channel)
    return None


def core_config(settings: Settings) -> CoreConfig:
    return CoreConfig(
        default_language=settings.default_language,
        timezone=settings.timezone,
        advisory_meeting_time=settings.advisory_meeting_time,
        retention_days=settings.retention_days,
        staff_ids=frozenset(
            [("telegram", str(i)) for i in settings.staff_telegram_ids]
            + [("teams", i) for i in settings.staff_teams_ids]
        ),
        staff_chat=staff_chat(settings),
        briefing=BriefingConfig(
            slots=settings.briefing.slots,
            nothing_new=settings.briefing.nothing_new,
            late_until=settings.briefing.late_until,
        ),
        offers_max_active=settings.offers_max_active,
        offers_per_day=settings.offers_per_day,
        offers_channel=offers_channel(settings),
    )


def offers_channel(settings: Settings) -> tuple[str, str] | None:
    """The Telegram channel that gets approved offers; None (and a warning) without Telegram, since
    nothing could send its posts."""
    if not settings.offers_channel_id:
        return None
    if settings.telegram.bot_token is None:
        log.warning("OFFERS_CHANNEL_ID is set but Telegram is not (TELEGRAM_BOT_TOKEN): offers are not posted there")
        return None
    return ("telegram", settings.offers_channel_id)


async def build_services(settings: Settings, *, migrate: bool = True) -> Services:
    """Load and validate the knowledge first (a broken knowledge base refuses to start), then the database."""
    database = Database(settings.database_url, pool_size=settings.database_pool_size)
    embeddings = settings.semantic
    semantic = SemanticConfig(
        mode=embeddings.mode, url=embeddings.url, model=embeddings.model, cache_dir=embeddings.cache_dir
    )
    knowledge = KnowledgeStore(
        settings.knowledge_dir, extra_loader=additions.extra_loader(database), semantic=semantic
    )
    if migrate:
        try:
            await database.upgrade()
        except Exception as exc:
            await database.close()
            line = describe(exc, settings.database_url)
            if line is None:
                raise
            raise DatabaseUnavailable(line) from None
        await database.warm()
        await ensure_chat_staff(database, "telegram", [str(i) for i in settings.staff_telegram_ids])
        if settings.staff_teams_ids:
            await ensure_chat_staff(database, "teams", list(settings.staff_teams_ids))
        try:  # the staff's additions from the database, on top of the files
            await knowledge.areload()
        except KnowledgeError as exc:
            log.error("the staff's knowledge additions do not load; serving the files alone: %s", exc)
    assistant = Assistant(database, knowledge, core_config(settings))
    log.info("knowledge: %d entries from %s", len(knowledge.kb.entries), settings.knowledge_dir)
    return Services(settings=settings, database=database, knowledge=knowledge, assistant=assistant)
