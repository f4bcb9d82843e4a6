"""The few settings the core needs, handed in by the wiring so `handlers/` never reads the environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time


@dataclass(frozen=True, slots=True)
class BriefingConfig:
    """The daily briefing's settings (BRIEFING_*)."""

    #: The times a subscriber can choose, in minutes after local midnight (06:00–10:00 every 30 min).
    slots: tuple[int, ...] = tuple(range(6 * 60, 10 * 60 + 1, 30))
    #: A subscriber with nothing new gets a short "nothing new" instead of nothing.
    nothing_new: bool = False
    #: A slot missed while the server was down is still sent on start until this local time, else skipped.
    late_until: time = time(12, 0)


@dataclass(frozen=True, slots=True)
class CoreConfig:
    default_language: str = "nb"
    timezone: str = "Europe/Oslo"
    advisory_meeting_time: time = time(9, 0)
    #: Questions and tickets older than this lose their words (RETENTION_DAYS).
    retention_days: int = 365
    #: (channel, user id) pairs that count as staff in the staff conversation besides the `staff`
    #: table's identities (STAFF_TELEGRAM_IDS gives ("telegram", id)); such a member gets a staff row.
    staff_ids: frozenset[tuple[str, str]] = frozenset()
    #: The staff conversation (channel, conversation id), e.g. ("telegram", STAFF_CHAT_ID): staff talk
    #: there is not a question to answer, and the Answer buttons are pressed there.
    staff_chat: tuple[str, str] | None = None
    #: Longer questions are cut before matching (the whole text is still stored).
    max_question_chars: int = 3000
    briefing: BriefingConfig = field(default_factory=BriefingConfig)
    #: Shop local: live offers (pending or shown) a business may have at once (OFFERS_MAX_ACTIVE).
    offers_max_active: int = 5
    #: Shop local: new offers one user may post within 24 hours (OFFERS_PER_DAY).
    offers_per_day: int = 5
    #: Shop local: a public channel (channel, id) that gets each approved offer (OFFERS_CHANNEL_ID).
    offers_channel: tuple[str, str] | None = None
