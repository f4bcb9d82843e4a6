"""The operators' side of the briefing: the dashboard's briefing and news pages over real HTTP, and
`sammen briefing preview | send --now | status` as real commands."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.server import build_app
from bot.services import Services, build_services
from storage.models import AuditLog, BriefingSubscription, NewsItem, OutboxMessage, User
from tests.conftest import make_settings
from tests.desk import add_account, login
from tests.servers import env_for, sammen

from .chat import ChatUser


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(build_app(services), host="127.0.0.1"), headers={"Accept-Language": "en"}) as c:
        yield c


async def test_news_is_previewed_posted_reaches_the_preview_and_can_be_withdrawn(
    client: TestClient, services: Services
) -> None:
    await add_account(services, "staff")
    csrf = await login(client, "staff@example.org")
    page = await (await client.get("/staff/news")).text()
    assert "News for the daily briefing" in page and "Horten" in page

    bad = await client.post("/staff/news", data={"csrf": csrf, "text": "x", "url": "javascript:alert(1)", "do": "post"})
    assert bad.status == 422 and "must be a web address" in await bad.text()
    draft = {"csrf": csrf, "text": "Fees <b>deferred</b> & more", "url": "https://example.org/n", "region": "horten"}
    shown = await client.post("/staff/news", data={**draft, "do": "preview"})
    html = await shown.text()
    assert shown.status == 200 and "What subscribers will see" in html
    assert "Fees &lt;b&gt;deferred&lt;/b&gt; &amp; more" in html and 'href="https://example.org/n"' in html
    async with services.database.uow() as uow:
        assert not (await uow.session.execute(select(NewsItem))).scalars().all()  # a preview saves nothing

    posted = await client.post("/staff/news", data={"csrf": csrf, "text": "Fees deferred to June",
                                                     "url": "", "region": "horten", "do": "post"})  # fmt: skip
    assert posted.status == 200 and "Fees deferred to June" in await posted.text()
    async with services.database.uow() as uow:
        (item,) = (await uow.session.execute(select(NewsItem))).scalars()
        assert item.region == "horten"
        assert (await uow.session.execute(select(AuditLog).where(AuditLog.action == "news.post"))).scalar()

    # A Horten subscriber's preview on the briefing page shows it; the figures table is there.
    user = ChatUser(services.assistant, "v1", language="en")
    await user.say("/briefing")
    await user.press("07:30")
    async with services.database.uow() as uow:
        row = await uow.users.get("web", "v1")
        assert row is not None
        row.region = "horten"
        uid = row.id
    page = await (await client.get(f"/staff/briefing?preview={uid}")).text()
    assert "Fees deferred to June" in page and "Unsubscribed" in page and "active <b>1</b>" in page
    assert "There is no user 999" in await (await client.get("/staff/briefing?preview=999")).text()

    withdrawn = await client.post(f"/staff/news/{item.id}/withdraw", data={"csrf": csrf})
    assert withdrawn.status == 200 and "withdrawn" in await withdrawn.text()
    page = await (await client.get(f"/staff/briefing?preview={uid}")).text()
    assert "Fees deferred to June" not in page and "Nothing new for this user" in page


def test_the_commands_preview_send_and_status(tmp_path: Path) -> None:
    import asyncio

    url = f"sqlite+aiosqlite:///{tmp_path}/cli.db"

    async def prepare() -> None:
        services = await build_services(make_settings(url))
        try:
            async with services.database.uow() as uow:
                user = User(channel="telegram", external_id="777", language="en", onboarded=True)
                uow.session.add(user)
                await uow.session.flush()
                uow.session.add(BriefingSubscription(user_id=user.id, status="active", slot_minute=0, days="daily",
                                                     topics=["news"], timezone="Europe/Oslo"))  # fmt: skip
                uow.session.add(NewsItem(text="The network meeting moves to Thursday.",
                                         created_at=datetime.now(UTC) - timedelta(hours=1)))  # fmt: skip
        finally:
            await services.close()

    asyncio.run(prepare())
    env = env_for(tmp_path, BRIEFING_FIRST_SLOT="00:00")  # a slot that has always passed today

    def run(*args: str) -> str:
        done = subprocess.run(sammen("briefing", *args), env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=60, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "The network meeting moves to Thursday." in run("preview", "telegram:777")
    assert "Due: 1, enqueued: 1" in run("send", "--now")
    assert "Due: 0, enqueued: 0" in run("send", "--now")  # once a day
    assert "due 1, pending 1" in run("status")

    async def rows() -> list[OutboxMessage]:
        services = await build_services(make_settings(url))
        try:
            async with services.database.uow() as uow:
                return list((await uow.session.execute(select(OutboxMessage))).scalars())
        finally:
            await services.close()

    (row,) = asyncio.run(rows())
    assert row.address == "777" and row.lane == 1
