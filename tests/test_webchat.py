"""The web chat's HTTP contract: the page, the visitor cookie and POST /api/messages.

A small echoing assistant stands in for the core here, so these tests pin the channel alone.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.webchat import setup_webchat
from bot.webchat.routes import COOKIE, MAX_TEXT_CHARS, pick_language
from handlers.markup import bold, esc
from handlers.types import Button, Incoming, Reply

JSON = {"Content-Type": "application/json"}


class EchoAssistant:
    """Answers text with an echo and two buttons, an action with what was pressed; keeps everything."""

    def __init__(self) -> None:
        self.seen: list[Incoming] = []
        self.fail_next = False

    async def handle(self, msg: Incoming) -> list[Reply]:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("boom")
        self.seen.append(msg)
        if msg.action:
            return [Reply(f"Pressed {esc(msg.action)}")]
        buttons = [
            [Button("Again", action="1|again"), Button("Website", url="https://example.com/")],
            [Button("Sneaky", url="javascript:alert(1)")],
        ]
        return [Reply(f"You said: {bold(msg.text or '')}", buttons), Reply("Anything else?")]


@pytest.fixture
def assistant() -> EchoAssistant:
    return EchoAssistant()


@pytest.fixture
async def client(assistant: EchoAssistant) -> AsyncIterator[TestClient]:
    app = web.Application()
    setup_webchat(app, assistant)
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client


def visitor_cookie(client: TestClient) -> str | None:
    morsel = client.session.cookie_jar.filter_cookies(client.make_url("/")).get(COOKIE)
    return morsel.value if morsel else None


async def post(client: TestClient, body: object, **kwargs: object) -> tuple[int, dict]:
    headers = {**JSON, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    async with client.post("/api/messages", data=data, headers=headers, **kwargs) as resp:  # type: ignore[arg-type]
        assert resp.content_type == "application/json"
        return resp.status, await resp.json()


# ---- the page


async def test_page_sets_an_httponly_lax_cookie_once(client: TestClient) -> None:
    resp = await client.get("/", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert resp.status == 200
    assert resp.content_type == "text/html"
    body = await resp.text()
    assert '<html lang="sv">' in body
    assert 'src="/static/chat.js"' in body
    assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
    set_cookie = resp.headers["Set-Cookie"]
    assert set_cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert "Path=/" in set_cookie
    first = visitor_cookie(client)
    assert first and len(first) >= 24

    again = await client.get("/")
    assert "Set-Cookie" not in again.headers
    assert '<html lang="nb">' in await again.text()  # the core's default
    assert visitor_cookie(client) == first


async def test_static_files_are_served_and_nothing_else(client: TestClient) -> None:
    for name, kind in [("chat.js", "javascript"), ("chat.css", "text/css")]:
        resp = await client.get(f"/static/{name}")
        assert resp.status == 200
        assert kind in resp.headers["Content-Type"]
    for path in ["/static/../routes.py", "/static/%2e%2e/routes.py", "/static/nope.js"]:
        resp = await client.get(path)
        assert resp.status in (403, 404), path


# ---- the API contract


async def test_text_is_answered_in_the_json_shape(client: TestClient, assistant: EchoAssistant) -> None:
    await client.get("/")
    visitor = visitor_cookie(client)
    status, data = await post(client, {"text": "  Hei <du> & [deg]  "}, headers={"Accept-Language": "no,en;q=0.5"})
    assert status == 200
    first, second = data["replies"]
    assert first["html"] == "You said: <b>Hei &lt;du&gt; &amp; [deg]</b>"
    assert first["text"] == "You said: Hei <du> & [deg]"
    assert first["buttons"] == [
        [
            {"label": "Again", "action": "1|again", "url": None},
            {"label": "Website", "action": None, "url": "https://example.com/"},
        ]
    ]  # the javascript: link was dropped together with its now empty row
    assert second == {"html": "Anything else?", "text": "Anything else?", "buttons": []}
    assert assistant.seen == [
        Incoming(channel="web", user_id=visitor, text="Hei <du> & [deg]", language="nb")  # type: ignore[arg-type]
    ]


async def test_action_reaches_the_core(client: TestClient, assistant: EchoAssistant) -> None:
    status, data = await post(client, {"action": "1|again", "unknown": [1, 2], "text": None})
    assert status == 200
    assert data["replies"][0]["text"] == "Pressed 1|again"
    assert assistant.seen[0].action == "1|again"
    assert assistant.seen[0].text is None
    assert assistant.seen[0].language is None


async def test_cookie_is_set_by_the_first_post_and_reused(client: TestClient, assistant: EchoAssistant) -> None:
    async with client.post("/api/messages", json={"text": "one"}) as resp:
        assert resp.status == 200
        assert "HttpOnly" in resp.headers["Set-Cookie"]
    visitor = visitor_cookie(client)
    for text in ["two", "three"]:
        async with client.post("/api/messages", json={"text": text}) as resp:
            assert resp.status == 200
            assert "Set-Cookie" not in resp.headers
    assert visitor_cookie(client) == visitor
    assert [(m.user_id, m.text) for m in assistant.seen] == [
        (visitor, "one"),
        (visitor, "two"),
        (visitor, "three"),
    ]


async def test_a_forged_cookie_is_replaced(client: TestClient, assistant: EchoAssistant) -> None:
    client.session.cookie_jar.update_cookies({COOKIE: "not a token;"}, client.make_url("/"))
    status, _ = await post(client, {"text": "hi"})
    assert status == 200
    assert assistant.seen[0].user_id != "not a token;"
    assert visitor_cookie(client) == assistant.seen[0].user_id


BAD_INPUTS = [
    pytest.param(b"{not json", {}, 400, id="bad-json"),
    pytest.param(b"\xff\xfe", {}, 400, id="not-utf8"),
    pytest.param([1, 2], {}, 400, id="not-an-object"),
    pytest.param("null", {}, 400, id="null"),
    pytest.param({}, {}, 400, id="no-text"),
    pytest.param({"text": ""}, {}, 400, id="empty"),
    pytest.param({"text": " \n\t "}, {}, 400, id="blank"),
    pytest.param({"text": 42}, {}, 400, id="text-not-a-string"),
    pytest.param({"text": "x" * (MAX_TEXT_CHARS + 1)}, {}, 413, id="too-long"),
    pytest.param({"text": "😀" * (MAX_TEXT_CHARS + 1)}, {}, 413, id="too-long-astral"),
    pytest.param(b'{"text": "' + b"x" * 200_000 + b'"}', {}, 413, id="huge-body"),
    pytest.param({"action": "1|" + "x" * 80}, {}, 400, id="action-too-long"),
    pytest.param({"action": ["1|start"]}, {}, 400, id="action-not-a-string"),
    pytest.param({"text": "hi", "action": "1|start"}, {}, 400, id="text-and-action"),
    pytest.param({"text": "hi"}, {"Content-Type": "text/plain"}, 415, id="text-plain"),
    pytest.param(b"text=hi", {"Content-Type": "application/x-www-form-urlencoded"}, 415, id="form"),
    pytest.param({"text": "hi"}, {"Origin": "https://evil.example"}, 403, id="cross-origin"),
    pytest.param({"text": "hi"}, {"Origin": "null"}, 403, id="opaque-origin"),
]


@pytest.mark.parametrize(("body", "headers", "status"), BAD_INPUTS)
async def test_bad_input_is_refused_politely(
    client: TestClient, assistant: EchoAssistant, body: object, headers: dict, status: int
) -> None:
    got, data = await post(client, body, headers=headers)
    assert got == status
    assert set(data) == {"error"}
    assert isinstance(data["error"], str) and data["error"].endswith(".")
    assert assistant.seen == []


async def test_limits_are_inclusive_and_same_origin_is_welcome(client: TestClient, assistant: EchoAssistant) -> None:
    origin = f"http://{client.host}:{client.port}"
    status, _ = await post(client, {"text": "y" * MAX_TEXT_CHARS}, headers={"Origin": origin})
    assert status == 200
    status, _ = await post(client, {"text": "😀" * MAX_TEXT_CHARS})
    assert status == 200
    assert len(assistant.seen) == 2


async def test_refusals_and_failures_lose_nothing(client: TestClient, assistant: EchoAssistant) -> None:
    """Bad requests and a failing core leave the visitor, their history and the next message intact."""
    await client.get("/")
    visitor = visitor_cookie(client)
    assert (await post(client, {"text": "first"}))[0] == 200
    assert (await post(client, b"{oops"))[0] == 400
    assert (await post(client, {"text": "z" * 5000}))[0] == 413
    assert (await post(client, {"text": "hi"}, headers={"Content-Type": "text/plain"}))[0] == 415
    assistant.fail_next = True
    status, data = await post(client, {"text": "unlucky"}, headers={"Accept-Language": "en"})
    assert (status, data) == (500, {"error": "Something went wrong, please try again."})
    status, data = await post(client, {"text": "second"})
    assert status == 200
    assert data["replies"][0]["text"] == "You said: second"
    assert visitor_cookie(client) == visitor
    assert [(m.user_id, m.text) for m in assistant.seen] == [(visitor, "first"), (visitor, "second")]


# ---- language


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("sv-SE,sv;q=0.9", "Meddelandet är för långt. Håll det under 4\xa0000 tecken."),
        ("da", "Beskeden er for lang. Hold den under 4.000 tegn."),
        ("en-GB", "That message is too long. Please keep it under 4,000 characters."),
        (None, "Meldingen er for lang. Hold den under 4\xa0000 tegn."),  # the deployment's default (nb)
    ],
)
async def test_refusals_speak_the_visitors_language(client: TestClient, accept: str | None, expected: str) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    status, data = await post(client, {"text": "x" * (MAX_TEXT_CHARS + 1)}, headers=headers)
    assert (status, data) == (413, {"error": expected})


async def test_replies_name_their_language_for_the_page() -> None:
    """A reply that says its language carries it to the page (which matches its labels to it)."""
    from bot.webchat.routes import reply_to_json

    assert reply_to_json(Reply("Hej", lang="da"))["lang"] == "da"
    assert "lang" not in reply_to_json(Reply("Hi"))
    assert Reply.from_dict(Reply("Hej", lang="sv").to_dict()).lang == "sv"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("de-DE,de;q=0.9", None),
        ("nn-NO,nb;q=0.9", "nn"),
        ("nb-NO", "nb"),
        ("no", "nb"),
        ("de,no;q=0.5,en;q=0.4", "nb"),
        ("en;q=0.1, sv;q=0.8", "sv"),
        ("da;q=0, en", "en"),
        ("DA-dk", "da"),
        ("*", None),
        ("sv;q=abc,da;q=0.2", "da"),
    ],
)
def test_language_from_accept_language(header: str | None, expected: str | None) -> None:
    assert pick_language(header) == expected
