"""End to end: the real server app (`build_app(services)`) with the Telegram channel, PTB as the client,
the Bot API stand-in as Telegram, the real core and a SQLite database."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from bot.telegram.webhook import PATH, SECRET_KEY
from handlers.types import Button, Reply
from tests.servers import TelegramServer as Server
from tests.servers import data_of, free_port
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn, parse_html

CHAT = 4242


@pytest.fixture
async def tg():
    async with TelegramStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def server(tg, tmp_path):
    srv = await Server(tg, tmp_path / "sammen.db").start()
    yield srv
    if srv.runner is not None:
        await srv.stop()


async def say(tg: TelegramStandIn, text: str, n: int = 1, chat: int = CHAT, **kw: Any) -> list[dict[str, Any]]:
    """Send text, return the next `n` messages the bot sends to the chat."""
    before = len(tg.messages(chat))
    tg.push_message(chat, text, **kw)
    return (await tg.wait_for_messages(chat, before + n))[before:]


async def press(tg: TelegramStandIn, data: str, n: int = 1, chat: int = CHAT, **kw: Any) -> list[dict[str, Any]]:
    before, answered = len(tg.messages(chat)), len(tg.callback_answers)
    tg.push_callback(chat, data, **kw)
    new = (await tg.wait_for_messages(chat, before + n))[before:]
    await tg.wait_for(lambda: len(tg.callback_answers) > answered)  # the button was answered
    return new


async def onboard(tg: TelegramStandIn, chat: int = CHAT) -> list[dict[str, Any]]:
    welcome, languages = await say(tg, "/start", 2, chat)
    _confirmed, regions = await press(tg, data_of(languages, "Norsk"), 2, chat)
    _confirmed, business = await press(tg, data_of(regions, "Horten"), 2, chat)
    [done] = await press(tg, data_of(business, "Hopp"), 1, chat)
    return [welcome, languages, regions, business, done]


async def test_onboarding_native_feel(tg, server):
    welcome, languages, _regions, _business, done = await onboard(tg)
    assert welcome["html"].startswith("👋 Velkommen til <b>Sammen</b>!") and welcome["parse_mode"] == "HTML"
    assert welcome["reply_markup"] is None
    assert [b["text"] for row in languages["reply_markup"]["inline_keyboard"] for b in row][1:] == [
        "Dansk",
        "Svenska",
        "English",
    ]
    assert "✅" in done["text"]
    assert data_of(done, "Spør").startswith("1|menu|")
    # quick answers need no "typing…"; every button answered; the command menu in four languages
    assert tg.chat_actions == []
    assert len(tg.callback_answers) == 3
    for lang in ("nb", "da", "sv", "en", ""):
        commands = tg.commands[('{"type": "default"}', lang)]
        assert {"start", "help", "menu", "ask", "contacts", "language", "region"} <= {c["command"] for c in commands}
    assert tg.commands[('{"type": "default"}', "sv")] != tg.commands[('{"type": "default"}', "nb")]


async def test_question_answered_with_contact_card_and_feedback(tg, server):
    await onboard(tg)
    [answer] = await say(tg, "NAV kontaktpersoner i Horten")
    assert answer["html"].startswith("<b>Kontaktpersoner i NAV Horten")
    assert "\n<b>Kontakt</b>\n<b>Heidi Sæther Hauge</b>, Markedsansvarlig" in answer["html"]  # the contact card
    parse_html(answer["html"])
    [thanks] = await press(tg, data_of(answer, "👍"))
    assert thanks["text"].startswith("Takk for tilbakemeldingen")


#: Broad questions; the engine should be unsure about at least one of them and suggest.
BROAD_QUESTIONS = (
    "Hvordan kan jeg søke om støtte fra kommunen",
    "gründer",
    "støtte",
    "kontakt",
    "samarbeid",
    "grupper",
    "møte",
)


async def test_typing_shows_while_a_slow_answer_is_prepared(tg, server, monkeypatch):
    assistant = server.services.assistant
    real_handle = assistant.handle

    async def slow_handle(msg):
        await asyncio.sleep(0.6)
        return await real_handle(msg)

    monkeypatch.setattr(assistant, "handle", slow_handle)
    [answer] = await say(tg, "kan vi få utsatt kommunale avgifter?")
    assert tg.chat_actions and tg.chat_actions[0]["action"] == "typing"
    assert tg.chat_actions[0]["time"] < answer["time"]


async def test_suggestions_then_pick_one(tg, server):
    engine = server.services.knowledge.engine
    broad = [q for q in BROAD_QUESTIONS if engine.ask(q).kind == "suggest"]
    assert broad, "the engine answered every broad question outright; it should suggest when unsure"
    [suggest] = await say(tg, broad[0])
    assert suggest["text"].startswith("Jeg er ikke helt sikker")
    first = suggest["reply_markup"]["inline_keyboard"][0][0]
    assert first["callback_data"].startswith("1|sg|")
    [entry] = await press(tg, first["callback_data"])
    assert entry["html"].startswith("<b>") and data_of(entry, "👍").startswith("1|fb|")


async def test_html_characters_are_escaped_everywhere(tg, server):
    [reply] = await say(tg, "/x<b>&amp;<i>", first_name='<Tom & "Jerry">')
    assert "/x<b>&amp;<i>" in reply["text"]  # shown literally: Telegram parsed the escaped HTML
    assert "&lt;b&gt;&amp;amp;&lt;i&gt;" in reply["html"]
    [answer] = await say(tg, "<script>alert('x')</script> & kan vi få utsatt kommunale avgifter?")
    assert answer["text"] and answer["parse_mode"] == "HTML"


async def test_6000_characters_in_and_out(tg, server):
    [reply] = await say(tg, "Hvordan søker jeg om støtte & <hjelp>? " * 160)  # about 6,300 characters in
    assert reply["text"]
    long = "\n\n".join(f"Avsnitt {i} <med> & tegn: " + "ord " * 20 for i in range(60))
    before = len(tg.messages(CHAT))
    from handlers.markup import esc

    delivered = await server.channel.send(str(CHAT), [Reply(esc(long), [[Button("Meny", "1|menu|open")]])])
    assert delivered
    parts = tg.messages(CHAT)[before:]
    assert len(parts) == 2
    assert all(len(p["text"]) <= 4096 for p in parts)
    assert parts[0]["reply_markup"] is None and parts[1]["reply_markup"] is not None
    assert parts[0]["text"].endswith("ord") and parts[1]["text"].startswith("Avsnitt")
    assert " ".join(p["text"] for p in parts).split() == long.split()  # nothing lost, nothing doubled


@pytest.mark.parametrize("data", ["1|fb|999999|1", "garbage", "9|menu|open", "1|nosuchverb"])
async def test_forged_or_stale_button_gets_a_polite_note(tg, server, data):
    [note] = await press(tg, data)
    assert note["text"].startswith("Beklager, den knappen virker ikke lenger")
    assert tg.callback_answers[-1]["text"] is None


async def test_429_retry_after_is_honoured(tg, server):
    tg.fail_next("sendMessage", 429, retry_after=1, chat_id=CHAT)
    started = time.monotonic()
    [reply] = await say(tg, "hei", chat=CHAT)
    assert reply["time"] - started >= 1.0
    assert [r["status"] for r in tg.calls("sendMessage", chat_id=CHAT)] == [429, 200]


async def test_5xx_is_retried(tg, server):
    tg.fail_next("sendMessage", 502, chat_id=CHAT)
    [reply] = await say(tg, "hei")
    assert reply["text"].startswith("Hei")
    assert [r["status"] for r in tg.calls("sendMessage", chat_id=CHAT)] == [502, 200]


async def test_blocked_user_is_marked_unreachable(tg, server):
    await say(tg, "hei")
    tg.block(CHAT)
    tg.push_message(CHAT, "/help")
    await tg.wait_for(lambda: any(r["status"] == 403 for r in tg.calls("sendMessage", chat_id=CHAT)))

    async def unreachable() -> bool:
        async with server.services.database.uow() as uow:
            user = await uow.users.get("telegram", str(CHAT))
            return bool(user and user.unreachable)

    for _ in range(50):
        if await unreachable():
            break
        await asyncio.sleep(0.02)
    assert await unreachable()
    assert await server.channel.send(str(CHAT), [Reply("Nyhet!")]) is False
    assert len([r for r in tg.calls("sendMessage", chat_id=CHAT) if r["status"] == 403]) == 2  # no retries


async def test_error_in_the_core_is_logged_with_update_id_and_apologised(tg, server, caplog, monkeypatch):
    async def broken(msg):
        raise RuntimeError("boom")

    monkeypatch.setattr(server.services.assistant, "handle", broken)
    with caplog.at_level(logging.ERROR, logger="bot.telegram.channel"):
        update = tg.push_message(CHAT, "hei")
        [apology] = await tg.wait_for_messages(CHAT, 1)
        tg.push_callback(CHAT, "1|menu|open")
        await tg.wait_for_messages(CHAT, 2)
    assert apology["text"].startswith("Beklager, noe gikk galt")
    assert f"update {update['update_id']} failed" in caplog.text and "boom" in caplog.text
    await tg.wait_for(lambda: len(tg.callback_answers) == 1)  # the button is answered even so


async def test_malformed_update_does_not_stall_polling(tg, server):
    await say(tg, "hei")
    polls = len(tg.calls("getUpdates"))
    tg.push_raw({"message": {"message_id": "not a number", "chat": "nonsense"}})
    tg.push_raw({"callback_query": {"id": 5}})
    [reply] = await say(tg, "/help")
    assert reply["text"]
    await tg.wait_confirmed()
    await asyncio.sleep(0.3)
    assert len(tg.calls("getUpdates")) - polls < 10  # no spinning on the bad ones


async def test_one_chat_in_order_many_chats_concurrently(tg, server):
    tg.latency = 0.05
    for i in range(5):
        tg.push_message(CHAT, f"/x{i}")
    for chat in range(1, 41):
        tg.push_message(chat, "hei")
    started = time.monotonic()
    replies = await tg.wait_for_messages(CHAT, 5, timeout=10)
    assert [r["text"].split("/x")[1][0] for r in replies] == ["0", "1", "2", "3", "4"]
    await tg.wait_for(lambda: all(tg.messages(chat) for chat in range(1, 41)), timeout=10)
    assert time.monotonic() - started < 3.0  # 40 chats × (typing + answer) × 50 ms would take 4 s in series


async def test_restart_mid_dialog(tg, tmp_path):
    srv = await Server(tg, tmp_path / "restart.db").start()
    _welcome, languages = await say(tg, "/start", 2)
    _confirmed, regions = await press(tg, data_of(languages, "Norsk"), 2)
    await srv.stop()
    tg.push_callback(CHAT, data_of(regions, "Horten"))  # pressed while the bot is down
    await srv.start()
    try:
        _confirmed, business = (await tg.wait_for_messages(CHAT, 6))[4:]
        assert "Horten" in _confirmed["text"]
        [done] = await press(tg, data_of(business, "Hopp"))
        assert "✅" in done["text"]
    finally:
        await srv.stop()


async def test_stop_finishes_updates_in_hand_and_loses_none(tg, tmp_path):
    srv = await Server(tg, tmp_path / "stop.db").start()
    tg.latency = 0.1
    chats = list(range(100, 130))
    for chat in chats:
        tg.push_message(chat, "hei")
    await tg.wait_for(lambda: tg.calls("sendMessage"), timeout=5)  # processing has begun
    started = time.monotonic()
    await srv.stop()
    assert time.monotonic() - started < 10
    answered = {m["chat_id"] for m in tg.messages()}
    pending = {u["message"]["chat"]["id"] for u in tg.pending}
    assert answered | pending == set(chats)  # each update was answered or is still unconfirmed
    tg.latency = 0
    await srv.start()
    try:
        await tg.wait_for(lambda: {m["chat_id"] for m in tg.messages()} >= set(chats), timeout=10)
    finally:
        await srv.stop()


# ---------------------------------------------------------------------------------------------- webhook
@pytest.fixture
async def webhook_server(tg, tmp_path):
    port = free_port()
    srv = Server(tg, tmp_path / "hook.db", webhook_url=f"http://127.0.0.1:{port}{PATH}")
    srv.port = port
    await srv.start()
    yield srv
    if srv.runner is not None:
        await srv.stop()


async def test_webhook_mode_with_generated_secret(tg, webhook_server):
    srv = webhook_server
    assert tg.webhook["url"] == f"{srv.url}{PATH}"
    secret = tg.webhook["secret_token"]
    assert secret and await srv.services.database.kv_get(SECRET_KEY) == secret
    assert not tg.calls("getUpdates")
    [reply] = await say(tg, "/help")  # the stand-in delivers to the webhook with the secret
    assert reply["text"]
    assert tg.webhook_deliveries[-1]["status"] == 200

    sent = len(tg.messages(CHAT))
    forged = {
        "update_id": 999_001,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": CHAT, "type": "private"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "X"},
            "text": "/help",
        },
    }
    assert (await tg.post_webhook_update(f"{srv.url}{PATH}", forged, "wrong-secret"))[0] == 403
    assert (await tg.post_webhook_update(f"{srv.url}{PATH}", forged, None))[0] == 403
    assert (await tg.post_webhook_update(f"{srv.url}{PATH}", "{not json", secret))[0] == 200
    assert (await tg.post_webhook_update(f"{srv.url}{PATH}", {"update_id": 5, "message": 7}, secret))[0] == 200
    await asyncio.sleep(0.3)
    assert len(tg.messages(CHAT)) == sent  # nothing was processed
    assert (await tg.post_webhook_update(f"{srv.url}{PATH}", forged, secret))[0] == 200
    await tg.wait_for_messages(CHAT, sent + 1)


async def test_webhook_secret_survives_a_restart_and_a_configured_one_wins(tg, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    srv = Server(tg, tmp_path / "hook2.db", webhook_url=url)
    srv.port = port
    await srv.start()
    first = tg.webhook["secret_token"]
    await srv.stop()
    await srv.start()
    assert tg.webhook["secret_token"] == first
    await srv.stop()
    srv.telegram["webhook_secret"] = "configured_secret-1"
    await srv.start()
    try:
        assert tg.webhook["secret_token"] == "configured_secret-1"
        [reply] = await say(tg, "hei")
        assert reply["text"]
    finally:
        await srv.stop()


# ---------------------------------------------------------------------------------------------- the command
async def test_sammen_serve_polls_and_stops_on_sigterm_within_10_s(tg, tmp_path):
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_BASE_URL": tg.base_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(free_port()),
        "SAMMEN_PID_FILE": str(tmp_path / "pid"),
    }
    proc = subprocess.Popen(  # noqa: ASYNC220 (the command as a user runs it)
        [sys.executable, "-m", "bot.cli", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        tg.push_message(CHAT, "/help")
        [reply] = await tg.wait_for_messages(CHAT, 1, timeout=30)
        assert reply["text"]
        tg.latency = 0.2
        tg.push_message(CHAT, "hei")
        await tg.wait_for(lambda: len(tg.calls("sendMessage")) >= 2, timeout=10)  # the answer is on its way
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.get_running_loop().run_in_executor(None, proc.wait, 10)
        assert time.monotonic() - started < 10 and code == 0
        assert len(tg.messages(CHAT)) == 2  # the update in hand was finished
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
