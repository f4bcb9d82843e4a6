"""Features register themselves: a new one plugs in with one line, clashes are refused, menus and
help list what is registered, and each feature's personal data can be exported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from bot.services import Services
from handlers.assistant import Assistant
from handlers.callbacks import CallbackData
from handlers.context import Context
from handlers.digest import DigestRequest, DigestSection
from handlers.feature import DuplicateRegistration, Erasing, Feature, Registry
from handlers.features import FEATURES
from handlers.menu import Menu
from handlers.types import Button
from storage.models import DialogState
from storage.uow import UnitOfWork

from .chat import ChatUser, buttons

# ------------------------------------------------------------------ a feature, as a module would write it
tips = Feature("tips")


@dataclass(frozen=True, slots=True)
class Tip(CallbackData, prefix="tip"):
    number: int
    mood: Literal["more", "stop"] = "more"


@tips.command("tip", order=65)
async def tip_command(ctx: Context, args: str) -> None:
    await ctx.uow.dialogs.set(ctx.user.id, "tips", "topic")
    ctx.say("Which topic?", [[Button("Stop", Tip(0, "stop").pack())]])


@tips.flow("tips")
async def on_topic(ctx: Context, state: DialogState, text: str) -> bool:
    if text.strip().lower() != "rent":
        return False  # not an answer to this step: the assistant treats it as a question
    await ctx.uow.dialogs.clear(ctx.user.id)
    ctx.say("Tip 1 about rent", [[Button("Another", Tip(2).pack())]])
    return True


@tips.action(Tip)
async def on_tip(ctx: Context, data: Tip) -> None:
    ctx.say("Enough tips." if data.mood == "stop" else f"Tip {data.number} about rent")


tips.menu_item("command-tip", "tip", order=45)


@tips.finder
async def find_tips(ctx: Context, text: str, lang: str) -> bool:
    if "tipsy" not in text.lower():
        return False
    ctx.say("A tip matches your question", [[Button("Another", Tip(3).pack())]], lang)
    return True


@tips.digest_source("tips", order=5)
async def tips_digest(uow: UnitOfWork, request: DigestRequest) -> DigestSection | None:
    return DigestSection("tips", "Tips", [f"new since {request.since:%Y-%m-%d}"])


# ------------------------------------------------------------------ the tests
async def test_a_new_feature_plugs_in_with_one_line(services: Services) -> None:
    assistant = Assistant(services.database, services.knowledge, services.assistant.config, [*FEATURES, tips])
    u = ChatUser(assistant, "tipper", language="en")
    await u.say("/tip")
    assert u.text() == "Which topic?"
    await u.say("rent")
    assert u.text() == "Tip 1 about rent"
    await u.press("Another")
    assert u.text() == "Tip 2 about rent"
    await u.say("/tip")
    await u.press("Stop")
    assert u.text() == "Enough tips."
    await u.say("/help")
    assert "/tip" in u.text() and "/human" in u.text() and "/questions" in u.text()
    assert ("tip", "command-tip") in assistant.commands("en")  # no catalogue entry: the key shows
    await u.say("/menu")
    assert Menu("tip").pack() in [b.action for b in buttons(u.last)]
    await u.action("1|tip|x")  # forged data for a registered kind: refused before the feature sees it
    assert "no longer valid" in u.text()


async def test_without_the_line_the_feature_does_not_exist(services: Services) -> None:
    u = ChatUser(services.assistant, "nobody", language="en")
    await u.say("/tip")
    assert "I don't know the command /tip" in u.text()
    await u.action(Tip(1).pack())
    assert "no longer valid" in u.text()


def test_clashes_are_refused_at_start() -> None:
    again = Feature("again")
    again.command("help")(tip_command)
    with pytest.raises(DuplicateRegistration, match="command 'help'"):
        Registry((*FEATURES, again))
    copy = Feature("copy")
    copy.action(Tip)(on_tip)
    with pytest.raises(DuplicateRegistration, match="Tip"):
        Registry((tips, copy))


def test_the_help_and_command_menu_follow_the_registered_order(services: Services) -> None:
    names = [name for name, _ in services.assistant.commands("nb")]
    assert names == ["start", "menu", "ask", "human", "questions", "briefing", "stop", "groups", "events", "mine",
                     "contacts", "offers", "newoffer", "myoffers", "profile", "language", "region", "privacy",
                     "mydata", "deleteme", "help"]  # fmt: skip
    assert all(not description.startswith("command-") for _, description in services.assistant.commands("da"))


async def test_each_feature_exports_what_it_stores(services: Services) -> None:
    u = ChatUser(services.assistant, "exporter", language="en")
    await u.onboard("en")
    await u.say("can we defer the municipal fees?")
    await u.say("/human Who decides about outdoor seating?")
    registry = services.assistant.registry
    assert {d.name for d in registry.personal_data} >= {"profile", "questions", "questions to the staff"}
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "exporter")
        assert user is not None
        exported = {d.name: await d.export(uow, user) for d in registry.personal_data}
    assert exported["profile"]["region"] == "horten" and exported["profile"]["language"] == "en"
    assert [q["text"] for q in exported["questions"]][-2:] == [
        "can we defer the municipal fees?", "Who decides about outdoor seating?"]  # fmt: skip
    assert exported["questions to the staff"][0]["thread"] == [
        {"from": "user", "text": "Who decides about outdoor seating?"}]  # fmt: skip
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "exporter")
        assert user is not None
        for data in registry.personal_data:
            await data.erase(uow, user, Erasing(services.knowledge, services.assistant.config))
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "exporter")
        assert user is not None
        after = {d.name: await d.export(uow, user) for d in registry.personal_data}
    assert after["profile"]["business"] is None
    assert {q["text"] for q in after["questions"]} == {""}
    assert after["questions to the staff"][0]["status"] == "withdrawn"
    assert after["questions to the staff"][0]["thread"] == [{"from": "user", "text": ""}]


async def test_a_finder_answers_what_the_knowledge_does_not(services: Services) -> None:
    """A finder's match follows the knowledge answer, and replaces "I don't know" when there is none."""
    assistant = Assistant(services.database, services.knowledge, services.assistant.config, [*FEATURES, tips])
    u = ChatUser(assistant, "finder", language="en")
    await u.say("zqxv tipsy wibble")
    assert [r.text for r in u.last] == ["A tip matches your question"]
    await u.say("zqxv wibble")
    assert "A tip matches" not in u.text() and u.last  # no match: the honest "not sure" stays
    await u.say("permittering tipsy")
    texts = [r.text for r in u.last]
    assert len(texts) >= 2 and texts[-1] == "A tip matches your question"  # after the answer


def test_digest_sources_are_collected_in_order() -> None:
    other = Feature("other")

    @other.digest_source("news", order=1)
    async def news(uow: UnitOfWork, request: DigestRequest) -> None:
        return None

    registry = Registry(features=(tips, other))
    assert [(s.topic, s.order) for s in registry.digest_sources] == [("news", 1), ("tips", 5)]
