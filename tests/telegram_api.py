"""A Bot API stand-in: an aiohttp server on 127.0.0.1 that speaks Telegram's JSON to the real PTB client.

It validates what Telegram validates and a bot can get wrong (HTML entities parsed like Telegram,
4096 characters after parsing, 64-byte callback_data, known chats, answered callback queries), can be
told to fail (429 with retry_after, 403, 5xx, dropped connections) and records every request, in the
spirit of aiogram's ``tests/mocked_bot.py``. Where Telegram is lenient (a bare ``&`` or ``>``) this
stand-in is strict, so a test fails on output Telegram might or might not accept.

``base_url`` for PTB is ``http://127.0.0.1:PORT/bot`` (PTB appends the token and the method).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "123456:TEST-token_for-the-stand-in"
BOT_ID = 123456
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

_JSON_FIELDS = {
    "reply_markup",
    "commands",
    "allowed_updates",
    "scope",
    "link_preview_options",
    "reply_parameters",
    "entities",
}
_INT_FIELDS = {
    "chat_id",
    "message_id",
    "offset",
    "limit",
    "timeout",
    "cache_time",
    "max_connections",
    "user_id",
    "message_thread_id",
}
_BOOL_FIELDS = {
    "drop_pending_updates",
    "show_alert",
    "disable_notification",
    "protect_content",
    "disable_web_page_preview",
}
_SEND_METHODS = {
    "sendmessage",
    "senddocument",
    "sendchataction",
    "editmessagetext",
    "editmessagereplymarkup",
    "deletemessage",
}
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# Telegram's HTML: tags it knows, entities it knows (named ones and all numeric ones).
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))*)\s*>"
)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def utf16_len(text: str) -> int:
    """Telegram counts lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of Telegram HTML, or `ApiError` 400 "can't parse entities" like Telegram."""

    def fail(why: str, pos: int) -> ApiError:
        return ApiError(
            400, f"Bad Request: can't parse entities: {why} at byte offset {len(text[:pos].encode())}"
        )

    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch == "<":
            m = _TAG.match(text, pos)
            if not m:
                raise fail("Unsupported start tag", pos)
            closing, name = m.group(1) == "/", m.group(2).lower()
            if name not in ALLOWED_TAGS:
                raise fail(f'Unsupported start tag "{name}"', pos)
            if closing:
                if m.group(3):
                    raise fail(f'Unexpected attributes in end tag "{name}"', pos)
                if not stack or stack[-1] != name:
                    raise fail(f'Unmatched end tag "{name}"', pos)
                stack.pop()
            else:
                stack.append(name)
            pos = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, pos)
            if not m:
                raise fail("Unsupported HTML entity", pos)
            out.append(html.unescape(m.group(0)))
            pos = m.end()
        elif ch == ">":
            raise fail("Unexpected end tag character", pos)
        else:
            nxt = min(
                (i for i in (text.find("<", pos), text.find("&", pos), text.find(">", pos)) if i >= 0),
                default=len(text),
            )
            out.append(text[pos:nxt])
            pos = nxt
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"', len(text))
    return "".join(out)


@dataclass
class Fault:
    method: str
    status: int
    retry_after: int | None = None
    times: int = 1
    chat_id: int | str | None = None
    description: str | None = None
    #: matching calls let through before the fault starts
    after: int = 0


@dataclass
class Chat:
    id: int | str
    first_name: str = "Test"
    next_message_id: int = 1
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)

    def new_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


class TelegramStandIn:
    """The stand-in server and its test API. Use as ``async with TelegramStandIn() as tg:``."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        latency: float = 0.0,
        record: bool = True,
        rate_limit: float | None = None,
        rate_burst: int | None = None,
    ):
        self.token = token
        self.latency = latency
        #: Telegram's flood control, enforced: sendMessage faster than `rate_limit` a second (a generic
        #: cell rate with `rate_burst` back to back, default a twentieth of a second's worth, at least 3)
        #: answers 429 with retry_after 1, counted in `rate_violations`.
        self.rate_limit = rate_limit
        self.rate_burst = rate_burst if rate_burst is not None else max(3, int((rate_limit or 0) / 20))
        self.rate_violations = 0
        self._rate_tat = 0.0
        #: Files the bot sent (sendDocument): chat_id, file_name, mime_type, data.
        self.documents: list[dict[str, Any]] = []
        #: Photos the bot sent (sendPhoto by file_id): chat_id, file_id.
        self.photos: list[dict[str, Any]] = []
        self.record = record
        self.port = 0
        self.bot_user = {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Sammen",
            "username": "sammen_test_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.requests: list[dict[str, Any]] = []  # every call: method, params, status, time
        self.sent: list[dict[str, Any]] = []  # messages sent or edited by the bot, as accepted
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self.webhook_deliveries: list[dict[str, Any]] = []
        self.chats: dict[int | str, Chat] = {}
        self.blocked: set[int | str] = set()
        self.pending: list[dict[str, Any]] = []  # updates not yet confirmed
        self.confirmed_offset = 0
        self.on_sent: Callable[[dict[str, Any]], None] | None = None  # hook for benchmarks
        self._faults: list[Fault] = []
        self._allowed_updates: list[str] | None = None
        self._update_ids = itertools.count(1)
        self._callback_ids = itertools.count(1000)
        self._open_queries: set[str] = set()
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._delivery: asyncio.Task[None] | None = None
        self._methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            name.lower(): getattr(self, f"_m_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "sendDocument",
                "sendPhoto",
                "setWebhook",
                "deleteWebhook",
                "getWebhookInfo",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "sendMessage",
                "editMessageText",
                "editMessageReplyMarkup",
                "answerCallbackQuery",
                "sendChatAction",
                "deleteMessage",
                "logOut",
                "close",
            )
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> TelegramStandIn:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port, shutdown_timeout=0.5)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._delivery:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> TelegramStandIn:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ------------------------------------------------------------------ test API: input
    def add_chat(self, chat_id: int | str, first_name: str = "Test") -> Chat:
        """Make a chat known, as if the user had started the bot."""
        if chat_id not in self.chats:
            self.chats[chat_id] = Chat(chat_id, first_name)
        return self.chats[chat_id]

    def _user(self, chat_id: int | str, first_name: str, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": chat_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def push_message(
        self, chat_id: int, text: str, *, language_code: str | None = "nb", first_name: str = "Test"
    ) -> dict[str, Any]:
        """A user writes `text` in a private chat; a leading /command gets its bot_command entity."""
        chat = self.add_chat(chat_id, first_name)
        message: dict[str, Any] = {
            "message_id": chat.new_message_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": first_name},
            "from": self._user(chat_id, first_name, language_code),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        chat.messages[message["message_id"]] = message
        return self.push_raw({"message": message})

    def push_callback(
        self,
        chat_id: int,
        data: str,
        message_id: int | None = None,
        *,
        language_code: str | None = "nb",
        first_name: str = "Test",
    ) -> dict[str, Any]:
        """A user presses an inline button carrying `data` (by default under the bot's last message)."""
        chat = self.add_chat(chat_id, first_name)
        if message_id is None:
            own = [m for m in chat.messages.values() if m.get("from", {}).get("id") == BOT_ID]
            message_id = own[-1]["message_id"] if own else chat.new_message_id()
        message = chat.messages.get(message_id) or {
            "message_id": message_id,
            "date": int(time.time()),
            "from": self.bot_user,
            "chat": {"id": chat_id, "type": "private", "first_name": first_name},
            "text": "…",
        }
        query_id = str(next(self._callback_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(chat_id, first_name, language_code),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": message,
        }
        return self.push_raw({"callback_query": query})

    def push_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update as is (an update_id is added when missing): for malformed updates."""
        update = dict(update)
        if "update_id" not in update:
            update["update_id"] = next(self._update_ids)
        self.pending.append(update)
        self._notify()
        if self.webhook["url"]:
            self._ensure_delivery()
        return update

    # ------------------------------------------------------------------ test API: faults
    def fail_next(
        self,
        method: str,
        status: int,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | str | None = None,
        description: str | None = None,
        after: int = 0,
    ) -> None:
        """The next `times` calls of `method` (for `chat_id`, if given) fail with `status`, once `after`
        such calls have gone through.

        Status 0 drops the connection without an answer (a network error).
        """
        self._faults.append(Fault(method.lower(), status, retry_after, times, chat_id, description, after))

    def clear_faults(self) -> None:
        self._faults.clear()

    def block(self, chat_id: int | str) -> None:
        """The user blocked the bot: every send to the chat answers 403."""
        self.blocked.add(chat_id)

    def unblock(self, chat_id: int | str) -> None:
        self.blocked.discard(chat_id)

    # ------------------------------------------------------------------ test API: observation
    def messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (sendMessage accepted), oldest first."""
        return [
            s
            for s in self.sent
            if s["method"] == "sendMessage" and (chat_id is None or s["chat_id"] == chat_id)
        ]

    def calls(self, method: str, **match: Any) -> list[dict[str, Any]]:
        """Recorded requests of `method` whose params include `match`."""
        return [
            r
            for r in self.requests
            if r["method"].lower() == method.lower()
            and all(r["params"].get(k) == v for k, v in match.items())
        ]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """Wait until `predicate()` is truthy and return its value; TimeoutError otherwise."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not (value := predicate()):
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout} s")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)
        return value

    async def wait_for_messages(
        self,
        chat_id: int | str,
        n: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[dict[str, Any]]:
        """The first `n` messages sent to `chat_id`, once there are at least `n`."""
        return await self.wait_for(lambda: (m := self.messages(chat_id)) and len(m) >= n and m[:n], timeout)

    async def wait_confirmed(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until every pushed update was confirmed (fetched with a higher offset, or delivered)."""
        await self.wait_for(lambda: not self.pending, timeout)

    async def post_webhook_update(
        self, url: str, update: dict[str, Any] | str, secret: str | None
    ) -> tuple[int, str]:
        """POST an update to a webhook like Telegram does; `secret` None sends no secret header."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        body = update if isinstance(update, str) else json.dumps(update)
        async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as resp:
            return resp.status, await resp.text()

    # ------------------------------------------------------------------ HTTP
    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            else:
                form = await request.post()
                params.update({k: v for k, v in form.items() if isinstance(v, str)})
                files = {k: v for k, v in form.items() if isinstance(v, web.FileField)}
                if files:  # an upload (sendDocument): name, type and bytes
                    params["_files"] = {k: (f.filename, f.content_type, f.file.read()) for k, f in files.items()}
        for key, value in params.items():
            if not isinstance(value, str):
                continue
            if key in _JSON_FIELDS:
                with contextlib.suppress(ValueError):
                    params[key] = json.loads(value)
            elif key in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
                params[key] = int(value)
            elif key in _BOOL_FIELDS and value in ("true", "false"):
                params[key] = value == "true"
        return params

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        key = method.lower()
        try:
            params = await self._params(request)
        except ValueError:
            params = {}
        record = {"method": method, "params": params, "status": 0, "time": time.monotonic()}
        if self.record:
            self.requests.append(record)
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            handler = self._methods.get(key)
            if handler is None:
                raise ApiError(404, "Not Found")
            fault = self._take_fault(key, params.get("chat_id"))
            if fault is not None:
                if fault.status == 0:
                    assert request.transport is not None
                    request.transport.close()
                    record["status"] = 0
                    self._notify()
                    return web.Response()
                raise self._fault_error(fault)
            if key in _SEND_METHODS and params.get("chat_id") in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if key == "sendmessage" and self.rate_limit:
                self._check_rate()
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
            record["status"] = 200
            return web.json_response({"ok": True, "result": result})
        except ApiError as exc:
            record["status"] = exc.status
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        finally:
            self._notify()

    def _check_rate(self) -> None:
        assert self.rate_limit
        now, interval = time.monotonic(), 1.0 / self.rate_limit
        tat = max(self._rate_tat, now)
        if tat - now > (self.rate_burst - 1) * interval + 1e-9:
            self.rate_violations += 1
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._rate_tat = tat + interval

    def _take_fault(self, method: str, chat_id: Any) -> Fault | None:
        for fault in self._faults:
            if fault.method == method and (fault.chat_id is None or fault.chat_id == chat_id):
                if fault.after > 0:
                    fault.after -= 1
                    return None
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_error(fault: Fault) -> ApiError:
        if fault.status == 429:
            retry_after = fault.retry_after or 1
            return ApiError(
                429,
                fault.description or f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
            )
        default = {
            403: "Forbidden: bot was blocked by the user",
            400: "Bad Request",
            409: "Conflict",
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
        }
        return ApiError(fault.status, fault.description or default.get(fault.status, "Error"))

    # ------------------------------------------------------------------ validation helpers
    def _chat(self, params: dict[str, Any]) -> Chat:
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        if chat_id not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self.chats[chat_id]

    @staticmethod
    def _text(params: dict[str, Any]) -> str:
        text = params.get("text")
        if not isinstance(text, str):
            raise ApiError(400, "Bad Request: message text is empty")
        parse_mode = (params.get("parse_mode") or "").lower()
        visible = parse_html(text) if parse_mode == "html" else text
        visible = visible.strip()
        if not visible:
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return visible

    @staticmethod
    def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError(
                400,
                'Bad Request: can\'t parse inline keyboard button: field "inline_keyboard" '
                "must be an Array of Arrays",
            )
        for row in rows:
            if len(row) > 8:
                raise ApiError(400, "Bad Request: too many inline keyboard buttons in a row")
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: Text buttons are "
                        "unallowed in the inline keyboard",
                    )
                kinds = [
                    k
                    for k in (
                        "callback_data",
                        "url",
                        "switch_inline_query",
                        "web_app",
                        "login_url",
                        "pay",
                        "copy_text",
                    )
                    if k in button
                ]
                if len(kinds) != 1:
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: exactly one of the "
                        "optional fields must be used",
                    )
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$|^(mailto|tel):\S+$", button["url"]):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return markup

    def _message(
        self, chat: Chat, message_id: int, text: str, markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": self.bot_user,
            "date": int(time.time()),
            "chat": {"id": chat.id, "type": "private", "first_name": chat.first_name},
            "text": text,
        }
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        return message

    def _record_sent(self, method: str, chat: Chat, message: dict[str, Any], params: dict[str, Any]) -> None:
        entry = {
            "method": method,
            "chat_id": chat.id,
            "message_id": message["message_id"],
            "text": message["text"],
            "html": params.get("text"),
            "parse_mode": params.get("parse_mode"),
            "reply_markup": message.get("reply_markup"),
            "time": time.monotonic(),
        }
        if self.record:
            self.sent.append(entry)
        if self.on_sent:
            self.on_sent(entry)

    # ------------------------------------------------------------------ methods
    def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    def _m_logOut(self, params: dict[str, Any]) -> bool:
        return True

    def _m_close(self, params: dict[str, Any]) -> bool:
        return True

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset") or 0
        if offset > 0:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self.pending = [u for u in self.pending if u["update_id"] >= offset]
        if "allowed_updates" in params and isinstance(params["allowed_updates"], list):
            self._allowed_updates = params["allowed_updates"] or None
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        # Telegram ends an older long poll with 409 when a newer one arrives.
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one "
                    "bot instance is running",
                )
            ready = [u for u in self.pending if self._allowed(u)][:limit]
            if ready:
                return ready
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _allowed(self, update: dict[str, Any]) -> bool:
        if not self._allowed_updates:
            return True
        kinds = [k for k in update if k != "update_id"]
        return not kinds or any(k in self._allowed_updates for k in kinds)

    def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        url = params.get("url") or ""
        if url and not re.match(r"^https?://", url):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self.pending.clear()
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": params.get("allowed_updates"),
            "max_connections": params.get("max_connections", 40),
        }
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = params["allowed_updates"] or None
        if url:
            self._ensure_delivery()
        return True

    def _m_deleteWebhook(self, params: dict[str, Any]) -> bool:
        if params.get("drop_pending_updates"):
            self.pending.clear()
        self.webhook = {"url": ""}
        return True

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        info = {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending),
        }
        if self.webhook["url"]:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        lang = params.get("language_code") or ""
        if lang and not re.fullmatch(r"[a-z]{2}", lang):
            raise ApiError(400, "Bad Request: invalid language code specified")
        return json.dumps(scope, sort_keys=True), lang

    def _m_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: command description must be non-empty")
        self.commands[self._scope_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _m_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.commands.get(self._scope_key(params), [])

    def _m_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._scope_key(params), None)
        return True

    def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        text = self._text(params)
        markup = self._markup(params)
        message = self._message(chat, chat.new_message_id(), text, markup)
        chat.messages[message["message_id"]] = message
        self._record_sent("sendMessage", chat, message, params)
        return message

    def _m_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        upload = (params.get("_files") or {}).get("document")
        if upload is None:
            raise ApiError(400, "Bad Request: there is no document in the request")
        filename, mime, content = upload
        message = self._message(chat, chat.new_message_id(), str(params.get("caption") or ""), None)
        message["document"] = {"file_name": filename, "mime_type": mime, "file_size": len(content)}
        chat.messages[message["message_id"]] = message
        self.documents.append({"chat_id": chat.id, "file_name": filename, "mime_type": mime, "data": content})
        self._record_sent("sendDocument", chat, message, params)
        return message

    def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        message = self._message(chat, chat.new_message_id(), str(params.get("caption") or ""), None)
        message["photo"] = [{"file_id": photo, "file_unique_id": photo[-8:], "width": 1280, "height": 960}]
        chat.messages[message["message_id"]] = message
        self.photos.append({"chat_id": chat.id, "file_id": photo})
        self._record_sent("sendPhoto", chat, message, params)
        return message

    def _own_message(self, chat: Chat, params: dict[str, Any], verb: str) -> dict[str, Any]:
        message = chat.messages.get(params.get("message_id"))  # type: ignore[arg-type]
        if message is None or message.get("from", {}).get("id") != BOT_ID:
            raise ApiError(400, f"Bad Request: message to {verb} not found")
        return message

    def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        old = self._own_message(chat, params, "edit")
        text = self._text(params)
        markup = self._markup(params)
        if text == old["text"] and markup == old.get("reply_markup"):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message = self._message(chat, old["message_id"], text, markup)
        chat.messages[message["message_id"]] = message
        self._record_sent("editMessageText", chat, message, params)
        return message

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        old = self._own_message(chat, params, "edit")
        markup = self._markup(params)
        if markup == old.get("reply_markup") or (not markup and "reply_markup" not in old):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        message = self._message(chat, old["message_id"], old["text"], markup)
        chat.messages[message["message_id"]] = message
        self._record_sent("editMessageReplyMarkup", chat, message, {"text": None})
        return message

    def _m_deleteMessage(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params)
        if chat.messages.pop(params.get("message_id"), None) is None:  # type: ignore[arg-type]
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_queries:
            raise ApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        if self.record:
            self.callback_answers.append(
                {
                    "callback_query_id": query_id,
                    "text": params.get("text"),
                    "show_alert": bool(params.get("show_alert")),
                    "time": time.monotonic(),
                }
            )
        return True

    def _m_sendChatAction(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        if self.record:
            self.chat_actions.append(
                {"chat_id": chat.id, "action": params["action"], "time": time.monotonic()}
            )
        return True

    # ------------------------------------------------------------------ webhook delivery
    def _ensure_delivery(self) -> None:
        if self._delivery is None or self._delivery.done():
            self._delivery = asyncio.get_running_loop().create_task(self._deliver())

    async def _deliver(self) -> None:
        """Post pending updates to the webhook in order, one at a time; retry on failure like Telegram."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        while self.webhook["url"] and self.pending:
            update = self.pending[0]
            url, secret = self.webhook["url"], self.webhook.get("secret_token")
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}
            try:
                async with self._session.post(url, json=update, headers=headers) as resp:
                    status = resp.status
            except aiohttp.ClientError:
                status = 0
            self.webhook_deliveries.append({"update_id": update["update_id"], "status": status})
            if 200 <= status < 300:
                if self.pending and self.pending[0] is update:
                    self.pending.pop(0)
            else:
                await asyncio.sleep(0.2)
            self._notify()
