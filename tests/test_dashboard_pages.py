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
