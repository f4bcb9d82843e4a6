"""The whole staff desk, as the issue describes it, through real parts only.

A user on Telegram (the Bot API stand-in, the real python-telegram-bot client) asks something the
assistant does not know and forwards it; a staff member logs in to the dashboard in headless
Chromium and answers; the user receives the answer on Telegram; the staff member saves it as
knowledge; a second Telegram user asks in other words and gets the answer from the assistant.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.services import Services, build_services
from bot.settings import Settings, TelegramSettings
from tests.browser import CHROMIUM, LAUNCH_ARGS, requires_chromium, serving
from tests.desk import PASSWORD, add_account
from tests.servers import buttons_of, data_of
from tests.telegram_api import DEFAULT_TOKEN, TelegramStandIn
from tests.test_staff_telegram_e2e import next_messages

FIRST, SECOND = 5151, 5252
QUESTION = "Hvor kan jeg kjøpe billige flybilletter til Spania for personalturen?"
PARAPHRASE = "Hvor finner jeg billige flybilletter til Spania?"
ANSWER = "Prøv reisebyrået på torget: de har gode grupperabatter for lokale bedrifter."

pytestmark = requires_chromium


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[tuple[TelegramStandIn, str, Services]]:
    async with TelegramStandIn() as tg:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'sammen.db'}",
            telegram=TelegramSettings(
                bot_token=DEFAULT_TOKEN, api_base_url=tg.base_url, rate_global=1000.0, rate_per_chat=1000.0
            ),
        )
        services = await build_services(settings)
        try:
            async with serving(services) as base_url:
                yield tg, base_url, services
        finally:
            await services.close()


async def test_telegram_user_dashboard_answer_back_on_telegram_and_learned(running) -> None:
    from playwright.async_api import async_playwright, expect

    tg, base_url, services = running
    await add_account(services, "staff", "heidi@example.org", name="Heidi Sæther Hauge")

    # On Telegram: the assistant does not know, the user asks a person.
    [reply] = await next_messages(tg, FIRST, lambda: tg.push_message(FIRST, QUESTION, language_code="nb"))
    assert ANSWER not in reply["text"]
    if not any("|forward|" in b.get("callback_data", "") for b in buttons_of(reply)):
        [reply] = await next_messages(tg, FIRST, lambda: tg.push_callback(FIRST, data_of(reply, "Ingen av disse")))
    [confirm] = await next_messages(tg, FIRST, lambda: tg.push_callback(FIRST, data_of(reply, "Spør en person")))
    [done] = await next_messages(tg, FIRST, lambda: tg.push_callback(FIRST, data_of(confirm, "Ja")))
    assert "Neste møte" in done["text"]

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            page = await (await browser.new_context(locale="en-GB")).new_page()
            await page.goto(f"{base_url}/staff/login")
            await page.get_by_label("Email").fill("heidi@example.org")
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            await expect(page.get_by_role("heading", name="Open questions")).to_be_visible()

            # The staff member answers in the dashboard ...
            await page.get_by_role("link", name=QUESTION).click()
            before = len(tg.messages(FIRST))
            await page.get_by_label("Your answer to the user").fill(ANSWER)
            await page.get_by_role("button", name="Send answer").click()
            await expect(page.get_by_role("status")).to_have_text("The answer is on its way to the user.")

            # ... and the user receives it on Telegram, with the follow-up buttons.
            [relayed] = (await tg.wait_for_messages(FIRST, before + 1, timeout=15))[before:]
            assert ANSWER in relayed["text"] and "Heidi Sæther Hauge" in relayed["text"]
            assert [b["callback_data"].split("|")[1] for b in buttons_of(relayed)] == ["solved", "followup"]

            # Save as knowledge: a new entry, served at once.
            await page.get_by_role("link", name="Save as knowledge…").click()
            await page.get_by_label("Entry id").fill("flybilletter-spania")
            await page.get_by_label("Title").fill("Billige flybilletter til Spania")
            await page.get_by_role("button", name="Save entry").click()
            await expect(page.get_by_role("status")).to_contain_text("flybilletter-spania")
        finally:
            await browser.close()

    # A second Telegram user asks in other words: the assistant answers by itself now.
    [learned] = await next_messages(tg, SECOND, lambda: tg.push_message(SECOND, PARAPHRASE, language_code="nb"))
    assert ANSWER in learned["text"]
    assert any(b.get("callback_data", "").startswith("1|fb|") for b in buttons_of(learned))
