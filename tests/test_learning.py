"""The learning loop: a staff answer saved as knowledge is served at once, validated like the YAML,
exported in the bundled format, and the next user who asks gets it from the assistant."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.cli import main as sammen
from bot.server import build_app
from bot.services import Services, build_services
from bot.settings import BUNDLED_KNOWLEDGE
from handlers import staffdesk
from knowledge.loader import read_knowledge
from storage import additions
from storage.models import AuditLog, KnowledgeAddition, Staff, Ticket
from tests.chat import ChatUser
from tests.conftest import make_settings
from tests.desk import add_account, csrf_of, forward, login

UNKNOWN = "Where can I buy cheap flight tickets to Spain?"
PARAPHRASE = "Where do I find cheap plane tickets for Spain?"
ANSWER = "Try the travel agency on the square: they have good group prices."
#: Suggested, not answered, by the bundled knowledge; one phrasing on the fees entry fixes that.
VAGUE = "Is it possible to push back what we owe the town for rubbish collection?"


@pytest.fixture
async def desk(database_url: str) -> Services:  # type: ignore[misc]
    """The real services on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
    from tests.conftest import fresh_database

    db = await fresh_database(database_url)
    await db.close()
    built = await build_services(make_settings(database_url))
    yield built
    await built.close()


async def cli(argv: list[str]) -> int:
    """`sammen ...` as from a shell: it runs its own event loop, so in a thread here."""

    def run() -> int:
        try:
            sammen(argv)
        except SystemExit as done:
            return int(done.code or 0)
        return 0

    return await asyncio.to_thread(run)


async def ask_and_forward(services: Services, user: str, text: str) -> Ticket:
    """The user side, as a user does it: ask, "Ask a person", "Yes, send it"."""
    chat = ChatUser(services.assistant, user, language="en")
    await chat.say(text)
    assert ANSWER not in chat.text()
    await chat.press("Ask a person")
    await chat.press("Yes, send it")
    async with services.database.uow() as uow:
        return (await uow.session.execute(select(Ticket).order_by(Ticket.id.desc()))).scalars().first()


async def test_a_saved_answer_is_served_at_once_to_the_next_user(desk: Services) -> None:
    staff = await add_account(desk, "staff", name="Sølvi")
    ticket = await ask_and_forward(desk, "first", UNKNOWN)
    async with desk.database.uow() as uow:
        await staffdesk.answer_ticket(uow, staff, ticket.id, ANSWER)
    async with desk.database.uow() as uow:
        row = await staffdesk.save_as_knowledge(
            uow, staff, ticket.id, desk.knowledge.path, kind="entry", entry_id="flights-spain",
            title="Cheap flights to Spain", answer=ANSWER, language=ticket.language,
        )  # fmt: skip
        assert row.data["questions"] == {"en": [UNKNOWN]} and row.created_by == staff.id
    await desk.knowledge.areload()
    second = ChatUser(desk.assistant, "second", language="en")
    await second.say(PARAPHRASE)
    assert ANSWER in second.text() and "Cheap flights to Spain" in second.text()
    async with desk.database.uow() as uow:
        actions = (await uow.session.execute(select(AuditLog.action).order_by(AuditLog.id))).scalars().all()
        assert actions[-2:] == ["ticket.answer", "knowledge.entry"]


async def test_an_example_phrasing_extends_an_entry_from_the_files(desk: Services) -> None:
    staff = await add_account(desk, "staff")
    ticket = await forward(desk, VAGUE, region="horten")
    probe = ChatUser(desk.assistant, "probe", language="en")
    await probe.say("/region")
    assert desk.knowledge.engine.ask(VAGUE, region="horten").kind != "answer"
    async with desk.database.uow() as uow:
        await staffdesk.save_as_knowledge(uow, staff, ticket.id, desk.knowledge.path, kind="phrasing",
                                          entry_id="horten-kommunale-avgifter")  # fmt: skip
    await desk.knowledge.areload()
    entry = desk.knowledge.kb.entry("horten-kommunale-avgifter")
    assert entry is not None and VAGUE in entry.questions["en"] and entry.source.endswith("horten.yaml")
    decision = desk.knowledge.engine.ask(VAGUE.replace("Is it possible", "Would it be possible"), region="horten")
    assert (decision.kind, decision.entry and decision.entry.id) == ("answer", "horten-kommunale-avgifter")


async def test_invalid_additions_are_refused_with_the_loaders_words_and_nothing_is_stored(desk: Services) -> None:
    staff = await add_account(desk, "staff")
    ticket = await forward(desk)
    cases = [
        (dict(kind="entry", entry_id="horten-kommunale-avgifter", answer="x"), "duplicate id"),
        (dict(kind="entry", entry_id="Bad Id!", answer="x"), "bad id"),
        (dict(kind="entry", entry_id="rent-help", answer=""), "answer"),
        (dict(kind="entry", entry_id="rent-help", answer="x", contacts=["nobody-at-all"]), "unknown contact id"),
        (dict(kind="phrasing", entry_id="no-such-entry"), "extends unknown entry id 'no-such-entry'"),
    ]
    for kwargs, expected in cases:
        with pytest.raises(additions.AdditionRejected) as caught:
            async with desk.database.uow() as uow:
                await staffdesk.save_as_knowledge(uow, staff, ticket.id, desk.knowledge.path, **kwargs)  # type: ignore[arg-type]
        assert any(expected in p.message for p in caught.value.problems), (expected, caught.value.problems)
    viewer = await add_account(desk, "viewer")
    with pytest.raises(PermissionError):
        async with desk.database.uow() as uow:
            await staffdesk.save_as_knowledge(uow, viewer, ticket.id, desk.knowledge.path, kind="entry",
                                              entry_id="rent-help", answer="x")  # fmt: skip
    async with desk.database.uow() as uow:
        assert (await uow.session.execute(select(KnowledgeAddition))).first() is None


def test_the_loader_merges_extends_forms_and_reports_unknown_ids() -> None:
    extra = [
        {"extends": "horten-kommunale-avgifter", "questions": {"en": ["A new way to ask?"]}, "keywords": ["fee"]},
        {"extends": "not-there", "questions": {"nb": ["Hei?"]}},
        {"extends": "horten-kommunale-avgifter", "answer": {"en": "not allowed"}},
    ]
    kb, problems = read_knowledge(BUNDLED_KNOWLEDGE, extra=extra)
    entry = kb.entry("horten-kommunale-avgifter")
    assert entry is not None and entry.questions["en"][-1] == "A new way to ask?" and "fee" in entry.keywords
    assert entry.answer["nb"].startswith("Horten kommune")  # only questions and keywords can be extended
    messages = [str(p) for p in problems]
    assert any("extends not-there: extends unknown entry id 'not-there'" in m for m in messages), messages
    assert any("unknown key 'answer' in an extension" in m for m in messages), messages
    assert all(p.file == "<database>" for p in problems)


async def test_export_writes_a_folder_that_kb_check_accepts(
    desk: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = await add_account(desk, "staff")
    ticket = await forward(desk, UNKNOWN)
    vague = await forward(desk, VAGUE, user="other", region="horten")
    async with desk.database.uow() as uow:
        await staffdesk.save_as_knowledge(uow, staff, ticket.id, desk.knowledge.path, kind="entry",
                                          entry_id="flights-spain", answer=ANSWER, title="Cheap flights")  # fmt: skip
    async with desk.database.uow() as uow:
        await staffdesk.save_as_knowledge(uow, staff, vague.id, desk.knowledge.path, kind="phrasing",
                                          entry_id="horten-kommunale-avgifter")  # fmt: skip
        await staffdesk.save_as_knowledge(uow, staff, ticket.id, desk.knowledge.path, kind="phrasing",
                                          entry_id="flights-spain", question="Plane tickets to Spain?")  # fmt: skip

    out = tmp_path / "export"
    monkeypatch.setenv("DATABASE_URL", desk.settings.database_url)
    assert await cli(["kb", "export", str(out)]) == 0, capsys.readouterr()
    assert "with 3 staff addition(s)" in capsys.readouterr().out
    assert await cli(["kb", "check", str(out)]) == 0
    assert "OK" in capsys.readouterr().out

    added = yaml.safe_load((out / "staff-additions.yaml").read_text(encoding="utf-8"))
    (entry,) = added["entries"]
    assert entry["id"] == "flights-spain" and entry["questions"]["en"] == [UNKNOWN, "Plane tickets to Spain?"]
    assert entry["answer"] == {"en": ANSWER} and entry["tags"] == ["staff-desk"]
    horten = (out / "horten.yaml").read_text(encoding="utf-8")
    assert horten.startswith("# Exported by `sammen kb export`") and VAGUE in horten
    assert (out / "nov.yaml").read_bytes() == (BUNDLED_KNOWLEDGE / "nov.yaml").read_bytes()  # untouched: copied
    kb, problems = read_knowledge(out)
    assert problems == [] and VAGUE in kb.entry("horten-kommunale-avgifter").questions["en"]  # type: ignore[union-attr]

    assert await cli(["kb", "export", str(out)]) == 1  # an existing export is not overwritten by accident
    assert "--force" in capsys.readouterr().err

    # Adopting the export: the additions are in the files now, so the database forgets them.
    assert await cli(["kb", "export", str(out), "--force", "--clear-additions"]) == 0
    assert "Deleted the 3 exported addition(s)" in capsys.readouterr().out
    async with desk.database.uow() as uow:
        assert (await uow.session.execute(select(KnowledgeAddition))).first() is None
    assert read_knowledge(out)[1] == []  # exporting over the earlier export did not duplicate anything


async def test_save_as_knowledge_in_the_dashboard_keeps_the_form_on_errors(services: Services) -> None:
    staff = await add_account(services, "staff")
    ticket = await forward(services, UNKNOWN, guesses=[{"entry": "horten-kommunale-avgifter", "score": 0.2}])
    async with services.database.uow() as uow:
        await staffdesk.answer_ticket(uow, staff, ticket.id, ANSWER)
    app = build_app(services)
    async with TestClient(TestServer(app, host="127.0.0.1"), headers={"Accept-Language": "en"}) as client:
        csrf = await login(client, "staff@example.org")
        ticket_page = await (await client.get(f"/staff/tickets/{ticket.id}")).text()
        assert f"/staff/tickets/{ticket.id}/knowledge" in ticket_page
        form = await (await client.get(f"/staff/tickets/{ticket.id}/knowledge")).text()
        assert ANSWER in form and UNKNOWN.replace("'", "&#39;") in form  # prefilled from the thread
        assert csrf_of(form) == csrf

        bad = await client.post(f"/staff/tickets/{ticket.id}/knowledge", data={
            "csrf": csrf, "kind": "entry", "entry_id": "horten-kommunale-avgifter", "title": "My title kept",
            "question": UNKNOWN, "answer": "My careful answer, kept.", "language": "en", "region": "",
        })  # fmt: skip
        html = await bad.text()
        assert bad.status == 422 and "Not saved yet" in html and "duplicate id" in html
        assert "My careful answer, kept." in html and "My title kept" in html  # nothing lost

        good = await client.post(f"/staff/tickets/{ticket.id}/knowledge", data={
            "csrf": csrf, "kind": "entry", "entry_id": "flights-spain", "title": "Cheap flights to Spain",
            "question": UNKNOWN, "answer": ANSWER, "language": "en", "region": "",
        })  # fmt: skip
        assert good.status == 200 and "Saved: the assistant now answers this with “flights-spain”." in await good.text()
        knowledge = await (await client.get("/staff/knowledge")).text()
        assert "flights-spain" in knowledge and "The knowledge files and the staff additions are valid." in knowledge

        phrasing = await (await client.get(f"/staff/tickets/{ticket.id}/knowledge?kind=phrasing&q=flights")).text()
        assert 'value="flights-spain"' in phrasing  # the new entry is searchable at once
    chat = ChatUser(services.assistant, "next-visitor", language="en")
    await chat.say(PARAPHRASE)
    assert ANSWER in chat.text()
    async with services.database.uow() as uow:
        assert (await uow.session.execute(select(Staff))).scalars().first() is not None
