"""End to end on Teams: real Activity JSON posted to our server's `/api/teams/messages` with signed
tokens, the real core and outbox worker, and what the bot sends captured at a connector stand-in on
127.0.0.1 (the activities' serviceUrl): installation and onboarding, a question answered with its
contact card, a pressed Action.Submit, asking a person and the staff's answer from the staff channel
arriving unprompted, a bulk message through the outbox, and the connector's 429 and 403."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import OutboxMessage, User
from storage.outbox import OutboxRepository
from storage.states import Lane
from tests.adaptive_cards import check_card
from tests.teams_api import APP_ID, BOT_ID, ConnectorStandIn, Sent, TeamsServer, activity, installed

USER = "aad-user-1"
CONVERSATION = f"a:1{USER}-personal"
STAFF_CHANNEL = "19:staff-room@thread.tacv2"
KARI = "aad-kari"  # staff (STAFF_TEAMS_IDS)


@pytest.fixture
async def connector():
    async with ConnectorStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def server(connector: ConnectorStandIn, tmp_path: Path):
    srv = await TeamsServer(
        connector, tmp_path / "sammen.db", settings={"staff_teams_channel": STAFF_CHANNEL, "staff_teams_ids": [KARI]}
    ).start()
    yield srv
    await srv.stop()


async def exchange(server: TeamsServer, connector: ConnectorStandIn, body: dict[str, Any], n: int = 1,
                   conversation: str = CONVERSATION) -> list[Sent]:  # fmt: skip
    """Post an activity and return the activities (at least `n`) the bot sends to the conversation in answer."""
    before = len(connector.to(conversation))
    assert await server.post(body) == 200
    await connector.wait_for(conversation, before + n)
    await server.channel.idle()
    sent = connector.to(conversation)[before:]
    for s in sent:
        if s.card is not None:
            assert check_card(s.card) == [], s.card
    return sent


def say(connector: ConnectorStandIn, text: str, **kw: Any) -> dict[str, Any]:
    return activity(connector.url, text=text, **kw)


def press(connector: ConnectorStandIn, data: str, **kw: Any) -> dict[str, Any]:
    """What Teams posts when an Action.Submit is pressed: the card's data as the activity's value."""
    return activity(connector.url, value={"action": data}, **kw)


async def test_install_onboarding_question_with_contact_card_and_buttons(server, connector) -> None:
    welcome, languages = await exchange(server, connector, installed(connector.url), n=2)
    assert "Velkommen" in welcome.text and welcome.activity["textFormat"] == "xml"
    assert welcome.token and welcome.token.startswith("connector-token-")
    assert welcome.activity["conversation"]["id"] == CONVERSATION and welcome.activity["from"]["id"] == BOT_ID
    *_, region = await exchange(server, connector, press(connector, languages.action("Norsk")))
    *said, business = await exchange(server, connector, press(connector, region.action("Horten")))
    assert "Horten" in " ".join(s.text for s in said)
    done = await exchange(server, connector, press(connector, business.action("Hopp over")))
    assert any("klar" in s.text.lower() for s in done)

    # The conversation reference is stored with the user: that is where unprompted messages go.
    async with server.services.database.uow() as uow:
        user = await uow.users.get("teams", USER)
    assert user is not None and user.onboarded and user.region == "horten"
    assert user.address_ref["serviceUrl"] == connector.url
    assert user.address_ref["conversation"]["id"] == CONVERSATION
    assert user.address_ref["bot"]["id"] == BOT_ID and user.address_ref["tenantId"]

    [answer] = await exchange(server, connector, say(connector, "Kan vi få utsatt kommunale avgifter?"))
    card = answer.card
    assert card is not None and card["version"] == "1.5"
    contacts = [e for e in card["body"] if e["type"] == "Container" and e.get("style") == "emphasis"]
    assert contacts, "the contact person is a card of its own"
    assert any("](tel:" in t or "](mailto:" in t for t in answer.text.split("\n"))
    helpful = answer.action("Nyttig")
    assert helpful.count("|") >= 2  # the core's packed callback data, unchanged
    [thanks] = await exchange(server, connector, press(connector, helpful))
    assert "Takk" in thanks.text
    assert connector.tokens_issued == 1  # one token for every send: cached


async def test_ask_a_person_and_the_staff_answer_from_the_staff_channel_arrives_unprompted(server, connector) -> None:
    from handlers.channel import Address, Channel

    assert isinstance(server.channel, Channel) and server.channel.delivery() is not None
    assert server.channel.staff_address() == Address("teams", STAFF_CHANNEL, {"staff": True})
    question = "Hvor kan jeg kjøpe billige flybilletter til Spania?"
    [confirm] = await exchange(server, connector, say(connector, f"/human {question}"))
    assert "#1" in confirm.text
    [notice] = await connector.wait_for(STAFF_CHANNEL, 1)
    assert question in notice.text and check_card(notice.card) == []
    answer_action = notice.action("Svar")

    thread = f"{STAFF_CHANNEL};messageid=1700000000001"
    staff = {"conversation": thread, "conversation_type": "channel", "channel": STAFF_CHANNEL, "user": KARI}
    [prompt] = await exchange(server, connector, press(connector, answer_action, **staff), conversation=thread)
    assert "#1" in prompt.text
    [sent] = await exchange(server, connector,
                            say(connector, "Dette kan vi dessverre ikke hjelpe med.", mention=True, **staff),
                            conversation=thread)  # fmt: skip
    assert "#1" in sent.text

    *_, relayed = await connector.wait_for(CONVERSATION, 2)
    assert "Dette kan vi dessverre ikke hjelpe med." in relayed.text
    assert any("løst" in a["title"].lower() for a in relayed.actions())
    # The staff channel's notice is replaced: answered, its Answer button gone.
    edited = await _until(lambda: [s for s in connector.to(STAFF_CHANNEL) if s.replaces == notice.id])
    assert edited and not any(a["title"].startswith("✍") for a in edited[-1].actions())


async def test_outbox_bulk_message_429_retry_after_and_403_unreachable(server, connector) -> None:
    await exchange(server, connector, say(connector, "hei"))
    database = server.services.database

    async def enqueue(text: str, lane: Lane = Lane.INTERACTIVE) -> int:
        async with database.uow() as uow:
            user = await uow.users.get("teams", USER)
            row = await OutboxRepository(uow.session).to_user(user, [_reply(text)], lane=lane)
            return row.id

    # A briefing-like bulk message goes out through the outbox, to the stored conversation.
    await enqueue("Dagens oversikt", Lane.BULK)
    sent = await _until(lambda: [s for s in connector.to(CONVERSATION) if "Dagens oversikt" in s.text])
    assert sent

    # A reply the connector will not take now (503) is handed to the outbox, which sends it.
    async def outbox_rows() -> list[OutboxMessage]:
        async with database.uow() as uow:
            return list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())

    before = len(await outbox_rows())
    connector.fail(CONVERSATION, 503)
    [later] = await exchange(server, connector, say(connector, "hei igjen"))
    assert (CONVERSATION, 503) in connector.refused and later.text
    [deferred] = (await outbox_rows())[before:]
    assert deferred.status == "sent" and deferred.address_ref["conversation"]["id"] == CONVERSATION

    # The connector stops taking our token (revoked, expired early): one fresh token, and it goes out.
    connector._valid_tokens.clear()
    await enqueue("Ny oversikt", Lane.BULK)
    assert await _until(lambda: [s for s in connector.to(CONVERSATION) if "Ny oversikt" in s.text])
    assert connector.tokens_issued == 2

    # 429 with Retry-After: the row waits that long (not the outbox's 15 s backoff), then goes out.
    connector.fail(CONVERSATION, 429, retry_after=1)
    row = await enqueue("Svar fra rådgivningsmøtet")
    sent = await _until(lambda: [s for s in connector.to(CONVERSATION) if "rådgivningsmøtet" in s.text], within=12)
    assert sent and (CONVERSATION, 429) in connector.refused

    async def recorded() -> tuple[str, int]:
        # The connector has the message a moment before the worker records the send: wait for it.
        async with database.uow() as uow:
            stored = await uow.session.get(OutboxMessage, row)
            return (stored.status, stored.attempts)

    assert await _until(lambda: _when(recorded, lambda got: got[0] != "sending")) == ("sent", 2)

    # 403: the app was removed; the user is unreachable, and nothing is retried.
    connector.fail(CONVERSATION, 403)
    row = await enqueue("Påminnelse")

    async def unreachable() -> bool:
        async with database.uow() as uow:
            user = (await uow.session.execute(select(User).where(User.external_id == USER))).scalar_one()
            stored = await uow.session.get(OutboxMessage, row)
            return bool(user.unreachable) and stored.status == "unreachable"

    assert await _until(unreachable)
    assert not [s for s in connector.to(CONVERSATION) if "Påminnelse" in s.text]
    # Writing again makes the user reachable; removing the app makes them unreachable at once.
    await exchange(server, connector, say(connector, "hei"))
    assert await server.post(activity(connector.url, kind="installationUpdate", action="remove")) == 200
    async with database.uow() as uow:
        assert (await uow.users.get("teams", USER)).unreachable
    # Writing again makes the user reachable.
    await exchange(server, connector, say(connector, "hei igjen"))
    async with database.uow() as uow:
        assert not (await uow.users.get("teams", USER)).unreachable


async def test_a_stored_activity_is_handled_once_even_when_teams_sends_it_again(server, connector) -> None:
    body = say(connector, "hei")
    [first] = await exchange(server, connector, body)
    assert await server.post(body) == 200  # Teams retried: the same activity id
    await server.channel.idle()
    await asyncio.sleep(0.1)
    assert [s.text for s in connector.to(CONVERSATION)] == [first.text]
    assert APP_ID  # the app id is the token's audience (see test_teams_auth)


async def test_a_slow_answer_shows_typing_first(server, connector) -> None:
    assistant = server.services.assistant
    handle = assistant.handle

    async def slow(incoming: Any) -> Any:
        await asyncio.sleep(0.5)  # beyond TYPING_AFTER (0.2 s)
        return await handle(incoming)

    assistant.handle = slow
    try:
        [reply] = await exchange(server, connector, say(connector, "hei"))
    finally:
        assistant.handle = handle
    [(conversation, shown)] = connector.typing
    assert conversation == CONVERSATION and shown < reply.at  # never after the answer


def _reply(text: str) -> Any:
    from handlers.types import Reply

    return Reply(text)


async def _when(read: Any, done: Any) -> Any:
    """What `read()` gives, once `done` holds for it (else None, so that `_until` asks again)."""
    got = await read()
    return got if done(got) else None


async def _until(check: Any, within: float = 10.0) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.05)


async def test_a_file_is_a_download_link_served_by_our_server_until_the_user_is_erased(connector, database_url) -> None:
    """On SQLite and PostgreSQL: the file is stored in the database."""
    import aiohttp

    server = TeamsServer(connector, database_url)
    server.extra["public_url"] = server.url
    await server.start()
    try:
        [export] = await exchange(server, connector, say(connector, "/mydata"))
        [link] = [a["url"] for a in export.actions() if a["type"] == "Action.OpenUrl" and "/files/" in a["url"]]
        assert link.startswith(f"{server.url}/api/teams/files/") and "sammen-mydata.json" in export.text
        async with aiohttp.ClientSession() as http:
            async with http.get(link) as response:
                assert response.status == 200 and "attachment" in response.headers["Content-Disposition"]
                data = json.loads(await response.read())
            assert data["data"]["profile"]["address"]["conversation"]["id"] == CONVERSATION  # the reference too
            # The command list sends bare names: "deleteme" is the command.
            [confirm] = await exchange(server, connector, say(connector, "deleteme"))
            await exchange(server, connector, press(connector, confirm.action("Ja")))
            async with http.get(link, headers={"Accept-Language": "sv-SE,en;q=0.5"}) as response:
                assert response.status == 404  # erased with the user
                assert "Länken har gått ut" in await response.text()
            async with http.get(f"{server.url}/api/teams/files/{'x' * 43}") as response:
                assert response.status == 404
            from storage import downloads

            async with server.services.database.uow() as uow:
                token = await downloads.put(uow.session, None, "Møte 😀.ics", "text/calendar", b"BEGIN:VCALENDAR")
            async with http.get(f"{server.url}/api/teams/files/{token}") as response:
                assert response.status == 200 and response.content_type == "text/calendar"
                assert "filename*=UTF-8''M%C3%B8te%20%F0%9F%98%80.ics" in response.headers["Content-Disposition"]
    finally:
        await server.stop()


async def test_an_activity_stored_before_a_crash_is_answered_after_the_restart(connector, tmp_path) -> None:
    from bot.teams.activities import parse, update_id

    db = tmp_path / "restart.db"
    first = await TeamsServer(connector, db).start()
    body = say(connector, "hei")
    async with first.services.database.uow() as uow:  # stored and acknowledged; then the process died
        await uow.inbox.store("teams", [(update_id(parse(body)), body)])
    await first.stop()
    assert connector.to(CONVERSATION) == []
    second = await TeamsServer(connector, db).start()
    try:
        [reply] = await connector.wait_for(CONVERSATION, 1)
        assert reply.text
        await second.channel.idle()
        async with second.services.database.uow() as uow:
            assert await uow.inbox.unfinished("teams") == []
    finally:
        await second.stop()


async def test_the_daily_briefing_reaches_a_teams_user(server, connector) -> None:
    """Subscribed with the card's buttons; the morning's briefing goes out through the bulk lane to the
    conversation stored from the user's first message, as an Adaptive Card with its buttons."""
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from handlers.briefing_schedule import enqueue_due
    from storage.models import NewsItem

    await exchange(server, connector, say(connector, "hei"))
    [times] = await exchange(server, connector, say(connector, "/briefing"))
    [confirmed] = await exchange(server, connector, press(connector, times.action("07:30")))
    assert "07:30" in confirmed.text
    services = server.services
    # the most recent 08:00 in the briefing's time zone, so the 07:30 slot has passed at any hour the
    # test runs (between midnight and 07:30 local, "now" would be before today's slot)
    zone = ZoneInfo(services.assistant.config.timezone)
    local = datetime.now(zone).replace(hour=8, minute=0, second=0, microsecond=0)
    if local > datetime.now(zone):
        local -= timedelta(days=1)
    now = local.astimezone(UTC)
    async with services.database.uow() as uow:
        news = NewsItem(region=None, text="Nytt tilskudd til omstilling", created_at=now - timedelta(minutes=1))
        uow.session.add(news)
    assistant = services.assistant
    result = await enqueue_due(services.database, assistant.knowledge, assistant.config,
                               assistant.registry.digest_sources, now=now, force=True)  # fmt: skip
    assert result.enqueued == 1, result
    [briefing] = await _until(lambda: [s for s in connector.to(CONVERSATION) if "Nytt tilskudd" in s.text])
    assert briefing.card is None or check_card(briefing.card) == []
    assert any("Innstillinger" in a["title"] or "⚙" in a["title"] for a in briefing.actions())
async def test_offers_groups_and_briefing_work_on_teams(server, connector) -> None:
    """The newer features through real activities: every card valid (checked in `exchange`), every
    button a working Action.Submit, and no Telegram photo id anywhere in what Teams gets."""
    _, languages = await exchange(server, connector, installed(connector.url), n=2)
    *_, region = await exchange(server, connector, press(connector, languages.action("Norsk")))
    *_, business = await exchange(server, connector, press(connector, region.action("Horten")))
    await exchange(server, connector, press(connector, business.action("Hopp over")))

    [offers] = await exchange(server, connector, say(connector, "/offers"))
    assert "Tilbud: Horten" in offers.text
    [categories] = await exchange(server, connector, press(connector, offers.action("Kategori")))
    assert categories.card is not None and categories.actions()

    [groups] = await exchange(server, connector, say(connector, "/groups"))
    assert "Nettverksgrupper for små bedrifter" in groups.text
    [details] = await exchange(server, connector, press(connector, groups.action("Nettverksgrupper for små")))
    [joined] = await exchange(server, connector, press(connector, details.action("Bli med")))
    assert "Velkommen" in joined.text
    [mine] = await exchange(server, connector, say(connector, "/mine"))
    assert "Nettverksgrupper for små bedrifter" in mine.text

    [times] = await exchange(server, connector, say(connector, "/briefing"))
    assert "Daglig oppsummering" in times.text
    [done] = await exchange(server, connector, press(connector, times.action("07:30")))
    assert "kl. 07:30" in done.text
    [days] = await exchange(server, connector, press(connector, done.action("Dager")))
    assert days.actions()
    for sent in connector.to(CONVERSATION):
        assert "photo" not in json.dumps(sent.activity)
