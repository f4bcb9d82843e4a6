"""The staff dashboard over real HTTP: login, sessions, rate limit, CSRF, and every route for every role."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select, update

from bot.dashboard import ROUTES
from bot.dashboard import i18n as desk_i18n
from bot.dashboard.web import safe_next
from bot.server import build_app
from bot.services import Services
from handlers.staffdesk import PERMISSIONS
from storage.models import AuditLog, LoginAttempt, OutboxMessage, Staff, StaffSession, Ticket, utcnow
from tests.desk import PASSWORD, add_account, csrf_of, forward, login


@pytest.fixture
async def client(services: Services) -> AsyncIterator[TestClient]:
    """English pages (the deployment's default, nb, is for browsers that send no preference)."""
    async with TestClient(TestServer(build_app(services), host="127.0.0.1"), headers={"Accept-Language": "en"}) as c:
        yield c


def set_cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getall("Set-Cookie", [])}


async def test_login_sets_a_strict_httponly_cookie_and_stores_only_its_hash(
    client: TestClient, services: Services
) -> None:
    staff = await add_account(services, "staff")
    first = await client.get("/staff/queue", allow_redirects=False)
    assert first.status == 303 and first.headers["Location"].startswith("/staff/login?next=")
    page = await client.get("/staff/login")
    response = await client.post(
        "/staff/login",
        data={"csrf": csrf_of(await page.text()), "email": "STAFF@example.org ", "password": PASSWORD,
              "next": "/staff/meeting"},
        allow_redirects=False,
    )  # fmt: skip
    assert response.status == 303 and response.headers["Location"] == "/staff/meeting"
    cookie = set_cookies(response)["sammen_staff"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain http in the test; https gets Secure (below)
    token = cookie.split("=", 1)[1].split(";")[0]
    async with services.database.uow() as uow:
        (row,) = (await uow.session.execute(select(StaffSession))).scalars()
        assert row.staff_id == staff.id and row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.token_hash, row.csrf_token)
        actions = (await uow.session.execute(select(AuditLog.action))).scalars().all()
        assert "login" in actions
    assert (await client.get("/staff/meeting")).status == 200


async def test_secure_cookie_behind_https(client: TestClient, services: Services) -> None:
    await add_account(services, "staff")
    page = await client.get("/staff/login", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in set_cookies(page)["sammen_staff_login"]
    token = csrf_of(await page.text())  # a Secure cookie is not sent back over the test's plain http: send it
    response = await client.post(
        "/staff/login", data={"csrf": token, "email": "staff@example.org", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https", "Cookie": f"sammen_staff_login={token}"}, allow_redirects=False,
    )  # fmt: skip
    assert response.status == 303 and "Secure" in set_cookies(response)["sammen_staff"]


async def test_wrong_password_unknown_email_and_inactive_accounts_are_refused_alike(
    client: TestClient, services: Services
) -> None:
    await add_account(services, "staff")
    gone = await add_account(services, "admin", "gone@example.org")
    async with services.database.uow() as uow:
        row = await uow.session.get(Staff, gone.id)
        assert row is not None
        row.active = False
    for email, password in (("staff@example.org", "wrong password!"), ("nobody@example.org", PASSWORD),
                            ("gone@example.org", PASSWORD)):  # fmt: skip
        page = await client.get("/staff/login")
        response = await client.post(
            "/staff/login", data={"csrf": csrf_of(await page.text()), "email": email, "password": password}
        )
        assert response.status == 401
        assert "Wrong email or password." in await response.text()
        assert "sammen_staff" not in set_cookies(response)


async def test_logout_needs_csrf_and_ends_the_session(client: TestClient, services: Services) -> None:
    await add_account(services, "viewer")
    csrf = await login(client, "viewer@example.org")
    assert (await client.post("/staff/logout", allow_redirects=False)).status == 403
    response = await client.post("/staff/logout", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == "/staff/login"
    async with services.database.uow() as uow:
        assert (await uow.session.execute(select(StaffSession))).first() is None
    assert (await client.get("/staff/queue", allow_redirects=False)).status == 303


async def test_sessions_expire_when_idle_and_absolutely(client: TestClient, services: Services) -> None:
    await add_account(services, "staff")
    await login(client, "staff@example.org")
    async with services.database.uow() as uow:
        await uow.session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(hours=12, minutes=1)))
    response = await client.get("/staff/queue", allow_redirects=False)
    assert response.status == 303 and "/staff/login" in response.headers["Location"]
    async with services.database.uow() as uow:
        assert (await uow.session.execute(select(StaffSession))).first() is None  # removed, not just ignored

    await login(client, "staff@example.org")
    async with services.database.uow() as uow:
        await uow.session.execute(update(StaffSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert (await client.get("/staff/queue", allow_redirects=False)).status == 303


async def test_deactivating_a_member_logs_them_out(client: TestClient, services: Services) -> None:
    staff = await add_account(services, "staff")
    await login(client, "staff@example.org")
    async with services.database.uow() as uow:
        row = await uow.session.get(Staff, staff.id)
        assert row is not None
        row.active = False
    assert (await client.get("/staff/queue", allow_redirects=False)).status == 303


async def test_login_rate_limit_per_address_and_per_email(client: TestClient, services: Services) -> None:
    await add_account(services, "staff")
    await add_account(services, "admin")
    for _ in range(5):
        page = await client.get("/staff/login")
        form = {"csrf": csrf_of(await page.text()), "email": "staff@example.org", "password": "guess guess"}
        bad = await client.post("/staff/login", data=form)
        assert bad.status == 401
    page = await client.get("/staff/login")
    blocked = await client.post("/staff/login", data={"csrf": csrf_of(await page.text()),
                                                      "email": "admin@example.org", "password": PASSWORD})  # fmt: skip
    assert blocked.status == 429  # the address is blocked, even with the right password for another account
    assert "Too many attempts. Please try again in 15 minutes." in await blocked.text()
    assert "sammen_staff" not in set_cookies(blocked)

    # The email key alone also blocks: failures for this account from elsewhere count too.
    async with services.database.uow() as uow:
        await uow.session.execute(LoginAttempt.__table__.delete())
        uow.session.add_all(
            LoginAttempt(key="email:admin@example.org", created_at=utcnow() - timedelta(minutes=m)) for m in range(5)
        )
    page = await client.get("/staff/login")
    blocked = await client.post("/staff/login", data={"csrf": csrf_of(await page.text()),
                                                      "email": "Admin@Example.org", "password": PASSWORD})  # fmt: skip
    assert blocked.status == 429 and "try again in 11 minutes" in await blocked.text()

    # Old failures do not count.
    async with services.database.uow() as uow:
        await uow.session.execute(update(LoginAttempt).values(created_at=utcnow() - timedelta(minutes=16)))
    await login(client, "admin@example.org")


async def test_the_login_form_needs_its_csrf_cookie(client: TestClient, services: Services) -> None:
    await add_account(services, "staff")
    response = await client.post("/staff/login", data={"email": "staff@example.org", "password": PASSWORD})
    assert response.status == 403
    page = await client.get("/staff/login")
    client.session.cookie_jar.clear()
    form = {"csrf": csrf_of(await page.text()), "email": "staff@example.org", "password": PASSWORD}
    response = await client.post("/staff/login", data=form)
    assert response.status == 403


def test_next_is_only_ever_a_dashboard_path() -> None:
    assert safe_next("/staff/tickets/3") == "/staff/tickets/3"
    for bad in ("//evil.example/staff", "https://evil.example/", "/staff//evil", "/staff/\\evil", "/", None, 3):
        assert safe_next(bad) == "/staff/"


# -- every route for every role ---------------------------------------------------------------------

ROLES = ("viewer", "staff", "admin")


def concrete(path: str, ticket_id: int, spare_id: int) -> str:
    return path.replace("{id}", str(spare_id) if path.startswith("/staff/") else str(ticket_id))


async def test_every_route_refuses_anonymous_users_and_roles_without_the_permission(
    client: TestClient, services: Services
) -> None:
    ticket = await forward(services)
    spare = await add_account(services, "staff", "spare@example.org")
    for role in ROLES:
        await add_account(services, role)
    routes = [(m, "/staff" + p, h.permission) for m, p, h in ROUTES]
    assert {perm for _, _, perm in routes} <= set(PERMISSIONS)

    # Anonymous: pages go to the login page, actions get 401.
    for method, path, _ in routes:
        url = concrete(path, ticket.id, spare.id)
        response = await client.request(method, url, allow_redirects=False)
        if method == "GET":
            assert response.status == 303 and response.headers["Location"].startswith("/staff/login"), url
        else:
            assert response.status == 401, url

    for role in ROLES:
        client.session.cookie_jar.clear()
        csrf = await login(client, f"{role}@example.org")
        for method, path, permission in routes:
            if path == "/staff/logout":
                continue
            url = concrete(path, ticket.id, spare.id)
            allowed = role in PERMISSIONS[permission]
            if method == "POST":
                missing = await client.post(url, data={}, allow_redirects=False)
                assert missing.status == 403, (role, url)  # no CSRF token: refused before anything else
                forged = await client.post(url, data={"csrf": "x" * 43}, allow_redirects=False)
                assert forged.status == 403, (role, url)
                response = await client.post(url, data={"csrf": csrf}, allow_redirects=False)
            else:
                response = await client.get(url, allow_redirects=False)
            if allowed:
                assert response.status not in (401, 403), (role, url, response.status)
            else:
                assert response.status == 403, (role, url, response.status)
    async with services.database.uow() as uow:  # the refused posts changed nothing
        assert (await uow.session.execute(select(OutboxMessage))).first() is None


async def test_viewers_see_no_forms_for_what_they_may_not_do(client: TestClient, services: Services) -> None:
    ticket = await forward(services)
    await add_account(services, "viewer")
    await login(client, "viewer@example.org")
    html = await (await client.get(f"/staff/tickets/{ticket.id}")).text()
    assert ticket.text in html
    for action in ("/answer", "/reassign", "/close", "/note", "/knowledge"):
        assert f"/staff/tickets/{ticket.id}{action}" not in html
    nav = await (await client.get("/staff/queue")).text()
    assert "/staff/audit" not in nav and "/staff/staff" not in nav


# -- the desk at work -------------------------------------------------------------------------------


async def test_answering_on_the_ticket_page_reaches_the_outbox_and_the_audit_log(
    client: TestClient, services: Services
) -> None:
    ticket = await forward(services, guesses=[{"entry": "horten-kommunale-avgifter", "score": 0.31}],
                           region="horten")  # fmt: skip
    staff = await add_account(services, "staff", name="Sølvi Foss")
    csrf = await login(client, "staff@example.org")
    queue = await (await client.get("/staff/queue")).text()
    assert ticket.text.replace("'", "&#39;") in queue and "Deferral of municipal fees" in queue and "Horten" in queue

    empty = await client.post(f"/staff/tickets/{ticket.id}/answer", data={"csrf": csrf, "text": "  "})
    assert empty.status == 422 and "Please write something first." in await empty.text()
    response = await client.post(
        f"/staff/tickets/{ticket.id}/answer", data={"csrf": csrf, "text": "Ask the municipality <b>today</b>."}
    )
    assert response.status == 200 and "/staff/tickets/" in str(response.url)
    html = await response.text()
    assert "The answer is on its way to the user." in html
    assert "Ask the municipality &lt;b&gt;today&lt;/b&gt;." in html  # escaped, never markup
    async with services.database.uow() as uow:
        row = await uow.session.get(Ticket, ticket.id)
        assert row is not None and row.status == "answered"
        (out,) = (await uow.session.execute(select(OutboxMessage))).scalars()
        assert out.address == "visitor-1" and "Ask the municipality" in out.payload[0]["text"]
        assert "Sølvi Foss" in out.payload[0]["text"]
        (audit,) = (await uow.session.execute(select(AuditLog).where(AuditLog.action == "ticket.answer"))).scalars()
        assert audit.staff_id == staff.id
    assert "Sølvi Foss" in await (await client.get(f"/staff/tickets/{ticket.id}")).text()


async def test_an_unreachable_user_is_shown_clearly(client: TestClient, services: Services) -> None:
    ticket = await forward(services)
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "visitor-1")
        assert user is not None
        user.unreachable = True
    await add_account(services, "staff")
    await login(client, "staff@example.org")
    assert "user unreachable" in await (await client.get("/staff/queue")).text()
    html = await (await client.get(f"/staff/tickets/{ticket.id}")).text()
    assert "The user cannot be reached." in html and 'role="alert"' in html


async def test_reassign_close_and_reopen_from_the_ticket_page(client: TestClient, services: Services) -> None:
    ticket = await forward(services)
    await add_account(services, "admin")
    colleague = await add_account(services, "staff", "kari@example.org", name="Kari")
    csrf = await login(client, "admin@example.org")
    page = await (await client.get(f"/staff/tickets/{ticket.id}")).text()
    assert f'<option value="{colleague.id}">Kari</option>' in page
    await client.post(f"/staff/tickets/{ticket.id}/reassign", data={"csrf": csrf, "staff": str(colleague.id)})
    await client.post(f"/staff/tickets/{ticket.id}/note", data={"csrf": csrf, "text": "Call the landlord first."})
    closed = await client.post(f"/staff/tickets/{ticket.id}/close", data={"csrf": csrf})
    assert str(closed.url).endswith("/staff/queue")
    assert ticket.text not in await closed.text()
    await client.post(f"/staff/tickets/{ticket.id}/reopen", data={"csrf": csrf})
    async with services.database.uow() as uow:
        row = await uow.session.get(Ticket, ticket.id)
        assert row is not None and (row.status, row.assigned_to) == ("open", colleague.id)
    audit = await (await client.get("/staff/audit")).text()
    for action in ("ticket.reassign", "ticket.note", "ticket.close", "ticket.reopen", "login"):
        assert action in audit


async def test_meeting_page_and_its_exports(client: TestClient, services: Services) -> None:
    ticket = await forward(services, "Who pays for a cancelled market stall?")
    await add_account(services, "viewer")
    await login(client, "viewer@example.org")
    page = await (await client.get("/staff/meeting")).text()
    assert ticket.text in page and "@media print" not in page  # the print rules live in the stylesheet
    md = await client.get("/staff/meeting.md")
    assert md.content_type == "text/markdown" and "attachment" in md.headers["Content-Disposition"]
    assert ticket.text in await md.text()
    csv = await client.get("/staff/meeting.csv")
    body = await csv.text()
    assert csv.content_type == "text/csv" and body.lstrip("\ufeff").startswith("asked_at,channel,region")
    assert ticket.text in body
    css = await (await client.get("/staff/static/dashboard.css")).text()
    assert "@media print" in css


async def test_statistics_knowledge_and_staff_pages(client: TestClient, services: Services) -> None:
    await forward(services)
    await add_account(services, "admin")
    csrf = await login(client, "admin@example.org")
    stats = await (await client.get("/staff/stats?days=7")).text()
    assert "Questions per day" in stats and "forwarded to the staff" in stats
    knowledge = await (await client.get("/staff/knowledge")).text()
    assert "The knowledge files and the staff additions are valid." in knowledge
    assert "horten-kommunale-avgifter" in knowledge
    reloaded = await client.post("/staff/knowledge/reload", data={"csrf": csrf})
    assert "Reloaded: version" in await reloaded.text()

    added = await client.post("/staff/staff", data={"csrf": csrf, "email": "New@Example.org", "name": "New",
                                                   "role": "viewer", "password": PASSWORD})  # fmt: skip
    assert added.status == 200 and "Added new@example.org." in await added.text()
    short = await client.post("/staff/staff", data={"csrf": csrf, "email": "x@example.org", "role": "staff",
                                                   "password": "short"})  # fmt: skip
    assert short.status == 422 and "at least 10 characters" in await short.text()
    async with services.database.uow() as uow:
        new = (await uow.session.execute(select(Staff).where(Staff.email == "new@example.org"))).scalar_one()
        me = (await uow.session.execute(select(Staff).where(Staff.email == "admin@example.org"))).scalar_one()
    await client.post(f"/staff/staff/{new.id}", data={"csrf": csrf, "role": "staff"})
    self_change = await client.post(f"/staff/staff/{me.id}", data={"csrf": csrf, "role": "viewer"})
    assert self_change.status == 422
    async with services.database.uow() as uow:
        assert (await uow.session.get(Staff, new.id)).role == "staff"  # type: ignore[union-attr]
        assert (await uow.session.get(Staff, me.id)).role == "admin"  # type: ignore[union-attr]


async def test_pages_carry_security_headers_and_load_nothing_from_elsewhere(
    client: TestClient, services: Services
) -> None:
    await add_account(services, "admin")
    await login(client, "admin@example.org")
    for path in ("/staff/login", "/staff/queue", "/staff/meeting", "/staff/stats", "/staff/knowledge", "/staff/audit"):
        response = await client.get(path)
        html = await response.text()
        assert response.headers["Cache-Control"] == "no-store"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "<script" not in html
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), path


async def test_norwegian_staff_get_the_dashboard_in_bokmal(client: TestClient, services: Services) -> None:
    await add_account(services, "staff")
    await login(client, "staff@example.org")
    html = await (await client.get("/staff/queue", headers={"Accept-Language": "nb-NO,nb;q=0.9,en;q=0.5"})).text()
    assert '<html lang="nb">' in html and "Åpne spørsmål" in html and "Logg ut" in html
    assert desk_i18n.keys("en") == desk_i18n.keys("nb")
