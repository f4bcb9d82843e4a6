"""Input hygiene: NUL characters and lone surrogates in any dashboard form field never give a 500,
on SQLite and PostgreSQL; they are stripped in one place (`bot.dashboard.web.form_text`).

A browser cannot send a lone surrogate as text, but the bytes of one can arrive: raw
(`\\xed\\xa0\\x80`) or percent-encoded (`%ED%A0%80`). Both are sent here, with NUL (`%00`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.dashboard import ratelimit
from bot.dashboard.web import clean_text, form_text
from bot.server import build_app
from bot.services import Services
from storage.models import KnowledgeAddition, LoginAttempt, Staff, TicketMessage
from tests.desk import PASSWORD, add_account, csrf_of, forward, login

SURROGATE_RAW = b"\xed\xa0\x80"  # "\ud800" as the bytes a careless client sends
SURROGATE_PCT = "%ED%A0%80"
DIRTY = "\x00"


@pytest.fixture
async def client(pg_or_sqlite_services: Services) -> AsyncIterator[TestClient]:
    app = build_app(pg_or_sqlite_services)
    async with TestClient(TestServer(app, host="127.0.0.1"), headers={"Accept-Language": "en"}) as c:
        yield c


def dirty(value: str) -> bytes:
    """`value` percent-encoded, with a NUL, a percent-encoded and a raw lone surrogate spliced in."""
    half = len(value) // 2
    return (quote(value[:half]) + "%00" + SURROGATE_PCT).encode() + SURROGATE_RAW + quote(value[half:]).encode()


def body(fields: dict[str, str], dirty_fields: dict[str, str]) -> bytes:
    parts = [f"{quote(k)}={quote(v)}".encode() for k, v in fields.items()]
    parts += [quote(k).encode() + b"=" + dirty(v) for k, v in dirty_fields.items()]
    return b"&".join(parts)


async def post(client: TestClient, url: str, fields: dict[str, str], dirty_fields: dict[str, str]):
    return await client.post(url, data=body(fields, dirty_fields), allow_redirects=False,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip


def test_form_text_strips_nul_and_lone_surrogates() -> None:
    form = {"a": "ok\x00 \ud800fine\udfff", "b": 3}
    assert form_text(form, "a") == "ok fine" and form_text(form, "b") == ""
    assert clean_text("æøå 🎉\x00") == "æøå 🎉"
    assert form_text({"a": "\x00" * 5 + "abc"}, "a", 2) == "ab"  # cleaned first, then cut


async def test_login_email_and_password(client: TestClient, pg_or_sqlite_services: Services) -> None:
    services = pg_or_sqlite_services
    await add_account(services, "staff")
    csrf = csrf_of(await (await client.get("/staff/login")).text())
    ok = await post(client, "/staff/login", {"csrf": csrf, "password": PASSWORD}, {"email": "staff@example.org"})
    assert ok.status == 303, await ok.text()  # stripped, it is the account's address
    client.session.cookie_jar.clear()
    for i in range(ratelimit.MAX_FAILURES):  # dirty addresses and dirty passwords, in turn
        csrf = csrf_of(await (await client.get("/staff/login")).text())
        if i % 2:
            bad = await post(client, "/staff/login", {"csrf": csrf, "password": "nope"}, {"email": "Staff@example.org"})
        else:
            clean = {"csrf": csrf, "email": "staff@example.org"}
            bad = await post(client, "/staff/login", clean, {"password": "nope!"})
        assert bad.status == 401
    async with services.database.uow() as uow:
        keys = (await uow.session.execute(select(LoginAttempt.key))).scalars().all()
    assert set(keys) == {"ip:127.0.0.1", "email:staff@example.org"}  # the dirty address is counted as the clean one
    csrf = csrf_of(await (await client.get("/staff/login")).text())
    late = await post(client, "/staff/login", {"csrf": csrf, "password": PASSWORD}, {"email": "staff@example.org"})
    assert late.status == 429


async def test_answer_and_note(client: TestClient, pg_or_sqlite_services: Services) -> None:
    services = pg_or_sqlite_services
    ticket = await forward(services)
    await add_account(services, "staff")
    csrf = await login(client, "staff@example.org")
    answered = await post(client, f"/staff/tickets/{ticket.id}/answer", {"csrf": csrf}, {"text": "Call the office."})
    assert answered.status == 303
    noted = await post(client, f"/staff/tickets/{ticket.id}/note", {"csrf": csrf}, {"text": "Phoned them."})
    assert noted.status == 303
    only_dirt = await client.post(f"/staff/tickets/{ticket.id}/note", data=b"csrf=" + csrf.encode() + b"&text=%00",
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert only_dirt.status == 422 and "Please write something first." in await only_dirt.text()
    async with services.database.uow() as uow:
        texts = (await uow.session.execute(select(TicketMessage.text).where(TicketMessage.author != "user"))).all()
    assert sorted(t for (t,) in texts) == ["Call the office.", "Phoned them."]
    page = await client.get(f"/staff/tickets/{ticket.id}")
    assert page.status == 200


async def test_save_as_knowledge_fields(client: TestClient, pg_or_sqlite_services: Services) -> None:
    services = pg_or_sqlite_services
    ticket = await forward(services, "Where can we rent a market stall in Horten?")
    await add_account(services, "staff")
    csrf = await login(client, "staff@example.org")
    await client.post(f"/staff/tickets/{ticket.id}/answer", data={"csrf": csrf, "text": "Ask the town hall."})
    fields = {"entry_id": "market-stall-rent", "title": "Renting a market stall",
              "question": "Where can we rent a stall?", "answer": "Ask the town hall.", "language": "en",
              "region": "", "contacts": "", "target": ""}  # fmt: skip
    url = f"/staff/tickets/{ticket.id}/knowledge"
    for name in fields:  # each field dirty in turn: saved or politely refused, never a 500
        others = {k: v for k, v in fields.items() if k != name}
        response = await post(client, url, {"csrf": csrf, "kind": "entry", **others}, {name: fields[name] or "x"})
        assert response.status in (303, 422), (name, response.status)
        if response.status == 422:
            html = await response.text()
            assert "\x00" not in html and "\ufffd" not in html
        fields["entry_id"] += "-x"  # the next one is a new entry again
    phrasing = await post(client, url, {"csrf": csrf, "kind": "phrasing", "target": "market-stall-rent",
                                        "language": "en"}, {"question": "Stall for rent?"})  # fmt: skip
    assert phrasing.status == 303
    search = await client.get(url + "?kind=phrasing&q=" + "stall" + "%00" + SURROGATE_PCT)
    assert search.status == 200
    async with services.database.uow() as uow:
        rows = (await uow.session.execute(select(KnowledgeAddition))).scalars().all()
    assert rows and all("\\u0000" not in repr(r.data) and "\x00" not in str(r.data) for r in rows)
    assert any(r.entry_id == "market-stall-rent" for r in rows)


async def test_staff_accounts_form(client: TestClient, pg_or_sqlite_services: Services) -> None:
    services = pg_or_sqlite_services
    await add_account(services, "admin")
    csrf = await login(client, "admin@example.org")
    added = await post(client, "/staff/staff", {"csrf": csrf, "role": "viewer", "password": PASSWORD},
                       {"email": "new@example.org", "name": "Nina"})  # fmt: skip
    assert added.status == 200 and "Added new@example.org." in await added.text()
    async with services.database.uow() as uow:
        new = (await uow.session.execute(select(Staff).where(Staff.email == "new@example.org"))).scalar_one()
    assert new.name == "Nina"
    changed = await post(client, f"/staff/staff/{new.id}", {"csrf": csrf}, {"role": "staff"})
    assert changed.status in (303, 422)
    forged = await post(client, f"/staff/staff/{new.id}", {"role": "staff"}, {"csrf": csrf})
    assert forged.status in (303, 403)  # a dirty CSRF token is no 500 either
