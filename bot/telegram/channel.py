"""The Telegram channel: python-telegram-bot in, the channel-agnostic core, Telegram messages out.

Long polling by default; webhook mode when `TELEGRAM_WEBHOOK_URL` is set (the route lives on Sammen's
own aiohttp server). Updates are processed concurrently, each chat's in order; the core keeps the
dialog state, so nothing is kept here that a restart would lose.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ContextTypes, TypeHandler
from telegram.request import BaseRequest, HTTPXRequest

from bot.telegram import webhook
from bot.telegram.delivery import TelegramDelivery
from bot.telegram.ordering import ChatOrderedProcessor
from bot.telegram.render import render
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import Outcome, RetryPolicy, Sender
from bot.telegram.updates import ALLOWED_UPDATES, CHANNEL, GuardedBot, chat_of, parse_update, to_incoming
from handlers.channel import Address
from handlers.i18n import UI_LANGUAGES
from handlers.types import Reply

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

#: Languages the command menu is published in (Telegram picks by the user's app language).
#: Telegram shows "typing…" for 5 s or until a message arrives; refresh before it fades.
TYPING_REFRESH = 4.5
#: "typing…" is shown only for answers that take longer than this (seconds).
TYPING_AFTER = 0.2
#: After the grace (SHUTDOWN_GRACE): how long cancelled updates get to unwind before the sessions are
#: closed. `stop()` takes at most the grace + ABANDON_GRACE and the closing of the sessions; what was
#: abandoned stays in the inbox and is handled after the restart.
ABANDON_GRACE = 0.5


class TelegramChannel:
    name = CHANNEL

    def __init__(
        self,
        services: Services,
        *,
        concurrent_updates: int = 128,
        http: Literal["aiohttp", "httpx"] = "aiohttp",
        connection_pool: int = 256,
        poll_timeout: float = 10.0,
        typing: bool = True,
        retry: RetryPolicy | None = None,
    ) -> None:
        settings = services.settings.telegram
        if settings.bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        self.services = services
        self.assistant = services.assistant
        self.settings = settings
        self.webhook_url = settings.webhook_url
        self.poll_timeout = poll_timeout
        self.typing = typing
        bot = GuardedBot(
            settings.bot_token.get_secret_value(),
            base_url=settings.api_base_url,
            request=_request(http, connection_pool),
            get_updates_request=_request(http, 1, read_timeout=5.0),
        )
        # A bounded queue holds polling back while the bot is busy: updates are confirmed to Telegram only
        # as fast as they can be worked off, so a SIGTERM never finds more in hand than it can finish.
        self.processor = ChatOrderedProcessor(concurrent_updates)
        builder = (
            Application.builder()
            .bot(bot)
            .concurrent_updates(self.processor)
            .update_queue(asyncio.Queue(maxsize=max(concurrent_updates, 32)))
        )
        if self.webhook_url:
            builder = builder.updater(None)
        self.application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        bot._on_received = self._store
        self.bot = bot
        # With paid broadcasts, bulk sends (the briefing) may go at the paid rate (Telegram: up to 1,000/s).
        rate = settings.paid_broadcast_rate if settings.allow_paid_broadcast else settings.rate_global
        self.sender = Sender(bot, rate_global=rate, rate_per_chat=settings.rate_per_chat, retry=retry,
                             paid_broadcast=settings.allow_paid_broadcast)  # fmt: skip
        self._secret: str | None = None
        self._accepting = False
        self._tasks: set[asyncio.Task[Any]] = set()
        #: updates taken back at start whose first messages a previous run sent (from the inbox)
        self._sent_before: dict[int, int] = {}

    # ------------------------------------------------------------------ lifecycle
    def register_webhook_route(self, app: web.Application) -> None:
        """Add `POST /telegram/webhook` to the server (only in webhook mode)."""
        if not self.webhook_url:
            return
        if urlparse(self.webhook_url).path != webhook.PATH:
            log.warning("telegram: TELEGRAM_WEBHOOK_URL should end in %s, the route on this server", webhook.PATH)
        handler = webhook.webhook_handler(lambda: self._secret, lambda: self._accepting, self._enqueue)
        app.router.add_post(webhook.PATH, handler)

    async def start(self) -> None:
        try:
            await self.application.initialize()  # getMe: a wrong token stops here
        except InvalidToken:
            log.error("telegram: the bot token was refused by %s", self.settings.api_base_url)
            raise
        await self._publish_commands()
        await self.application.start()
        await self._resume()
        if self.webhook_url:
            self._secret = await webhook.webhook_secret(
                self.settings.webhook_secret.get_secret_value() if self.settings.webhook_secret else None,
                self.services.database,
            )
            await self.bot.set_webhook(self.webhook_url, secret_token=self._secret, allowed_updates=ALLOWED_UPDATES)
            log.info("telegram: webhook set to %s", self.webhook_url)
        else:
            assert self.application.updater is not None
            await self.application.updater.start_polling(
                timeout=int(self.poll_timeout),
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=-1,
                error_callback=self._polling_error,
            )
            log.info("telegram: polling %s", self.settings.api_base_url)
        self._accepting = True

    async def stop(self) -> None:
        """Stop taking updates, finish those in hand (confirmed ones included) within the grace
        (SHUTDOWN_GRACE), hand back what is left (it stays in the inbox), then close the HTTP sessions."""
        self._accepting = False
        app = self.application
        loop = asyncio.get_running_loop()
        grace = self.services.settings.shutdown_grace
        deadline = loop.time() + grace
        stopping: asyncio.Task[None] | None = None
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()  # the last getUpdates confirms what was fetched
            if app.running:
                stopping = loop.create_task(app.stop())
                await asyncio.wait({stopping}, timeout=max(deadline - loop.time(), 0.0))
                if not stopping.done():
                    abandoned = self.processor.abandon()
                    log.error(
                        "telegram: %d updates still in hand after %.0f s were handed back to the inbox (handled "
                        "after the restart)",
                        len(abandoned),
                        grace,
                    )
                    await asyncio.wait({stopping}, timeout=ABANDON_GRACE)
                if stopping.done() and stopping.exception() is not None:
                    log.error("telegram: the application stopped with an error", exc_info=stopping.exception())
            if self._tasks:  # "typing…" refreshers: they end with their update
                await asyncio.wait(set(self._tasks), timeout=max(deadline + ABANDON_GRACE - loop.time(), 0.01))
        finally:
            # Also when the server's own budget cancelled this stop: nothing is left running on closed sessions.
            if stopping is not None and not stopping.done():
                self.processor.abandon()
                stopping.cancel()
                log.error("telegram: the application did not stop in time")
            for task in set(self._tasks):
                task.cancel()
            await self._close(app)

    async def _close(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Close both request objects' sessions, whatever state the application is in."""
        try:
            await app.shutdown()
        except Exception:
            log.exception("telegram: application shutdown failed; closing the HTTP sessions directly")
        for request in self.bot._request:  # idempotent: a no-op for sessions already closed
            with contextlib.suppress(Exception):
                await request.shutdown()

    async def _publish_commands(self) -> None:
        """The command menu in each language, and the default language for every other app language."""
        default = self.services.settings.default_language
        calls: list[tuple[str | None, list[tuple[str, str]]]] = [
            (lang, self.assistant.commands(lang)) for lang in UI_LANGUAGES
        ]
        calls.append((None, self.assistant.commands(default)))
        for lang, commands in calls:
            try:
                await self.bot.set_my_commands([BotCommand(c, d) for c, d in commands], language_code=lang)
            except TelegramError as exc:
                log.warning("telegram: setMyCommands for %s failed: %s", lang or "default", exc)

    def _polling_error(self, exc: TelegramError) -> None:
        log.warning("telegram: getUpdates failed (%s); PTB retries with backoff", exc)

    async def _enqueue(self, raw: Any) -> None:
        """A webhook call: stored before it is answered 200 (a failure answers 500: Telegram retries)."""
        await self._store([raw])
        update = parse_update(raw, self.bot)
        if update is not None:
            await self.application.update_queue.put(update)

    # ------------------------------------------------------------------ the inbox
    async def _store(self, raws: list[Any]) -> None:
        """Keep a batch of updates before it is confirmed to Telegram (ids seen before are ignored)."""
        batch = [
            (str(raw["update_id"]), raw)
            for raw in raws
            if isinstance(raw, dict) and isinstance(raw.get("update_id"), int)
        ]
        async with self.services.database.uow() as uow:
            await uow.inbox.store(CHANNEL, batch)

    async def _resume(self) -> None:
        """Take back what a previous run stored and did not finish (killed, or stopped past its grace)."""
        async with self.services.database.uow() as uow:
            left = await uow.inbox.unfinished(CHANNEL)
        for stored in left:
            update = parse_update(stored.payload, self.bot)
            if update is not None:
                if stored.sent:
                    self._sent_before[update.update_id] = stored.sent
                await self.application.update_queue.put(update)
        if left:
            log.warning("telegram: %d updates taken in before a restart are handled now", len(left))

    async def _finished(self, update: Update, *, failed: bool = False) -> None:
        try:
            async with self.services.database.uow() as uow:
                if failed:
                    await uow.inbox.failed(CHANNEL, str(update.update_id))
                else:
                    await uow.inbox.done(CHANNEL, str(update.update_id))
        except Exception:  # the reply went out; at worst it is sent again after a restart
            log.exception("telegram: update %s could not be marked done", update.update_id)

    # ------------------------------------------------------------------ updates
    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        incoming = to_incoming(update)
        chat = chat_of(update)
        if incoming is not None and _for_another_bot(incoming.text, self.bot.username):
            incoming = None  # "/start@otherbot" in a group is not ours to answer
        if incoming is None or chat is None:
            log.debug("telegram: update %s ignored", update.update_id)
            await self._finished(update)
            return
        query = update.callback_query
        done = asyncio.Event()
        # An answer ready within TYPING_AFTER arrives before an indicator would be noticed: skip the
        # extra Bot API call then (Telegram's advice: use it when a reply takes a while). A timer,
        # not a task per update: most answers are ready long before it fires.
        typing: list[asyncio.Task[Any]] = []
        timer = (
            asyncio.get_running_loop().call_later(
                TYPING_AFTER, lambda: typing.append(self._spawn(self._keep_typing(chat, done)))
            )
            if self.typing and query is None
            else None
        )
        try:
            replies = await self.assistant.handle(incoming)
        finally:
            done.set()
            if timer is not None:
                timer.cancel()
            if query is not None:
                await self.sender.answer_callback(query.id)  # always: it stops the button's spinner
            if typing:
                await asyncio.wait(typing)  # "typing…" must not arrive after the answer
        # The core has committed: sending its replies and marking the update done are seen through even
        # when a shutdown abandons the update now (else a restart would send them a second time).
        sending = self._spawn(self._deliver_and_finish(chat, replies, update))
        await asyncio.shield(sending)

    async def _deliver_and_finish(self, chat: int, replies: list[Reply], update: Update) -> None:
        await self._deliver(chat, replies, update.update_id, self._sent_before.pop(update.update_id, 0))
        await self._finished(update)

    async def _keep_typing(self, chat: int, done: asyncio.Event) -> None:
        """Show "typing…" until `done`, refreshed before it fades (started TYPING_AFTER into an answer)."""
        while not done.is_set():
            if await self.sender.typing(chat) is Outcome.BLOCKED:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), TYPING_REFRESH)

    async def _deliver(self, chat: int, replies: list[Reply], update_id: int | None = None, skip: int = 0) -> bool:
        """Send each reply's messages (its parts, then its file) in order; a block marks the user
        unreachable and stops. With several messages for an update, each one sent is counted in the
        inbox, so a restart after a crash sends only the rest (`skip`: what a previous run sent)."""
        groups = [self._messages(chat, reply) for reply in replies]
        total = sum(len(group) for group in groups)
        count = 0
        for group in groups:
            for position, message in enumerate(group):
                count += 1
                if count <= skip:
                    continue
                outcome = await message()
                if outcome is Outcome.BLOCKED:
                    await self.assistant.mark_unreachable(CHANNEL, str(chat))
                    return False
                if outcome is Outcome.FAILED:
                    log.error("telegram: a reply to chat %s was not delivered", chat)
                    count += len(group) - position - 1  # the rest of this reply is not sent either
                    break
                if update_id is not None and count < total:
                    await self._count_sent(update_id, count)
        return True

    def _messages(self, chat: int, reply: Reply) -> list[Callable[[], Awaitable[Outcome]]]:
        """One reply's Bot API calls: its photo, its text in parts (the last with the buttons), then its file."""

        async def part(html: str, keyboard: Any) -> Outcome:
            return (await self.sender.send_message(chat, html, keyboard)).outcome

        async def photo(file_id: str) -> Outcome:
            outcome = await self.sender.send_photo(chat, file_id)
            return Outcome.SENT if outcome is Outcome.FAILED else outcome  # left out: the text says what it is

        calls: list[Callable[[], Awaitable[Outcome]]] = [partial(photo, reply.photo)] if reply.photo else []
        calls += [partial(part, p.html, p.keyboard) for p in render(reply)]
        if (file := reply.attachment) is not None:
            calls.append(partial(self.sender.send_document, chat, file.filename, file.data))
        return calls

    async def _count_sent(self, update_id: int, messages: int) -> None:
        try:
            async with self.services.database.uow() as uow:
                await uow.inbox.sent(CHANNEL, str(update_id), messages)
        except Exception:  # the message went out; at worst it is sent again after a restart
            log.exception("telegram: update %s: messages sent could not be counted", update_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log every failure with its update id; the user gets a short apology."""
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("telegram: update %s failed", update_id, exc_info=context.error)
        if not isinstance(update, Update):
            return
        await self._finished(update, failed=True)  # kept for the operator, not taken back at a restart
        chat = chat_of(update)
        if chat is None:
            return
        user = update.effective_user
        try:
            await self._deliver(chat, [self.assistant.apology(user.language_code if user else None)])
        except Exception:
            log.exception("telegram: the apology for update %s failed too", update_id)

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ------------------------------------------------------------------ Channel
    async def send(self, user_id: str, replies: list[Reply]) -> bool:
        """Deliver replies the user did not ask for just now; False when they blocked the bot."""
        return await self._deliver(int(user_id), replies)

    def delivery(self) -> TelegramDelivery:
        return TelegramDelivery(self)

    def staff_address(self) -> Address | None:
        chat = self.services.settings.staff_chat_id
        return Address(CHANNEL, str(chat)) if chat is not None else None


def _for_another_bot(text: str | None, username: str | None) -> bool:
    """A command addressed to another bot by name (`/start@OtherBot`)."""
    if not text or not text.startswith("/"):
        return False
    command = text.split(maxsplit=1)[0]
    _, at, addressee = command.partition("@")
    return bool(at) and (username is None or addressee.casefold() != username.casefold())


def _request(http: str, pool: int, read_timeout: float = 10.0) -> BaseRequest:
    if http == "httpx":
        return HTTPXRequest(connection_pool_size=pool, read_timeout=read_timeout, pool_timeout=5.0)
    return AiohttpRequest(connection_pool_size=pool, read_timeout=read_timeout)
