"""Issue 10 through real HTTP: our own server (`build_app`) on a free port, the real core and a real
database (a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set).

Hostile input (NUL, lone surrogates, JSON nested 25,000 deep) gets a polite refusal or a normal
answer, never a 500, and nothing corrupted is stored; the cookie, the static page and the visitor's
user row behave as the README says.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.services import Services
from bot.webchat.routes import MAX_BODY_BYTES
from storage.models import Question, User
from tests.browser import serving

JSON = {"Content-Type": "application/json", "Accept-Language": "en"}
QUESTION = "Is there any funding for starting a new café?"


@pytest.fixture
async def served(pg_or_sqlite_services: Services) -> AsyncIterator[tuple[Services, str]]:
    async with serving(pg_or_sqlite_services) as url:
        yield pg_or_sqlite_services, url


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def post_raw(http: aiohttp.ClientSession, url: str, body: bytes | str, **headers: str) -> tuple[int, dict]:
    async with http.post(f"{url}/api/messages", data=body, headers={**JSON, **headers}) as resp:
        assert resp.content_type == "application/json", await resp.text()
        return resp.status, await resp.json()


async def stored_questions(services: Services) -> list[str]:
    async with services.database.uow() as uow:
        return list((await uow.session.execute(select(Question.text).order_by(Question.id))).scalars())


async def user_count(services: Services) -> int:
    async with services.database.uow() as uow:
        return int((await uow.session.execute(select(func.count(User.id)))).scalar_one())


def assert_clean(text: str) -> None:
    assert "\x00" not in text
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in text)
    assert unicodedata.is_normalized("NFC", text)


# ---- 1. input hygiene


async def test_nul_characters_are_removed_before_the_core_and_the_database(
    served: tuple[Services, str], http: aiohttp.ClientSession
) -> None:
    services, url = served
    body = json.dumps({"text": "Is there any funding\x00 for starting\x01 a new cafe\u0301?\x00"})
    status, data = await post_raw(http, url, body)
    assert status == 200, data
    assert data["replies"] and all(r["html"] for r in data["replies"])
    assert "\x00" not in json.dumps(data)
    stored = await stored_questions(services)
    assert stored == [QUESTION]  # NUL and SOH gone, e + combining acute composed (NFC)


async def test_a_lone_surrogate_is_replaced_not_a_500(
    served: tuple[Services, str], http: aiohttp.ClientSession
) -> None:
    services, url = served
    # Escaped in JSON, as a script can send it; UTF-8 cannot encode it, PostgreSQL cannot store it.
    body = '{"text": "Funding for a caf\\u00e9 \\ud800 in Horten? \\udfff"}'
    status, data = await post_raw(http, url, body)
    assert status == 200, data
    assert data["replies"]
    stored = await stored_questions(services)
    assert stored and all("\ufffd" in text for text in stored)
    for text in stored:
        assert_clean(text)
    # A surrogate in a button action is stale button data, not a crash.
    status, data = await post_raw(http, url, '{"action": "1|\\ud800"}')
    assert status in (200, 400), data
    # And a message that is only control characters is empty.
    status, data = await post_raw(http, url, json.dumps({"text": "\x00\x01\x1f"}))
    assert (status, data) == (400, {"error": "Please type a message first."})
    assert len(await stored_questions(services)) == len(stored)


@pytest.mark.parametrize(("opener", "depth"), [("[", 25_000), ('{"a":', 10_000)])
async def test_json_nested_25000_deep_is_refused_politely(
    served: tuple[Services, str], http: aiohttp.ClientSession, opener: str, depth: int
) -> None:
    services, url = served
    closer = "]" if opener == "[" else "}"
    body = opener * depth + "1" + closer * depth
    assert len(body.encode()) <= MAX_BODY_BYTES  # under the size limit: json.loads would recurse
    for lang, expected in [
        ("en", "That message is nested too deeply to be read. Please send a plain JSON object."),
        ("da", "Beskeden er indlejret for dybt til at kunne læses. Send et enkelt JSON-objekt."),
    ]:
        status, data = await post_raw(http, url, body, **{"Accept-Language": lang})
        assert (status, data) == (400, {"error": expected})
    # Nesting inside strings does not count, and a normal message still gets its answer.
    status, data = await post_raw(http, url, json.dumps({"text": QUESTION, "note": "[" * 5000}))
    assert status == 200, data
    assert await stored_questions(services) == [QUESTION]
