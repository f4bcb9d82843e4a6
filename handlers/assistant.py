"""The assistant: one entry point for every channel.

`handle` finds or creates the user, routes the message (command, button action, a step of a
dialog, or a free-text question) and returns the replies. Messages from one user are handled one at
a time and in order; different users run concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from handlers.callbacks import BadCallback, unpack
from handlers.config import CoreConfig
from handlers.context import Context
from handlers.feature import Feature, Registry
from handlers.i18n import Translator, ui_language
from handlers.markup import esc
from handlers.menu import menu_buttons
from handlers.types import Incoming, Reply
from storage.states import InboxStatus

if TYPE_CHECKING:
    from knowledge.store import KnowledgeStore
    from storage.database import Database

log = logging.getLogger(__name__)

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
    def __init__(
        self,
        database: Database,
        knowledge: KnowledgeStore,
        config: CoreConfig | None = None,
        features: Iterable[Feature] | None = None,
    ) -> None:
        if features is None:
            from handlers.features import FEATURES

            features = FEATURES
        self.database = database
        self.knowledge = knowledge
        self.config = config or CoreConfig()
        self.registry = Registry(tuple(features))
        self.locks = UserLocks()

    async def handle(self, msg: Incoming) -> list[Reply]:
        key = (msg.channel, msg.user_id)
        await self.locks(key)
        try:
            try:
                return await self._handle(msg)
            except DBAPIError as exc:
                if not exc.connection_invalidated or getattr(exc, "during_commit", False):
                    raise  # lost during the commit: it may have gone through, so it is not run twice
                # A pooled connection the database had closed (a restart): its transaction rolled back
                # whole, so the message is handled again on a fresh connection.
                log.warning("database connection lost; handling the %s message again", msg.channel)
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
            if msg.ref is not None and user.address_ref != msg.ref:
                user.address_ref = dict(msg.ref)  # where to send unprompted messages (a Teams conversation)
            if msg.update_id is not None:
                stored = await uow.inbox.get(msg.channel, msg.update_id)
                if stored is not None and stored.status is not InboxStatus.RECEIVED:
                    # Handled before (a redelivery, or a restart after the commit): its stored replies,
                    # if they were never sent, and nothing changed a second time.
                    return [Reply.from_dict(r) for r in stored.replies]
            ctx = Context(
                msg=msg, user=user, uow=uow, knowledge=self.knowledge, config=self.config, registry=self.registry
            )
            if msg.action is not None:
                await self._route_action(ctx, msg.action)
            elif msg.text is not None and msg.text.strip().startswith("/"):
                await self._route_command(ctx, msg.text.strip())
            else:
                await self._route_text(ctx, msg.text or "")
            if msg.update_id is not None:
                await uow.inbox.answered(msg.channel, msg.update_id, [reply.to_dict() for reply in ctx.replies])
            return ctx.replies

    async def _route_action(self, ctx: Context, data: str) -> None:
        try:
            parsed = unpack(data)
        except BadCallback:
            parsed = None
        handler = self.registry.actions.get(type(parsed)) if parsed is not None else None
        if parsed is None or handler is None:
            log.info("unknown button data from %s user %s", ctx.msg.channel, ctx.user.id)
            ctx.say(ctx.t("stale-button"), menu_buttons(ctx))
            return
        await handler(ctx, parsed)

    async def _route_command(self, ctx: Context, text: str) -> None:
        match = _COMMAND.match(text)
        command = self.registry.commands.get(match.group(1).lower()) if match else None
        if match is None or command is None:
            typed = text.split()[0][:40]
            ctx.say(ctx.t("unknown-command", command=esc(typed)), menu_buttons(ctx))
            return
        await command.handler(ctx, match.group(2) or "")

    async def _route_text(self, ctx: Context, text: str) -> None:
        if not text.strip() and ctx.msg.photo is None:
            ctx.say(ctx.t("ask-prompt"))
            return
        for hook in self.registry.text_hooks:
            if await hook(ctx, text):
                return
        state = await ctx.uow.dialogs.get(ctx.user.id)
        flow = self.registry.flows.get(state.flow) if state is not None else None
        if state is not None and flow is not None and await flow(ctx, state, text):
            return
        await self.registry.answer(ctx, text)

    async def mark_unreachable(self, channel: str, user_id: str) -> None:
        """The channel could not deliver (the user blocked the bot): send nothing more until they return."""
        async with self.database.uow() as uow:
            user = await uow.users.get(channel, user_id)
            if user is not None:
                user.unreachable = True

    def commands(self, lang: str) -> list[tuple[str, str]]:
        """The command menu (name, description) in one language, as the features registered them."""
        t = Translator(lang)
        return [(c.name, t(f"command-{c.name}")) for c in self.registry.listed_commands()]

    def apology(self, lang: str | None) -> Reply:
        t = Translator(ui_language(lang, self.config.default_language))
        return Reply(t("error-apology"), lang=t.lang)
