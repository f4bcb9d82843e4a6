"""The outgoing pipeline against the stand-in: shaping, retries, 429, 403, and both request classes."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.telegram.pace import Pace, Shaper
from bot.telegram.render import Part
from bot.telegram.request import AiohttpRequest
from bot.telegram.sender import Outcome, RetryPolicy, Sender
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn

FAST = RetryPolicy(attempts=4, backoff=0.01, max_backoff=0.05)


@pytest.fixture
async def tg():
    async with TelegramStandIn() as stand_in:
        for chat in range(1, 21):
            stand_in.add_chat(chat)
        yield stand_in


@pytest.fixture(params=["aiohttp", "httpx"])
async def bot(request, tg):
    make = AiohttpRequest if request.param == "aiohttp" else HTTPXRequest
    async with Bot(DEFAULT_TOKEN, base_url=tg.base_url, request=make()) as b:
        yield b


def sender(bot: Bot, **kwargs) -> Sender:
    kwargs.setdefault("rate_global", 1000.0)
    kwargs.setdefault("rate_per_chat", 1000.0)
    return Sender(bot, retry=kwargs.pop("retry", FAST), **kwargs)


async def test_parts_are_sent_in_order_with_html(tg, bot):
    parts = [Part("<b>en</b> &amp; to"), Part("tre")]
    assert (await sender(bot).send_parts(1, parts)).outcome is Outcome.SENT
    assert [(m["text"], m["parse_mode"]) for m in tg.messages(1)] == [("en & to", "HTML"), ("tre", "HTML")]


async def test_429_waits_retry_after_then_sends(tg, bot):
    tg.fail_next("sendMessage", 429, retry_after=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert (await sender(bot).send_message(2, "hei")).outcome is Outcome.SENT
    assert loop.time() - started >= 0.95
    assert [r["status"] for r in tg.calls("sendMessage")] == [429, 200]


async def test_429_pauses_other_chats_too(tg, bot):
    s = sender(bot)
    tg.fail_next("sendMessage", 429, retry_after=1, chat_id=3)
    first = asyncio.create_task(s.send_message(3, "a"))
    await tg.wait_for(lambda: tg.calls("sendMessage"))
    await asyncio.sleep(0.05)
    started = asyncio.get_running_loop().time()
    assert (await s.send_message(4, "b")).outcome is Outcome.SENT
    assert asyncio.get_running_loop().time() - started >= 0.8
    assert (await first).outcome is Outcome.SENT


async def test_5xx_and_network_errors_are_retried(tg, bot):
    tg.fail_next("sendMessage", 502, times=2)
    tg.fail_next("sendMessage", 0)
    assert (await sender(bot).send_message(5, "hei")).outcome is Outcome.SENT
    assert [r["status"] for r in tg.calls("sendMessage")] == [502, 502, 0, 200]


async def test_retries_are_bounded(tg, bot):
    tg.fail_next("sendMessage", 500, times=10)
    assert (await sender(bot).send_message(6, "hei")).outcome is Outcome.FAILED
    assert len(tg.calls("sendMessage")) == FAST.attempts


async def test_blocked_user_is_reported_not_retried(tg, bot):
    tg.block(7)
    s = sender(bot)
    assert (await s.send_parts(7, [Part("a"), Part("b")])).outcome is Outcome.BLOCKED
    assert len(tg.calls("sendMessage")) == 1
    assert await s.typing(7) is Outcome.BLOCKED


async def test_unparseable_html_falls_back_to_plain_text(tg, bot):
    assert (await sender(bot).send_message(8, "<b>a < b</b>")).outcome is Outcome.SENT
    [message] = tg.messages(8)
    assert message["text"] == "a < b" and message["parse_mode"] is None


async def test_other_bad_requests_fail_without_retry(tg, bot):
    assert (await sender(bot).send_message(999, "nobody")).outcome is Outcome.FAILED
    assert len(tg.calls("sendMessage")) == 1


async def test_per_chat_rate(tg, bot):
    s = sender(bot, rate_per_chat=10.0, burst_per_chat=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(s.send_message(9, str(i)) for i in range(5)))
    assert loop.time() - started >= 0.38
    assert [m["text"] for m in tg.messages(9)] == ["0", "1", "2", "3", "4"]  # and in order


async def test_global_rate(tg, bot):
    s = sender(bot, rate_global=20.0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.gather(*(s.send_message(chat, "x") for chat in range(1, 11)))
    assert loop.time() - started >= 0.43
    times = sorted(m["time"] for m in tg.messages())
    assert all(b - a >= 0.04 for a, b in itertools.pairwise(times))


async def test_typing_and_callback_answers(tg, bot):
    s = sender(bot)
    assert await s.typing(10) is Outcome.SENT
    assert tg.chat_actions[0] == {"chat_id": 10, "action": "typing", "time": tg.chat_actions[0]["time"]}
    update = tg.push_callback(10, "1|menu|open")
    await s.answer_callback(update["callback_query"]["id"])
    await s.answer_callback("no-such-query")  # best effort: logged, not raised
    assert len(tg.callback_answers) == 1


def test_pace_reservations():
    pace = Pace(rate=2.0, burst=2)
    assert [pace.reserve(10.0) for _ in range(4)] == [0.0, 0.0, 0.5, 1.0]
    assert pace.reserve(20.0) == 0.0


async def test_shaper_pause():
    now = [100.0]
    shaper = Shaper(1000.0, 1000.0, clock=lambda: now[0])
    shaper.pause(0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    task = asyncio.create_task(shaper.wait(1))
    await asyncio.sleep(0.05)
    now[0] += 1.0  # time passes
    await task
    assert loop.time() - started < 0.5


async def test_a_send_tells_the_message_id_and_an_edit_replaces_text_and_buttons(tg, bot):
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    s = sender(bot)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Svar", callback_data="1|sans|1")]])
    first = await s.send_parts(11, [Part("en"), Part("<b>to</b>", keyboard)])
    assert first.outcome is Outcome.SENT and first.message_id == tg.messages(11)[-1]["message_id"]
    assert first.message_id != tg.messages(11)[0]["message_id"]  # the last part's, the one with the buttons
    assert await s.edit_message(11, first.message_id, "<b>to</b>\n\n✅ Besvart") is Outcome.SENT
    edited = tg.chats[11].messages[first.message_id]
    assert edited["text"] == "to\n\n✅ Besvart" and "reply_markup" not in edited  # no keyboard: buttons removed
    # The same edit again: Telegram says "message is not modified"; it already says that, so it is done.
    assert await s.edit_message(11, first.message_id, "<b>to</b>\n\n✅ Besvart") is Outcome.SENT
    assert [c["status"] for c in tg.calls("editMessageText")] == [200, 400]
    # A message deleted meanwhile: nothing to edit, not retried.
    del tg.chats[11].messages[first.message_id]
    assert await s.edit_message(11, first.message_id, "x") is Outcome.GONE
    assert [c["status"] for c in tg.calls("editMessageText")] == [200, 400, 400]
    tg.fail_next("editMessageText", 400, description="Bad Request: message can't be edited")
    assert await s.edit_message(11, 1, "x") is Outcome.GONE
    tg.fail_next("editMessageText", 400, description="Bad Request: message text is empty")
    assert await s.edit_message(11, 1, "x") is Outcome.FAILED  # any other refusal is a failure, as for sends


async def test_the_bulk_lane_keeps_to_its_share_and_never_holds_up_a_live_reply() -> None:
    """40 bulk sends queued first: the live reply still goes within a few slots, and bulk alone keeps
    to its share of the global rate (here 100/s global, 50/s bulk)."""
    shaper = Shaper(100, 1000, burst_per_chat=1000, bulk_share=0.5)
    order: list[str] = []

    async def send(tag: str, chat: int, bulk: bool) -> None:
        await shaper.wait(chat, bulk=bulk)
        order.append(tag)

    started = asyncio.get_running_loop().time()
    bulk = [asyncio.create_task(send(f"bulk{i}", i, True)) for i in range(40)]
    await asyncio.sleep(0.05)
    await asyncio.gather(*bulk, send("live", 999, False))
    assert order.index("live") < 10, order
    assert asyncio.get_running_loop().time() - started >= 39 / 50 - 0.05  # not faster than the bulk share
    # Without lanes the same live reply waits behind every send reserved before it.
    shaper, order = Shaper(100, 1000, burst_per_chat=1000), []
    plain = [asyncio.create_task(send(f"plain{i}", i, False)) for i in range(40)]
    await asyncio.sleep(0.05)
    await asyncio.gather(*plain, send("live", 999, False))
    assert order.index("live") == 40
