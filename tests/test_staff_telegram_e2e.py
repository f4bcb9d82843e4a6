"""End to end on Telegram: the real server app (channels, outbox worker, scheduler), PTB as the client,
the Bot API stand-in as Telegram. A user forwards a question; staff answer it in the staff chat, or
through the staff use case the dashboard calls; the user receives the answer in their chat; the staff
chat's notice of the question follows the ticket (answered, closed, withdrawn: edited, its button gone)."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from handlers.escalation import latest_notice
from scheduler.runner import WORKER
from storage.models import AuditLog, OutboxMessage, Staff, Ticket, TicketMessage, utcnow
from tests.servers import TelegramServer, buttons_of, data_of
from tests.telegram_api import BOT_ID, TelegramStandIn

USER = 4242
STAFF_CHAT = -1001234567
KARI = 777  # in STAFF_TELEGRAM_IDS
OLA = 888  # in the staff chat, but not staff
QUESTION = "Hvor kan jeg kjøpe billige flybilletter til Spania?"
_ids = itertools.count(1)


def Server(tg: TelegramStandIn, db: Path) -> TelegramServer:
    """The server with the staff chat and Kari as staff."""
    return TelegramServer(tg, db, settings={"staff_chat_id": STAFF_CHAT, "staff_telegram_ids": [KARI]})


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


async def forward_question(tg: TelegramStandIn, *, wait_notice: bool = True) -> dict[str, Any]:
    """The user asks something unknown and forwards it; returns the staff chat's notice ({} without waiting)."""
    [reply] = await next_messages(tg, USER, lambda: tg.push_message(USER, QUESTION))
    if not any("|forward|" in b.get("callback_data", "") for b in buttons_of(reply)):
        [reply] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(reply, "Ingen av disse")))
    [confirm] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(reply, "Spør en person")))
    assert "rådgivningsmøtet" in confirm["text"] and "kl. 09:00" in confirm["text"]
    before = len(tg.messages(STAFF_CHAT))
    [done] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(confirm, "Ja")))
    assert "som spørsmål #1" in done["text"] and "Neste møte" in done["text"]
    if not wait_notice:
        return {}
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
        kari = await uow.staff.by_identity("telegram", str(KARI))
        assert kari is not None
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
    from handlers.staffdesk import answer_ticket
    from storage import Database

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


# ---------------------------------------------------------------------------------------------- the notice follows
def edits_of(tg: TelegramStandIn, message_id: int) -> list[dict[str, Any]]:
    """The staff chat's edits of one message, as the stand-in accepted them, oldest first."""
    return [
        e for e in tg.sent if e["method"] == "editMessageText" and e["chat_id"] == STAFF_CHAT
        and e["message_id"] == message_id
    ]  # fmt: skip


async def eventually(check: Any, timeout: float = 10.0) -> Any:  # noqa: ASYNC109
    """Poll an async check until it returns something truthy (what the worker commits lands a moment later)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := await check()):
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)
    return value


async def ticket_of(server: TelegramServer) -> Ticket:
    assert server.services is not None
    async with server.services.database.uow() as uow:
        return (await uow.session.execute(select(Ticket))).scalar_one()


async def staff_rows(server: TelegramServer) -> list[OutboxMessage]:
    assert server.services is not None
    async with server.services.database.uow() as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.channel == "staff").order_by(OutboxMessage.id)
        return list((await uow.session.execute(stmt)).scalars())


async def dashboard(
    server: TelegramServer, action: str, name: str = "Ingrid", text: str = "Se kommunens reiseside."
) -> None:
    """What the dashboard does on "Send answer" or "Close": the staff use case in a unit of work."""
    from handlers.staffdesk import answer_ticket, close_ticket, reopen_ticket

    assert server.services is not None
    async with server.services.database.uow() as uow:
        staff = (await uow.session.execute(select(Staff).where(Staff.name == name))).scalar_one_or_none()
        if staff is None:
            staff = Staff(name=name, email=f"{name.lower()}@example.org", role="staff")
            uow.session.add(staff)
            await uow.session.flush()
        if action == "answer":
            await answer_ticket(uow, staff, 1, text)
        elif action == "reopen":
            await reopen_ticket(uow, staff, 1)
        else:
            await close_ticket(uow, staff, 1)


async def test_answered_in_the_staff_chat_the_notice_says_who_and_loses_its_button(tg, server) -> None:
    notice = await forward_question(tg)
    assert data_of(notice, "Svar") == "1|sans|1"

    async def remembered(message: dict[str, Any]) -> bool:
        assert server.services is not None
        ticket_id = (await ticket_of(server)).id  # before: one unit of work at a time on SQLite
        async with server.services.database.uow() as uow:
            notice_row = await latest_notice(uow.session, ticket_id)
        return notice_row is not None and notice_row.external_id == str(message["message_id"])

    await eventually(lambda: remembered(notice))  # the delivered notice's message id is kept on its row
    await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, KARI, "1|sans|1"))  # "reply with your answer"
    await next_messages(tg, STAFF_CHAT, lambda: group_message(tg, KARI, "Prøv reisebyrået på torget."))

    [edited] = await tg.wait_for(lambda: edits_of(tg, notice["message_id"]), timeout=10)
    assert edited["text"] == notice["text"] + "\n\n✅ Besvart av Kari"  # its text kept, one line added
    assert edited["reply_markup"] is None and buttons_of(tg.chats[STAFF_CHAT].messages[notice["message_id"]]) == []

    # A follow-up from the user posts a fresh notice, with a fresh button; the old one is left as it is.
    await next_messages(tg, USER, lambda: tg.push_callback(USER, "1|followup|1"))
    before = len(tg.messages(STAFF_CHAT))
    await next_messages(tg, USER, lambda: tg.push_message(USER, "Har de åpent på lørdager?"))
    [follow] = (await tg.wait_for_messages(STAFF_CHAT, before + 1, timeout=10))[before:]
    assert "Oppfølging av #1" in follow["text"] and data_of(follow, "Svar") == "1|sans|1"
    assert buttons_of(tg.chats[STAFF_CHAT].messages[follow["message_id"]]) != []
    await eventually(lambda: remembered(follow))  # the newest notice is the one to update

    await dashboard(server, "answer", "Ingrid")  # the follow-up answered on the dashboard: its notice follows
    [edited] = await tg.wait_for(lambda: edits_of(tg, follow["message_id"]), timeout=10)
    assert edited["text"] == follow["text"] + "\n\n✅ Besvart av Ingrid" and edited["reply_markup"] is None
    assert len(edits_of(tg, notice["message_id"])) == 1  # the first notice was not touched again

    async def settled() -> list[OutboxMessage] | None:
        rows = await staff_rows(server)
        return rows if all(r.status == "sent" for r in rows) else None

    first, first_edit, second, second_edit = await eventually(settled)  # two notices, each edited once
    assert (first.edits, first_edit.edits, second.edits, second_edit.edits) == (None, first.id, None, second.id)
    assert (first.external_id, second.external_id) == (str(notice["message_id"]), str(follow["message_id"]))


async def test_answered_then_closed_on_the_dashboard_the_notice_says_so(tg, server) -> None:
    notice = await forward_question(tg)
    await dashboard(server, "answer", "Ingrid")
    [answered] = await tg.wait_for(lambda: edits_of(tg, notice["message_id"]), timeout=10)
    assert answered["text"] == notice["text"] + "\n\n✅ Besvart av Ingrid" and answered["reply_markup"] is None
    await dashboard(server, "close", "Ingrid")
    [_, closed] = await tg.wait_for(lambda: (e := edits_of(tg, notice["message_id"])) and len(e) == 2 and e)
    assert closed["text"] == notice["text"] + "\n\n🔒 Lukket av Ingrid"  # the line replaced, not a second one
    assert tg.chats[STAFF_CHAT].messages[notice["message_id"]]["text"].count("\n\n✅") == 0
    assert buttons_of(tg.chats[STAFF_CHAT].messages[notice["message_id"]]) == []

    # Reopened on the dashboard: the notice says so and its Answer button is back.
    await dashboard(server, "reopen", "Ingrid")
    [*_, reopened] = await tg.wait_for(lambda: (e := edits_of(tg, notice["message_id"])) and len(e) == 3 and e)
    assert reopened["text"] == notice["text"] + "\n\n🔓 Gjenåpnet av Ingrid"
    assert data_of(tg.chats[STAFF_CHAT].messages[notice["message_id"]], "Svar") == "1|sans|1"


async def test_withdrawn_by_the_user_the_notice_says_so(tg, server) -> None:
    notice = await forward_question(tg)
    [listing] = await next_messages(tg, USER, lambda: tg.push_message(USER, "/questions"))
    [done] = await next_messages(tg, USER, lambda: tg.push_callback(USER, data_of(listing, "Trekk tilbake")))
    assert "trukket tilbake" in done["text"]
    [edited] = await tg.wait_for(lambda: edits_of(tg, notice["message_id"]), timeout=10)
    assert edited["text"] == notice["text"] + "\n\n↩️ Trukket tilbake av brukeren"
    assert buttons_of(tg.chats[STAFF_CHAT].messages[notice["message_id"]]) == []


async def test_a_notice_deleted_in_the_group_is_nothing_to_edit_and_is_not_retried(tg, server) -> None:
    notice = await forward_question(tg)
    del tg.chats[STAFF_CHAT].messages[notice["message_id"]]  # an admin deleted it in the group
    before = len(tg.messages(USER))
    await dashboard(server, "answer", "Ingrid")
    await tg.wait_for_messages(USER, before + 1, timeout=10)  # the user still gets the answer

    async def the_edit() -> OutboxMessage | None:
        edits = [r for r in await staff_rows(server) if r.edits is not None and r.status not in ("pending", "sending")]
        return edits[0] if edits else None

    edit = await eventually(the_edit)
    assert (edit.status, edit.attempts) == ("skipped", 1) and "no longer has the message" in (edit.error or "")
    assert [c["status"] for c in tg.calls("editMessageText")] == [400]
    assert server.services is not None and server.runner is not None
    async with server.services.database.uow() as uow:  # were it waiting for a retry, it would be due now
        await uow.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    server.runner.app[WORKER].wake()
    await asyncio.sleep(0.5)
    assert [c["status"] for c in tg.calls("editMessageText")] == [400]  # asked once: no retry storm
    assert [r.status for r in await staff_rows(server)] == ["sent", "skipped"]


async def test_answered_before_the_notice_went_out_the_edit_waits_for_it(tg, server) -> None:
    tg.fail_next("sendMessage", 400, chat_id=STAFF_CHAT, description="Bad Request: not now")  # notice: retry later
    await forward_question(tg, wait_notice=False)

    async def notice_waits() -> bool:
        rows = await staff_rows(server)
        return bool(rows) and (rows[0].status, rows[0].attempts) == ("pending", 1)

    await eventually(notice_waits)
    await dashboard(server, "answer", "Ingrid")
    assert server.runner is not None
    server.runner.app[WORKER].wake()
    await asyncio.sleep(0.5)
    assert tg.messages(STAFF_CHAT) == [] and tg.calls("editMessageText") == []  # the edit waits for its notice
    assert [r.status for r in await staff_rows(server)] == ["pending", "pending"]

    assert server.services is not None
    async with server.services.database.uow() as uow:  # the notice's retry is due: it goes out, then the edit
        await uow.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    server.runner.app[WORKER].wake()
    [notice] = await tg.wait_for_messages(STAFF_CHAT, 1, timeout=10)
    [edited] = await tg.wait_for(lambda: edits_of(tg, notice["message_id"]), timeout=10)
    assert edited["text"] == notice["text"] + "\n\n✅ Besvart av Ingrid"
    assert buttons_of(tg.chats[STAFF_CHAT].messages[notice["message_id"]]) == []
