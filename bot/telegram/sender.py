"""The outgoing pipeline: shaped to Telegram's rates, retried when retrying can help, and honest
about the result, so the channel can mark a user who blocked the bot as unreachable.

* 429 → wait `retry_after` (everything pauses, as Telegram asks), then retry;
* 5xx, time-outs and network errors → retry with exponential backoff and jitter, a bounded number of times;
* 403 (blocked, deactivated, kicked) → `Outcome.BLOCKED`, never retried;
* 400 "can't parse entities" → sent once more as plain text (a renderer bug must not lose an answer);
  any other 400 → `Outcome.FAILED`;
* editing: 400 "message to edit not found" / "message can't be edited" → `Outcome.GONE` (nothing left
  to edit; retrying cannot help), "message is not modified" → `Outcome.SENT` (it already says that).
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import enum
import html
import logging
import random
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram.pace import Shaper
from bot.telegram.render import Part
from bot.telegram.request import AiohttpRequest

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote)(?:\s[^<>]*)?>")


class Outcome(enum.Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot (or is gone); send nothing more
    FAILED = "failed"  # gave up: a bad request, or still failing after the retries
    GONE = "gone"  # an edit of a message Telegram no longer has (deleted) or will not edit: nothing to do


@dataclass(frozen=True, slots=True)
class Sent:
    """The outcome of a send, with the id Telegram gave the (last) message when it was sent."""

    outcome: Outcome
    message_id: int | None = None


#: 400 answers to an edit that mean there is nothing (more) to edit.
_EDIT_GONE = ("message to edit not found", "message can't be edited", "message_id_invalid")
_EDIT_DONE = "message is not modified"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5  # tries in all, the first included
    backoff: float = 0.5  # first wait after a 5xx or network error; doubles each time
    max_backoff: float = 8.0
    max_retry_after: float = 120.0  # a longer flood wait is not worth holding an answer for


class _JsonBody:
    """What `AiohttpRequest.do_request` reads of PTB's `RequestData`: JSON-ready parameters, no files."""

    __slots__ = ("parameters",)
    contains_files = False

    def __init__(self, parameters: dict[str, Any]) -> None:
        self.parameters = parameters


def retry_after_seconds(exc: RetryAfter) -> float:
    value = exc._retry_after  # a timedelta; the public property warns about its type changing
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class Sender:
    """Send messages to chats through one `Shaper` and the retry policy."""

    def __init__(
        self,
        bot: Bot,
        *,
        rate_global: float = 30.0,
        rate_per_chat: float = 1.0,
        burst_per_chat: int = 3,
        retry: RetryPolicy | None = None,
        bulk_share: float = 1.0,
        paid_broadcast: bool = False,
    ) -> None:
        self.bot = bot
        # At high rates a small global burst lets the pace catch up on the event loop's timer slack.
        burst_global = max(1, int(rate_global // 50))
        self.shaper = Shaper(rate_global, rate_per_chat, burst_global=burst_global, burst_per_chat=burst_per_chat,
                             bulk_share=bulk_share)  # fmt: skip
        self.retry = retry or RetryPolicy()
        #: Bulk sends carry `allow_paid_broadcast` (Telegram's paid rate, up to 1,000/s, 0.1 Star a message).
        self.paid_broadcast = paid_broadcast
        #: Bulk sends skip PTB's parameter objects (half the CPU of a send at 1,000/s): a JSON body straight
        #: to PTB's request class, which still maps every answer to the same errors (RetryAfter, Forbidden…).
        self._lean = isinstance(bot.request, AiohttpRequest)

    async def send_parts(self, chat_id: int, parts: list[Part], *, bulk: bool = False) -> Sent:
        """Send the parts in order; stop at the first one that cannot be delivered. The id is the last
        message's (the one with the keyboard). `bulk` sends take the bulk lane's share of the rate."""
        sent = Sent(Outcome.SENT)
        for part in parts:
            sent = await self.send_message(chat_id, part.html, part.keyboard, bulk=bulk)
            if sent.outcome is not Outcome.SENT:
                return sent
        return sent

    async def send_message(
        self, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None, *, bulk: bool = False
    ) -> Sent:
        """Send one message; `Sent.message_id` is Telegram's id for it when it was sent."""
        params: dict[str, Any] = {"chat_id": chat_id, "text": text, "reply_markup": keyboard}
        params["link_preview_options"] = _NO_PREVIEW
        if bulk and self.paid_broadcast:
            params["allow_paid_broadcast"] = True
        outcome, result = await self._call("sendMessage", chat_id, params, bulk=bulk)
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return Sent(outcome, message_id if isinstance(message_id, int) else None)

    async def edit_message(
        self, chat_id: int, message_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None
    ) -> Outcome:
        """Replace a message's text; without `keyboard` its buttons are removed. GONE: nothing left to edit."""
        params = {"chat_id": chat_id, "message_id": message_id, "text": text, "reply_markup": keyboard}
        params["link_preview_options"] = _NO_PREVIEW
        outcome, _result = await self._call("editMessageText", chat_id, params)
        return outcome

    async def _call(
        self, method: str, chat_id: int, params: dict[str, Any], *, bulk: bool = False
    ) -> tuple[Outcome, Any]:
        """One text-carrying Bot API call with the shaping and retry policy; the outcome and Telegram's answer."""
        text: str = params["text"]
        parse_mode: str | None = ParseMode.HTML
        for attempt in range(1, self.retry.attempts + 1):
            await self.shaper.wait(chat_id, bulk=bulk)
            try:
                # `_post` is what `Bot.send_message` calls, with the same errors (RetryAfter, Forbidden,
                # BadRequest, NetworkError…); it skips building a `Message` from the answer, which is
                # never used and costs as much CPU as the request itself.
                if bulk and self._lean:
                    result = await self._post_json(method, {**params, "text": text, "parse_mode": parse_mode})
                else:
                    result = await self.bot._post(method, {**params, "text": text, "parse_mode": parse_mode})
                return Outcome.SENT, result
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if wait > self.retry.max_retry_after:
                    log.error("telegram: chat %s: flood wait of %.0f s, giving up on this message", chat_id, wait)
                    return Outcome.FAILED, None
                log.warning("telegram: 429 for chat %s, pausing sends for %.1f s", chat_id, wait)
                self.shaper.pause(wait)
            except Forbidden as exc:
                log.info("telegram: chat %s unreachable: %s", chat_id, exc.message)
                return Outcome.BLOCKED, None
            except BadRequest as exc:
                reason = exc.message.lower()
                if parse_mode is not None and "can't parse entities" in reason:
                    log.error("telegram: chat %s: HTML refused (%s), sending plain text", chat_id, exc.message)
                    text, parse_mode = html.unescape(_TAGS.sub("", text)), None
                    continue
                if method == "editMessageText" and _EDIT_DONE in reason:
                    return Outcome.SENT, None
                if method == "editMessageText" and any(gone in reason for gone in _EDIT_GONE):
                    log.info("telegram: chat %s: nothing to edit: %s", chat_id, exc.message)
                    return Outcome.GONE, None
                log.error("telegram: chat %s: message refused: %s", chat_id, exc.message)
                return Outcome.FAILED, None
            except NetworkError as exc:  # 5xx, time-outs, connection errors
                if attempt == self.retry.attempts:
                    break
                wait = min(self.retry.max_backoff, self.retry.backoff * 2 ** (attempt - 1))
                wait *= random.uniform(0.5, 1.0)
                log.warning("telegram: chat %s: %s, retry %d in %.2f s", chat_id, exc.message, attempt, wait)
                await asyncio.sleep(wait)
            except TelegramError as exc:
                log.error("telegram: chat %s: %s", chat_id, exc.message)
                return Outcome.FAILED, None
        log.error("telegram: chat %s: giving up after %d attempts", chat_id, self.retry.attempts)
        return Outcome.FAILED, None

    async def _post_json(self, method: str, params: dict[str, Any]) -> Any:
        body = {k: v.to_dict() if hasattr(v, "to_dict") else v for k, v in params.items() if v is not None}
        return await self.bot.request.post(f"{self.bot.base_url}/{method}", request_data=_JsonBody(body))  # type: ignore[arg-type]

    async def send_document(self, chat_id: int, filename: str, data: bytes, *, bulk: bool = False) -> Outcome:
        """Send a file (shaped like a message; a 429 pauses, network errors are retried)."""
        return await self._send_media(
            chat_id,
            "document",
            lambda: self.bot.send_document(chat_id, document=InputFile(data, filename=filename)),
            bulk=bulk,
        )

    async def send_photo(self, chat_id: int, file_id: str, *, bulk: bool = False) -> Outcome:
        """Send a photo Telegram already has (by its file_id), shaped and retried like a document."""
        return await self._send_media(chat_id, "photo", lambda: self.bot.send_photo(chat_id, photo=file_id), bulk=bulk)

    async def _send_media(
        self, chat_id: int, what: str, call: Callable[[], Awaitable[Any]], *, bulk: bool = False
    ) -> Outcome:
        for attempt in range(1, self.retry.attempts + 1):
            await self.shaper.wait(chat_id, bulk=bulk)
            try:
                await call()
                return Outcome.SENT
            except RetryAfter as exc:
                self.shaper.pause(retry_after_seconds(exc))
            except Forbidden:
                return Outcome.BLOCKED
            except NetworkError:
                if attempt < self.retry.attempts:
                    await asyncio.sleep(min(self.retry.max_backoff, self.retry.backoff * 2 ** (attempt - 1)))
            except TelegramError as exc:
                log.error("telegram: chat %s: %s refused: %s", chat_id, what, exc.message)
                return Outcome.FAILED
        return Outcome.FAILED

    async def typing(self, chat_id: int) -> Outcome:
        """Show "typing…": best effort, neither shaped nor retried (it is not a message)."""
        try:
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)
            return Outcome.SENT
        except Forbidden:
            return Outcome.BLOCKED
        except TelegramError as exc:
            log.debug("telegram: typing for chat %s failed: %s", chat_id, exc)
            return Outcome.FAILED

    async def answer_callback(self, query_id: str, text: str | None = None) -> None:
        """Stop the button's spinner; best effort, a lost answer only leaves the spinner a while."""
        try:
            await self.bot.answer_callback_query(query_id, text=text)
        except TelegramError as exc:
            log.debug("telegram: answerCallbackQuery %s failed: %s", query_id, exc)
