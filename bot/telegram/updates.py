"""Reading updates: a getUpdates that survives what PTB cannot parse, and Update → Incoming.

PTB parses a whole getUpdates batch at once; one update it cannot read makes the call raise, the
offset never moves past it, and polling spins on the same batch forever. `GuardedBot` parses each
update on its own and puts an empty `Update(update_id)` in place of an unreadable one, so the offset
still confirms it and the rest of the batch is served.
"""

from __future__ import annotations

import datetime as dtm
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.ext import ExtBot

from handlers.hygiene import clean_text
from handlers.types import Incoming

log = logging.getLogger(__name__)

CHANNEL = "telegram"
#: The only update kinds Sammen asks Telegram for.
ALLOWED_UPDATES = ["message", "callback_query"]


def parse_update(raw: Any, bot: ExtBot[Any] | None) -> Update | None:
    """The update, an empty placeholder when it cannot be read but has an id, else None."""
    try:
        return Update.de_json(raw, bot)
    except Exception:
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if isinstance(update_id, int) and not isinstance(update_id, bool):
            log.warning("telegram: update %s could not be read and is skipped: %.300r", update_id, raw)
            return Update(update_id=update_id)
        log.warning("telegram: an update without an id could not be read: %.300r", raw)
        return None


class GuardedBot(ExtBot[Any]):
    """`ExtBot` whose `get_updates` never raises because of one malformed update, and hands each batch
    to `_on_received` (the inbox) before returning it: PTB confirms a batch (the next call's offset) only
    after that, so an update is stored before Telegram forgets it. If storing fails, the call raises,
    nothing is confirmed, and PTB asks again."""

    #: PTB's objects are frozen after construction; its own underscore attributes stay settable.
    _on_received: Callable[[list[Any]], Awaitable[None]] | None = None

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (PTB's signature)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        data: JSONDict = {"timeout": timeout, "offset": offset, "limit": limit, "allowed_updates": allowed_updates}
        base = self._request[0].read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        poll = timeout.total_seconds() if isinstance(timeout, dtm.timedelta) else (timeout or 0)
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=(base or 0) + poll,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        if not isinstance(result, list):
            log.warning("telegram: getUpdates answered %.200r", result)
            return ()
        if result and self._on_received is not None:
            await self._on_received(result)
        return tuple(u for raw in result if (u := parse_update(raw, self)) is not None)


def chat_of(update: Update) -> int | None:
    """The chat an update belongs to (a private chat's id is the user's id)."""
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        return message.chat.id if message is not None else query.from_user.id
    if update.message is not None:
        return update.message.chat.id
    return None


def to_incoming(update: Update) -> Incoming | None:
    """What the user did, for the core (with the update's id: the inbox's key); None for updates
    Sammen does not act on."""
    chat = chat_of(update)
    if chat is None:
        return None
    if update.callback_query is not None:
        query = update.callback_query
        data = clean_text(query.data) if isinstance(query.data, str) else ""
        return Incoming(
            CHANNEL,
            str(chat),
            action=data,
            language=query.from_user.language_code,
            display_name=query.from_user.first_name,
            actor_id=str(query.from_user.id),
            update_id=str(update.update_id),
        )
    message = update.message
    assert message is not None
    text = message.text if message.text is not None else message.caption  # a photo's caption is its question
    user = message.from_user
    return Incoming(
        CHANNEL,
        str(chat),
        text=clean_text(text) if isinstance(text, str) else "",
        language=user.language_code if user else None,
        display_name=user.first_name if user else None,
        actor_id=str(user.id) if user else None,
        update_id=str(update.update_id),
        photo=message.photo[-1].file_id if message.photo else None,
    )
