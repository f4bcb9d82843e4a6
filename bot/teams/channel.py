"""The Microsoft Teams channel: Bot Framework activities in at `POST /api/teams/messages`, the core,
activities out through the connector's REST API.

An activity is authenticated (`auth`), stored in the inbox, and only then acknowledged (200), like a
Telegram webhook update: whatever happens afterwards, it is handled (after a restart at the latest)
and never twice. It is handled after the acknowledgement (Teams wants an answer within 15 s), each
conversation's activities in order; the replies go to the connector (`connector`) as new messages in
the conversation. Unprompted messages go through the outbox and `TeamsDelivery`, to the conversation
reference stored with the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from aiohttp import web
from microsoft_agents.activity import Activity

from bot.teams import activities
from bot.teams.activities import CHANNEL
from bot.teams.auth import Authenticator, KeyLookup, Unauthorized
from bot.teams.connector import Connector, ConnectorError, Posted, TokenError
from bot.teams.delivery import TeamsDelivery
from bot.teams.files import Files
from bot.teams.render import render
from handlers.assistant import UserLocks
from handlers.channel import Address
from handlers.hygiene import json_depth_exceeds
from handlers.types import Incoming, Reply
from storage.outbox import OutboxRepository, Payload

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PATH = "/api/teams/messages"
MAX_BODY = 256 * 1024
#: "typing…" is shown only for answers that take longer than this (seconds), and refreshed before
#: Teams lets it fade (about 3 s).
TYPING_AFTER = 0.2
TYPING_REFRESH = 2.5
#: A 429 on a reply someone is waiting for is waited out this long at most (else logged).
MAX_INLINE_WAIT = 10.0
STAFF_SERVICE_URL_KEY = "teams.staff_service_url"


class TeamsChannel:
    name = CHANNEL

    def __init__(self, services: Services, *, keys: KeyLookup | None = None) -> None:
        settings = services.settings.teams
        if not settings.enabled:
            raise ValueError("TEAMS_APP_ID is not set")
        self.services = services
        self.assistant = services.assistant
        self.settings = settings
        self.auth = Authenticator(settings, keys)
        self.connector = Connector(settings)
        self.files = Files(services)
        self.staff_channel = services.settings.staff_teams_channel
        self.staff_service_url = settings.service_url
        self._accepting = False
        self._tasks: set[asyncio.Task[Any]] = set()
        self._order = UserLocks()

    # ------------------------------------------------------------------ lifecycle
    def register_routes(self, app: web.Application) -> None:
        app.router.add_post(PATH, self.post_activity)
        self.files.register_routes(app)

    async def start(self) -> None:
        if self.settings.allow_anonymous:
            log.warning(
                "teams: TEAMS_ALLOW_ANONYMOUS is on: requests without a token are accepted. For local "
                "development only; never in production."
            )
        if not self.settings.app_id:
            log.warning("teams: no TEAMS_APP_ID: only anonymous requests can be served")
        elif self.settings.app_password is None:
            log.warning("teams: no TEAMS_APP_PASSWORD: messages are sent without a token, which only the "
                        "Emulator accepts")  # fmt: skip
        stored = await self.services.database.kv_get(STAFF_SERVICE_URL_KEY)
        if stored:
            self.staff_service_url = str(stored)
        self._accepting = True
        await self._resume()

    async def stop(self) -> None:
        """Stop taking activities, let those in hand finish within the grace (what is left stays in the
        inbox and is handled after the restart), then close the connector's session."""
        self._accepting = False
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=self.services.settings.shutdown_grace)
            for task in pending:
                task.cancel()
            if pending:
                log.error("teams: %d activities handed back to the inbox (handled after the restart)", len(pending))
        await self.connector.close()

    # ------------------------------------------------------------------ receiving
    async def post_activity(self, request: web.Request) -> web.Response:
        """401 without a valid token, 503 while stopped (the service retries), 400 for what is not an
        activity; otherwise stored, then 200."""
        if not self._accepting:
            return web.Response(status=503, text="stopping")
        try:
            claims = await self.auth.token(request.headers.get("Authorization"))
        except Unauthorized as exc:
            log.warning("teams: request from %s refused: %s", request.remote, exc)
            return web.Response(status=401, text="unauthorized")
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.content.iter_chunked(64 * 1024):
            size += len(chunk)
            if size > MAX_BODY:
                return web.Response(status=413, text="too large")
            chunks.append(chunk)
        raw = _json(b"".join(chunks))
        activity = activities.parse(raw)
        if activity is None or not activity.type:
            log.warning("teams: a body that is not an activity; dropped")
            return web.Response(status=400, text="not an activity")
        try:
            self.auth.same_service(claims, activity.service_url)
        except Unauthorized as exc:
            log.warning("teams: request from %s refused: %s", request.remote, exc)
            return web.Response(status=401, text="unauthorized")
        gone = activities.uninstalled(activity)
        if gone is not None:  # nothing is sent to them until they add the app again and write
            await self.assistant.mark_unreachable(CHANNEL, gone)
            return web.Response(status=200)
        incoming = activities.to_incoming(activity)
        if incoming is None:
            return web.Response(status=200)  # typing, reactions, other members joining: nothing to do
        key = incoming.update_id or activities.update_id(activity)
        async with self.services.database.uow() as uow:  # stored before it is acknowledged
            await uow.inbox.store(CHANNEL, [(key, raw)])
        self._spawn(self._handle(raw, (activity, incoming)))
        return web.Response(status=200)

    async def _resume(self) -> None:
        """Take back what a previous run stored and did not finish."""
        async with self.services.database.uow() as uow:
            left = await uow.inbox.unfinished(CHANNEL)
        for stored in left:
            self._spawn(self._handle(stored.payload))
        if left:
            log.warning("teams: %d activities taken in before a restart are handled now", len(left))

    async def _handle(self, raw: Any, parsed: tuple[Activity, Incoming] | None = None) -> None:
        """Handle one stored activity (`parsed`: already read by the route) and send the replies."""
        activity: Activity | None
        incoming: Incoming | None
        if parsed is not None:
            activity, incoming = parsed
        else:
            activity = activities.parse(raw)
            incoming = activities.to_incoming(activity) if activity is not None else None
        if activity is None or incoming is None or incoming.update_id is None:
            return
        assert activity.conversation is not None and activity.service_url is not None
        update_id = incoming.update_id
        key = (CHANNEL, activity.conversation.id)
        await self._order(key)  # one conversation's activities are answered in order
        try:
            if self.staff_channel and activities.channel_id(activity) == self.staff_channel:
                await self._learn_staff_service_url(activity.service_url)
            incoming = self._command(incoming)
            try:
                replies = await self._answer(incoming)
            except Exception:
                log.exception("teams: activity %s failed", update_id)
                await self._finished(update_id, failed=True)
                await self._deliver(incoming, [self.assistant.apology(incoming.language)])
                return
            # The core has committed: the replies are sent and the activity marked done even when a
            # stop cancels this task now (else a restart would send them again).
            await asyncio.shield(self._deliver_and_finish(incoming, replies, update_id))
        finally:
            self._order.release(key)

    async def _answer(self, incoming: Incoming) -> list[Reply]:
        """The core's replies; Teams shows "typing…" meanwhile when they take longer than TYPING_AFTER
        (a quicker answer arrives before an indicator would be seen, and it saves a connector call)."""
        done = asyncio.Event()
        typing: list[asyncio.Task[Any]] = []
        timer = asyncio.get_running_loop().call_later(
            TYPING_AFTER, lambda: typing.append(self._spawn(self._keep_typing(incoming, done)))
        )
        try:
            return await self.assistant.handle(incoming)
        finally:
            done.set()
            timer.cancel()
            if typing:
                await asyncio.wait(typing)  # "typing…" must not arrive after the answer

    async def _keep_typing(self, incoming: Incoming, done: asyncio.Event) -> None:
        ref = incoming.ref or {}
        while not done.is_set():
            try:
                posted = await self.connector.send(str(ref["serviceUrl"]), str(ref["conversation"]["id"]),
                                                   {"type": "typing"})  # fmt: skip
            except (ConnectorError, TokenError):
                return
            if not posted.ok:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), TYPING_REFRESH)

    def _command(self, incoming: Incoming) -> Incoming:
        """A command picked from the app's command list arrives as its bare name ("help"): the core's
        commands start with "/"."""
        word = (incoming.text or "").strip().lower()
        if word and not word.startswith("/") and word in self.assistant.registry.commands:
            return replace(incoming, text="/" + word)
        return incoming

    async def _deliver_and_finish(self, incoming: Incoming, replies: list[Reply], update_id: str) -> None:
        await self._deliver(incoming, replies)
        await self._finished(update_id)

    async def _deliver(self, incoming: Incoming, replies: list[Reply]) -> bool:
        """Send each reply in order to the conversation the activity came from. 403/404 marks the user
        unreachable and stops; a failure that may pass (429 beyond a short wait, 5xx, the network, no
        token) hands this reply and the rest to the outbox, which tries again."""
        ref = incoming.ref or {}
        service_url, conversation = str(ref["serviceUrl"]), str(ref["conversation"]["id"])
        for i, reply in enumerate(replies):
            activity = render(reply, await self.files.url(reply, incoming.user_id))
            try:
                posted = await self._post(service_url, conversation, activity)
            except (ConnectorError, TokenError) as exc:
                failure = str(exc)
            else:
                if posted.ok:
                    continue
                if posted.gone:
                    await self.assistant.mark_unreachable(CHANNEL, incoming.user_id)
                    return False
                if posted.status != 429 and posted.status < 500:
                    log.error("teams: the connector refused a reply with %d; not sent", posted.status)
                    continue
                failure = f"the connector answered {posted.status}"
            log.warning("teams: a reply could not be sent now (%s); the outbox will send it", failure)
            await self._defer(incoming, replies[i:])
            return False
        return True

    async def _defer(self, incoming: Incoming, replies: list[Reply]) -> None:
        """Replies the connector would not take now, to the outbox (to the same conversation)."""
        payload: list[Payload] = list(replies)
        async with self.services.database.uow() as uow:
            user = await uow.users.get(CHANNEL, incoming.user_id)
            await OutboxRepository(uow.session).enqueue(
                CHANNEL, incoming.user_id, payload, user=user, address_ref=incoming.ref
            )

    async def _post(self, service_url: str, conversation: str, activity: dict[str, Any]) -> Posted:
        posted = await self.connector.send(service_url, conversation, activity)
        if posted.status == 429 and (posted.retry_after or 1.0) <= MAX_INLINE_WAIT:
            await asyncio.sleep(posted.retry_after or 1.0)
            posted = await self.connector.send(service_url, conversation, activity)
        return posted

    async def _finished(self, update_id: str, *, failed: bool = False) -> None:
        try:
            async with self.services.database.uow() as uow:
                if failed:
                    await uow.inbox.failed(CHANNEL, update_id)
                else:
                    await uow.inbox.done(CHANNEL, update_id)
        except Exception:
            log.exception("teams: activity %s could not be marked done", update_id)

    async def _learn_staff_service_url(self, service_url: str) -> None:
        """The staff channel's connector, as its own messages tell it (kept for unprompted notices)."""
        if service_url != self.staff_service_url:
            self.staff_service_url = service_url
            await self.services.database.kv_set(STAFF_SERVICE_URL_KEY, service_url)

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def idle(self) -> None:
        """Wait until every activity taken in is handled (tests)."""
        while self._tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait(set(self._tasks))

    # ------------------------------------------------------------------ Channel
    def delivery(self) -> TeamsDelivery:
        return TeamsDelivery(self)

    def staff_address(self) -> Address | None:
        if not self.staff_channel:
            return None
        return Address(CHANNEL, self.staff_channel, {"staff": True})


def _json(body: bytes) -> Any:
    """The body as JSON, or None (not UTF-8, not JSON, nested deeper than any activity is)."""
    try:
        text = body.decode("utf-8")
        return None if json_depth_exceeds(text) else json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None

