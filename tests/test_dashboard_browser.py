"""The staff desk end to end in headless Chromium, against the real server.

A user asks something the assistant does not know and forwards it; a staff member logs in to the
dashboard, answers (the answer lands in the outbox for the user), saves it as knowledge, and a
second user asking in other words gets the answer from the assistant. The queue screenshot goes to
`tests/_artifacts/`; with SAMMEN_UPDATE_DOCS=1 (`make screenshots`) it also replaces `docs/dashboard.png`.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services import Services
from storage.models import OutboxMessage, Ticket
from tests.browser import ARTIFACTS, CHROMIUM, LAUNCH_ARGS, requires_chromium
from tests.chat import ChatUser
from tests.desk import PASSWORD, add_account, forward

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ARTIFACTS / "dashboard.png"
DOCS_SCREENSHOT = ROOT / "docs" / "dashboard.png"
TIMEOUT_MS = 15_000
QUESTION = "Where can I buy cheap flight tickets to Spain for our staff trip?"
PARAPHRASE = "Where do I find cheap plane tickets for Spain?"
ANSWER = "Try the travel agency on the square: they have good group prices for local businesses."

pytestmark = requires_chromium


@pytest.fixture
async def server(dashboard_server: tuple[str, Services]) -> tuple[str, Services]:
    return dashboard_server


async def seed_queue(services: Services) -> None:
    """A few more open questions, so the queue shows its grouping by topic and region."""
    fees = [{"entry": "horten-kommunale-avgifter", "score": 0.41}, {"entry": "horten-permittering-radgivning",
                                                                    "score": 0.22}]  # fmt: skip
    await forward(services, "Can our shop wait with the water and sewage bill until the summer season?",
                  user="s1", region="horten", guesses=fees)  # fmt: skip
    await forward(services, "Kan vi vente med å betale renovasjonsgebyret til etter påske?", user="s2",
                  language="nb", region="horten", guesses=fees)  # fmt: skip
    await forward(services, "Does the association help with a joint stand at the Christmas market?", user="s3",
                  region="ostfold", topic="Events and networks")  # fmt: skip
    async with services.database.uow() as uow:
        blocked = await uow.users.get("web", "s3")
        assert blocked is not None
        blocked.unreachable = True


async def test_staff_answer_in_the_browser_and_the_assistant_learns_it(server: tuple[str, Services]) -> None:
    from playwright.async_api import async_playwright, expect

    base_url, services = server
    await add_account(services, "staff", "solvi@example.org", name="Sølvi Foss")
    await seed_queue(services)

    # A user asks something the assistant does not know, and sends it to the advisory meeting.
    user = ChatUser(services.assistant, "visitor-1", language="en")
    await user.say(QUESTION)
    assert ANSWER not in user.text()
    await user.press("Ask a person")
    await user.press("Yes, send it")
    async with services.database.uow() as uow:
        ticket = (await uow.session.execute(select(Ticket).where(Ticket.text == QUESTION))).scalar_one()

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(viewport={"width": 1000, "height": 700}, locale="en-GB",
                                                reduced_motion="reduce")  # fmt: skip
            page = await context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

            # Anonymous: the dashboard sends the visitor to the login page, and back afterwards.
            await page.goto(f"{base_url}/staff/queue")
            await expect(page).to_have_url(f"{base_url}/staff/login?next=/staff/queue")
            await page.get_by_label("Email").fill("solvi@example.org")
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            await expect(page).to_have_url(f"{base_url}/staff/queue")
            await expect(page.get_by_role("heading", name="Open questions")).to_be_visible()
            await expect(page.get_by_text(QUESTION)).to_be_visible()
            await expect(page.get_by_text("user unreachable")).to_be_visible()
            await page.mouse.move(0, 0)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            await page.screenshot(path=str(SCREENSHOT), animations="disabled")
            if os.environ.get("SAMMEN_UPDATE_DOCS") == "1":  # a test run leaves the tracked picture alone
                shutil.copyfile(SCREENSHOT, DOCS_SCREENSHOT)

            # The ticket page: answer the question.
            await page.get_by_role("link", name=QUESTION).click()
            await expect(page).to_have_url(f"{base_url}/staff/tickets/{ticket.id}")
            await page.get_by_label("Your answer to the user").fill(ANSWER)
            await page.get_by_role("button", name="Send answer").click()
            await expect(page.get_by_role("status")).to_have_text("The answer is on its way to the user.")
            await expect(page.locator(".msg.staff .text")).to_have_text(ANSWER)
            async with services.database.uow() as uow:
                to_user = select(OutboxMessage).where(OutboxMessage.address == "visitor-1")
                (out,) = (await uow.session.execute(to_user)).scalars()
                assert ANSWER in out.payload[0]["text"] and "Sølvi Foss" in out.payload[0]["text"]
            await page.screenshot(path=str(ARTIFACTS / "dashboard-ticket.png"), animations="disabled")

            # Save it as knowledge: the form comes prefilled from the question and the answer.
            await page.get_by_role("link", name="Save as knowledge…").click()
            await expect(page.get_by_label("Answer", exact=True)).to_have_value(ANSWER)
            await page.screenshot(path=str(ARTIFACTS / "dashboard-learn.png"), animations="disabled")
            await page.get_by_label("Entry id").fill("flights-spain")
            await page.get_by_label("Title").fill("Cheap flights to Spain")
            await page.get_by_role("button", name="Save entry").click()
            await expect(page.get_by_role("status")).to_contain_text("flights-spain")

            for name in ("meeting", "stats"):
                await page.goto(f"{base_url}/staff/{name}")
                await page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), animations="disabled")

            # The phone view: nothing wider than the screen.
            await page.set_viewport_size({"width": 360, "height": 740})
            for path in ("/staff/queue", f"/staff/tickets/{ticket.id}", "/staff/stats", "/staff/meeting"):
                await page.goto(base_url + path)
                assert await page.evaluate("document.documentElement.scrollWidth") <= 360, path
            await page.goto(f"{base_url}/staff/queue")
            await page.screenshot(path=str(ARTIFACTS / "dashboard-360.png"), animations="disabled")
            assert problems == []
        finally:
            await browser.close()

    # A second user asks in other words and gets the answer from the assistant.
    second = ChatUser(services.assistant, "visitor-2", language="en")
    await second.say(PARAPHRASE)
    assert ANSWER in second.text()
