"""Shop local at the core: the posting dialog with every field and each validation, the business
profile first, moderation, the spam limits, browsing with each filter and the search, the finder,
the briefing's section, my offers, the expiry job with a controllable clock, export and erase."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

import handlers.offer_store as offer_store
from bot.services import Services
from handlers.assistant import Assistant
from handlers.config import CoreConfig
from handlers.digest import DigestRequest
from handlers.errors import NotAllowed, OfferNotPending
from handlers.offer_moderation import approve, reject, withdraw_by_staff
from handlers.offers import digest_offers, expire_and_warn
from storage.models import AuditLog, Offer, OutboxMessage, Staff, User, utcnow
from storage.states import OfferStatus
from tests.chat import ChatUser, buttons

#: Wednesday 2 December 2026, 10:00 in Oslo: the tests' clock.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ORG_NO = "912345688"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, datetime]:
    """The offers' notion of today, under the test's control."""
    now = {"now": NOW}
    monkeypatch.setattr(offer_store, "utcnow", lambda: now["now"])
    return now


def assistant(services: Services, **config: Any) -> Assistant:
    return Assistant(services.database, services.knowledge, CoreConfig(**config))


async def profile(u: ChatUser, name: str = "Blomsterhjørnet AS", region: str = "Horten") -> None:
    """The dialog's first part: no business profile, so name, a wrong number, a right one, the region."""
    await u.say("/newoffer")
    assert "organisasjonsnummeret" in u.text()
    await u.say(name)
    await u.say("123 456 789")
    assert "ikke et gyldig organisasjonsnummer" in u.text()
    await u.say(ORG_NO)
    assert "Lagret: " + name in u.text()
    await u.press(region)
    assert "Hva er tilbudet?" in u.text()


async def post(u: ChatUser, title: str, description: str = "Nydelige buketter til jul.", *, home: bool = True,
               until: str = "om 2 uker", publish: bool = True) -> None:  # fmt: skip
    """The rest of the dialog, every field valid (after /newoffer for a user with a profile)."""
    if "Hva er tilbudet?" not in u.text():
        await u.say("/newoffer")
    await u.say(title)
    await u.say(description)
    await u.press("Butikk og handel")
    if home:
        await u.press("Levering hjem")
    await u.press("Henting")
    await u.press("Ferdig")
    await u.say("20 % på alt")
    await u.say(until)
    await u.press("Hopp over")
    await u.say("Tlf 33 03 11 00, https://blomst.example.no")
    assert "Slik blir tilbudet ditt" in u.text()
    if publish:
        await u.press("Publiser")


async def offers(services: Services) -> list[Offer]:
    async with services.database.uow() as uow:
        return list((await uow.session.execute(select(Offer).order_by(Offer.id))).scalars())


async def staff_member(services: Services, role: str = "staff") -> Staff:
    async with services.database.uow() as uow:
        staff = Staff(name=f"Kari {role}", email=f"{role}@example.org", role=role)
        uow.session.add(staff)
    return staff


async def approve_all(services: Services) -> None:
    staff = await staff_member(services, "admin")
    async with services.database.uow() as uow:
        for offer in (
            await uow.session.execute(select(Offer).where(Offer.status == "pending").order_by(Offer.id))
        ).scalars():
            await approve(uow, staff, offer.id, kb=services.knowledge.kb, config=CoreConfig())


async def test_posting_with_every_field_and_each_validation(services: Services) -> None:
    u = ChatUser(services.assistant, "poster", language="nb")
    await profile(u)
    await u.say("Julebuketter " + "x" * 80)
    assert "Tittelen har 93 tegn; høyst 80" in u.text() and "Julebuketter xxx" in u.text()  # what was typed, kept
    await u.say("Julebuketter til halv pris")
    await u.say("x" * 1001)
    assert "Beskrivelsen har 1\xa0001 tegn; høyst 1\xa0000" in u.text()
    await u.say("Nydelige julebuketter med *granbar* [og] kongler.")
    await u.say("tja")  # the category is a button
    assert "Bruk knappene" in u.text()
    await u.press("Mat og drikke")
    await u.press("Ferdig")
    assert "Velg minst én måte" in u.text()
    await u.press("Levering hjem")
    await u.press("Henting")
    assert [b.label for b in buttons(u.last)][:2] == ["✓ Levering hjem", "✓ Henting"]
    await u.press("Ferdig")
    await u.say("2 for 1")
    assert "høyst 90 dager fram" in u.text()
    assert buttons(u.last)[0].label == "Bruk onsdag 16. desember 2026"  # the default, 14 days
    await u.say("1.1.2020")
    assert "onsdag 1. januar 2020 har allerede vært" in u.text()
    await u.say("snart en gang")
    assert "Jeg skjønte ikke «snart en gang» som en dato" in u.text()
    await u.say("om 100 dager")
    assert "er for langt fram" in u.text() and "til tirsdag 2. mars 2027" in u.text()
    await u.say("neste fredag kl 18")
    assert "Gjelder til fredag 4. desember 2026" in u.text()  # always the date understood
    await u.say("http://bilder.example.no/bukett.jpg")
    assert "må begynne med https://" in u.text()
    await u.say("et bilde")
    assert "er ikke en bildelenke" in u.text()
    await u.say("https://bilder.example.no/bukett.jpg")
    await u.say("x")
    assert "Oppgi et telefonnummer" in u.text()
    await u.say("Tlf 33 03 11 00, Storgata 1, https://blomst.example.no")
    preview = u.last[0].text
    assert "Slik blir tilbudet ditt seende ut" in preview
    assert "**Julebuketter til halv pris** – Blomsterhjørnet AS" in preview
    assert "med \\*granbar\\* \\[og\\] kongler" in preview  # what posters type stays literal
    assert "🚚 Levering hjem, Henting" in preview and "💰 2 for 1" in preview and "🏷 Mat og drikke" in preview
    assert (
        "[33 03 11 00](tel:33031100)" in preview and "[https://blomst.example.no](https://blomst.example.no)" in preview
    )
    assert "[🖼 Bilde](https://bilder.example.no/bukett.jpg)" in preview

    await u.press("Endre et felt")  # edit a field from the preview, and come back to it
    await u.press("Pris")
    assert "Nå: 2 for 1" in u.text()
    await u.say("3 for 2")
    assert "💰 3 for 2" in u.text() and "Slik blir" in u.text()
    await u.press("Publiser")
    assert "Tilbud #1 venter på godkjenning" in u.text()

    [offer] = await offers(services)
    assert offer.status == OfferStatus.PENDING and offer.region == "horten" and offer.org_number == "912 345 688"
    assert offer.delivery == ["home", "pickup"] and offer.delivers_home and offer.valid_until == date(2026, 12, 4)
    assert offer.image_url == "https://bilder.example.no/bukett.jpg" and offer.price == "3 for 2"
    async with services.database.uow() as uow:
        [notice] = (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.channel == "staff"))).scalars()
        assert "Nytt tilbud #1 fra Blomsterhjørnet AS" in notice.payload[0]["text"]
        actions = [b["action"] for row in notice.payload[0]["buttons"] for b in row]
        assert actions == ["1|ofm|1|ok", "1|ofm|1|no"]
        user = await uow.users.get("web", "poster")
        assert user is not None and user.business_name == "Blomsterhjørnet AS" and user.region == "horten"
        [audit] = (await uow.session.execute(select(AuditLog))).scalars()
        assert audit.action == "offer.submit" and audit.target == "offer:1"


async def test_cancel_and_a_question_in_the_middle(services: Services) -> None:
    u = ChatUser(services.assistant, "canceller", language="en")
    await u.say("/newoffer")
    await u.say("Flower Corner Ltd")
    await u.say(ORG_NO)
    await u.press("Horten")
    await u.say("Christmas flowers")
    await u.say("/menu")  # a command still works mid-dialog
    assert "What can I help you with?" in u.text()
    await u.say("/newoffer")
    await u.press("Cancel")
    assert "The offer was not posted." in u.text()
    assert await offers(services) == []


async def test_moderation_and_what_the_poster_is_told(services: Services) -> None:
    u = ChatUser(services.assistant, "poster", language="nb")
    await profile(u)
    await post(u, "Julebuketter")
    await u.say("/newoffer")
    await post(u, "Hjemmebakt brød hver fredag", "Surdeigsbrød fra egen bakerovn.")
    viewer = await staff_member(services, "viewer")
    staff = await staff_member(services, "staff")
    async with services.database.uow() as uow:
        with pytest.raises(NotAllowed):
            await approve(uow, viewer, 1, kb=services.knowledge.kb, config=CoreConfig())
    async with services.database.uow() as uow:
        await approve(uow, staff, 1, kb=services.knowledge.kb, config=CoreConfig(offers_channel=("telegram", "-100")))
        await reject(uow, staff, 2, "Mangler pris for brødet")
    async with services.database.uow() as uow:
        with pytest.raises(OfferNotPending):
            await approve(uow, staff, 2, kb=services.knowledge.kb, config=CoreConfig())
        rows = list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
        told = [r.payload[0]["text"] for r in rows if r.channel == "web"]
        assert "✅ Tilbudet ditt «Julebuketter» (#1) er publisert." in told
        assert any("ble ikke godkjent: Mangler pris for brødet" in text for text in told)
        assert [r.address for r in rows if r.channel == "telegram"] == ["-100"]  # the public channel
        edits = [r for r in rows if r.edits is not None]
        assert len(edits) == 2 and "Godkjent av Kari staff" in edits[0].payload[0]["text"]
        actions = [a.action for a in (await uow.session.execute(select(AuditLog).order_by(AuditLog.id))).scalars()]
        assert actions == ["offer.submit", "offer.submit", "offer.approve", "offer.reject"]
    await u.say("/myoffers")
    assert "✅ publisert" in u.text() and "❌ avvist – Mangler pris for brødet" in u.text()
    await u.press("Endre #2")  # edited: back to pending, and the staff see it again
    await u.press("Endre et felt")
    await u.press("Pris")
    await u.say("45 kr")
    await u.press("Send til godkjenning")
    assert "Tilbud #2 venter på godkjenning" in u.text()
    async with services.database.uow() as uow:
        offer = await uow.session.get(Offer, 2)
        assert offer is not None and offer.status == "pending" and offer.price == "45 kr" and offer.reason is None
        await withdraw_by_staff(uow, staff, 1, "Feil bilde")
    async with services.database.uow() as uow:  # its channel post had not gone out: it never will
        to_channel = select(OutboxMessage).where(OutboxMessage.channel == "telegram")
        assert list((await uow.session.execute(to_channel)).scalars()) == []
    await u.say("/myoffers")
    assert "Julebuketter" not in u.text()  # withdrawn offers leave the poster's list


async def test_spam_limits(services: Services) -> None:
    a = assistant(services, offers_max_active=2, offers_per_day=3)
    u = ChatUser(a, "spammer", language="nb")
    await profile(u)
    await post(u, "Julebuketter", "Nydelige buketter til jul, med granbar og kongler.")
    await post(u, "Julebuketer!", "Nydelige buketter til jul med granbar og kongler")
    assert "Du har allerede et nesten likt tilbud: «Julebuketter» (#1)" in u.text()
    assert next(b.action for b in buttons(u.last)) == "1|ofy|1|edit"  # a pointer to edit it
    await u.press("Avbryt")
    await post(u, "Hjemmebakt brød", "Surdeigsbrød hver fredag.")
    await post(u, "Vinterdekk", "Skift til vinterdekk med rabatt.")
    assert "allerede 2 aktive tilbud" in u.text()
    await u.press("Avbryt")
    await u.say("/myoffers")
    await u.press("Trekk #1")
    await u.press("Ja, trekk det tilbake")
    await post(u, "Vinterdekk", "Skift til vinterdekk med rabatt.")
    assert "Tilbud #3 venter" in u.text()
    await u.say("/myoffers")
    await u.press("Trekk #3")
    await u.press("Ja, trekk det tilbake")
    await post(u, "Julekaker", "Sju slag.")
    assert "Du har lagt ut 3 tilbud det siste døgnet" in u.text()
    assert len(await offers(services)) == 3


FLOWERS = [
    ("Blomster til bordet", "Små buketter til middagsbordet."),
    ("Tulipaner fra Nederland", "Ti stilker i bunt, mange farger."),
    ("Roser på tilbud", "Røde roser, perfekt til jul."),
    ("Liljer i potte", "Holder seg i ukevis."),
    ("Orkideer", "Hvite orkideer med pynt."),
    ("Solsikker", "Store, gule og blide."),
]


async def test_browsing_with_each_filter_and_the_search(pg_or_sqlite_services: Services) -> None:
    services = pg_or_sqlite_services
    a = assistant(services, offers_max_active=20, offers_per_day=20)
    horten = ChatUser(a, "horten-shop", language="nb")
    await profile(horten)
    for i, (title, description) in enumerate(FLOWERS):
        await post(horten, title, description, home=i % 2 == 0)
    await post(horten, "Kaffe og kanelboller", "Nybakt hver morgen på bakeriet.", home=False)
    asker = ChatUser(a, "asker-shop", language="nb")
    await profile(asker, "Asker Bakeri AS", "Asker")
    await post(asker, "Brød fra Asker", "Surdeig.")
    await approve_all(services)
    pending = ChatUser(a, "pending-shop", language="nb")
    await profile(pending, "Venter AS")
    await post(pending, "Blomster som venter", "Ikke godkjent ennå.")

    reader = ChatUser(a, "reader", language="nb")
    await reader.onboard()
    await reader.say("/offers")
    page = reader.text()
    assert page.startswith("🛍 Tilbud: Horten")
    assert "Kaffe og kanelboller" in page and "Brød fra Asker" not in page and "som venter" not in page
    assert page.index("Kaffe og kanelboller") < page.index("Solsikker")  # newest first
    assert page.count("🚚") == 5  # five a page
    await reader.press("Flere")
    assert "Tulipaner" in reader.text() and "Blomster til bordet" in reader.text()
    assert "Flere" not in [b.label for b in buttons(reader.last)]

    await reader.press("Leverer hjem")
    assert reader.text().count("🚚 Levering hjem") == 3 and "Kaffe" not in reader.text()
    await reader.press("Leverer hjem")  # off again
    await reader.press("Kategori")
    await reader.press("Mat og drikke")
    assert "Ingen tilbud passer" in reader.text()
    await reader.press("Fjern filtre")
    await reader.press("Region")
    await reader.press("Asker")
    assert "Brød fra Asker" in reader.text() and "Blomster" not in reader.text()
    await reader.press("Søk")
    await reader.say("kanelbolle")  # a typo and a missing ending: still found; the region is Asker
    assert "Ingen tilbud passer" in reader.text()
    await reader.press("Fjern filtre")
    await reader.say("/offers kanelbolle")
    assert "Kaffe og kanelboller" in reader.text() and "Orkideer" not in reader.text()
    await reader.say("/offers bakeriett")
    assert "Kaffe og kanelboller" in reader.text()
    ascii_reader = ChatUser(a, "reader", language="nb")
    await ascii_reader.say("/offers blomstr")
    assert "Blomster til bordet" in ascii_reader.text() and "Orkideer" not in ascii_reader.text()
    await ascii_reader.say("/offers solsiker")  # a typo
    assert "Solsikker" in ascii_reader.text() and "Orkideer" not in ascii_reader.text()
    await ascii_reader.say("/offers rod rose")  # "rød", without ø, and a missing ending
    assert "Roser på tilbud" in ascii_reader.text() and "Orkideer" not in ascii_reader.text()

    # The finder: a question about offers or home delivery shows them after the knowledge answer.
    await reader.say("hvem leverer hjem?")
    assert "Lokale tilbud som passer" in reader.text() and "Orkideer" in reader.text()
    assert "Kaffe" not in reader.text()
    await reader.say("tilbud på kanelboller")
    assert "Kaffe og kanelboller" in reader.text() and "Orkideer" not in reader.text()
    await reader.say("Kan vi få utsatt kommunale avgifter?")
    assert "Lokale tilbud" not in reader.text()
    await reader.say("Kan vi jobbe hjemme og handle inn utstyr?")  # no offer or delivery asked for
    assert "Lokale tilbud" not in reader.text()
    await reader.say("hvem leverer orkideer?")  # asking who: delivery
    assert "Orkideer" in reader.text()
    await reader.say("noen tilbud på brød i Asker?")  # a region the question names
    assert "Brød fra Asker" in reader.text() and "Kaffe" not in reader.text()


async def test_handing_in_and_schemes_are_no_questions_about_offers(services: Services) -> None:
    """"levere" is also to hand something in, and "tilbud om" a service or a scheme: support questions
    that happen to share words with an offer get their answer without an advertisement."""
    shop = ChatUser(services.assistant, "accountant", language="nb")
    await profile(shop, "Tall og Tal AS")
    await post(shop, "Regnskapshjelp for små bedrifter", "Vi leverer mva-meldingen, og rådgivning for små bedrifter.")
    await approve_all(services)
    reader = ChatUser(services.assistant, "asker", language="nb")
    await reader.onboard()
    for question in ("hvordan leverer jeg mva-meldingen?", "finnes det tilbud om rådgivning for små bedrifter?"):
        await reader.say(question)
        assert "Lokale tilbud" not in reader.text(), question
    await reader.say("hvem leverer regnskapshjelp?")
    assert "Lokale tilbud" in reader.text() and "Regnskapshjelp for små bedrifter" in reader.text()
    await reader.say("tilbud på rådgivning")
    assert "Regnskapshjelp for små bedrifter" in reader.text()


async def test_expiry_notice_extension_and_the_digest(
    pg_or_sqlite_services: Services, clock: dict[str, datetime]
) -> None:
    services = pg_or_sqlite_services
    u = ChatUser(services.assistant, "poster", language="en")
    await profile_en(u)
    await post_en(u, "Christmas wreaths", until="10.12")
    await approve_all(services)
    config = CoreConfig()
    now = utcnow()  # approval times are real ones
    request = DigestRequest(user=User(id=0), lang="en", region="horten", since=now - timedelta(days=1),
                            now=now + timedelta(minutes=1), knowledge=services.knowledge, config=config)  # fmt: skip
    async with services.database.uow() as uow:
        section = await digest_offers(uow, request)
    assert section is not None and section.items == [
        "Christmas wreaths – Flower Corner Ltd (until Thursday 10 December 2026)"
    ]

    clock["now"] = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
    assert await expire_and_warn(services.database, config, clock["now"]) == (0, 0)
    clock["now"] = datetime(2026, 12, 9, 7, 0, tzinfo=UTC)
    assert await expire_and_warn(services.database, config, clock["now"]) == (0, 1)
    assert await expire_and_warn(services.database, config, clock["now"]) == (0, 0)  # warned once
    async with services.database.uow() as uow:
        rows = (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.channel == "web"))).scalars()
        [warning] = [r for r in rows if "ends after" in r.payload[0]["text"]]
    assert "“Christmas wreaths” (#1) ends after Thursday 10 December 2026" in warning.payload[0]["text"]
    assert warning.lane == 1
    extend = warning.payload[0]["buttons"][0][0]
    assert extend["label"] == "⏳ Extend 14 days"
    await u.action(extend["action"])
    assert "now runs until Thursday 24 December 2026" in u.text()

    clock["now"] = datetime(2026, 12, 25, 0, 30, tzinfo=UTC)  # 01:30 on the 25th in Oslo
    assert await expire_and_warn(services.database, config, clock["now"]) == (1, 0)
    [offer] = await offers(services)
    assert offer.status == OfferStatus.EXPIRED
    await u.say("/offers")
    assert "No offers match" in u.text()
    await u.say("/myoffers")
    assert "⌛ expired" in u.text()
    await u.press("+14 days")
    assert "now runs until Friday 8 January 2027" in u.text()
    [offer] = await offers(services)
    assert offer.status == OfferStatus.APPROVED


async def test_export_and_erase(services: Services) -> None:
    u = ChatUser(services.assistant, "poster", language="en")
    await profile_en(u)
    await post_en(u, "Christmas wreaths")
    registry = services.assistant.registry
    async with services.database.uow() as uow:
        user = await uow.users.get("web", "poster")
        assert user is not None
        exported = {d.name: await d.export(uow, user) for d in registry.personal_data}
    assert exported["offers"][0]["title"] == "Christmas wreaths" and "33 03 11 00" in exported["offers"][0]["contact"]
    await u.say("/deleteme")
    await u.press("Yes")
    [offer] = await offers(services)
    assert offer.status == OfferStatus.WITHDRAWN and offer.contact == "" and offer.user_id is None


async def profile_en(u: ChatUser) -> None:
    await u.say("/newoffer")
    await u.say("Flower Corner Ltd")
    await u.say(ORG_NO)
    await u.press("Horten")


async def post_en(u: ChatUser, title: str, until: str = "in 2 weeks") -> None:
    if "What is the offer?" not in u.text():
        await u.say("/newoffer")
    await u.say(title)
    await u.say("Hand-made wreaths of spruce and cones.")
    await u.press("Retail")
    await u.press("Home delivery")
    await u.press("Done")
    await u.press("Skip")
    await u.say(until)
    await u.press("Skip")
    await u.say("Phone 33 03 11 00")
    await u.press("Publish")
    assert "is waiting for approval" in u.text()


HOSTILE = [
    *("", " ", "\u200f\u202e", "**[x](javascript:alert(1))**", "<b>&amp;</b>", "😀" * 500, "a" * 5000, "31.02"),
    *("9" * 40, "https://", "https://exa mple.org/x.jpg", "/", "\\", "kl 99", "om 9999999 uker"),
]


async def test_every_dialog_step_takes_any_text(services: Services) -> None:
    """Whatever arrives at each step (as a channel hands it over, already cleaned), a polite answer."""
    from handlers.hygiene import clean_text
    from handlers.offers import FLOW, STEPS

    draft = {"title": "T", "description": "D", "category": "food", "delivery": ["home"], "price": "",
             "valid_until": "2026-12-20", "image_url": None, "photo_file_id": None,
             "contact": "Tlf 1234567"}  # fmt: skip
    u = ChatUser(services.assistant, "fuzzer", language="sv")
    await profile_en(u)
    for step in (*STEPS, "preview", "fields", "biz_name", "biz_org", "region"):
        for text in HOSTILE:
            async with services.database.uow() as uow:
                user = await uow.users.get("web", "fuzzer")
                assert user is not None
                await uow.dialogs.set(user.id, FLOW, step, {"o": dict(draft), "edit": None})
            replies = await u.say(clean_text(text))
            assert replies and all(r.text and "{???}" not in r.text for r in replies), (step, text)
            assert all(len(r.text) <= 4096 for r in replies), (step, text)


async def test_the_staff_notice_follows_the_posters_edit_and_withdrawal(services: Services) -> None:
    u = ChatUser(services.assistant, "poster", language="nb")
    await profile(u)
    await post(u, "Julebuketter")
    await u.say("/myoffers")
    await u.press("Endre #1")
    await u.press("Endre et felt")
    await u.press("Tittel")
    await u.say("Julebuketter med levering")
    await u.press("Send til godkjenning")
    await u.say("/myoffers")
    await u.press("Trekk #1")
    await u.press("Ja, trekk det tilbake")
    async with services.database.uow() as uow:
        rows = list(
            (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.channel == "staff"))).scalars()
        )
    notices = [r for r in rows if r.edits is None]
    edits = [r for r in rows if r.edits is not None]
    assert len(notices) == 2 and "Endret tilbud #1" in notices[1].payload[0]["text"]
    assert [e.edits for e in edits] == [notices[0].id, notices[1].id]
    assert edits[0].payload[0]["text"].endswith("✏️ Endret av den som la det ut: se den nyere meldingen.")
    assert edits[1].payload[0]["text"].endswith("↩️ Trukket tilbake av den som la det ut.")
    assert edits[1].payload[0]["buttons"] == []


def test_a_card_says_a_photo_is_attached_only_where_it_is_shown() -> None:
    """A Telegram photo is shown with the preview, the staff notice and a Telegram channel post;
    in a list, on the web chat or on Teams it is not there, so the card does not claim it."""
    from handlers.i18n import Translator
    from handlers.offer_store import card
    from knowledge.commands import BUNDLED
    from knowledge.loader import load_knowledge

    kb = load_knowledge(BUNDLED)
    offer = {"title": "Julebuketter", "category": "food", "photo_file_id": "AgACbig"}
    t = Translator("nb")
    assert "📷" not in card(t, kb, offer) and "📷" not in card(t, kb, offer, full=False)
    assert "📷 Bilde vedlagt" in card(t, kb, offer, photo_shown=True)
    assert "📷" not in card(t, kb, {**offer, "photo_file_id": None}, photo_shown=True)
