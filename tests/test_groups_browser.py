"""The organisers' pages in headless Chromium: a new group stored on the dashboard, its member and
waiting lists, a message to the members, cancelling a meeting, the CSV, and `sammen kb export`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.services import Services
from handlers import gatherings as core
from handlers.groups import Gather
from knowledge.loader import read_knowledge
from storage import additions
from tests.browser import CHROMIUM, LAUNCH_ARGS, requires_chromium
from tests.desk import PASSWORD, add_account

from .chat import ChatUser
from .test_groups import NOW

pytestmark = requires_chromium


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "clock", lambda: NOW)


async def test_organiser_pages(dashboard_server: tuple[str, Services], tmp_path: Path) -> None:
    from playwright.async_api import async_playwright, expect

    base_url, services = dashboard_server
    await add_account(services, "admin")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            page = await (await browser.new_context(locale="en-GB")).new_page()
            await page.goto(f"{base_url}/staff/login")
            await page.get_by_label("Email").fill("admin@example.org")
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            await page.get_by_role("link", name="Groups & events").click()
            await expect(page.locator("#gatherings")).to_contain_text("Entrepreneurs' network")
            form = page.locator("#new-gathering")
            await form.get_by_label("Id", exact=True).fill("horten-frokost")
            await form.get_by_label("Name", exact=True).fill("Frokostnettverket")
            await form.get_by_label("Region id").fill("horten")
            await form.get_by_label("Places", exact=True).fill("2")
            await form.get_by_label("RRULE").fill("FREQ=MONTHLY;BYDAY=1FR")
            await form.get_by_label("Start (HH:MM)").fill("08:30")
            await form.get_by_label("Minutes", exact=True).fill("90")
            await form.get_by_label("Place", exact=True).fill("Bastion Horten")
            await form.get_by_role("button", name="Save").click()
            await expect(page.locator("h1")).to_have_text("Frokostnettverket")

            for n in range(3):  # two members and one on the waiting list
                u = ChatUser(services.assistant, f"member-{n}", language="nb")
                await u.say("/start")
                await u.press("Norsk")
                await u.press("Horten")
                await u.action(Gather("j", "g", "horten-frokost").pack())
            await page.reload()
            await expect(page.locator("#members tbody tr")).to_have_count(2)
            await expect(page.locator("#waiting tbody tr")).to_have_count(1)

            await page.locator("#message textarea").fill("Husk kaffekoppen!")
            await page.locator("#message").get_by_role("button", name="Send").click()
            await expect(page.locator(".notice")).to_have_text("Queued for 2 members.")
            first = page.locator(".occurrences li").first
            await expect(first).to_contain_text("Friday 6 March 2026 at 08:30")
            await first.get_by_role("button", name="Cancel this one").click()
            await expect(page.locator(".notice")).to_contain_text("3 people are told")
            await expect(page.locator(".occurrences li").first).to_contain_text("cancelled")

            await page.get_by_role("link", name="Edit this group or event").click()
            form = page.locator("#new-gathering")
            await expect(form.get_by_label("RRULE")).to_have_value("FREQ=MONTHLY;BYDAY=1FR")
            await form.get_by_label("Places", exact=True).fill("3")  # one more place: the waiting one moves up
            await form.get_by_role("button", name="Save").click()
            await expect(page.locator("#members tbody tr")).to_have_count(3)
            await expect(page.locator("#waiting tbody tr")).to_have_count(1)  # "Nobody yet."
            await expect(page.locator("#waiting")).to_contain_text("Nobody yet.")

            csv = await (await page.request.get(f"{base_url}/staff/groups/group/horten-frokost/members.csv")).text()
            lines = csv.strip().splitlines()
            assert lines[0].lstrip("\ufeff").startswith("status,waiting_position") and len(lines) == 4
            assert [line.split(",")[0] for line in lines[1:]] == ["member"] * 3
            feed = await (await page.request.get(f"{base_url}/groups/horten-frokost.ics")).text()
            assert "RRULE:FREQ=MONTHLY;BYDAY=1FR" in feed and "EXDATE;TZID=Europe/Oslo:20260306T083000" in feed
        finally:
            await browser.close()

    out = tmp_path / "exported"
    await additions.export_from_database(services.database, services.knowledge.path, out)
    exported = yaml.safe_load((out / additions.ADDITIONS_FILE).read_text(encoding="utf-8"))
    assert exported["groups"][0]["id"] == "horten-frokost" and exported["groups"][0]["capacity"] == 3
    kb, problems = read_knowledge(out)
    assert problems == [] and kb.group("horten-frokost") is not None
