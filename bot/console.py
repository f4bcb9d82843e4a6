"""`sammen chat`: the assistant in a terminal, through the same core as every other channel.

Buttons are numbered; type the number to press one. Ctrl-D or /quit leaves. What was sent to the
console user meanwhile (a staff answer, a waiting-list place, the briefing) comes with the next
answer, as the web chat's page collects its own.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import sys
from pathlib import Path
from typing import TextIO

from bot.services import Services, build_services
from bot.settings import Settings
from handlers.types import Button, Incoming, Reply
from scheduler.outbox import take_pending

log = logging.getLogger(__name__)


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """Plain text for a terminal, with each action button given a number."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        lines.append(reply.plain())
        if reply.attachment is not None:  # the terminal's user is on this machine: the file goes beside them
            path = Path(reply.attachment.filename).resolve()
            path.write_bytes(reply.attachment.data)
            lines.append(f"[{path}]")
        row_texts = []
        for row in reply.buttons:
            cells = []
            for button in row:
                if button.url:
                    cells.append(f"{button.label} <{button.url}>")
                else:
                    buttons.append(button)
                    cells.append(f"[{len(buttons)}] {button.label}")
            row_texts.append("   ".join(cells))
        lines.extend(row_texts)
        lines.append("")
    return "\n".join(lines), buttons


class ConsoleChannel:
    """The terminal as a channel: nothing is pushed to it; `chat` collects the console user's outbox
    rows (`take_pending`) with each answer."""

    name = "console"

    async def start(self) -> None:
        """`chat` runs the conversation itself."""

    async def stop(self) -> None:
        """Nothing to stop."""

    def delivery(self) -> None:
        return None

    def staff_address(self) -> None:
        return None


async def chat(
    settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, user: str | None = None
) -> int:
    services = await build_services(settings)
    user_id = user or getpass.getuser()
    buttons: list[Button] = []
    loop = asyncio.get_running_loop()
    try:
        first = Incoming(channel="console", user_id=user_id, text="/start", language=settings.default_language)
        async with services.database.uow() as uow:
            known = await uow.users.get("console", user_id)
        if known is not None and known.onboarded:
            first = Incoming(channel="console", user_id=user_id, text="/menu")
        text, buttons = render(await _with_pending(services, user_id, await services.assistant.handle(first)))
        stdout.write(text + "\n")
        while True:
            stdout.write("> ")
            stdout.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:
                break
            line = line.strip()
            if line in ("/quit", "/exit"):
                break
            if not line:
                continue
            if line.isdigit() and 1 <= int(line) <= len(buttons):
                msg = Incoming(channel="console", user_id=user_id, action=buttons[int(line) - 1].action)
            else:
                msg = Incoming(channel="console", user_id=user_id, text=line)
            text, buttons = render(await _with_pending(services, user_id, await services.assistant.handle(msg)))
            stdout.write(text + "\n")
    finally:
        await services.close()
    return 0


async def _with_pending(services: Services, user_id: str, replies: list[Reply]) -> list[Reply]:
    """What was sent to this console user since the last answer, first, then the answer. A database
    that cannot hand them over now (a server writing to the same file) keeps them for the next time."""
    try:
        pending = await take_pending(services.database, "console", user_id)
    except Exception:
        log.exception("console: messages sent meanwhile could not be collected; they stay for the next answer")
        pending = []
    return [*pending, *replies]
