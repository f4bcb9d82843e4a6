"""The assistant: one entry point for every channel.

`handle` finds or creates the user, routes the message (command, button action, a step of a
dialog, or a free-text question) and returns the replies. Messages from one user are handled one at
a time and in order; different users run concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from handlers import ask, escalation, onboarding, staffchat
from handlers.actions import Action, decode
from handlers.config import CoreConfig
from handlers.context import Context
from handlers.i18n import Translator, ui_language
from handlers.markup import esc
from handlers.menu import COMMANDS, menu_buttons, show_help, show_menu
from handlers.types import Incoming, Reply

if TYPE_CHECKING:
    from bot.db.database import Database
    from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)

CommandHandler = Callable[[Context, str], Awaitable[None]]
ActionHandler = Callable[[Context, Action], Awaitable[None]]
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.S)


class UserLocks:
    """One lock per (channel, user), dropped when nobody waits on it, so the map stays small."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], tuple[asyncio.Lock, int]] = {}

    async def __call__(self, key: tuple[str, str]) -> asyncio.Lock:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        await lock.acquire()
        return lock

    def release(self, key: tuple[str, str]) -> None:
        lock, users = self._locks[key]
        lock.release()
        if users <= 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


class Assistant:
    def __init__(self, database: Database, knowledge: KnowledgeStore, config: CoreConfig | None = None) -> None:
        self.database = database
        self.knowledge = knowledge
        self.config = config or CoreConfig()
        self.locks = UserLocks()
        self.commands_table: dict[str, CommandHandler] = {
            "start": onboarding.start,
            "menu": show_menu,
            "help": show_help,
            "ask": ask.ask_command,
            "contacts": ask.show_contacts,
            "profile": onboarding.show_profile,
            "language": onboarding.choose_language,
            "region": onboarding.choose_region,
            "human": escalation.human_command,
            "questions": escalation.show_questions,
        }
        self.actions_table: dict[str, ActionHandler] = {
            "lang": onboarding.on_language,
            "reg": onboarding.on_region,
            "biz": onboarding.on_business,
            "fb": ask.on_feedback,
            "sg": ask.on_suggestion,
            "sgn": ask.on_no_suggestion,
            "menu": self._on_menu,
            "forward": escalation.on_forward,
            "human": escalation.on_human,
            "wd": escalation.on_withdraw,
            "solved": escalation.on_solved,
            "followup": escalation.on_followup,
            "sans": staffchat.on_answer_button,
        }

    async def handle(self, msg: Incoming) -> list[Reply]:
        key = (msg.channel, msg.user_id)
        await self.locks(key)
        try:
            return await self._handle(msg)
        finally:
            self.locks.release(key)

    async def _handle(self, msg: Incoming) -> list[Reply]:
        async with self.database.uow() as uow:
            await uow.serialise(f"user:{msg.channel}:{msg.user_id}")
            user, state = await uow.users.get_or_create_with_state(msg.channel, msg.user_id, msg.display_name)
            uow.dialogs.prime(user.id, state)
            if user.unreachable:
                user.unreachable = False
            ctx = Context(msg=msg, user=user, uow=uow, knowledge=self.knowledge, config=self.config)
            if msg.action is not None:
                await self._route_action(ctx, msg.action)
            elif msg.text is not None and msg.text.strip().startswith("/"):
                await self._route_command(ctx, msg.text.strip())
            else:
                await self._route_text(ctx, msg.text or "")
            return ctx.replies

    async def _route_action(self, ctx: Context, data: str) -> None:
        action = decode(data)
        handler = self.actions_table.get(action.verb) if action else None
        if action is None or handler is None:
            log.info("unknown button data from %s user %s", ctx.msg.channel, ctx.user.id)
            ctx.say(ctx.t("stale-button"), menu_buttons(ctx))
            return
        await handler(ctx, action)

    async def _route_command(self, ctx: Context, text: str) -> None:
        match = _COMMAND.match(text)
        handler = self.commands_table.get(match.group(1).lower()) if match else None
        if match is None or handler is None:
            typed = text.split()[0][:40]
            ctx.say(ctx.t("unknown-command", command=esc(typed)), menu_buttons(ctx))
            return
        await handler(ctx, match.group(2) or "")

    async def _route_text(self, ctx: Context, text: str) -> None:
        if not text.strip():
            ctx.say(ctx.t("ask-prompt"))
            return
        if await staffchat.take_answer(ctx, text):
            return
        state = await ctx.uow.dialogs.get(ctx.user.id)
        if state is not None and state.flow in escalation.FLOWS and await escalation.on_text(ctx, state, text):
            return
        if state is not None and state.flow in (onboarding.ONBOARDING, onboarding.BUSINESS):
            if await onboarding.on_text(ctx, state.step, state.flow, text):
                return
            # Not an answer to the step: treat it as a question. Repeat what we were waiting for
            # once; a user who ignores it again just wants answers, so the dialog is let go.
            await ask.ask(ctx, text)
            if state.data.get("reminded"):
                await ctx.uow.dialogs.clear(ctx.user.id)
            else:
                await ctx.uow.dialogs.set(ctx.user.id, state.flow, state.step, {**state.data, "reminded": True})
                onboarding.prompt_again(ctx, state.step)
            return
        await ask.ask(ctx, text)

    async def _on_menu(self, ctx: Context, action: Action) -> None:
        item = action.arg(0)
        if item == "open":
            await show_menu(ctx)
        elif item == "ask":
            ctx.say(ctx.t("ask-prompt"))
        elif item in self.commands_table and item != "start":
            await self.commands_table[item](ctx, "")
        else:
            ctx.say(ctx.t("stale-button"), menu_buttons(ctx))

    async def mark_unreachable(self, channel: str, user_id: str) -> None:
        """The channel could not deliver (the user blocked the bot): send nothing more until they return."""
        async with self.database.uow() as uow:
            user = await uow.users.get(channel, user_id)
            if user is not None:
                user.unreachable = True

    def commands(self, lang: str) -> list[tuple[str, str]]:
        t = Translator(lang)
        return [(name, t(f"command-{name}")) for name in COMMANDS]

    def apology(self, lang: str | None) -> Reply:
        t = Translator(ui_language(lang, self.config.default_language))
        return Reply(t("error-apology"), lang=t.lang)
