"""End to end on Telegram: the real server app (channels, outbox worker, scheduler), PTB as the client,
the Bot API stand-in as Telegram. A user forwards a question; staff answer it in the staff chat, or
through the staff use case the dashboard calls; the user receives the answer in their chat."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import select

from bot.db.models import AuditLog, OutboxMessage, Staff, Ticket, TicketMessage
from bot.server import build_app
from bot.services import Services, build_services
from bot.settings import Settings, TelegramSettings
from tests.telegram_api import BOT_ID, DEFAULT_TOKEN, TelegramStandIn

USER = 4242
STAFF_CHAT = -1001234567
KARI = 777  # in STAFF_TELEGRAM_IDS
OLA = 888  # in the staff chat, but not staff
QUESTION = "Hvor kan jeg kjøpe billige flybilletter til Spania?"
_ids = itertools.count(1)


class Server:
    def __init__(self, tg: TelegramStandIn, db: Path) -> None:
        self.tg, self.db = tg, db
        self.services: Services | None = None
        self.runner: web.AppRunner | None = None

    async def start(self) -> Server:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{self.db}",
            staff_chat_id=STAFF_CHAT,
            staff_telegram_ids=[KARI],
            telegram=TelegramSettings(
                bot_token=DEFAULT_TOKEN, api_base_url=self.tg.base_url, rate_global=1000.0, rate_per_chat=1000.0
            ),
        )
        self.services = await build_services(settings)
        self.runner = web.AppRunner(build_app(self.services), access_log=None, shutdown_timeout=1.0)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        return self

    async def stop(self) -> None:
        assert self.runner is not None and self.services is not None
        await self.runner.cleanup()
        await self.services.close()


@pytest.fixture
async def tg():
    async with TelegramStandIn() as stand_in:
        stand_in.add_chat(STAFF_CHAT, "Rådgivning")
        yield stand_in


@pytest.fixture
async def server(tg, tmp_path):
    srv = await Server(tg, tmp_path / "sammen.db").start()
    yield srv
    await srv.stop()


def buttons_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def data_of(message: dict[str, Any], label_part: str) -> str:
    for button in buttons_of(message):
        if label_part.casefold() in button["text"].casefold():
            return str(button["callback_data"])
    raise AssertionError(f"no button {label_part!r} in {[b['text'] for b in buttons_of(message)]}")


async def next_messages(tg: TelegramStandIn, chat: int, action: Any, n: int = 1) -> list[dict[str, Any]]:
    before = len(tg.messages(chat))
    action()
    return (await tg.wait_for_messages(chat, before + n, timeout=10))[before:]


def group_message(tg: TelegramStandIn, from_id: int, text: str, first_name: str = "Kari") -> None:
    """A staff member writes in the staff group (as a reply to the bot, which privacy mode lets through)."""
    bot_messages = tg.messages(STAFF_CHAT)
    message: dict[str, Any] = {
        "message_id": 10_000 + next(_ids),
        "date": int(time.time()),
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Rådgivning"},
        "from": {"id": from_id, "is_bot": False, "first_name": first_name, "language_code": "nb"},
        "text": text,
    }
    if bot_messages:
        last = bot_messages[-1]
        message["reply_to_message"] = {
            "message_id": last["message_id"],
            "date": int(time.time()),
            "chat": message["chat"],
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Sammen"},
            "text": last["text"],
        }
    tg.push_raw({"message": message})


def group_press(tg: TelegramStandIn, from_id: int, data: str, first_name: str = "Kari") -> None:
    query_id = f"g{next(_ids)}"
    tg._open_queries.add(query_id)  # the stand-in checks that each query is answered once
    last = tg.messages(STAFF_CHAT)[-1]
    tg.push_raw(
        {
            "callback_query": {
                "id": query_id,
                "from": {"id": from_id, "is_bot": False, "first_name": first_name, "language_code": "nb"},
                "chat_instance": "staff",
                "data": data,
                "message": {
                    "message_id": last["message_id"],
                    "date": int(time.time()),
                    "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "Rådgivning"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Sammen"},
                    "text": last["text"],
                },
            }
        }
    )


async def forward_question(tg: TelegramStandIn) -> dict[str, Any]:
    """The user asks something unknown and forwards it; returns the staff chat's notice."""
    [reply] = await next_messages(tg, USER, lambda: tg.push_message(USER, QUESTION))
    if not any("|forward|" in b.get("callback_data", "") for b in buttons_of(reply)):
        [reply] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(reply, "Ingen av disse")))
    [confirm] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(reply, "Spør en person")))
    assert "rådgivningsmøtet" in confirm["text"] and "kl. 09:00" in confirm["text"]
    before = len(tg.messages(STAFF_CHAT))
    [done] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(confirm, "Ja")))
    assert "som spørsmål #1" in done["text"] and "Neste møte" in done["text"]
    [notice] = (await tg.wait_for_messages(STAFF_CHAT, before + 1, timeout=10))[before:]
    return notice


async def test_staff_answer_in_the_staff_chat_reaches_the_user(tg, server) -> None:
    notice = await forward_question(tg)
    assert "Spørsmål #1" in notice["text"] and QUESTION in notice["text"]
    answer_button = data_of(notice, "Svar")
    assert answer_button == "1|sans|1"

    [refusal] = await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, OLA, answer_button, "Ola"))
    assert "bare rådgiverne" in refusal["text"]

    [prompt] = await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, KARI, answer_button))
    assert "Kari, svar på denne meldingen" in prompt["text"] and "#1" in prompt["text"]

    answer = "Prøv reisebyrået på torget, de har gode priser på gruppereiser."
    before = len(tg.messages(USER))
    [confirmation] = await next_messages(tg, STAFF_CHAT, lambda: group_message(tg, KARI, answer))
    assert "Kari svarte på #1" in confirmation["text"]
    [relayed] = (await tg.wait_for_messages(USER, before + 1, timeout=10))[before:]
    assert relayed["text"].startswith("💬 Svar fra rådgivningsmøtet på spørsmålet ditt «Hvor kan jeg kjøpe")
    assert answer in relayed["text"] and "– Kari" in relayed["text"]
    assert [b["callback_data"] for b in buttons_of(relayed)] == ["1|solved|1", "1|followup|1"]

    chatter = len(tg.messages(STAFF_CHAT))
    group_message(tg, OLA, "Bra svar, Kari!", "Ola")  # staff talk in the staff chat is not a question
    await tg.wait_confirmed()
    await asyncio.sleep(0.3)
    assert len(tg.messages(STAFF_CHAT)) == chatter

    assert server.services is not None
    async with server.services.database.uow() as uow:
        ticket = (await uow.session.execute(select(Ticket))).scalar_one()
        assert ticket.status == "answered" and ticket.first_answered_at is not None
        thread = list((await uow.session.execute(select(TicketMessage).order_by(TicketMessage.id))).scalars())
        assert [(m.author, m.text) for m in thread] == [("user", QUESTION), ("staff", answer)]
        kari = (await uow.session.execute(select(Staff).where(Staff.telegram_id == KARI))).scalar_one()
        actions = list(
            (await uow.session.execute(select(AuditLog.action).where(AuditLog.staff_id == kari.id))).scalars()
        )
        assert {"ticket.answer_started", "ticket.answer"} <= set(actions)
        statuses = list((await uow.session.execute(select(OutboxMessage.status))).scalars())
        assert statuses == ["sent"] * len(statuses)

    # A follow-up goes back to the staff chat on the same ticket.
    [prompt] = await next_messages(tg, USER, lambda: tg.push_callback(USER, "1|followup|1"))
    assert "oppfølgingsspørsmålet" in prompt["text"]
    before = len(tg.messages(STAFF_CHAT))
    [sent] = await next_messages(tg, USER, lambda: tg.push_message(USER, "Har de åpent på lørdager?"))
    assert "er sendt" in sent["text"]
    [follow] = (await tg.wait_for_messages(STAFF_CHAT, before + 1, timeout=10))[before:]
    assert "Oppfølging av #1" in follow["text"] and "Har de åpent på lørdager?" in follow["text"]
    [solved] = await next_messages(tg, USER, lambda: tg.push_callback(USER, "1|solved|1"))
    assert "lukket" in solved["text"]
    texts = [m["text"] for m in tg.messages(USER)]
    assert sum(t.startswith("💬 Svar fra rådgivningsmøtet") for t in texts) == 1


async def test_answer_from_the_staff_use_case_reaches_the_user(tg, server) -> None:
    from handlers.staffdesk import answer_ticket

    await forward_question(tg)
    assert server.services is not None
    before = len(tg.messages(USER))
    async with server.services.database.uow() as uow:
        staff = Staff(name="Ingrid", email="ingrid@example.org", role="staff")
        uow.session.add(staff)
        await uow.session.flush()
        await answer_ticket(uow, staff, 1, "Se **reiseguiden** på kommunens side.")
    [relayed] = (await tg.wait_for_messages(USER, before + 1, timeout=10))[before:]
    assert "Se **reiseguiden** på kommunens side." in relayed["text"]  # staff text is shown as written
    assert "– Ingrid" in relayed["text"]
    [thanks] = await next_messages(tg, USER, lambda: tg.push_callback(USER, "1|solved|1"))
    assert "#1 er lukket" in thanks["text"]


async def test_a_blocked_user_is_marked_and_the_ticket_shows_it(tg, server) -> None:
    from handlers.staffdesk import answer_ticket, queue

    await forward_question(tg)
    tg.block(USER)
    assert server.services is not None
    async with server.services.database.uow() as uow:
        staff = Staff(name="Ingrid", email="ingrid@example.org", role="staff")
        uow.session.add(staff)
        await uow.session.flush()
        await answer_ticket(uow, staff, 1, "Svar som ikke kommer fram.")
    await tg.wait_for(lambda: any(c["status"] == 403 for c in tg.calls("sendMessage", chat_id=USER)), timeout=10)

    async def status() -> str:
        async with server.services.database.uow() as uow:  # type: ignore[union-attr]
            row = (
                await uow.session.execute(select(OutboxMessage).where(OutboxMessage.channel == "telegram"))
            ).scalar_one()
            return row.status

    for _ in range(100):
        if await status() == "unreachable":
            break
        await asyncio.sleep(0.02)
    assert await status() == "unreachable"
    async with server.services.database.uow() as uow:
        groups = await queue(uow, statuses=("open", "answered"))
        assert groups[0].items[0].unreachable


async def test_an_answer_saved_while_the_bot_is_down_is_delivered_once_after_the_restart(tg, tmp_path) -> None:
    from bot.db import Database
    from handlers.staffdesk import answer_ticket

    srv = await Server(tg, tmp_path / "restart.db").start()
    await forward_question(tg)
    await srv.stop()
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'restart.db'}")
    async with database.uow() as uow:  # the dashboard, in another process, while the bot is down
        staff = Staff(name="Ingrid", email="ingrid@example.org", role="staff")
        uow.session.add(staff)
        await uow.session.flush()
        await answer_ticket(uow, staff, 1, "Svaret kom mens boten var nede.")
    await database.close()
    before = len(tg.messages(USER))
    await srv.start()
    try:
        [relayed] = (await tg.wait_for_messages(USER, before + 1, timeout=10))[before:]
        assert "Svaret kom mens boten var nede." in relayed["text"]
        await asyncio.sleep(0.5)
        assert len(tg.messages(USER)) == before + 1
    finally:
        await srv.stop()
