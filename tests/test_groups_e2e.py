"""Groups and events end to end: the real server with PTB against the Bot API stand-in (the sign-up's
calendar file arrives as a document), and the subscribable feed over HTTP."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import icalendar
import pytest

from handlers import gatherings as core
from tests.servers import TelegramServer, data_of
from tests.telegram_api import TelegramStandIn

from .test_groups import NOW, knowledge_with


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "clock", lambda: NOW)


async def test_sign_up_on_telegram_brings_the_calendar_file_and_the_feed_has_the_rule(tmp_path: Path) -> None:
    chat = 51
    async with TelegramStandIn() as tg:
        srv = await TelegramServer(tg, tmp_path / "tg.db", settings={"knowledge_dir": knowledge_with(tmp_path)}).start()
        try:
            tg.push_message(chat, "/start", language_code="nb")
            [_, languages] = await tg.wait_for_messages(chat, 2, timeout=10)
            tg.push_callback(chat, data_of(languages, "Norsk"))
            regions = (await tg.wait_for_messages(chat, 4, timeout=10))[3]
            tg.push_callback(chat, data_of(regions, "Horten"))
            await tg.wait_for_messages(chat, 6, timeout=10)
            tg.push_message(chat, "/events")
            listing = (await tg.wait_for_messages(chat, 7, timeout=10))[6]
            assert "Seminar om eksport" in listing["text"] and "2 av 2 plasser ledige" in listing["text"]
            tg.push_callback(chat, data_of(listing, "Seminar om eksport"))
            details = (await tg.wait_for_messages(chat, 8, timeout=10))[7]
            assert "fredag 20. mars 2026 kl. 09:00" in details["text"] and "Bastion Horten" in details["text"]
            tg.push_callback(chat, data_of(details, "Meld på"))
            await tg.wait_for(lambda: tg.documents, timeout=10)
            [document] = tg.documents
            assert document["chat_id"] == chat and document["file_name"] == "horten-seminar.ics"
            [event] = icalendar.Calendar.from_ical(document["data"]).walk("VEVENT")
            assert str(event["UID"]) == "event-horten-seminar@sammen"
            assert event.decoded("DTSTART") == datetime(2026, 3, 20, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))
            assert any("Du er påmeldt Seminar om eksport" in m.get("text", "") for m in tg.messages(chat))

            async with aiohttp.ClientSession() as http:
                async with http.get(f"{srv.url}/groups/horten-frokost.ics") as response:
                    assert response.status == 200 and response.content_type == "text/calendar"
                    feed = icalendar.Calendar.from_ical(await response.read())
                async with http.get(f"{srv.url}/groups/no-such-group.ics") as missing:
                    assert missing.status == 404
            [series] = feed.walk("VEVENT")
            assert series["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1FR" and feed.walk("VTIMEZONE")
        finally:
            await srv.stop()
