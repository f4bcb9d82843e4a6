"""On a phone, the dashboard's navigation stays reachable: headless Chromium at 360 × 740, a long
queue scrolled to the bottom, and every nav link still in the viewport and clickable where it is."""

from __future__ import annotations

import pytest

from bot.services import Services
from tests.browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, requires_chromium
from tests.desk import PASSWORD, add_account, forward

pytestmark = requires_chromium
WIDTH, HEIGHT = 360, 740


@pytest.fixture
async def server(dashboard_server: tuple[str, Services]) -> tuple[str, Services]:
    return dashboard_server


NAV_IN_VIEW = """() => [...document.querySelectorAll('header.top nav a')].map(a => {
    const r = a.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {text: a.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            clickable: hit === a || a.contains(hit)};
})"""


async def test_the_navigation_stays_reachable_on_a_phone(server: tuple[str, Services]) -> None:
    from playwright.async_api import async_playwright, expect

    base_url, services = server
    await add_account(services, "admin")
    for i in range(25):
        await forward(services, f"Question number {i} about opening hours, rent and fees?", user=f"visitor-{i}")

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-GB",
                                                is_mobile=True, has_touch=True, reduced_motion="reduce")  # fmt: skip
            page = await context.new_page()
            await page.goto(f"{base_url}/staff/login")
            await page.get_by_label("Email").fill("admin@example.org")
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            await expect(page).to_have_url(f"{base_url}/staff/queue")

            assert await page.evaluate("document.documentElement.scrollHeight") > 3 * HEIGHT  # a long page
            await page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            await page.wait_for_function("window.scrollY > 0")
            links = await page.evaluate(NAV_IN_VIEW)
            assert [link["text"] for link in links] == ["Queue", "Today's meeting", "Offers", "Statistics",
                                                        "Knowledge", "Groups & events", "Briefing", "News", "Audit",
                                                        "Staff"]  # fmt: skip
            for link in links:
                assert 0 <= link["top"] and link["bottom"] <= HEIGHT, link
                assert 0 <= link["left"] and link["right"] <= WIDTH, link
                assert link["clickable"], link
            assert await page.evaluate("document.documentElement.scrollWidth") <= WIDTH
            ARTIFACTS.mkdir(exist_ok=True)
            await page.screenshot(path=str(ARTIFACTS / "dashboard-360-scrolled.png"), animations="disabled")

            # Tapped where it is, without scrolling back up: it takes the staff member there.
            stats = next(link for link in links if link["text"] == "Statistics")
            await page.mouse.click((stats["left"] + stats["right"]) / 2, (stats["top"] + stats["bottom"]) / 2)
            await expect(page).to_have_url(f"{base_url}/staff/stats")
        finally:
            await browser.close()
