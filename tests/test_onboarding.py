"""Onboarding through the real core, database and bundled knowledge, in several languages."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.services import build_services
from storage.models import DialogState, User
from tests.chat import ChatUser, buttons
from tests.conftest import make_settings, sqlite_url


async def _user(services, channel: str, external_id: str) -> User:
    async with services.database.uow() as uow:
        user = await uow.users.get(channel, external_id)
        assert user is not None
        return user


async def test_onboarding_in_bokmal_with_norwegian_org_number(services) -> None:
    u = ChatUser(services.assistant, "nb-user", language="nb")
    await u.say("/start")
    assert "Velkommen" in u.text()
    assert "✓ Norsk (bokmål)" in [b.label for b in buttons(u.last)]  # preselected from the channel
    await u.press("Norsk")
    assert "Hvilken kommune" in u.text()
    await u.press("Horten")
    assert "Region: Horten" in u.text()
    await u.press("Legg inn bedriften")
    await u.say("Tofte Sykkel AS")
    assert "organisasjonsnummeret" in u.text()
    await u.say("964 951 285")  # wrong check digit
    assert "ikke et gyldig norsk organisasjonsnummer" in u.text()
    assert "Hopp over" in [b.label for b in buttons(u.last)]
    await u.say("964951284")
    assert "Alt klart" in u.text()
    user = await _user(services, "web", "nb-user")
    assert (user.language, user.region, user.business_name) == ("nb", "horten", "Tofte Sykkel AS")
    assert (user.org_country, user.org_number, user.onboarded) == ("no", "964 951 284", True)


async def test_onboarding_in_english_with_danish_cvr(services) -> None:
    u = ChatUser(services.assistant, "en-user", language="en-GB")
    await u.say("/start")
    assert "Welcome to" in u.text()
    await u.press("English")
    await u.press("Hedensted")
    assert "Region: Hedensted" in u.text()
    await u.press("Add my business")
    await u.say("x")  # too short for a name
    assert "2 to 200 characters" in u.text()
    await u.say("Rugekassen Bageri ApS")
    assert "CVR" in u.text()
    await u.say("13585627")
    assert "not a valid CVR number" in u.text()
    await u.say("13 58 56 28")
    assert "All set" in u.text()
    user = await _user(services, "web", "en-user")
    assert (user.language, user.region, user.org_country, user.org_number) == ("en", "hedensted", "dk", "13585628")


async def test_onboarding_in_swedish_and_skipping_the_business(services) -> None:
    u = ChatUser(services.assistant, "sv-user", language="sv")
    await u.say("/start")
    assert "Välkommen" in u.text()
    await u.press("Svenska")
    await u.press("Stenungsund")
    await u.press("Hoppa över")
    assert "Klart" in u.text()
    user = await _user(services, "web", "sv-user")
    assert user.onboarded and user.business_name is None and user.region == "stenungsund"


async def test_typed_choices_are_understood(services) -> None:
    u = ChatUser(services.assistant, "typist", language=None)
    await u.say("/start")
    await u.say("dansk")
    assert "Sprog: Dansk" in u.text()
    await u.say("barum")  # no æ
    assert "Region: Bærum" in u.text()


async def test_a_question_during_onboarding_is_answered_and_the_step_repeated(services) -> None:
    u = ChatUser(services.assistant, "curious", language="nb")
    await u.say("/start")
    await u.press("Norsk")
    replies = await u.say("kan vi få utsatt kommunale avgifter?")
    assert len(replies) >= 2
    assert "Hvilken kommune" in replies[-1].plain()  # the pending step comes back, once
    replies = await u.say("hvem kan hjelpe oss med permittering?")
    assert not any("Hvilken kommune" in r.plain() for r in replies)
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "curious")
        assert user is not None and await uow.dialogs.get(user.id) is None


async def test_restart_in_the_middle_of_onboarding_keeps_the_step(tmp_path: Path) -> None:
    settings = make_settings(sqlite_url(tmp_path / "restart.db"))
    first = await build_services(settings)
    u = ChatUser(first.assistant, "restarter", language="en")
    await u.say("/start")
    await u.press("English")
    await u.press("Horten")
    await u.press("Add my business")
    await first.close()  # the process dies here

    second = await build_services(settings)
    try:
        async with second.database.uow() as uow:
            state = (await uow.session.execute(select(DialogState))).scalar_one()
            assert (state.flow, state.step) == ("onboarding", "business_name")
        u2 = ChatUser(second.assistant, "restarter", language="en")
        await u2.say("Horten Hjemkjøring AS")
        assert "organisation number" in u2.text()
        await u2.say("964951284")
        assert "All set" in u2.text()
    finally:
        await second.close()


async def test_unknown_commands_and_forged_buttons_get_a_polite_hint(services) -> None:
    u = ChatUser(services.assistant, "prankster", language="en")
    await u.say("/start")
    await u.press("English")
    await u.say("/frobnicate now")
    assert "don't know the command /frobnicate" in u.text()
    for forged in ["1|lang|xx", "1|reg|atlantis", "1|fb|999999|1", "1|sg|abc|0", "1|nope", "2|menu|open", "garbage"]:
        await u.action(forged)
        assert "no longer valid" in u.text(), forged
    await u.say("/menu")
    assert "What can I help you with?" in u.text()


async def test_commands_menu_help_profile_language_region(services) -> None:
    u = ChatUser(services.assistant, "menu-user", language="da")
    await u.say("/help")
    assert "Sådan virker Sammen" in u.text()
    await u.say("/language")
    await u.press("English")
    assert "Language: English" in u.text()
    await u.say("/region")
    await u.press("Asker")
    assert "Region: Asker" in u.text()
    await u.say("/profile")
    assert "Region: Asker" in u.text() and "Language: English" in u.text()
    await u.press("Menu")
    await u.press("Contacts")
    assert "Contact people for Asker" in u.text()


async def test_answer_language_follows_the_user_across_scandinavian_but_switches_for_english(services) -> None:
    u = ChatUser(services.assistant, "lang-user", language="nb")
    await u.onboard()
    for question in ("kan vi få utsatt kommunale avgifter?", "kan vi få udskudt kommunale afgifter?"):
        await u.say(question)
        labels = [b.label for b in buttons(u.last)]
        assert any("Nyttig" in label for label in labels) or any("Ingen av disse" in label for label in labels), labels
    await u.say("can we get a deferral of the municipal fees please?")
    labels = [b.label for b in buttons(u.last)]
    assert any("Helpful" in label or "None of these" in label or "Ask a person" in label for label in labels), labels
