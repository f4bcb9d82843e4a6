"""What the dashboard's pages show, over real HTTP: the queue's count, the contact choice on "Save
as knowledge", and Norwegian staff getting Norwegian on every page."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.server import build_app
from bot.services import Services
from tests.desk import add_account, forward, login


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_app(services), host="127.0.0.1"), headers={"Accept-Language": "en"}) as c:
        yield c


def heading_count(html: str) -> int:
    match = re.search(r"<h1>[^<]*<span class=\"count\">(\d+)</span></h1>", html)
    assert match, "no count in the heading"
    return int(match.group(1))


async def test_the_queue_heading_counts_what_the_tab_lists(client: TestClient, services: Services) -> None:
    for i in range(3):
        await forward(services, f"Open question number {i}?", user=f"visitor-{i}")
    answered = [await forward(services, f"Answered question number {i}?", user=f"other-{i}") for i in range(2)]
    await add_account(services, "staff")
    csrf = await login(client, "staff@example.org")
    for ticket in answered:
        await client.post(f"/staff/tickets/{ticket.id}/answer", data={"csrf": csrf, "text": "Done."})
    expected = {"open": 3, "answered": 2, "closed": 0, "all": 5}
    for status, count in expected.items():
        html = await (await client.get(f"/staff/queue?status={status}")).text()
        assert heading_count(html) == count, status
        assert html.count('class="ticket"') == count, status


async def test_save_as_knowledge_offers_contacts_by_name(client: TestClient, services: Services) -> None:
    ticket = await forward(services, "Who helps with a market stall permit in Horten?", region="horten")
    await add_account(services, "staff")
    csrf = await login(client, "staff@example.org")
    await client.post(f"/staff/tickets/{ticket.id}/answer", data={"csrf": csrf, "text": "The municipality does."})
    kb = services.knowledge.kb
    first, second = sorted(kb.contacts.values(), key=lambda c: c.id)[:2]
    html = await (await client.get(f"/staff/tickets/{ticket.id}/knowledge")).text()
    assert "<script" not in html
    # every contact is offered by its name (and organisation), the id being what is sent
    datalist = re.search(r'<datalist id="contact-ids">(.*?)</datalist>', html, re.S)
    assert datalist is not None
    for contact in kb.contacts.values():
        option = rf'<option value="{re.escape(contact.id)}"[^>]*>[^<]*{re.escape(contact.name)}'
        assert re.search(option, datalist.group(1)), contact.id
    inputs = re.findall(r'<input[^>]*name="contacts"[^>]*>', html)
    assert len(inputs) >= 3 and all('list="contact-ids"' in i for i in inputs)

    form = [("csrf", csrf), ("kind", "entry"), ("entry_id", "horten-stall-permit"), ("title", "Market stall permit"),
            ("question", "Who helps with a stall permit?"), ("answer", "The municipality does."), ("language", "en"),
            ("region", "horten"), ("contacts", first.id), ("contacts", ""), ("contacts", second.id),
            ("target", "")]  # fmt: skip
    saved = await client.post(f"/staff/tickets/{ticket.id}/knowledge", data=form, allow_redirects=False)
    assert saved.status == 303, await saved.text()
    entry = services.knowledge.kb.entry("horten-stall-permit")
    assert entry is not None and entry.contacts == [first.id, second.id]

    bad = [(k, v) for k, v in form if k != "entry_id"] + [("entry_id", "horten-stall-permit-2"),
                                                          ("contacts", "no-such-contact")]  # fmt: skip
    refused = await client.post(f"/staff/tickets/{ticket.id}/knowledge", data=bad)
    html = await refused.text()
    assert refused.status == 422 and "no-such-contact" in html  # reported, and what was typed is kept
    assert f'value="{first.id}"' in html and f'value="{second.id}"' in html


# -- Norwegian throughout ---------------------------------------------------------------------------

NB = {"Accept-Language": "nb-NO,nb;q=0.9"}


def _catalogue(lang: str) -> dict[str, str]:
    from bot.dashboard.i18n import LOCALES

    values = {}
    for line in (LOCALES / f"{lang}.ftl").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([a-z0-9-]+) = (.+)$", line):
            values[match.group(1)] = match.group(2)
    return values


def english_phrases() -> list[str]:
    """The English catalogue's wording that differs from bokmål: each placeholder-free run of two or more words."""
    en, nb = _catalogue("en"), _catalogue("nb")
    phrases = set()
    for key, value in en.items():
        if value == nb.get(key):
            continue
        for run in re.split(r"\{[^}]*\}?|[“”.:?!()]", value):
            run = run.strip(" ,·…")
            if len(run.split()) >= 2:
                phrases.add(run)
    return sorted(phrases)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&#39;", "'"), ("&quot;", '"'), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")):
        text = text.replace(entity, char)
    return " ".join(text.split())


def assert_norwegian(html: str, where: str) -> None:
    assert '<html lang="nb">' in html, where
    text = visible_text(html)
    english = [p for p in english_phrases() if p in text]
    assert not english, (where, english)
    weekdays = re.findall(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b", text)
    assert not weekdays, (where, weekdays)


async def test_every_page_speaks_norwegian_to_norwegian_staff(client: TestClient, services: Services) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from storage.models import Question, Ticket, utcnow

    fees = [{"entry": "horten-kommunale-avgifter", "score": 0.41}]
    open_ticket = await forward(services, "Kan vi utsette vannavgiften?", language="nb", region="horten", guesses=fees)
    answered = await forward(services, "Hvem hjelper med leie av torgplass?", user="visitor-2", language="nb")
    async with services.database.uow() as uow:  # asked since the last meeting: the meeting page shows the weekday
        earlier = utcnow() - timedelta(seconds=5)  # (hours ago could predate today's meeting, and not be listed)
        await uow.session.execute(update(Ticket).values(created_at=earlier))
        await uow.session.execute(update(Question).values(created_at=earlier))
    await add_account(services, "admin")
    client.session.headers.update(NB)
    login_page = await client.get("/staff/login")
    assert_norwegian(await login_page.text(), "login")
    csrf = await login(client, "admin@example.org")
    await client.post(f"/staff/tickets/{answered.id}/answer", data={"csrf": csrf, "text": "Kommunen."})

    pages = ["/staff/queue", "/staff/queue?status=answered", "/staff/queue?status=closed", "/staff/queue?status=all",
             f"/staff/tickets/{open_ticket.id}", f"/staff/tickets/{answered.id}",
             f"/staff/tickets/{answered.id}/knowledge",
             f"/staff/tickets/{answered.id}/knowledge?kind=phrasing&q=avgift",
             "/staff/meeting", "/staff/stats?days=7", "/staff/knowledge", "/staff/audit", "/staff/staff",
             "/staff/offers", "/staff/offers?status=all", "/staff/tickets/999999"]  # fmt: skip
    for path in pages:
        response = await client.get(path)
        assert response.status in (200, 404), path
        assert_norwegian(await response.text(), path)

    meeting = visible_text(await (await client.get("/staff/meeting")).text())
    weekday = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
    assert any(re.search(rf"\b{d}\.? \d\d:\d\d", meeting) for d in weekday), meeting
    stats = visible_text(await (await client.get("/staff/stats?days=7")).text())
    assert "Utsettelse av kommunale avgifter" in stats and "Deferral of municipal fees" not in stats

    # Validation errors, in bokmål too.
    errors = [
        await client.post(f"/staff/tickets/{open_ticket.id}/answer", data={"csrf": csrf, "text": " "}),
        await client.post(f"/staff/tickets/{open_ticket.id}/note", data={"csrf": csrf, "text": "x" * 9000}),
        await client.post("/staff/staff", data={"csrf": csrf, "email": "ny@example.org", "role": "staff",
                                                "password": "kort"}),
        await client.post("/staff/staff", data={"csrf": csrf, "email": "ikke-en-adresse", "role": "staff",
                                                "password": "x" * 12}),
        await client.post("/staff/staff", data={"csrf": csrf, "email": "admin@example.org", "role": "staff",
                                                "password": "x" * 12}),
        await client.post(f"/staff/tickets/{answered.id}/knowledge",
                          data={"csrf": csrf, "kind": "entry", "entry_id": "Ugyldig Id", "answer": "",
                                "question": "Torgplass?", "language": "nb", "contacts": "finnes-ikke"}),
        await client.post(f"/staff/tickets/{answered.id}/knowledge",
                          data={"csrf": csrf, "kind": "entry", "entry_id": "horten-kommunale-avgifter", "answer": "",
                                "question": "Torgplass?", "language": "nb", "contacts": "finnes-ikke"}),
        await client.post(f"/staff/tickets/{answered.id}/knowledge",
                          data={"csrf": csrf, "kind": "phrasing", "target": "finnes-ikke", "question": "Torgplass?",
                                "language": "nb"}),
        await client.post("/staff/logout", data={"csrf": "feil"}),
    ]  # fmt: skip
    for response in errors:
        html = await response.text()
        assert response.status in (403, 422), (response.url, response.status)
        assert_norwegian(html, str(response.url))
        for english in ("the password must", "not an email address", "already has an account", "unknown contact",
                        "bad id", "has no text", "duplicate id", "unknown entry", "is too long"):  # fmt: skip
            assert english not in html.lower(), (response.url, english)
