"""Asking a person, the user side: forwarding, the expected time, my questions, relayed answers, follow-ups."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select

from bot.services import Services
from handlers.escalation import describe_meeting, next_meeting, relay_answer
from handlers.i18n import Translator
from handlers.types import Incoming, Reply
from storage.models import OutboxMessage, Staff, Ticket, TicketMessage
from tests.chat import ChatUser, buttons, find_button

UNKNOWN_NB = "Hvor kan jeg kjøpe billige flybilletter til Spania?"
UNKNOWN_EN = "Where can I buy cheap plane tickets to Spain?"
OSLO = "Europe/Oslo"


async def _tickets(services: Services) -> list[Ticket]:
    async with services.database.uow() as uow:
        return list((await uow.session.execute(select(Ticket).order_by(Ticket.id))).scalars())


async def _outbox(services: Services, channel: str | None = None) -> list[OutboxMessage]:
    async with services.database.uow() as uow:
        stmt = select(OutboxMessage).order_by(OutboxMessage.id)
        if channel:
            stmt = stmt.where(OutboxMessage.channel == channel)
        return list((await uow.session.execute(stmt)).scalars())


async def _thread(services: Services, ticket_id: int) -> list[TicketMessage]:
    async with services.database.uow() as uow:
        stmt = select(TicketMessage).where(TicketMessage.ticket_id == ticket_id).order_by(TicketMessage.id)
        return list((await uow.session.execute(stmt)).scalars())


async def _offer(u: ChatUser, question: str) -> None:
    """Ask something the assistant cannot answer; when it only suggests, say "none of these"."""
    await u.say(question)
    if not any(b.action and "|forward|" in b.action for b in buttons(u.last)):
        none = [b for b in buttons(u.last) if b.action and "|sgn|" in b.action]
        assert none, u.text()
        u.last = await u.assistant.handle(Incoming(u.channel, u.user_id, action=none[0].action, language=u.language))


async def _forward(u: ChatUser, question: str, ask_person: str, yes: str) -> None:
    await _offer(u, question)
    await u.press(ask_person)
    await u.press(yes)


async def _answer(services: Services, ticket_id: int, text: str, name: str = "Kari") -> None:
    from handlers.staffdesk import answer_ticket

    async with services.database.uow() as uow:
        staff = (await uow.session.execute(select(Staff).where(Staff.name == name))).scalar_one_or_none()
        if staff is None:
            staff = Staff(name=name, email=f"{name.lower()}@example.org", role="staff")
            uow.session.add(staff)
            await uow.session.flush()
        await answer_ticket(uow, staff, ticket_id, text)


# ---------------------------------------------------------------------------------------------- forwarding
async def test_forwarding_in_bokmal(services: Services) -> None:
    u = ChatUser(services.assistant, "nb-user", channel="telegram", language="nb")
    await u.onboard()
    await _offer(u, UNKNOWN_NB)
    assert "utenfor det jeg kan hjelpe med" in u.text()  # plane tickets are off topic
    await u.press("Spør en person")
    assert "rådgivningsmøtet" in u.text() and "hverdager kl. 09:00" in u.text()
    assert [b.label for b in buttons(u.last)] == ["✅ Ja, send det", "Nei takk"]
    await u.press("Ja")
    assert "Sendt til rådgivningsmøtet som spørsmål #1" in u.text()
    assert "Neste møte:" in u.text() and "kl. 09:00" in u.text()

    [ticket] = await _tickets(services)
    assert (ticket.channel, ticket.language, ticket.region, ticket.status) == ("telegram", "nb", "horten", "open")
    assert ticket.text == UNKNOWN_NB and ticket.question_id is not None
    assert isinstance(ticket.guesses, list)
    [first] = await _thread(services, ticket.id)
    assert (first.author, first.text) == ("user", UNKNOWN_NB)
    [notice] = await _outbox(services, "staff")
    text = Reply.from_dict(notice.payload[0]).plain()
    assert "Spørsmål #1" in text and "Horten" in text and UNKNOWN_NB in text
    assert Reply.from_dict(notice.payload[0]).buttons[0][0].action == f"1|sans|{ticket.id}"

    again = await u.action(f"1|forward|{ticket.question_id}|yes")
    assert "allerede sendt" in again[0].plain() and len(await _tickets(services)) == 1


async def test_forwarding_in_english_and_saying_no(services: Services) -> None:
    u = ChatUser(services.assistant, "en-user", language="en")
    await _offer(u, UNKNOWN_EN)
    await u.press("Ask a person")
    assert "Send your question to the advisory meeting? They meet weekdays at 09:00" in u.text()
    await u.press("No thanks")
    assert "won't send it" in u.text() and await _tickets(services) == []
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    assert "question #1" in u.text() and "Next meeting:" in u.text() and " at 09:00" in u.text()
    [ticket] = await _tickets(services)
    assert ticket.language == "en" and ticket.channel == "web"


async def test_offer_on_none_of_these_and_not_helpful(services: Services) -> None:
    u = ChatUser(services.assistant, "offers", language="nb")
    await u.say("NAV kontaktpersoner i Horten")
    question_id = find_button(u.last, "Ikke nyttig").action.split("|")[2]  # type: ignore[union-attr]
    await u.action(f"1|sgn|{question_id}")  # "None of these" under suggestions for the same question
    assert find_button(u.last, "Spør en person").action == f"1|forward|{question_id}"
    await u.say("NAV kontaktpersoner i Horten")
    await u.press("Ikke nyttig")
    await u.press("Spør en person")
    await u.press("Ja")
    [ticket] = await _tickets(services)
    assert ticket.guesses and ticket.guesses[0]["entry"] and ticket.topic  # the answer it gave is the first guess


async def test_ask_a_person_from_the_menu_takes_the_next_text(services: Services) -> None:
    u = ChatUser(services.assistant, "typist", language="nb")
    await u.say("/menu")
    await u.press("Spør en person")
    assert "Hva vil du spørre rådgivningsmøtet om" in u.text()
    await u.press("Avbryt")
    await u.say("/human")
    await u.say("Kan dere hjelpe oss å finne lokaler til et bakeri?")
    assert "som spørsmål #1" in u.text()
    await u.say("hei")  # the dialog is over: a normal message again
    assert "som spørsmål" not in u.text()
    [ticket] = await _tickets(services)
    assert ticket.text == "Kan dere hjelpe oss å finne lokaler til et bakeri?"


# ---------------------------------------------------------------------------------------------- when
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 23, 7, 59, tzinfo=UTC), datetime(2026, 11, 23, 9, 0)),  # Monday 08:59 Oslo: today
        (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), datetime(2026, 11, 24, 9, 0)),  # Monday 09:00: tomorrow
        (datetime(2026, 11, 27, 9, 30, tzinfo=UTC), datetime(2026, 11, 30, 9, 0)),  # Friday after: Monday
        (datetime(2026, 11, 27, 7, 0, tzinfo=UTC), datetime(2026, 11, 27, 9, 0)),  # Friday before: Friday
        (datetime(2026, 11, 28, 12, 0, tzinfo=UTC), datetime(2026, 11, 30, 9, 0)),  # Saturday: Monday
        (datetime(2026, 11, 29, 23, 30, tzinfo=UTC), datetime(2026, 11, 30, 9, 0)),  # Sunday 23:30 UTC = Monday 00:30
        (datetime(2026, 6, 1, 6, 30, tzinfo=UTC), datetime(2026, 6, 1, 9, 0)),  # summer time: 08:30 local
    ],
)
def test_next_meeting(now: datetime, expected: datetime) -> None:
    meeting = next_meeting(now, OSLO, time(9, 0))
    assert meeting.replace(tzinfo=None) == expected and meeting.utcoffset() is not None


def test_meeting_described_in_each_language() -> None:
    when = next_meeting(datetime(2026, 11, 23, 10, 0, tzinfo=UTC), OSLO, time(9, 0))
    assert describe_meeting(Translator("en"), when) == "Tuesday 24 November at 09:00"
    assert describe_meeting(Translator("nb"), when) == "tirsdag 24. november kl. 09:00"
    assert describe_meeting(Translator("da"), when) == "tirsdag den 24. november kl. 09.00"
    assert describe_meeting(Translator("sv"), when) == "tisdag 24 november kl. 09:00"


# ---------------------------------------------------------------------------------------------- my questions
async def test_my_questions_and_withdraw(services: Services) -> None:
    u = ChatUser(services.assistant, "withdrawer", language="en")
    await u.say("/questions")
    assert "no open questions" in u.text()
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    await _forward(u, "Who can help us export cheese to Japan next summer?", "Ask a person", "Yes")
    await u.say("/questions")
    assert "Your open questions" in u.text() and "#1" in u.text() and "#2" in u.text()
    await u.press("Withdraw #1")
    assert "#1 is withdrawn" in u.text()
    first, second = await _tickets(services)
    assert (first.status, second.status) == ("withdrawn", "open") and first.closed_at is not None
    await u.say("/questions")
    assert "#1" not in u.text() and "#2" in u.text()
    stranger = ChatUser(services.assistant, "stranger", language="en")
    await stranger.action(f"1|wd|{second.id}")  # someone else's ticket: refused
    assert "no longer valid" in stranger.text()
    assert (await _tickets(services))[1].status == "open"


# ---------------------------------------------------------------------------------------------- relaying
async def test_relay_reaches_the_outbox_once_in_the_users_language(services: Services) -> None:
    u = ChatUser(services.assistant, "sv-user", channel="telegram", language="sv")
    await _forward(u, "Var kan jag köpa billiga flygbiljetter till Spanien för personalfesten?", "Fråga", "Ja")
    [ticket] = await _tickets(services)
    await _answer(services, ticket.id, "Prova *Resebyrån* [Syd] <b>.")
    [row] = await _outbox(services, "telegram")
    assert (row.address, row.status, row.ref) == ("sv-user", "pending", {"ticket": ticket.id})
    [reply] = [Reply.from_dict(p) for p in row.payload]
    assert reply.plain().startswith("💬 Svar från rådgivningsmötet på din fråga ”Var kan jag köpa")
    assert "Prova *Resebyrån* [Syd] <b>." in reply.plain() and "– Kari" in reply.plain()
    assert "<b>Resebyrån</b>" not in reply.html() and "&lt;b&gt;" in reply.html()
    assert [[b.action for b in r] for r in reply.buttons] == [[f"1|solved|{ticket.id}", f"1|followup|{ticket.id}"]]
    assert len(await _outbox(services, "telegram")) == 1


async def test_relay_answer_directly(services: Services) -> None:
    u = ChatUser(services.assistant, "da-user", language="da")
    await _forward(u, "Hvor kan vi købe billige flybilletter til Spanien til julefrokosten?", "Spørg", "Ja")
    async with services.database.uow() as uow:
        ticket = (await uow.session.execute(select(Ticket))).scalar_one()
        user = await uow.users.by_id(ticket.user_id)
        assert user is not None
        await relay_answer(uow, ticket, user, "Spørg rejsebureauet.", staff_name=None)
    [row] = await _outbox(services, "web")
    text = Reply.from_dict(row.payload[0]).plain()
    assert text.startswith("💬 Svar fra rådgivningsmødet") and "Spørg rejsebureauet." in text and "–" not in text


async def test_solved_closes_the_ticket(services: Services) -> None:
    u = ChatUser(services.assistant, "solver", language="en")
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    [ticket] = await _tickets(services)
    await _answer(services, ticket.id, "Try the travel agency on the square.")
    await u.action(f"1|solved|{ticket.id}")
    assert "Question #1 is closed" in u.text()
    [ticket] = await _tickets(services)
    assert ticket.status == "closed" and ticket.closed_at is not None
    edits = [r for r in await _outbox(services, "staff") if r.edits is not None]
    assert len(edits) == 1  # the answer's edit ("answered by Kari") stays the notice's last word


async def test_follow_up_goes_back_to_the_queue_on_the_same_thread(services: Services) -> None:
    u = ChatUser(services.assistant, "follower", language="nb")
    await _forward(u, UNKNOWN_NB, "Spør en person", "Ja")
    [ticket] = await _tickets(services)
    await _answer(services, ticket.id, "Prøv reisebyrået på torget.")
    assert (await _tickets(services))[0].status == "answered"
    await u.action(f"1|followup|{ticket.id}")
    assert "oppfølgingsspørsmålet ditt til #1" in u.text()
    await u.say("Har de åpent på lørdager også?")
    assert "Oppfølgingsspørsmålet til #1 er sendt" in u.text()
    [ticket] = await _tickets(services)  # still one ticket
    assert ticket.status == "open"
    thread = await _thread(services, ticket.id)
    assert [(m.author, m.text) for m in thread] == [
        ("user", UNKNOWN_NB),
        ("staff", "Prøv reisebyrået på torget."),
        ("user", "Har de åpent på lørdager også?"),
    ]
    staff_rows = await _outbox(services, "staff")
    notices = [r for r in staff_rows if r.edits is None]
    assert len(notices) == 2  # the question, then the follow-up
    follow = Reply.from_dict(notices[1].payload[0]).plain()
    assert "Oppfølging av #1" in follow and "Har de åpent på lørdager også?" in follow
    assert [b.action for row in Reply.from_dict(notices[1].payload[0]).buttons for b in row] == ["1|sans|1"]
    [edit] = [r for r in staff_rows if r.edits is not None]  # the answer edits the first notice
    assert (edit.edits, edit.ref["kind"]) == (notices[0].id, "staff-notice-edit")
    assert notices[0].id < edit.id < notices[1].id
    edited = Reply.from_dict(edit.payload[0])
    assert edited.plain().endswith("✅ Besvart av Kari") and edited.buttons == []
    await u.say("hei")  # the follow-up step is over
    assert len(await _thread(services, ticket.id)) == 3


async def test_the_newest_notice_is_the_one_to_update(services: Services) -> None:
    from handlers.escalation import latest_notice

    u = ChatUser(services.assistant, "solver-2", language="nb")
    await _forward(u, UNKNOWN_NB, "Spør en person", "Ja")
    [ticket] = await _tickets(services)
    await _answer(services, ticket.id, "Prøv reisebyrået.")
    await u.action(f"1|followup|{ticket.id}")
    await u.say("Og på søndager?")
    first, follow = [r for r in await _outbox(services, "staff") if r.edits is None]
    async with services.database.uow() as uow:  # the follow-up's notice, not the question's
        newest = await latest_notice(uow.session, ticket.id)
    assert newest is not None and newest.id == follow.id != first.id

    # "Thanks, solved" while the follow-up waits: its notice stops inviting an answer.
    await u.action(f"1|solved|{ticket.id}")
    edits = [r for r in await _outbox(services, "staff") if r.edits is not None]
    assert [e.edits for e in edits] == [first.id, follow.id]
    assert Reply.from_dict(edits[-1].payload[0]).plain().endswith("🔒 Lukket av brukeren: løst")
    await u.action(f"1|solved|{ticket.id}")  # already closed: nothing more to say
    assert len([r for r in await _outbox(services, "staff") if r.edits is not None]) == 2
