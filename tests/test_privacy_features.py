"""/mydata and /deleteme across the four newer features at once: an offer (approved, posted to the
offers channel, in the staff chat), a group place, a briefing subscription and a Teams download link,
created through the core; afterwards the database (and its files) is read for what is left."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bot.services import build_services
from handlers.config import CoreConfig
from handlers.groups import Gather
from handlers.offer_moderation import approve
from storage import downloads
from storage.models import (
    BriefingSubscription,
    Download,
    GatheringMember,
    Offer,
    OutboxMessage,
    Staff,
    User,
)
from storage.states import MemberStatus, OfferStatus
from tests.chat import ChatUser

from .conftest import make_settings

CONTACT = "Ring Zebrafisk på 41 22 33 44"
DESCRIPTION = "Kanelboller fra Zebrafisk-bakeriet i Tangen 7"


async def _post_offer(u: ChatUser) -> None:
    """The whole posting dialog, the business profile first (the user has none)."""
    await u.say("/newoffer")
    await u.say("Zebrafisk Bakeri AS")
    await u.say("923609016")
    if "Hva er tilbudet?" not in u.text():
        await u.press("Horten")
    await u.say("Julekaker til halv pris")
    await u.say(DESCRIPTION)
    await u.press("Mat og drikke")
    await u.press("Henting")
    await u.press("Ferdig")
    await u.say("50 %")
    await u.say("om 2 uker")
    await u.say("https://bilder.example.no/zebrafisk.jpg")
    await u.say(CONTACT)
    assert "Slik blir tilbudet ditt" in u.text()
    await u.press("Publiser")


async def test_export_and_erase_reach_offers_groups_briefing_and_teams_downloads(tmp_path: Path) -> None:
    db = tmp_path / "features.db"
    services = await build_services(make_settings(f"sqlite+aiosqlite:///{db}"))
    try:
        u = ChatUser(services.assistant, "zebra-on-teams", channel="teams", language="nb")
        await u.onboard()
        # offers: posted, approved by staff, queued for the staff chat and the offers channel
        await _post_offer(u)
        async with services.database.uow() as uow:
            staff = Staff(name="Kari", email="kari@example.org", role="staff")
            uow.session.add(staff)
            await uow.session.flush()
            [offer] = (await uow.session.execute(select(Offer))).scalars()
            config = CoreConfig(offers_channel=("telegram", "-1001"))
            await approve(uow, staff, offer.id, kb=services.knowledge.kb, config=config)
        # groups: a place in Horten's network groups
        await u.action(Gather("j", "g", "horten-nettverksgrupper").pack())
        assert "Velkommen" in u.text()
        # briefing: subscribed at 07:30
        await u.say("/briefing")
        await u.press("07:30")
        # Teams: a file handed out as a download link (what the adapter does for /mydata or a .ics)
        async with services.database.uow() as uow:
            user = await uow.users.get("teams", "zebra-on-teams")
            assert user is not None
            await downloads.put(uow.session, user, "zebrafisk.ics", "text/calendar", b"BEGIN:VCALENDAR Zebrafisk")

        async with services.database.uow() as uow:  # the channel post went out; the staff notice waits
            to_channel = select(OutboxMessage).where(OutboxMessage.channel == "telegram")
            post = (await uow.session.execute(to_channel)).scalar_one()
            assert "41 22 33 44" in post.payload[0]["text"] and DESCRIPTION in post.payload[0]["text"]
            post.status, post.external_id = "sent", "77"

        [reply] = await u.say("/mydata")
        assert reply.attachment is not None
        summary = reply.plain()  # in the user's language, the file's names stay as they are
        for line in ("tilbud: 1", "grupper og arrangementer: 1", "nedlastingslenker: 1", "daglig oppsummering: "):
            assert line in summary, summary
        assert "groups and events" not in summary and "download links" not in summary
        data = json.loads(reply.attachment.data)["data"]
        [exported] = data["offers"]
        assert exported["contact"] == CONTACT and exported["description"] == DESCRIPTION
        assert [g["id"] for g in data["groups and events"]] == ["horten-nettverksgrupper"]
        assert data["briefing"]["time"] == "07:30" and data["briefing"]["status"] == "active"
        assert [d["filename"] for d in data["download links"]] == ["zebrafisk.ics"]

        await u.say("/deleteme")
        await u.press("Ja, slett alt")
        assert "dataene dine er slettet" in u.text()

        async with services.database.uow() as uow:
            assert await uow.users.get("teams", "zebra-on-teams") is None
            [offer] = (await uow.session.execute(select(Offer))).scalars()
            assert offer.status == OfferStatus.WITHDRAWN and offer.user_id is None
            assert offer.contact == "" and offer.description == "" and offer.image_url is None
            members = list((await uow.session.execute(select(GatheringMember))).scalars())
            assert all(m.status != MemberStatus.MEMBER for m in members) or not members
            assert (await uow.session.execute(select(BriefingSubscription))).first() is None
            assert (await uow.session.execute(select(Download))).first() is None
            erased = (await uow.session.execute(select(User).where(User.external_id.like("erased:%")))).scalar_one()
            assert erased.business_name is None and erased.org_number is None
            rows = list((await uow.session.execute(select(OutboxMessage))).scalars())
            # nothing left to send about the erased offer, and the public post is edited to say it is gone
            [edit] = [r for r in rows if r.status == "pending" and r.channel in ("telegram", "staff")]
            assert edit.channel == "telegram" and edit.edits == post.id
            assert edit.payload[0]["text"] == "↩️ Tilbudet gjelder ikke lenger."
            left = json.dumps([r.payload for r in rows], ensure_ascii=False)
            for word in (CONTACT, DESCRIPTION, "zebrafisk.jpg", "41 22 33 44"):
                assert word not in left, (word, left)
    finally:
        await services.close()
    files = b"".join(p.read_bytes() for p in tmp_path.glob("features.db*"))  # noqa: ASYNC240
    for word in (CONTACT, "Tangen 7", "41 22 33 44", "zebrafisk.jpg", "BEGIN:VCALENDAR Zebrafisk", "923609016"):
        assert word.encode() not in files, word
