"""The Bot API stand-in, exercised with PTB's own `telegram.Bot`, so the stand-in speaks what PTB expects."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.telegram_api import DEFAULT_TOKEN, ApiError, TelegramStandIn, parse_html


@pytest.fixture
async def tg():
    async with TelegramStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def bot(tg):
    async with Bot(DEFAULT_TOKEN, base_url=tg.base_url) as b:
        yield b


async def test_get_me_and_wrong_token(tg, bot):
    me = await bot.get_me()
    assert me.username == "sammen_test_bot" and me.is_bot
    with pytest.raises(InvalidToken):
        async with Bot("999:wrong", base_url=tg.base_url) as other:
            await other.get_me()


async def test_unknown_method_is_404(tg, bot):
    status, _ = await tg.post_webhook_update(f"{tg.base_url}{DEFAULT_TOKEN}/sendTelepathy", {}, None)
    assert status == 404


async def test_get_updates_confirms_by_offset(tg, bot):
    tg.push_message(7, "/start", language_code="da", first_name="Åse")
    tg.push_message(7, "hei")
    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates] == ["/start", "hei"]
    first = updates[0].message
    assert first.entities[0].type == "bot_command" and first.from_user.language_code == "da"
    assert first.from_user.first_name == "Åse" and first.chat.id == 7
    assert len(tg.pending) == 2  # fetched, not yet confirmed
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert tg.pending == [] and tg.confirmed_offset == updates[-1].update_id + 1


async def test_get_updates_long_polls(tg, bot):
    loop = asyncio.get_running_loop()
    started = loop.time()
    loop.call_later(0.2, tg.push_message, 8, "later")
    updates = await bot.get_updates(timeout=2)
    assert [u.message.text for u in updates] == ["later"]
    assert 0.15 < loop.time() - started < 1.5
    started = loop.time()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0.3) == ()
    assert loop.time() - started >= 0.25


async def test_newer_poll_ends_older_with_conflict(tg, bot):
    older = asyncio.create_task(bot.get_updates(timeout=3))
    await asyncio.sleep(0.1)
    async with Bot(
        DEFAULT_TOKEN, base_url=tg.base_url
    ) as second:  # PTB's getUpdates pool holds one connection
        await second.get_updates(timeout=0)
    with pytest.raises(Conflict):
        await older


async def test_send_message_html_and_keyboard(tg, bot):
    tg.add_chat(5)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ja", callback_data="1|fb|y"),
                InlineKeyboardButton("Nettside", url="https://example.org"),
            ]
        ]
    )
    msg = await bot.send_message(5, "<b>Fisk &amp; vilt</b> &lt;3", parse_mode="HTML", reply_markup=markup)
    assert msg.text == "Fisk & vilt <3" and msg.reply_markup.inline_keyboard[0][0].callback_data == "1|fb|y"
    [sent] = tg.messages(5)
    assert sent["html"] == "<b>Fisk &amp; vilt</b> &lt;3" and sent["parse_mode"] == "HTML"
    assert sent["reply_markup"]["inline_keyboard"][0][1]["url"] == "https://example.org"


@pytest.mark.parametrize(
    "text", ["a < b", "<b>open", "<b>x</i>", "<blink>x</blink>", "x &nbsp; y", "a > b", "<b>x</b></b>", "&"]
)
async def test_send_message_rejects_what_telegram_cannot_parse(tg, bot, text):
    tg.add_chat(5)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(5, text, parse_mode="HTML")
    assert tg.messages(5) == []


def test_parse_html_accepts_telegram_subset():
    html = (
        '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s><a href="https://x.y/?a=1&amp;b=2">l</a>'
        "<code>c</code><pre>p</pre><tg-spoiler>t</tg-spoiler><blockquote>q</blockquote>&#128512;&#x41;&quot;"
    )
    assert parse_html(html) == "bsieusl" + 'cptq\U0001f600A"'
    with pytest.raises(ApiError):
        parse_html('<a href="x">unclosed')


async def test_length_is_counted_after_parsing_in_utf16(tg, bot):
    tg.add_chat(5)
    await bot.send_message(5, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")  # 4096 visible characters
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(5, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(5, "\U0001f600" * 2049)  # 4098 UTF-16 units
    with pytest.raises(BadRequest, match=r"(?i)empty"):
        await bot.send_message(5, "<b> </b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(tg, bot):
    tg.add_chat(5)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="ø" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(5, "hi", reply_markup=too_long)


async def test_unknown_chat_is_refused(tg, bot):
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(404, "hi")


async def test_callback_query_round_trip(tg, bot):
    tg.add_chat(6)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Meny", callback_data="1|menu")]])
    sent = await bot.send_message(6, "Velg", reply_markup=markup)
    tg.push_callback(6, "1|menu")
    [update] = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query.data == "1|menu" and query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query.id)
    assert tg.callback_answers[0]["callback_query_id"] == query.id


async def test_edit_delete_and_chat_action(tg, bot):
    tg.add_chat(9)
    msg = await bot.send_message(9, "one")
    edited = await bot.edit_message_text("two", chat_id=9, message_id=msg.message_id)
    assert edited.text == "two"
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("two", chat_id=9, message_id=msg.message_id)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="1|x")]])
    await bot.edit_message_reply_markup(chat_id=9, message_id=msg.message_id, reply_markup=markup)
    assert [s["method"] for s in tg.sent] == ["sendMessage", "editMessageText", "editMessageReplyMarkup"]
    assert await bot.send_chat_action(9, "typing")
    assert tg.chat_actions[0]["action"] == "typing"
    assert await bot.delete_message(9, msg.message_id)
    with pytest.raises(BadRequest, match=r"(?i)not found"):
        await bot.delete_message(9, msg.message_id)


async def test_commands_per_language(tg, bot):
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Hjelp")], language_code="nb")
    await bot.set_my_commands([BotCommand("start", "Start")])
    assert [c.command for c in await bot.get_my_commands(language_code="nb")] == ["start", "help"]
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.get_my_commands(language_code="sv") == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Start!", "x")])


async def test_faults_on_demand(tg, bot):
    tg.add_chat(3)
    tg.fail_next("sendMessage", 429, retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(3, "x")
    assert info.value._retry_after.total_seconds() == 7
    tg.fail_next("sendMessage", 502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(3, "x")
    tg.fail_next("sendMessage", 0)
    with pytest.raises(NetworkError):
        await bot.send_message(3, "x")
    tg.fail_next("sendMessage", 500, chat_id=4)
    await bot.send_message(3, "through")  # the fault is for another chat
    assert [m["text"] for m in tg.messages(3)] == ["through"]
    assert [r["status"] for r in tg.calls("sendMessage")] == [429, 502, 502, 0, 200]


async def test_blocked_user_gets_403(tg, bot):
    tg.add_chat(11)
    tg.block(11)
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(11, "x")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(11, "typing")
    tg.unblock(11)
    await bot.send_message(11, "x")


async def test_latency_is_added_to_every_call(tg, bot):
    tg.latency = 0.1
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.get_me()
    assert loop.time() - started >= 0.1


async def test_webhook_mode(tg, bot):
    from aiohttp import web

    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        await bot.set_webhook(url, secret_token="s3cret-_x")
        info = await bot.get_webhook_info()
        assert info.url == url
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        tg.push_message(12, "via webhook")
        await tg.wait_confirmed()
        assert received[0][0] == "s3cret-_x" and received[0][1]["message"]["text"] == "via webhook"
        status, _ = await tg.post_webhook_update(url, {"update_id": 99}, None)
        assert status == 200 and received[-1] == (None, {"update_id": 99})
        with pytest.raises(BadRequest, match=r"(?i)unallowed"):
            await bot.set_webhook(url, secret_token="not allowed!")
        await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_wait_for_messages_times_out(tg):
    with pytest.raises(TimeoutError):
        await tg.wait_for_messages(1, 1, timeout=0.1)
