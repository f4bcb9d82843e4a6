"""Helpers for the staff desk tests: accounts, forwarded questions, and a logged-in dashboard client."""

from __future__ import annotations

import re
from typing import Any

from aiohttp.test_utils import TestClient

from bot.services import Services
from handlers import staff_accounts
from storage.models import Question, Staff, Ticket

PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def add_account(services: Services, role: str, email: str | None = None, name: str | None = None) -> Staff:
    async with services.database.uow() as uow:
        return await staff_accounts.add_staff(
            uow, email or f"{role}@example.org", role, PASSWORD, name=name if name is not None else role.title()
        )


async def forward(
    services: Services,
    text: str = "Can we get help with the rent for our café?",
    *,
    user: str = "visitor-1",
    language: str = "en",
    region: str | None = None,
    guesses: list[dict[str, Any]] | None = None,
    **kw: Any,
) -> Ticket:
    """A forwarded question as the user side stores it: the question and its ticket."""
    async with services.database.uow() as uow:
        u = await uow.users.get_or_create("web", user, "Kari Nordmann")
        q = await uow.questions.add(
            Question(user_id=u.id, channel="web", text=text, language=language, region=region, decision="abstain")
        )
        ticket = Ticket(user_id=u.id, question_id=q.id, channel="web", text=text, language=language, region=region,
                        guesses=guesses or [], **kw)  # fmt: skip
        uow.session.add(ticket)
        await uow.session.flush()
        return ticket


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def login(client: TestClient, email: str, password: str = PASSWORD, **headers: str) -> str:
    """Log in through the form; returns the session's CSRF token (from the logout form)."""
    page = await client.get("/staff/login")
    assert page.status == 200
    response = await client.post(
        "/staff/login",
        data={"csrf": csrf_of(await page.text()), "email": email, "password": password, "next": "/staff/queue"},
        allow_redirects=False,
        headers=headers,
    )
    assert response.status == 303, await response.text()
    queue = await client.get("/staff/queue")
    assert queue.status == 200
    return csrf_of(await queue.text())
