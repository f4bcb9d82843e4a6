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
        assert re.search(rf'<option value="{re.escape(contact.id)}"[^>]*>[^<]*{re.escape(contact.name)}', datalist.group(1))
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
