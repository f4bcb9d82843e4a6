"""Answering from the staff chat, through the core alone (the Telegram round trip is in test_staff_telegram_e2e)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services import Services, build_services
from handlers.types import Incoming, Reply
from storage.models import AuditLog, KeyValue, OutboxMessage, Ticket, utcnow
from tests.chat import ChatUser
from tests.conftest import make_settings, sqlite_url
from tests.test_escalation import UNKNOWN_EN, _forward

STAFF_CHAT = "-1009"
KARI, OLA, VIV = "777", "888", "999"  # Kari from the settings, Ola nobody, Viv a viewer


@pytest.fixture
async def staffed(tmp_path: Path) -> AsyncIterator[Services]:
    settings = make_settings(sqlite_url(tmp_path / "s.db"), staff_chat_id=int(STAFF_CHAT), staff_telegram_ids=[777])
    services = await build_services(settings)
    async with services.database.uow() as uow:
        await uow.staff.add_with_identity("telegram", VIV, name="Viv", role="viewer")
    yield services
    await services.close()


async def staff_says(services: Services, actor: str, *, text: str | None = None, action: str | None = None) -> str:
    msg = Incoming("telegram", STAFF_CHAT, text=text, action=action, display_name="Kari", actor_id=actor)
    return "\n".join(r.plain() for r in await services.assistant.handle(msg))


async def _user_rows(services: Services) -> list[OutboxMessage]:
    async with services.database.uow() as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.channel == "telegram").order_by(OutboxMessage.id)
        return list((await uow.session.execute(stmt)).scalars())


async def test_answer_from_the_staff_chat(staffed: Services) -> None:
    u = ChatUser(staffed.assistant, "5001", channel="telegram", language="en")
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    assert "bare rådgiverne" in await staff_says(staffed, OLA, action="1|sans|1")
    assert "ansattkontoen din kan ikke svare" in await staff_says(staffed, VIV, action="1|sans|1")
    assert await staff_says(staffed, OLA, text="Is anyone taking #1?") == ""  # staff talk: no answer
    prompt = await staff_says(staffed, KARI, action="1|sans|1")
    assert "Kari, svar på denne meldingen med svaret ditt på #1" in prompt  # the default language, nb
    assert await staff_says(staffed, OLA, text="Ola is not the one answering") == ""
    confirmation = await staff_says(staffed, KARI, text="Try the travel agency on the square.")
    assert "Kari svarte på #1" in confirmation
    [row] = await _user_rows(staffed)
    relayed = Reply.from_dict(row.payload[0]).plain()
    assert relayed.startswith("💬 Answer from the advisory meeting") and "Try the travel agency" in relayed
    assert await staff_says(staffed, KARI, text="Thanks all") == ""  # the wait is over: not a second answer
    assert "er allerede besvart" in await staff_says(staffed, KARI, action="1|sans|1")
    assert len(await _user_rows(staffed)) == 1
    async with staffed.database.uow() as uow:
        kari = await uow.staff.by_identity("telegram", KARI)
        assert kari is not None
        assert kari.name == "Kari" and kari.role == "staff"
        audit = [a for a in (await uow.session.execute(select(AuditLog.action, AuditLog.staff_id))).all()]
        assert ("ticket.answer_started", kari.id) in audit and ("ticket.answer", kari.id) in audit


async def test_a_withdrawn_question_cannot_be_answered(staffed: Services) -> None:
    u = ChatUser(staffed.assistant, "5002", channel="telegram", language="en")
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    await staff_says(staffed, KARI, action="1|sans|1")
    await u.say("/questions")
    await u.press("Withdraw")
    assert "kan ikke lenger besvares" in await staff_says(staffed, KARI, text="Too late?")
    assert "kan ikke lenger besvares" in await staff_says(staffed, KARI, action="1|sans|1")
    assert await _user_rows(staffed) == []
    async with staffed.database.uow() as uow:
        assert (await uow.session.get(Ticket, 1)).status == "withdrawn"  # type: ignore[union-attr]


async def test_an_old_answer_button_press_has_expired(staffed: Services) -> None:
    u = ChatUser(staffed.assistant, "5003", channel="telegram", language="en")
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    await staff_says(staffed, KARI, action="1|sans|1")
    async with staffed.database.uow() as uow:
        row = (await uow.session.execute(select(KeyValue).where(KeyValue.key.like("staffchat:%")))).scalar_one()
        data = json.loads(row.value)
        data["at"] = (utcnow() - timedelta(hours=2)).isoformat()
        row.value = json.dumps(data)
    assert await staff_says(staffed, KARI, text="Lunch at noon?") == ""
    assert await _user_rows(staffed) == []


async def test_writing_privately_after_pressing_answer_is_not_the_answer(staffed: Services) -> None:
    u = ChatUser(staffed.assistant, "5004", channel="telegram", language="en")
    await _forward(u, UNKNOWN_EN, "Ask a person", "Yes")
    await staff_says(staffed, KARI, action="1|sans|1")
    private = Incoming("telegram", KARI, text="hello", language="en", display_name="Kari", actor_id=KARI)
    replies = await staffed.assistant.handle(private)
    assert replies and "Kari svarte" not in replies[0].plain()  # an ordinary reply in her own chat
    assert await _user_rows(staffed) == []
    assert "Kari svarte på #1" in await staff_says(staffed, KARI, text="The answer, in the group.")


async def test_the_button_pressed_last_decides_between_an_offer_s_reason_and_a_ticket_s_answer(
    staffed: Services,
) -> None:
    """Reject (an offer) and Answer (a question) both wait for the staff member's next message: it goes
    to whichever was pressed last, never the answer to the offer's poster as a rejection reason."""
    from handlers.offer_buttons import OfferModerate
    from storage.models import Offer
    from tests.test_offers import post, profile

    poster = ChatUser(staffed.assistant, "6001", channel="telegram", language="nb")
    await profile(poster)
    await post(poster, "Julebuketter")
    asker = ChatUser(staffed.assistant, "5001", channel="telegram", language="en")
    await _forward(asker, UNKNOWN_EN, "Ask a person", "Yes")
    async with staffed.database.uow() as uow:
        [offer] = (await uow.session.execute(select(Offer))).scalars()

    await staff_says(staffed, KARI, action=OfferModerate(offer.id, "no").pack())  # Reject …
    await staff_says(staffed, KARI, action="1|sans|1")  # … then Answer on question #1
    assert "Kari svarte på #1" in await staff_says(staffed, KARI, text="Try the travel agency on the square.")
    async with staffed.database.uow() as uow:
        assert (await uow.session.get(Offer, offer.id)).status == "pending"  # type: ignore[union-attr]

    await staff_says(staffed, KARI, action="1|sans|1")  # Answer again …
    await staff_says(staffed, KARI, action=OfferModerate(offer.id, "no").pack())  # … then Reject
    await staff_says(staffed, KARI, text="Mangler pris")
    async with staffed.database.uow() as uow:
        rejected = await uow.session.get(Offer, offer.id)
        assert rejected is not None and rejected.status == "rejected" and rejected.reason == "Mangler pris"
    assert await staff_says(staffed, KARI, text="Thanks all") == ""  # neither waits any more
