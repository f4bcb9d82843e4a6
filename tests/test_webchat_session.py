"""Issue 10, the visitor's side, through real HTTP against our own server and a real database
(a SQLite file, and PostgreSQL when TEST_DATABASE_URL is set): the cookie behind an HTTPS proxy,
the page's template under /static/, when a visitor's user row is made, and GET /api/session."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.services import Services
from bot.webchat.routes import COOKIE
from storage.models import User
from tests.browser import serving

POLL = {"X-Sammen-Poll": "1", "Accept": "application/json"}


@pytest.fixture
async def served(pg_or_sqlite_services: Services) -> AsyncIterator[tuple[Services, str]]:
    async with serving(pg_or_sqlite_services) as url:
        yield pg_or_sqlite_services, url


def new_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def user_count(services: Services) -> int:
    async with services.database.uow() as uow:
        return int((await uow.session.execute(select(func.count(User.id)))).scalar_one())


# ---- 3. the cookie behind an HTTPS reverse proxy


@pytest.mark.parametrize(
    ("headers", "secure"),
    [
        ({}, False),
        ({"X-Forwarded-Proto": "https"}, True),
        ({"X-Forwarded-Proto": "HTTPS, http"}, True),  # the first hop is the visitor's
        ({"X-Forwarded-Proto": "http"}, False),
    ],
)
async def test_the_cookie_is_secure_behind_an_https_proxy(
    served: tuple[Services, str], headers: dict[str, str], secure: bool
) -> None:
    _, url = served
    async with new_session() as http:
        async with http.get(f"{url}/", headers=headers) as page:
            assert page.status == 200
            page_cookie = page.headers["Set-Cookie"]
        async with aiohttp.ClientSession() as fresh, fresh.post(
            f"{url}/api/messages", json={"text": "/menu"}, headers=headers
        ) as resp:
            assert resp.status == 200
            post_cookie = resp.headers["Set-Cookie"]
    for set_cookie in (page_cookie, post_cookie):
        assert set_cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in set_cookie
        assert "SameSite=Lax" in set_cookie
        assert ("Secure" in set_cookie) is secure, set_cookie


# ---- 4. the page's template is not served bare under /static/


TEMPLATE_PATHS = ["/static/index.html", "/static/index.html?x=1", "/static/%69ndex.html", "/static/./index.html",
                  "/static/INDEX.HTML", "/static//index.html"]  # fmt: skip


@pytest.mark.parametrize("path", TEMPLATE_PATHS)
async def test_static_index_html_never_comes_without_the_csp(served: tuple[Services, str], path: str) -> None:
    _, url = served
    async with new_session() as http, http.get(f"{url}{path}") as resp:
        if resp.status == 200:
            assert str(resp.url) == f"{url}/", "the template must redirect to / or not be served"
            assert "default-src 'none'" in resp.headers["Content-Security-Policy"]
            assert resp.headers["X-Content-Type-Options"] == "nosniff"
            assert "{{lang}}" not in await resp.text()
        else:
            assert resp.status == 404, path
    async with new_session() as http, http.get(f"{url}/static/chat.js") as resp:
        assert resp.status == 200
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


# ---- 5. a user row on the first message, not on every request


async def test_page_loads_and_polls_make_no_user_row(served: tuple[Services, str]) -> None:
    services, url = served
    for _ in range(3):  # three cookieless visitors: a page load, the session question, two polls each
        async with new_session() as http:
            for path, headers in [("/", {}), ("/api/session", {}), ("/api/messages/pending", POLL),
                                  ("/api/messages/pending", POLL), ("/static/chat.js", {})]:  # fmt: skip
                async with http.get(f"{url}{path}", headers=headers) as resp:
                    assert resp.status == 200, path
            bad = {"Content-Type": "application/json"}
            async with http.post(f"{url}/api/messages", data=b"{oops", headers=bad) as resp:
                assert resp.status == 400  # a refused message is not a first message either
    async with aiohttp.ClientSession() as http:  # no cookie jar at all: every request cookieless
        for _ in range(3):
            async with http.get(f"{url}/api/messages/pending", headers=POLL) as resp:
                assert resp.status == 200
    assert await user_count(services) == 0

    async with new_session() as http:
        await (await http.get(f"{url}/")).release()
        async with http.post(f"{url}/api/messages", json={"text": "/start"}) as resp:
            assert resp.status == 200
        assert await user_count(services) == 1
        for _ in range(3):
            async with http.get(f"{url}/api/messages/pending", headers=POLL) as resp:
                assert resp.status == 200
            await (await http.get(f"{url}/")).release()
    assert await user_count(services) == 1


# ---- 6. GET /api/session tells the page whether to greet or welcome back


async def test_session_says_whether_the_visitor_chose_a_language(served: tuple[Services, str]) -> None:
    from handlers.onboarding import Language

    _, url = served
    async with new_session() as http:
        async with http.get(f"{url}/api/session") as resp:
            assert resp.status == 200
            assert resp.headers["Cache-Control"] == "no-store"
            assert await resp.json() == {"known": False, "lang": None}
        await (await http.get(f"{url}/")).release()
        async with http.post(f"{url}/api/messages", json={"text": "/start"}) as resp:
            assert resp.status == 200
        async with http.get(f"{url}/api/session") as resp:
            assert await resp.json() == {"known": False, "lang": None}  # greeted, no language yet
        async with http.post(f"{url}/api/messages", json={"action": Language("sv").pack()}) as resp:
            assert resp.status == 200
        async with http.get(f"{url}/api/session") as resp:
            assert await resp.json() == {"known": True, "lang": "sv"}
    async with new_session() as other:
        other.cookie_jar.update_cookies({COOKIE: "A" * 32})
        async with other.get(f"{url}/api/session") as resp:
            assert await resp.json() == {"known": False, "lang": None}
