"""What a use case gets to work with for one incoming message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handlers.i18n import Translator, ui_language
from handlers.types import Attachment, Incoming, Reply

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from handlers.feature import Registry
    from knowledge.store import KnowledgeStore
    from storage.models import User
    from storage.uow import UnitOfWork


@dataclass
class Context:
    msg: Incoming
    user: User
    uow: UnitOfWork
    knowledge: KnowledgeStore
    config: CoreConfig
    registry: Registry
    replies: list[Reply] = field(default_factory=list)

    @property
    def lang(self) -> str:
        """The interface language: the user's choice, else the channel's hint, else the default."""
        if self.user.language:
            return ui_language(self.user.language, self.config.default_language)
        return ui_language(self.msg.language, self.config.default_language)

    @property
    def t(self) -> Translator:
        return Translator(self.lang)

    def say(
        self, text: str, buttons: list | None = None, lang: str | None = None, attachment: Attachment | None = None
    ) -> None:
        """Add a reply; `lang` when it is written in another language than the interface's (an answer
        in the language of the user's message)."""
        self.replies.append(Reply(text, buttons or [], lang or self.lang, attachment))
