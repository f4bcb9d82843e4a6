"""Shop local through the real channels: posting on Telegram (PTB against the Bot API stand-in) with a
photo, approve and reject with the staff chat's buttons, the poster told, the public offers channel
fed; and posting through the web chat's JSON API."""

from __future__ import annotations

import time
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.server import build_app
from bot.services import Services
from handlers.i18n import Translator
from handlers.onboarding import LANGUAGE_NAMES
from storage.models import AuditLog, Offer
from tests.servers import TelegramServer, data_of
from tests.telegram_api import TelegramStandIn
from tests.test_staff_telegram_e2e import KARI, OLA, STAFF_CHAT, group_message, group_press, next_messages

POSTER = 5151
CHANNEL = -1009999
ORG_NO = "912345688"


@pytest.fixture
async def tg():
    async with TelegramStandIn() as stand_in:
        stand_in.add_chat(STAFF_CHAT, "Rådgivning")
        stand_in.add_chat(CHANNEL, "Handle lokalt")
        yield stand_in


@pytest.fixture
async def server(tg, tmp_path):
    settings = {"staff_chat_id": STAFF_CHAT, "staff_telegram_ids": [KARI], "offers_channel_id": str(CHANNEL)}
    srv = await TelegramServer(tg, tmp_path / "sammen.db", settings=settings).start()
    yield srv
    await srv.stop()


def photo(tg: TelegramStandIn, chat_id: int) -> None:
    chat = tg.add_chat(chat_id)
    message = {
        "message_id": chat.new_message_id(),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "nb"},
        "photo": [
            {"file_id": "AgACsmall", "file_unique_id": "s1", "width": 90, "height": 90},
            {"file_id": "AgACbig", "file_unique_id": "b1", "width": 1280, "height": 960},
        ],
    }
    tg.push_raw({"message": message})


async def says(tg: TelegramStandIn, text: str, n: int = 1) -> list[dict[str, Any]]:
    return await next_messages(tg, POSTER, lambda: tg.push_message(POSTER, text), n)


async def presses(tg: TelegramStandIn, message: dict[str, Any], label: str, n: int = 1) -> list[dict[str, Any]]:
    data = data_of(message, label)
    return await next_messages(tg, POSTER, lambda: tg.push_callback(POSTER, data), n)


async def test_posting_on_telegram_and_moderating_in_the_staff_chat(tg, server) -> None:
    need, _ask_name = await says(tg, "/newoffer", 2)
    assert "organisasjonsnummeret" in need["text"]
    [_ask_org] = await says(tg, "Blomsterhjørnet AS")
    [wrong] = await says(tg, "987 654 321")
    assert "ikke et gyldig" in wrong["text"]
    _saved, ask_region = await says(tg, ORG_NO, 2)
    [_ask_title] = await presses(tg, ask_region, "Horten")
    [too_long] = await says(tg, "J" * 81)
    assert "Tittelen har 81 tegn" in too_long["text"]
    await says(tg, "Julebuketter <b>til halv pris</b>")
    [ask_category] = await says(tg, "Buketter med granbar & kongler.")
    [ask_delivery] = await presses(tg, ask_category, "Mat og drikke")
    [ask_delivery] = await presses(tg, ask_delivery, "Levering hjem")
    [ask_price] = await presses(tg, ask_delivery, "Ferdig")
    assert "Pris eller rabatt" in ask_price["text"]
    await says(tg, "2 for 1")
    [past] = await says(tg, "1.1.2021")
    assert "har allerede vært" in past["text"]
    understood, _ask_image = await says(tg, "i overmorgen", 2)
    assert "📅 Gjelder til" in understood["text"]
    [ask_contact] = await next_messages(tg, POSTER, lambda: photo(tg, POSTER))
    assert "Telefon" in ask_contact["text"]
    [preview] = await says(tg, "Tlf 33 03 11 00")
    assert "Julebuketter &lt;b&gt;til halv pris&lt;/b&gt;" not in preview["text"]  # the stand-in parses the HTML
    assert "Julebuketter <b>til halv pris</b>" in preview["text"] and "📷 Bilde vedlagt" in preview["text"]
    assert tg.photos == [{"chat_id": POSTER, "file_id": "AgACbig"}]  # the photo above the preview
    before = len(tg.messages(STAFF_CHAT))
    [done] = await presses(tg, preview, "Publiser")
    assert "Tilbud #1 venter på godkjenning" in done["text"]
    [notice] = (await tg.wait_for_messages(STAFF_CHAT, before + 1, timeout=10))[before:]
    assert "Nytt tilbud #1 fra Blomsterhjørnet AS (912 345 688)" in notice["text"]
    assert {"chat_id": STAFF_CHAT, "file_id": "AgACbig"} in tg.photos  # the staff see what they approve
    reject = data_of(notice, "Avvis")
    assert reject == "1|ofm|1|no"

    [refusal] = await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, OLA, reject, "Ola"))
    assert "bare rådgiverne" in refusal["text"]
    [prompt] = await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, KARI, reject))
    assert "grunnen til at tilbud #1 avvises" in prompt["text"]
    before = len(tg.messages(POSTER))
    [confirmation] = await next_messages(tg, STAFF_CHAT, lambda: group_message(tg, KARI, "Mangler pris per bukett"))
    assert "Tilbud #1 er avvist: Mangler pris per bukett" in confirmation["text"]
    [told] = (await tg.wait_for_messages(POSTER, before + 1, timeout=10))[before:]
    assert "ble ikke godkjent: Mangler pris per bukett" in told["text"]
    edited = await tg.wait_for(lambda: [e for e in tg.sent if e["method"] == "editMessageText"], timeout=10)
    assert edited[0]["text"] == notice["text"] + "\n\n❌ Avvist av Kari" and edited[0]["reply_markup"] is None

    # The poster edits it: back to the staff, who approve it this time.
    _intro, preview = await presses(tg, told, "Endre #1", 2)
    [fields] = await presses(tg, preview, "Endre et felt")
    [_ask_price] = await presses(tg, fields, "Pris")
    [preview] = await says(tg, "149 kr per bukett")
    before = len(tg.messages(STAFF_CHAT))
    await presses(tg, preview, "Send til godkjenning")
    [notice] = (await tg.wait_for_messages(STAFF_CHAT, before + 1, timeout=10))[before:]
    assert "Endret tilbud #1" in notice["text"] and "149 kr per bukett" in notice["text"]
    before = len(tg.messages(POSTER))
    [approved] = await next_messages(tg, STAFF_CHAT, lambda: group_press(tg, KARI, data_of(notice, "Godkjenn")))
    assert "Tilbud #1 «Julebuketter <b>til halv pris</b>» er publisert" in approved["text"]
    [told] = (await tg.wait_for_messages(POSTER, before + 1, timeout=10))[before:]
    assert "er publisert" in told["text"]
    [posted] = await tg.wait_for_messages(CHANNEL, 1, timeout=10)
    assert {"chat_id": CHANNEL, "file_id": "AgACbig"} in tg.photos
    assert "Julebuketter <b>til halv pris</b> – Blomsterhjørnet AS" in posted["text"]

    [listing] = await says(tg, "/offers")
    assert "Julebuketter" in listing["text"] and "149 kr per bukett" in listing["text"]

    # Withdrawn by the poster: the channel's post says so (edited, not deleted).
    [mine] = await says(tg, "/myoffers")
    [sure] = await presses(tg, mine, "Trekk #1")
    [withdrawn] = await presses(tg, sure, "Ja, trekk det tilbake")
    assert "Tilbud #1 er trukket tilbake" in withdrawn["text"]
    edit = await tg.wait_for(
        lambda: [e for e in tg.sent if e["method"] == "editMessageText" and e["chat_id"] == CHANNEL], timeout=10
    )
    assert edit[0]["text"] == posted["text"] + "\n\n↩️ Tilbudet gjelder ikke lenger."

    assert server.services is not None
    async with server.services.database.uow() as uow:
        [offer] = (await uow.session.execute(select(Offer))).scalars()
        assert offer.photo_file_id == "AgACbig" and offer.status == "withdrawn"
        actions = list((await uow.session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars())
    assert [a for a in actions if a.startswith("offer.")] == [
        "offer.submit", "offer.reject_started", "offer.reject", "offer.edit", "offer.approve",
        "offer.withdraw_own"]  # fmt: skip


class _Visitor:
    """A web chat visitor over HTTP, as the page talks to the server: sends, and presses buttons by label."""

    def __init__(self, client: TestClient, language: str) -> None:
        self.client, self.language = client, language
        self.last: list[dict[str, Any]] = []
        self.seen: list[dict[str, Any]] = []  # every reply, for checks over the whole conversation

    @classmethod
    async def on_new_server(cls, services: Services, language: str) -> _Visitor:
        client = TestClient(TestServer(build_app(services)))
        await client.start_server()
        return cls(client, language)

    async def onboard(self) -> None:
        """/start in the visitor's language, Horten, and no business profile."""
        await self.send(text="/start")
        await self.press(LANGUAGE_NAMES[self.language])
        await self.press("Horten")
        await self.press(Translator(self.language)("skip"))

    async def send(self, **body: str) -> str:
        response = await self.client.post("/api/messages", json=body, headers={"Accept-Language": self.language})
        assert response.status == 200
        self.last = (await response.json())["replies"]
        self.seen += self.last
        return "\n".join(r["text"] for r in self.last)

    async def press(self, label: str) -> str:
        action = next(b["action"] for r in self.last for row in r["buttons"] for b in row if label in b["label"])
        return await self.send(action=action)


async def test_posting_through_the_web_chat_api(services: Services) -> None:
    visitor = await _Visitor.on_new_server(services, "en")
    send, press = visitor.send, visitor.press
    try:
        await visitor.onboard()
        assert "organisation number first" in await send(text="/newoffer")
        await send(text="Flower Corner Ltd")
        assert "What is the offer?" in await send(text=ORG_NO)
        assert "The title has 81 characters" in await send(text="W" * 81)
        await send(text="Wreaths & <script>alert(1)</script>")
        await send(text="Hand-made wreaths.")
        await press("Experiences")
        await press("Online")
        await press("In store")
        await press("Done")
        await press("Skip")
        assert "has already passed" in await send(text="1.1.2020")
        assert "could not read “whenever” as a date" in await send(text="whenever")
        image_step = await send(text="in 5 days")
        assert "📅 Valid until " in image_step
        assert "Send an image link" in image_step and "photo" not in image_step  # no photos in the web chat
        assert "must start with https://" in await send(text="http://img.example.org/wreath.png")
        await send(text="https://img.example.org/wreath.png")
        preview = await send(text="https://flowers.example.org, Storgata 1")
        assert "Wreaths & <script>alert(1)</script> – Flower Corner Ltd" in preview
        assert "&lt;script&gt;" in visitor.last[0]["html"] and "<script>" not in visitor.last[0]["html"]
        assert "🚚 In store, Online" in preview
        assert "is waiting for approval" in await press("Publish")
    finally:
        await visitor.client.close()
    async with services.database.uow() as uow:
        [offer] = (await uow.session.execute(select(Offer))).scalars()
    assert offer.category == "experiences" and offer.delivery == ["store", "online"] and not offer.delivers_home
    assert offer.image_url == "https://img.example.org/wreath.png" and offer.status == "pending"


async def test_offers_groups_and_briefing_through_the_web_chat_api(services: Services) -> None:
    """/offers, /groups and /briefing over HTTP as the page uses them, and a briefing (the bulk lane)
    reaching the visitor through the page's poll."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from handlers.briefing_schedule import enqueue_due
    from storage.models import NewsItem

    visitor = await _Visitor.on_new_server(services, "nb")
    send, press = visitor.send, visitor.press
    try:
        await visitor.onboard()
        assert "Tilbud: Horten" in await send(text="/offers")
        await press("Kategori")
        assert visitor.last[0]["buttons"]
        assert "Nettverksgrupper for små bedrifter" in await send(text="/groups")
        await press("Nettverksgrupper for små")
        assert "Velkommen" in await press("Bli med")
        assert "Nettverksgrupper for små bedrifter" in await send(text="/mine")
        assert "Daglig oppsummering" in await send(text="/briefing")
        assert "kl. 07:30" in await press("07:30")

        a = services.assistant
        first = datetime(2026, 12, 3, 7, 35, tzinfo=ZoneInfo("Europe/Oslo")).astimezone(UTC)  # a Thursday
        await enqueue_due(services.database, a.knowledge, a.config, a.registry.digest_sources, now=first)
        async with services.database.uow() as uow:
            uow.session.add(NewsItem(text="Nytt fra kommunen", region=None, created_at=first + timedelta(hours=1)))
        await enqueue_due(services.database, a.knowledge, a.config, a.registry.digest_sources,
                          now=first + timedelta(days=1))  # fmt: skip
        poll = {"X-Sammen-Poll": "1", "Accept": "application/json"}
        async with visitor.client.get("/api/messages/pending", headers=poll) as response:
            replies = (await response.json())["replies"]
        assert any("Nytt fra kommunen" in r["text"] for r in replies), replies
        assert all("photo" not in r for r in visitor.seen)
    finally:
        await visitor.client.close()
