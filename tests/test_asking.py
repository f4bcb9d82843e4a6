"""Asking through the core: several questions in one message, a place named in the message, a place
the knowledge does not cover, the message's language, a "not useful" vote, and the semantic stage
serving through the whole stack."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from bot.server import build_app
from bot.services import Services, build_services
from handlers.types import Reply

from .chat import ChatUser, buttons
from .conftest import make_settings, sqlite_url


def texts(replies: list[Reply]) -> list[str]:
    return [r.plain() for r in replies]


async def test_two_questions_in_one_message_get_two_answers(services: Services) -> None:
    u = ChatUser(services.assistant, "two", language="en")
    await u.say("Can we get a deferral of the municipal fees in Horten? And who gives advice on temporary layoffs?")
    shown = "\n".join(texts(u.last))
    assert "Deferral of municipal fees" in shown and "layoffs" in shown.lower(), shown
    assert len([r for r in u.last if any("Helpful" in b.label for b in r.buttons for b in b)]) >= 1
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "two")
        assert user is not None
        [questions] = [d for d in services.assistant.registry.personal_data if d.name == "questions"]
        exported = await questions.export(uow, user)
    assert len(exported) == 2  # each question stored on its own, with its own decision


async def test_a_named_place_narrows_the_answer_and_is_offered_once_as_the_region(services: Services) -> None:
    u = ChatUser(services.assistant, "place", language="nb")
    await u.say("Hei! Vi holder til i Horten. Kan vi få utsatt de kommunale avgiftene?")
    shown = "\n".join(texts(u.last))
    assert "Horten kommune har gitt næringslivskunder utsettelse" in shown, shown
    assert "Skal jeg huske Horten som din region?" in shown
    await u.press("Ja, husk Horten")
    assert "Region: Horten" in u.text()
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "place")
        assert user is not None and user.region == "horten"
    other = ChatUser(services.assistant, "place-2", language="nb")
    await other.say("Vi er i Horten, kan vi få utsatt kommunale avgifter?")
    await other.press("Nei takk")
    await other.say("Vi er i Horten, kan vi få utsatt kommunale avgifter?")
    assert "Skal jeg huske" not in other.text()  # asked once


async def test_a_place_the_knowledge_does_not_cover_gets_an_honest_answer(services: Services) -> None:
    u = ChatUser(services.assistant, "tromso", language="nb")
    await u.say("Vi har en butikk i Tromsø. Kan vi få utsatt de kommunale avgiftene?")
    text = u.text()
    assert "ikke informasjon for Tromsø" in text and "Horten" in text and "Stenungsund" in text, text
    assert "utsettelse av kommunale avgifter med 2 måneder" not in text  # never another town's answer
    assert any("Spør en person" in b.label for b in buttons(u.last))


async def test_a_user_without_a_language_gets_the_answer_in_the_language_of_the_message(services: Services) -> None:
    u = ChatUser(services.assistant, "dane")  # no language chosen, no browser hint
    await u.say("Hvordan kommer vi med i et af samarbejdsgrupperne i Hedensted Kommune?")
    assert u.last and u.last[0].lang == "da" and "Samarbejdsgrupperne" in u.last[0].text, texts(u.last)
    assert "Skal jeg huske Hedensted som dit område?" in u.text()


async def test_not_useful_shows_the_contact_people_it_promises(services: Services) -> None:
    u = ChatUser(services.assistant, "vote", language="en")
    await u.say("can Horten municipality defer our municipal fees?")
    await u.press("Not helpful")
    text = u.text()
    assert "These people can help you with this" in text and "33 08 50 00" in text, text
    assert "below" not in text


async def test_the_semantic_stage_serves_through_the_stack(tmp_path: Path, vector_cache: Path) -> None:
    settings = make_settings(sqlite_url(tmp_path / "s.db"))
    settings.semantic.mode, settings.semantic.cache_dir = "bundled", vector_cache
    services = await build_services(settings)
    server = TestServer(build_app(services))
    await server.start_server()
    try:
        async with ClientSession() as http:
            async with http.get(server.make_url("/healthz")) as resp:
                first = json.loads(await resp.read())["knowledge"]["semantic"]["state"]
            assert first in ("building", "ready")
            assert await asyncio.to_thread(services.knowledge.wait_semantic, 600)
            async with http.get(server.make_url("/healthz")) as resp:
                semantic = json.loads(await resp.read())["knowledge"]["semantic"]
        assert semantic["state"] == "ready" and semantic["phrases"] > 100
        u = ChatUser(services.assistant, "sem", language="en")
        await u.say("the town keeps sending us bills we cannot pay right now, can they wait?")
        assert "Deferral of municipal fees" in u.text(), u.text()
    finally:
        await server.close()
        await services.close()
