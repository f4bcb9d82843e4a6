"""The web chat end to end: the real server with the real core, driven in headless Chromium.

This is the issue's "done when": a question typed in the box gets an answer. It uses Debian's
Chromium through Playwright, since Playwright cannot download its own browser here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, requires_chromium, serving

QUESTION = "Is there any funding for starting a new café?"
TIMEOUT_MS = 15_000

pytestmark = requires_chromium


@pytest.fixture
async def base_url(tmp_path: Path) -> AsyncIterator[str]:
    """The real server (`sammen serve` minus signals) on a free port, with a fresh SQLite file."""
    from bot.services import build_services
    from bot.settings import Settings, TelegramSettings

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'sammen.db'}",
        http_host="127.0.0.1",
        telegram=TelegramSettings(bot_token=None),
    )
    services = await build_services(settings)
    try:
        async with serving(services) as url:
            yield url
    finally:
        await services.close()


async def test_a_question_typed_in_the_box_gets_an_answer(base_url: str) -> None:
    from playwright.async_api import Route, async_playwright, expect

    from handlers.i18n import translate
    from handlers.onboarding import LANGUAGE_NAMES

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(
                viewport={"width": 1024, "height": 768}, locale="en-GB", reduced_motion="reduce"
            )
            page = await context.new_page()
            problems: list[str] = []  # script errors and console errors such as CSP violations
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            bot = page.locator("#log .msg.bot")
            user = page.locator("#log .msg.user")

            # First visit: the page greets by itself (a hidden /start) and sets the visitor cookie.
            await page.goto(f"{base_url}/")
            await expect(page).to_have_title("Sammen")
            await expect(page.locator("html")).to_have_attribute("lang", "en")
            await expect(bot.first).to_be_visible(timeout=TIMEOUT_MS)
            await expect(user).to_have_count(0)
            cookies = {c["name"]: c for c in await context.cookies()}
            assert cookies["sammen_visitor"]["httpOnly"] is True
            assert cookies["sammen_visitor"]["sameSite"] == "Lax"

            # A question typed in the box and sent with Enter gets an answer.
            before = await bot.count()
            box = page.get_by_label("Your message")
            await box.fill(QUESTION)
            await box.press("Enter")
            await expect(user.last).to_have_text(QUESTION)
            await expect(box).to_have_value("")
            await expect(bot.nth(before)).to_be_visible(timeout=TIMEOUT_MS)
            await expect(page.locator("#typing")).to_be_hidden(timeout=TIMEOUT_MS)
            answer = (await bot.nth(before).inner_text()).strip()
            assert answer

            # Pressing a button sends its action and shows its label as the visitor's message: choosing
            # Danish in the language picker makes the next answer Danish.
            danish = translate("da", "language-set", language=LANGUAGE_NAMES["da"])
            button = page.get_by_role("button", name=LANGUAGE_NAMES["da"], exact=True).last
            before = await bot.count()
            await button.click()
            await expect(user.last).to_have_text(LANGUAGE_NAMES["da"])
            await expect(bot.nth(before)).to_have_text(danish, timeout=TIMEOUT_MS)
            await expect(page.locator("#typing")).to_be_hidden(timeout=TIMEOUT_MS)
            # The page's own labels follow the language chosen in the chat, not the browser's.
            await expect(page.locator("html")).to_have_attribute("lang", "da")
            box = page.get_by_label("Din besked")
            await expect(box).to_have_attribute("placeholder", "Skriv dit spørgsmål…")

            # Links in answers open in a new tab without handing over the opener.
            for link in await page.locator("#log a").all():
                assert await link.get_attribute("target") == "_blank"
                assert "noopener" in (await link.get_attribute("rel") or "")

            await page.mouse.move(0, 0)  # no hover highlight in the picture
            await page.screenshot(path=str(ARTIFACTS / "webchat.png"), animations="disabled")

            # A reload shows the same conversation and does not greet again.
            shown = await page.locator("#log .msg").count()
            posts: list[str] = []
            page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
            await page.reload()
            await expect(page.locator("#log .msg")).to_have_count(shown)
            await expect(user.nth(0)).to_have_text(QUESTION)
            await expect(page.locator("html")).to_have_attribute("lang", "da")  # kept from the transcript
            await expect(box).to_have_attribute("placeholder", "Skriv dit spørgsmål…")
            await page.wait_for_timeout(300)
            assert posts == []

            # Readable on a 360 px phone: nothing wider than the screen.
            await page.set_viewport_size({"width": 360, "height": 740})
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360
            await page.screenshot(path=str(ARTIFACTS / "webchat-360.png"), animations="disabled")
            assert problems == []

            # When the server fails, the visitor is told politely and gets the unsent text back.
            async def fail(route: Route) -> None:
                await route.fulfill(status=500, json={"error": "Something went wrong, please try again."})

            await page.route("**/api/messages", fail)
            shown = await page.locator("#log .msg").count()
            await box.fill("This one will fail")
            await box.press("Enter")
            await expect(page.get_by_role("alert")).to_have_text("Noget gik galt, prøv igen.")
            await expect(box).to_have_value("This one will fail")
            await expect(user.last).not_to_have_text("This one will fail")
            await expect(page.locator("#log .msg")).to_have_count(shown + 1)
            assert all("500" in problem for problem in problems)  # only the browser's note of the failed call
        finally:
            await browser.close()


async def test_a_returning_visitor_in_a_new_tab_is_welcomed_back_not_onboarded_again(base_url: str) -> None:
    """Issue 10: the profile is saved, so a second tab (same cookie, empty tab transcript) asks the
    server whether the visitor is known and shows the menu in the saved language, no language question."""
    from playwright.async_api import async_playwright, expect

    from handlers.i18n import translate
    from handlers.onboarding import LANGUAGE_NAMES

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(locale="en-GB", reduced_motion="reduce")
            first = await context.new_page()
            await first.goto(f"{base_url}/")
            await expect(first.locator("#log .msg.bot").first).to_be_visible(timeout=TIMEOUT_MS)
            await first.get_by_role("button", name=LANGUAGE_NAMES["sv"], exact=True).last.click()
            chosen = translate("sv", "language-set", language=LANGUAGE_NAMES["sv"])
            await expect(first.locator("#log .msg.bot", has_text=chosen)).to_be_visible(timeout=TIMEOUT_MS)
            await expect(first.locator("html")).to_have_attribute("lang", "sv")

            second = await context.new_page()
            posts: list[str] = []
            second.on("request", lambda r: posts.append(r.post_data or "") if r.method == "POST" else None)
            await second.goto(f"{base_url}/")
            bot = second.locator("#log .msg.bot")
            await expect(bot.first).to_have_text("Välkommen tillbaka! Här är menyn.", timeout=TIMEOUT_MS)
            await expect(bot.nth(1)).to_be_visible(timeout=TIMEOUT_MS)  # the menu, from the server
            await expect(second.locator("#typing")).to_be_hidden(timeout=TIMEOUT_MS)
            await expect(second.locator("html")).to_have_attribute("lang", "sv")
            await expect(second.get_by_label("Ditt meddelande")).to_have_attribute("placeholder", "Skriv din fråga…")
            # No greeting and no language question: none of the language buttons, no /start sent.
            for name in LANGUAGE_NAMES.values():
                await expect(second.get_by_role("button", name=name, exact=True)).to_have_count(0)
            await expect(second.locator("#log")).not_to_contain_text(translate("sv", "onboarding-welcome"))
            assert posts == ['{"text":"/menu"}']
        finally:
            await browser.close()


async def test_a_paste_over_4000_characters_is_kept_and_explained_not_cut(base_url: str) -> None:
    """Issue 10: the box no longer cuts a long paste silently; sending it says it is too long, in the
    page's language, keeps every character in the box and sends nothing."""
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(locale="da-DK", reduced_motion="reduce")
            page = await context.new_page()
            await page.goto(f"{base_url}/")
            await expect(page.locator("#log .msg.bot").first).to_be_visible(timeout=TIMEOUT_MS)
            await expect(page.locator("#typing")).to_be_hidden(timeout=TIMEOUT_MS)
            posts: list[str] = []
            page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

            paste = ("Hvilken støtte findes der til en ny café i Hedensted? " * 100)[:5000]
            box = page.get_by_label("Din besked")
            await box.fill(paste)
            await expect(box).to_have_value(paste)  # nothing cut on the way in
            await box.press("Enter")
            await expect(page.get_by_role("alert")).to_have_text(
                "Beskeden er for lang. Gør den kortere, og prøv igen."
            )
            await expect(box).to_have_value(paste)
            await expect(page.locator("#log .msg.user")).to_have_count(0)
            await page.wait_for_timeout(300)
            assert posts == []

            # Shortened to the limit, it is sent.
            await box.fill(paste[:4000])
            await box.press("Enter")
            await expect(box).to_have_value("", timeout=TIMEOUT_MS)
            await expect(page.locator("#log .msg.user")).to_have_count(1)
        finally:
            await browser.close()
