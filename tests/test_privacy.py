"""Personal data under the user's control: /privacy, /mydata (a summary and a JSON file, on every
channel), /deleteme (verified by reading the database and its files afterwards), retention."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.services import Services, build_services
from handlers.privacy import anonymise_older_than
from storage.models import AuditLog, OutboxMessage, Question, Ticket, TicketMessage, User, utcnow
from tests.servers import TelegramServer, data_of
from tests.telegram_api import TelegramStandIn

from .chat import ChatUser
from .conftest import make_settings

SECRET_QUESTION = "Kan Zebrafisk Regnskap AS få utsatt kommunale avgifter for lageret i Tangen 7?"


async def _onboarded(services: Services, user_id: str) -> ChatUser:
    u = ChatUser(services.assistant, user_id, language="nb")
    await u.say("/start")
    assert "Se /privacy" in u.text()  # one line about privacy in the welcome
    await u.press("Norsk")
    await u.press("Horten")
    await u.press("Legg inn bedriften")
    await u.say("Zebrafisk Regnskap AS")
    await u.say("923609016")
    return u


async def test_privacy_notice_and_my_data_as_a_file(services: Services) -> None:
    u = await _onboarded(services, "mydata")
    await u.say(SECRET_QUESTION)
    await u.say("/human Hvem kan hjelpe oss med lokalene i Tangen 7?")
    await u.say("/privacy")
    assert "Personvern i Sammen" in u.text() and "365 dager" in u.text()
    [reply] = await u.say("/mydata")
    assert reply.attachment is not None and reply.attachment.filename == "sammen-mydata.json"
    data = json.loads(reply.attachment.data)["data"]
    assert data["profile"]["business"] == "Zebrafisk Regnskap AS" and data["profile"]["org_number"] == "923 609 016"
    assert SECRET_QUESTION in [q["text"] for q in data["questions"]]
    assert data["questions to the staff"][0]["thread"][0]["text"] == "Hvem kan hjelpe oss med lokalene i Tangen 7?"
    assert "spørsmål: 2" in reply.plain() or "spørsmål: 3" in reply.plain()
    assert "spørsmål til en person: 1" in reply.plain() and "questions" not in reply.plain()


async def test_delete_me_erases_everything_also_from_the_database_files(tmp_path: Path) -> None:
    db = tmp_path / "erase.db"
    services = await build_services(make_settings(f"sqlite+aiosqlite:///{db}"))
    try:
        u = await _onboarded(services, "forget-me")
        await u.say(SECRET_QUESTION)
        await u.say("/human Hvem kan hjelpe Zebrafisk Regnskap AS med lokalene?")
        async with services.database.uow() as uow:  # a staff answer waiting in the outbox for them
            user = await uow.users.get("web", "forget-me")
            assert user is not None
            uow.session.add(OutboxMessage(user_id=user.id, channel="web", address="forget-me",
                                          payload=[{"text": "Svar til Zebrafisk Regnskap AS"}]))  # fmt: skip
        await u.say("/deleteme")
        await u.press("Nei, behold")
        assert "ingenting er slettet" in u.text()
        await u.say("/deleteme")
        await u.press("Ja, slett alt")
        assert "dataene dine er slettet" in u.text()
        async with services.database.uow() as uow:
            assert await uow.users.get("web", "forget-me") is None
            texts = [q.text for q in (await uow.session.execute(select(Question))).scalars()]
            assert texts and set(texts) == {""}  # the statistics keep the count, not the words
            [ticket] = (await uow.session.execute(select(Ticket))).scalars()
            assert ticket.text == "" and ticket.status == "withdrawn"
            assert {m.text for m in (await uow.session.execute(select(TicketMessage))).scalars()} == {""}
            rows = list((await uow.session.execute(select(OutboxMessage))).scalars())
            assert [(r.channel, r.payload) for r in rows] == [("staff", [{"text": "", "buttons": []}])]
            erased = (await uow.session.execute(select(User).where(User.id == ticket.user_id))).scalar_one()
            assert erased.business_name is None and erased.org_number is None
            assert erased.external_id.startswith("erased:")
            actions = [a.action for a in (await uow.session.execute(select(AuditLog))).scalars()]
            assert "user.erase" in actions
    finally:
        await services.close()
    files = b"".join(p.read_bytes() for p in tmp_path.glob("erase.db*"))  # noqa: ASYNC240
    for word in (b"Zebrafisk", b"Tangen 7", b"923 609 016", b"forget-me"):
        assert word not in files, word


async def test_my_data_arrives_as_a_document_on_telegram(tmp_path: Path) -> None:
    async with TelegramStandIn() as tg:
        srv = await TelegramServer(tg, tmp_path / "tg.db").start()
        try:
            tg.push_message(31, "Kan vi få utsatt kommunale avgifter?")
            await tg.wait_for_messages(31, 1, timeout=10)
            tg.push_message(31, "/mydata")
            await tg.wait_for(lambda: tg.documents, timeout=10)
            [document] = tg.documents
            assert document["chat_id"] == 31 and document["file_name"] == "sammen-mydata.json"
            exported = json.loads(document["data"])["data"]
            assert "Kan vi få utsatt kommunale avgifter?" in [q["text"] for q in exported["questions"]]
            tg.push_message(31, "/deleteme")
            [confirm] = (await tg.wait_for_messages(31, 4, timeout=10))[3:]
            tg.push_callback(31, data_of(confirm, "Ja, slett alt"))
            await tg.wait_for_messages(31, 5, timeout=10)
            assert srv.services is not None
            async with srv.services.database.uow() as uow:
                assert await uow.users.get("telegram", "31") is None
        finally:
            await srv.stop()


async def test_retention_removes_the_words_of_old_questions(services: Services) -> None:
    u = ChatUser(services.assistant, "old", language="nb")
    await u.say("Kan vi få utsatt kommunale avgifter?")
    await u.say("/human Et spørsmål til en person")
    async with services.database.uow() as uow:
        assert await anonymise_older_than(uow, timedelta(days=365)) == 0  # nothing is old yet
    async with services.database.uow() as uow:  # a year and a day later, by the clock we hand in
        later = utcnow() + timedelta(days=366)
        changed = await anonymise_older_than(uow, timedelta(days=365), now=later)
    assert changed >= 2
    async with services.database.uow() as uow:
        assert {q.text for q in (await uow.session.execute(select(Question))).scalars()} == {""}
        [ticket] = (await uow.session.execute(select(Ticket))).scalars()
        assert ticket.text == "Et spørsmål til en person"  # still open: kept until it is answered


async def test_an_admin_erases_a_user_on_request_from_the_dashboard(services: Services) -> None:
    from aiohttp.test_utils import TestClient, TestServer

    from bot.server import build_app
    from tests.desk import add_account, forward, login

    ticket = await forward(services, "Hvem hjelper Zebrafisk Regnskap AS med husleien?")
    await add_account(services, "admin")
    await add_account(services, "staff")
    client = TestClient(TestServer(build_app(services)))
    await client.start_server()
    try:
        csrf = await login(client, "staff@example.org")
        refused = await client.post(f"/staff/tickets/{ticket.id}/erase-user", data={"csrf": csrf, "confirm": "yes"},
                                    allow_redirects=False)  # fmt: skip
        assert refused.status == 403  # only admins
        client.session.cookie_jar.clear()
        csrf = await login(client, "admin@example.org")
        page = await client.get(f"/staff/tickets/{ticket.id}")
        assert "Slett brukerens data" in await page.text()  # the deployment's language, nb
        unconfirmed = await client.post(f"/staff/tickets/{ticket.id}/erase-user", data={"csrf": csrf})
        assert unconfirmed.status == 422
        done = await client.post(f"/staff/tickets/{ticket.id}/erase-user", data={"csrf": csrf, "confirm": "yes"})
        assert done.status == 200 and "Brukerens data er slettet." in await done.text()
    finally:
        await client.close()
    async with services.database.uow() as uow:
        erased = await uow.session.get(Ticket, ticket.id)
        assert erased is not None and erased.text == ""
        [row] = (await uow.session.execute(select(AuditLog).where(AuditLog.action == "user.erase"))).scalars()
        assert row.staff_id is not None and row.detail["on_request"] is True



async def test_in_a_group_my_data_and_delete_me_are_refused(services: Services) -> None:
    from handlers.types import Incoming

    group = Incoming("telegram", "-100555", text="/mydata", actor_id="777", display_name="Kari")
    [reply] = await services.assistant.handle(group)
    assert reply.attachment is None and "privat" in reply.text
    [reply] = await services.assistant.handle(Incoming("telegram", "-100555", text="/deleteme", actor_id="777"))
    assert "privat" in reply.text and not reply.buttons[0][0].action.startswith("1|del")
