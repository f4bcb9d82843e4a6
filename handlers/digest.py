"""What the daily briefing asks of each feature: a section of what is new for one subscriber.

Features register a source with `Feature.digest_source(topic, order)`; the briefing feature asks
each source whose topic the subscriber chose, in order, and leaves out the sections that return None.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from handlers.types import Button

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from knowledge.store import KnowledgeStore
    from storage.models import User
    from storage.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DigestRequest:
    """One subscriber's briefing: what is new for `user` between `since` and `now` (aware, UTC)."""

    user: User
    lang: str
    region: str | None
    since: datetime
    now: datetime
    knowledge: KnowledgeStore
    config: CoreConfig


@dataclass(frozen=True, slots=True)
class DigestSection:
    """A heading and short lines in Sammen's markup, with the buttons that go with them."""

    topic: str
    heading: str
    items: list[str]
    buttons: list[list[Button]] = field(default_factory=list)


DigestSource = Callable[["UnitOfWork", DigestRequest], Awaitable["DigestSection | None"]]


@dataclass(frozen=True, slots=True)
class DigestSourceEntry:
    topic: str
    order: int
    build: DigestSource
