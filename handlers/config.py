"""The few settings the core needs, handed in by the wiring so `handlers/` never reads the environment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True, slots=True)
class CoreConfig:
    default_language: str = "nb"
    timezone: str = "Europe/Oslo"
    advisory_meeting_time: time = time(9, 0)
    #: Telegram user ids that count as staff in the staff chat (besides the `staff` table).
    staff_telegram_ids: frozenset[int] = frozenset()
    #: The staff chat's conversation id (STAFF_CHAT_ID): staff talk there is not a question to answer.
    staff_chat_id: str | None = None
    #: Longer questions are cut before matching (the whole text is still stored).
    max_question_chars: int = 3000
