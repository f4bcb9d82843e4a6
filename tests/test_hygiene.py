"""Property-based tests (hypothesis) of what hostile or odd input meets at the boundary and in the core.

A CI-sized budget: up to 60-100 examples a test, no per-example deadline. The web chat and the
onboarding dialog run for real: our own server over HTTP, the real core and a SQLite file.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handlers.callbacks import BadCallback, CallbackData, unpack
from handlers.hygiene import clean_text, json_depth_exceeds
from handlers.markup import bold, esc, link, to_html

CI = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Any code point, lone surrogates and controls included (hypothesis leaves surrogates out by default).
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
ANY_TEXT = st.text(ANY_CHAR, max_size=80)
NASTY = st.sampled_from(["\x00", "\ud800", "\udfff", "\r\n", "\r", "\x1b[31m", "\x7f", "e\u0301", "\u200d", "\ufeff"])
TEXT = st.one_of(ANY_TEXT, st.lists(st.one_of(NASTY, st.text(max_size=6)), max_size=12).map("".join))


def assert_clean(text: str) -> None:
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]", text), ascii(text)
    assert unicodedata.is_normalized("NFC", text)
    text.encode("utf-8")  # every back end and every renderer can take it


# ---- clean_text


@CI
@given(TEXT)
@example("Caf\u0065\u0301\x00 \ud800 ok\r\n\tline")
def test_clean_text_leaves_only_what_every_back_end_can_store(text: str) -> None:
    cleaned = clean_text(text)
    assert_clean(cleaned)
    assert clean_text(cleaned) == cleaned  # idempotent: cleaning twice (two layers) changes nothing


@CI
@given(st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=80))
def test_clean_text_keeps_everything_else(text: str) -> None:
    """Text without controls or surrogates comes back as it was, up to NFC."""
    assert clean_text(text) == unicodedata.normalize("NFC", text)
    assert clean_text(f"\t{text}\n") == unicodedata.normalize("NFC", f"\t{text}\n")


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), ANY_TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=20,
)


def depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


@CI
@given(JSON_VALUES, st.integers(min_value=0, max_value=6))
def test_the_depth_check_agrees_with_the_parser(value: Any, limit: int) -> None:
    document = json.dumps(value, ensure_ascii=bool(limit % 2))
    assert json_depth_exceeds(document, limit) == (depth(value) > limit)


@CI
@given(st.text(st.sampled_from('[]{}"\\:,a1 '), max_size=200))
def test_the_depth_check_never_fails_on_garbage(document: str) -> None:
    json_depth_exceeds(document)
    json_depth_exceeds("[" * 40 + document)


# ---- the core's button data


KNOWN_PREFIXES = sorted(CallbackData._kinds) or ["lang"]
BUTTON_DATA = st.one_of(
    st.text(max_size=80),
    st.lists(
        st.one_of(
            st.sampled_from(["1", "0", "2", *KNOWN_PREFIXES, "", "add", "skip", "-1", "x" * 70]), st.text(max_size=8)
        ),
        max_size=6,
    ).map("|".join),
)


@CI
@given(BUTTON_DATA)
def test_unpack_gives_a_valid_button_or_bad_callback(data: str) -> None:
    import handlers.features  # noqa: F401  (registers every kind of button data)

    try:
        parsed = unpack(data)
    except BadCallback:
        return
    assert isinstance(parsed, CallbackData)
    assert unpack(parsed.pack()) == parsed  # what parses, packs back to something equal


@CI
@given(st.text(ANY_CHAR, max_size=40).map(lambda s: "1|" + s))
def test_unpack_after_cleaning_never_fails_otherwise(data: str) -> None:
    """What a channel hands over (cleaned) is a button or BadCallback, whatever the bytes were."""
    import handlers.features  # noqa: F401

    try:
        unpack(clean_text(data))
    except BadCallback:
        pass


def test_unpack_of_a_raw_lone_surrogate() -> None:
    """A lone surrogate (which cannot be encoded) is refused like any other foreign data."""
    with pytest.raises(BadCallback):
        unpack("1|lang|\ud800")


# ---- the markup renderer


class TelegramHtml(HTMLParser):
    """Checks the HTML subset Telegram accepts here: only <b> and <a href>, balanced, no stray '<'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ("b", "a"), tag
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"], attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data: str) -> None:
        pass


def assert_telegram_html(markup_html: str) -> None:
    outside_tags = re.sub(r'</?b>|<a href="[^"<>]*">|</a>', "", markup_html)
    assert "<" not in outside_tags and ">" not in outside_tags, markup_html
    assert not re.search(r"&(?!(?:amp|lt|gt|quot|#x27|#\d+);)", outside_tags), markup_html
    parser = TelegramHtml()
    parser.feed(markup_html)
    parser.close()
    assert parser.stack == [], markup_html


@CI
@given(TEXT)
@example("**bold** [x](https://a.example) <b>&amp;</b> \\*")
def test_escaped_text_renders_as_literal_valid_html(text: str) -> None:
    rendered = to_html(esc(text))
    assert rendered == html.escape(text, quote=False)
    assert_telegram_html(rendered)


@CI
@given(st.lists(st.tuples(st.sampled_from(["esc", "bold", "link"]), TEXT), max_size=6))
def test_markup_built_from_user_text_is_balanced(parts: list[tuple[str, str]]) -> None:
    pieces = {"esc": esc, "bold": bold, "link": lambda s: link(s, "https://example.com/a?b=1&c=2")}
    assert_telegram_html(to_html("".join(pieces[kind](text) for kind, text in parts)))


# ---- the web chat API, over HTTP against our own server with the real core


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def core(loop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[Any]:
    """The real services on a SQLite file, built in `loop` (hypothesis drives sync tests)."""
    from bot.services import build_services
    from tests.conftest import make_settings, sqlite_url

    services = loop.run_until_complete(build_services(make_settings(sqlite_url(tmp_path / "h.db"))))
    yield services
    loop.run_until_complete(services.close())


@pytest.fixture
def web(loop: asyncio.AbstractEventLoop, core: Any) -> Iterator[tuple[str, aiohttp.ClientSession]]:
    from tests.browser import serving

    served = serving(core)
    url = loop.run_until_complete(served.__aenter__())

    async def client() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    session = loop.run_until_complete(client())
    yield url, session
    loop.run_until_complete(session.close())
    loop.run_until_complete(served.__aexit__(None, None, None))


def well_formed(status: int, data: Any) -> None:
    assert status in (200, 400, 403, 413, 415), (status, data)
    if status != 200:
        assert set(data) == {"error"} and isinstance(data["error"], str) and data["error"]
        return
    assert set(data) == {"replies"} and isinstance(data["replies"], list) and data["replies"]
    for reply in data["replies"]:
        assert {"html", "text", "buttons"} <= set(reply) <= {"html", "text", "buttons", "lang"}
        assert isinstance(reply["html"], str) and isinstance(reply["text"], str)
        assert_telegram_html(reply["html"].replace("\n", ""))
        assert_clean(reply["text"])
        for row in reply["buttons"]:
            for button in row:
                assert set(button) == {"label", "action", "url"}
                assert isinstance(button["label"], str) and button["label"]
                assert (button["action"] is None) != (button["url"] is None)


def post(loop: asyncio.AbstractEventLoop, web: tuple[str, aiohttp.ClientSession], body: bytes) -> tuple[int, Any]:
    url, session = web

    async def go() -> tuple[int, Any]:
        headers = {"Content-Type": "application/json", "Accept-Language": "en"}
        async with session.post(f"{url}/api/messages", data=body, headers=headers) as resp:
            assert resp.content_type == "application/json", (resp.status, await resp.text())
            return resp.status, await resp.json()

    return loop.run_until_complete(go())


def dumps(value: Any) -> bytes:
    """JSON as a script may send it: lone surrogates escaped, the rest raw UTF-8 or escaped."""
    return json.dumps(value, ensure_ascii=True).encode()


@SLOW
@given(st.one_of(JSON_VALUES, st.dictionaries(st.sampled_from(["text", "action", "x"]), JSON_VALUES, max_size=2)))
def test_any_json_body_gets_a_well_formed_answer(loop: Any, web: Any, value: Any) -> None:
    well_formed(*post(loop, web, dumps(value)))


@SLOW
@given(st.one_of(st.binary(max_size=200), TEXT.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_any_bytes_get_a_well_formed_answer(loop: Any, web: Any, body: bytes) -> None:
    well_formed(*post(loop, web, body))


@SLOW
@given(TEXT)
@example("\x00")
@example("/start \ud800")
def test_any_text_gets_a_well_formed_answer(loop: Any, web: Any, text: str) -> None:
    well_formed(*post(loop, web, dumps({"text": text})))


@SLOW
@given(st.one_of(BUTTON_DATA, ANY_TEXT))
def test_any_action_gets_a_well_formed_answer(loop: Any, web: Any, action: str) -> None:
    well_formed(*post(loop, web, dumps({"action": action})))


# ---- every step of onboarding, through Assistant.handle on SQLite


STEPS = ["language", "region", "business", "business_name", "org_number"]


async def walk_to(assistant: Any, user: str, step: str) -> None:
    """Onboard `user` by pressing the offered buttons until the dialog waits at `step`."""
    from handlers.onboarding import Business, Language, Region
    from handlers.types import Incoming

    async def press(replies: list[Any], kind: type, choice: str | None = None) -> list[Any]:
        for reply in replies:
            for row in reply.buttons:
                for button in row:
                    if button.action and isinstance(parsed := unpack(button.action), kind):
                        if choice is None or getattr(parsed, "choice", None) == choice:
                            pressed = Incoming(channel="web", user_id=user, action=button.action)
                            return list(await assistant.handle(pressed))
        raise AssertionError(f"no {kind.__name__} button in {replies!r}")

    replies = await assistant.handle(Incoming(channel="web", user_id=user, text="/start"))
    if step == "language":
        return
    replies = await press(replies, Language)
    if step == "region":
        return
    replies = await press(replies, Region)
    if step == "business":
        return
    await press(replies, Business, "add")
    if step == "org_number":
        await assistant.handle(Incoming(channel="web", user_id=user, text="Café Ørsted AS"))


@SLOW
@given(st.sampled_from(STEPS), TEXT)
@example("business_name", "  Café\x00 Ørsted \ud800  AS ")
@example("org_number", "\x00" * 3)
def test_every_onboarding_step_takes_any_text(loop: Any, core: Any, step: str, text: str) -> None:
    import secrets

    from sqlalchemy import select

    from handlers.types import Incoming
    from storage.models import DialogState, Question, User

    user = secrets.token_urlsafe(12)
    cleaned = clean_text(text).strip()  # what every channel hands the core
    assistant = core.assistant

    async def go() -> None:
        await walk_to(assistant, user, step)
        async with core.database.uow() as uow:
            row = (await uow.session.execute(select(User).where(User.external_id == user))).scalar_one()
            assert (await uow.session.get(DialogState, row.id)).step == step  # type: ignore[union-attr]
        replies = await assistant.handle(Incoming(channel="web", user_id=user, text=cleaned))
        assert replies and all(r.text or r.buttons for r in replies)
        for reply in replies:
            assert_telegram_html(reply.html().replace("\n", ""))
        async with core.database.uow() as uow:
            row = (await uow.session.execute(select(User).where(User.external_id == user))).scalar_one()
            asked = select(Question.text).where(Question.user_id == row.id)
            stored = list((await uow.session.execute(asked)).scalars())
            state = await uow.session.get(DialogState, row.id)
            named = (state.data or {}).get("business_name") if state is not None else None
        flat = " ".join(cleaned.split())
        for question in stored:
            assert_clean(question)
            assert " ".join(question.split()) in flat, (question, cleaned)
        if step == "business_name" and named is not None:  # kept in the dialog until the number
            assert_clean(named)
            assert named == flat
        assert row.business_name in (None, "Café Ørsted AS")

    loop.run_until_complete(go())
