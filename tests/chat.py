"""A tiny driver for talking to the core in tests, the way a channel adapter does."""

from __future__ import annotations

from handlers.assistant import Assistant
from handlers.i18n import Translator
from handlers.onboarding import LANGUAGE_NAMES
from handlers.types import Button, Incoming, Reply


class ChatUser:
    def __init__(self, assistant: Assistant, user_id: str = "u1", channel: str = "web", language: str | None = None):
        self.assistant = assistant
        self.user_id = user_id
        self.channel = channel
        self.language = language
        self.last: list[Reply] = []

    async def say(self, text: str) -> list[Reply]:
        self.last = await self.assistant.handle(Incoming(self.channel, self.user_id, text=text, language=self.language))
        return self.last

    async def press(self, label_part: str) -> list[Reply]:
        button = find_button(self.last, label_part)
        self.last = await self.assistant.handle(
            Incoming(self.channel, self.user_id, action=button.action, language=self.language)
        )
        return self.last

    async def action(self, data: str) -> list[Reply]:
        self.last = await self.assistant.handle(
            Incoming(self.channel, self.user_id, action=data, language=self.language)
        )
        return self.last

    async def onboard(self, language: str = "nb", region: str = "Horten") -> list[Reply]:
        """/start, then the language's and the region's buttons, and no business profile."""
        await self.say("/start")
        await self.press(LANGUAGE_NAMES[language])
        await self.press(region)
        return await self.press(Translator(language)("skip"))

    def text(self) -> str:
        return "\n".join(r.plain() for r in self.last)


def buttons(replies: list[Reply]) -> list[Button]:
    return [b for r in replies for row in r.buttons for b in row]


def find_button(replies: list[Reply], label_part: str) -> Button:
    for button in buttons(replies):
        if label_part.casefold() in button.label.casefold():
            return button
    labels = [b.label for b in buttons(replies)]
    raise AssertionError(f"no button with {label_part!r} among {labels}")
