"""Shop local on the web: the public page (filters, escaping, nothing expired, rejected or withdrawn),
the Atom feed per region (parsed with feedparser and an XML parser, escaping what posters typed),
the dashboard's offer pages (the pending count, approve, reject, withdraw with a reason, the history,
permissions), and both pages in headless Chromium at a phone's width."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.server import build_app
from bot.services import Services
from handlers.offer_store import local_today, search_words
from storage.models import AuditLog, Offer, OutboxMessage
from tests.browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, requires_chromium
from tests.desk import PASSWORD, add_account, login

NASTY = 'Roser & <script>alert("x")</script> til jul'


async def seed(services: Services, **overrides: Any) -> Offer:
    """An offer as posting stores it (approved unless told otherwise)."""
    from storage.models import utcnow

    today = local_today(services.assistant.config)
    values: dict[str, Any] = {
        "business_name": "Blomsterhjørnet AS", "org_country": "no", "org_number": "912 345 688", "region": "horten",
        "title": "Julebuketter", "description": "Buketter med granbar.", "category": "retail",
        "delivery": ["home", "pickup"], "delivers_home": True, "price": "199 kr", "contact": "Tlf 33 03 11 00",
        "valid_until": today + timedelta(days=10), "status": "approved", "approved_at": utcnow(), "language": "nb",
    }  # fmt: skip
    values.update(overrides)
    values["delivers_home"] = "home" in values["delivery"]
    async with services.database.uow() as uow:
        offer = Offer(**values)
        offer.words = search_words(services.knowledge.kb, offer.title, offer.description, offer.business_name,
                                   category=offer.category)  # fmt: skip
        uow.session.add(offer)
    return offer


@pytest.fixture
async def client(services: Services):
    test_client = TestClient(TestServer(build_app(services)))
    await test_client.start_server()
    yield test_client
    await test_client.close()


async def test_the_public_page_and_its_filters(services: Services, client: TestClient) -> None:
    today = local_today(services.assistant.config)
    await seed(services, title=NASTY, image_url="https://img.example.org/r.jpg?a=1&b=2")
    await seed(services, title="Kanelboller", description="Nybakt.", category="food", delivery=["store"])
    await seed(services, title="Brød fra Asker", region="asker")
    await seed(services, title="Utløpt tilbud", valid_until=today - timedelta(days=1))
    await seed(services, title="Avvist tilbud", status="rejected")
    await seed(services, title="Trukket tilbud", status="withdrawn")
    await seed(services, title="Ventende tilbud", status="pending", approved_at=None)

    response = await client.get("/offers?region=horten", headers={"Accept-Language": "nb"})
    assert response.status == 200
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    html = await response.text()
    assert "<script>" not in html and "Roser &amp; &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; til jul" in html
    assert 'src="https://img.example.org/r.jpg?a=1&amp;b=2"' in html
    assert "Kanelboller" in html and "Brød fra Asker" not in html
    for hidden in ("Utløpt", "Avvist", "Trukket", "Ventende"):
        assert hidden not in html
    assert '<a href="tel:33031100">33 03 11 00</a>' in html
    assert 'href="/offers/feed/horten.atom"' in html and "Handle lokalt" in html

    html = await (await client.get("/offers?region=horten&home=1")).text()
    assert "Roser" in html and "Kanelboller" not in html
    html = await (await client.get("/offers?category=food")).text()
    assert "Kanelboller" in html and "Roser" not in html
    html = await (await client.get("/offers?q=kanelbolle&lang=en")).text()
    assert "Kanelboller" in html and "Roser" not in html and "Shop local" in html
    html = await (await client.get("/offers")).text()
    assert "Brød fra Asker" in html  # every region
    bad = await client.get("/offers?region=<x>&category=';&page=99999999999")
    assert bad.status == 200
    css = await client.get("/offers/style.css")
    assert css.status == 200 and "text/css" in css.headers["Content-Type"]


async def test_the_atom_feed_parses_and_escapes(services: Services, client: TestClient) -> None:
    await seed(services, title=NASTY, description="Fra <b>100 kr</b> & mer\n«God jul»")
    await seed(services, title="Brød fra Asker", region="asker")
    response = await client.get("/offers/feed/horten.atom")
    assert response.status == 200 and response.headers["Content-Type"].startswith("application/atom+xml")
    body = await response.text()
    root = ET.fromstring(body.encode())  # well-formed XML
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [entry] = root.findall("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == f"{NASTY} – Blomsterhjørnet AS"
    content = entry.findtext("a:content", namespaces=ns) or ""
    assert content.startswith("Fra <b>100 kr</b> & mer\n«God jul»")
    assert "<script>" not in body and "&lt;script&gt;" in body
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Handle lokalt – Horten"
    assert [e.title for e in parsed.entries] == [f"{NASTY} – Blomsterhjørnet AS"]
    assert parsed.entries[0].link.endswith("/offers?region=horten#offer-1")
    everything = feedparser.parse(await (await client.get("/offers/feed.atom")).text())
    assert len(everything.entries) == 2
    assert (await client.get("/offers/feed/atlantis.atom")).status == 404


async def test_the_dashboard_moderates_offers_with_their_history(services: Services, client: TestClient) -> None:
    first = await seed(services, status="pending", approved_at=None)
    second = await seed(services, title="Kanelboller", status="pending", approved_at=None)
    await add_account(services, "viewer")
    await add_account(services, "staff", name="Kari")
    csrf = await login(client, "viewer@example.org")
    page = await (await client.get("/staff/offers")).text()
    assert 'Tilbud <span class="count">2</span>' in page and "Julebuketter" in page
    refused = await client.post(f"/staff/offers/{first.id}/approve", data={"csrf": csrf})
    assert refused.status == 403
    client.session.cookie_jar.clear()

    csrf = await login(client, "staff@example.org")
    approved = await client.post(f"/staff/offers/{first.id}/approve", data={"csrf": csrf})
    assert approved.status == 200 and "publisert" in await approved.text()
    again = await client.post(f"/staff/offers/{first.id}/approve", data={"csrf": csrf})
    assert again.status == 422 and "venter ikke lenger" in await again.text()
    empty = await client.post(f"/staff/offers/{second.id}/reject", data={"csrf": csrf, "reason": "  "})
    assert empty.status == 422
    rejected = await client.post(f"/staff/offers/{second.id}/reject", data={"csrf": csrf, "reason": "Mangler pris"})
    assert rejected.status == 200
    withdrawn = await client.post(f"/staff/offers/{first.id}/withdraw", data={"csrf": csrf, "reason": "Feil bilde"})
    page = await withdrawn.text()
    assert (
        "trukket tilbake" in page
        and "offer.approve" in page
        and "offer.withdraw" in page
        and "reason=Feil bilde" in page
    )
    listing = await (await client.get("/staff/offers?status=all")).text()
    assert "Kanelboller" in listing and 'Tilbud <span class="count">' not in listing  # nothing waits now
    async with services.database.uow() as uow:
        actions = list((await uow.session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars())
        assert [a for a in actions if a.startswith("offer.")] == ["offer.approve", "offer.reject", "offer.withdraw"]
        offer = await uow.session.get(Offer, first.id)
        assert offer is not None and offer.status == "withdrawn" and offer.reason == "Feil bilde"
        assert (await uow.session.execute(select(OutboxMessage))).first() is None  # seeded offers have no poster


@requires_chromium
async def test_the_pages_on_a_phone(dashboard_server: tuple[str, Services]) -> None:
    from playwright.async_api import async_playwright, expect

    base_url, services = dashboard_server
    for i in range(8):
        title = f"Tilbud nummer {i} med en ganske lang tittel som må brytes pent"
        contact = "https://www.example.org/en/veldig/lang/adresse/" + "x" * 40
        await seed(services, title=title, description="Lang tekst " * 30, contact=contact)
    await seed(services, title="Venter", status="pending", approved_at=None)
    await add_account(services, "admin")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 360, "height": 740}, locale="nb-NO",
                                                is_mobile=True, has_touch=True, java_script_enabled=False)  # fmt: skip
            page = await context.new_page()
            await page.goto(f"{base_url}/offers?region=horten")
            await expect(page.get_by_role("heading", name="Handle lokalt")).to_be_visible()
            assert await page.locator("article.offer").count() == 8
            assert await page.evaluate("document.documentElement.scrollWidth") <= 360
            await page.get_by_label("Kategori").select_option("food")
            await page.get_by_role("button", name="Vis").click()
            await expect(page.get_by_text("Ingen tilbud passer akkurat nå.")).to_be_visible()
            ARTIFACTS.mkdir(exist_ok=True)
            await page.goto(f"{base_url}/offers")
            await page.screenshot(path=str(ARTIFACTS / "offers-360.png"), full_page=False)

            await page.goto(f"{base_url}/staff/login")
            await page.get_by_label("E-post").fill("admin@example.org")
            await page.get_by_label("Passord").fill(PASSWORD)
            await page.get_by_role("button", name="Logg inn").click()
            await page.goto(f"{base_url}/staff/offers")
            nav = page.locator("header.top nav a", has_text="Tilbud")
            await expect(nav).to_contain_text("1")
            await page.locator("a.q", has_text="Venter").click()
            await page.get_by_role("button", name="Godkjenn og publiser").click()
            await expect(page.get_by_text("offer.approve")).to_be_visible()
            assert await page.evaluate("document.documentElement.scrollWidth") <= 360
            await page.screenshot(path=str(ARTIFACTS / "staff-offers-360.png"), full_page=False)
        finally:
            await browser.close()
    async with services.database.uow() as uow:
        [pending] = (await uow.session.execute(select(Offer).where(Offer.title == "Venter"))).scalars()
        assert pending.status == "approved" and pending.valid_until > date(2026, 1, 1)


def test_the_offers_settings() -> None:
    from bot.settings import SettingsError, load_settings

    settings = load_settings(offers_channel_id="-1009999", offers_max_active=3)
    assert settings.offers_channel_id == "-1009999" and settings.offers_max_active == 3
    for bad in ({"offers_channel_id": "@handlelokalt"}, {"offers_max_active": 0}, {"offers_per_day": 1000}):
        with pytest.raises(SettingsError):
            load_settings(**bad)


def test_an_offers_channel_without_telegram_is_left_out_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing could send its posts: they would wait in the outbox for ever."""
    from bot.services import core_config
    from bot.settings import load_settings

    assert core_config(load_settings(offers_channel_id="-1009999")).offers_channel is None
    assert "OFFERS_CHANNEL_ID is set but Telegram is not" in caplog.text
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert core_config(load_settings(offers_channel_id="-1009999")).offers_channel == ("telegram", "-1009999")
