"""The outgoing pipeline: shaped to Telegram's rates, retried when retrying can help, and honest
about the result, so the channel can mark a user who blocked the bot as unreachable.

* 429 → wait `retry_after` (everything pauses, as Telegram asks), then retry;
* 5xx, time-outs and network errors → retry with exponential backoff and jitter, a bounded number of times;
* 403 (blocked, deactivated, kicked) → `Outcome.BLOCKED`, never retried;
* 400 "can't parse entities" → sent once more as plain text (a renderer bug must not lose an answer);
  any other 400 → `Outcome.FAILED`.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import enum
import html
import logging
import random
import re
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.telegram.pace import Shaper
from bot.telegram.render import Part

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote)(?:\s[^<>]*)?>")


class Outcome(enum.Enum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot (or is gone); send nothing more
    FAILED = "failed"  # gave up: a bad request, or still failing after the retries


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 5  # tries in all, the first included
    backoff: float = 0.5  # first wait after a 5xx or network error; doubles each time
    max_backoff: float = 8.0
    max_retry_after: float = 120.0  # a longer flood wait is not worth holding an answer for


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
    ) -> None:
        self.bot = bot
        self.shaper = Shaper(rate_global, rate_per_chat, burst_per_chat=burst_per_chat)
        self.retry = retry or RetryPolicy()

    async def send_parts(self, chat_id: int, parts: list[Part]) -> Outcome:
        """Send the parts in order; stop at the first one that cannot be delivered."""
        for part in parts:
            outcome = await self.send_message(chat_id, part.html, part.keyboard)
            if outcome is not Outcome.SENT:
                return outcome
        return Outcome.SENT

    async def send_message(self, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None) -> Outcome:
        parse_mode: str | None = ParseMode.HTML
        for attempt in range(1, self.retry.attempts + 1):
            await self.shaper.wait(chat_id)
            try:
                # `_post` is what `Bot.send_message` calls, with the same errors (RetryAfter, Forbidden,
                # BadRequest, NetworkError…); it skips building a `Message` from the answer, which is
                # never used and costs as much CPU as the request itself.
                await self.bot._post(
                    "sendMessage",
                    {
                        "chat_id": chat_id,
                        "text": text,
                        "parse_mode": parse_mode,
                        "reply_markup": keyboard,
                        "link_preview_options": _NO_PREVIEW,
                    },
                )
                return Outcome.SENT
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if wait > self.retry.max_retry_after:
                    log.error("telegram: chat %s: flood wait of %.0f s, giving up on this message", chat_id, wait)
                    return Outcome.FAILED
                log.warning("telegram: 429 for chat %s, pausing sends for %.1f s", chat_id, wait)
                self.shaper.pause(wait)
            except Forbidden as exc:
                log.info("telegram: chat %s unreachable: %s", chat_id, exc.message)
                return Outcome.BLOCKED
            except BadRequest as exc:
                if parse_mode is not None and "can't parse entities" in exc.message.lower():
                    log.error("telegram: chat %s: HTML refused (%s), sending plain text", chat_id, exc.message)
                    text, parse_mode = html.unescape(_TAGS.sub("", text)), None
                    continue
                log.error("telegram: chat %s: message refused: %s", chat_id, exc.message)
                return Outcome.FAILED
            except NetworkError as exc:  # 5xx, time-outs, connection errors
                if attempt == self.retry.attempts:
                    break
                wait = min(self.retry.max_backoff, self.retry.backoff * 2 ** (attempt - 1))
                wait *= random.uniform(0.5, 1.0)
                log.warning("telegram: chat %s: %s, retry %d in %.2f s", chat_id, exc.message, attempt, wait)
                await asyncio.sleep(wait)
            except TelegramError as exc:
                log.error("telegram: chat %s: %s", chat_id, exc.message)
                return Outcome.FAILED
        log.error("telegram: chat %s: giving up after %d attempts", chat_id, self.retry.attempts)
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
