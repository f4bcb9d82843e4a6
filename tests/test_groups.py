"""Network groups and events: the YAML, occurrences across daylight-saving changes, joining with a cap
and a waiting list (also 50 at once, on SQLite and PostgreSQL), calendar files parsed back, reminders
on a controllable clock, the finder, and personal data."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from bot.services import Services, build_services
from handlers import gatherings as core
from handlers import groups
from handlers.gathering_match import asks_when
from handlers.groups import Gather, send_reminders
from knowledge.gatherings import Group, Schedule
from knowledge.loader import read_knowledge
from storage.gatherings import GatheringRepository
from storage.models import GatheringMember, GatheringSlot, OutboxMessage, User
from storage.states import Lane

from .chat import ChatUser, buttons
from .conftest import make_settings, sqlite_url

BUNDLED = Path(__file__).resolve().parents[1] / "knowledge" / "data"
OSLO = ZoneInfo("Europe/Oslo")
#: "Now" for these tests: Monday 2 March 2026, 10:00 in Oslo.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

EXTRA = """
groups:
  - id: horten-frokost
    name: {nb: "Frokostnettverket i Horten", en: "Horten breakfast network"}
    description: {nb: "Første fredag i måneden."}
    regions: [horten]
    organiser: horten-naeringsforum-leder
    capacity: 3
    schedule: {rrule: "FREQ=MONTHLY;BYDAY=1FR", start: "08:30", minutes: 90}
    place: "Horten Næringsforum"
  - id: horten-lunsj
    name: {nb: "Lunsjklubben", en: "Lunch club"}
    regions: [horten]
    schedule: ["2026-03-10 11:30", "2026-04-14 11:30"]
    online_url: "https://meet.example.no/lunsj"
events:
  - id: horten-seminar
    title: {nb: "Seminar om eksport", en: "Export seminar"}
    regions: [horten]
    organiser: horten-naeringssjef
    capacity: 2
    starts: 2026-03-20 09:00
    ends: 2026-03-20 12:00
    place: "Bastion Horten"
"""


def knowledge_with(tmp_path: Path, extra: str = EXTRA) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(BUNDLED, folder)
    (folder / "test-groups.yaml").write_text(extra, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The time the groups read: `clock[0] = ...` moves it."""
    now = [NOW]
    monkeypatch.setattr(core, "clock", lambda: now[0])
    return now


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Services]:
    built = await build_services(make_settings(sqlite_url(tmp_path / "s.db"), knowledge_dir=knowledge_with(tmp_path)))
    yield built
    await built.close()


async def horten_user(services: Services, user_id: str, lang: str = "nb") -> ChatUser:
    u = ChatUser(services.assistant, user_id, language=lang)
    await u.say("/start")
    await u.press("Norsk" if lang == "nb" else "English")
    await u.press("Horten")
    await u.press("Hopp" if lang == "nb" else "Skip")
    return u


# -- the knowledge ---------------------------------------------------------------------------------------


def test_first_friday_at_0830_oslo_keeps_local_time_across_both_daylight_saving_changes() -> None:
    group = Group("g", {"nb": "G"}, schedule=Schedule(minutes=90, rule="FREQ=MONTHLY;BYDAY=1FR",
                                                      start=datetime(2000, 1, 1, 8, 30).time()))  # fmt: skip
    found = group.occurrences(OSLO, datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC))
    days = [o.start.date().isoformat() for o in found]
    assert days[:3] == ["2026-02-06", "2026-03-06", "2026-04-03"] and days[-2:] == ["2026-10-02", "2026-11-06"]
    assert {(o.start.hour, o.start.minute) for o in found} == {(8, 30)}
    utc_hours = {o.start.date().isoformat(): o.start.astimezone(UTC).hour for o in found}
    # CET (+1) before 29 March and after 25 October, CEST (+2) between
    assert utc_hours["2026-03-06"] == 7 and utc_hours["2026-04-03"] == 6
    assert utc_hours["2026-10-02"] == 6 and utc_hours["2026-11-06"] == 7
    assert all(o.end - o.start == timedelta(minutes=90) for o in found)


def test_bundled_groups_and_events_load_and_the_2021_fair_is_past() -> None:
    kb, problems = read_knowledge(BUNDLED)
    assert problems == []
    assert {g.id for g in kb.groups} >= {"hedensted-ivaerksaetternetvaerk", "hedensted-det-gode-arbejdsliv",
                                         "horten-nettverksgrupper", "ostfold-nettverk-ambisiose-bedrifter"}  # fmt: skip
    assert kb.group("hedensted-de-gode-rammer").capacity == 12  # type: ignore[union-attr]
    fair = kb.event("hedensted-netvaerksmesse-2021")
    assert fair is not None and fair.starts.date().isoformat() == "2021-10-08"
    zone = core.zone_of(kb, fair, "Europe/Oslo")
    assert zone.key == "Europe/Copenhagen" and not fair.open_for_sign_up(zone, NOW)


BAD = """
groups:
  - id: bad-rule
    name: {nb: "Feil regel"}
    schedule: {rrule: "FREQ=SOMETIMES", start: "08:30"}
    place: "Et sted"
  - id: bad-capacity
    name: {nb: "Feil kapasitet"}
    capacity: 0
    organiser: nobody-we-know
    place: "Et sted"
    colour: blue
  - id: no-place
    name: {nb: "Uten sted"}
    schedule: {rrule: "FREQ=WEEKLY", start: "25:00"}
  - id: bad-rule
    name: {nb: "Dobbel"}
    place: "Et sted"
events:
  - id: bad-times
    title: {nb: "Baklengs"}
    starts: 2026-05-01 12:00
    ends: 2026-05-01 10:00
    group: no-such-group
    place: "Et sted"
  - id: no-start
    title: {nb: "Uten start"}
    place: "Et sted"
    online_url: "not a url"
"""


def test_bad_group_and_event_yaml_is_reported_with_file_and_id(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    _, problems = read_knowledge(tmp_path)
    text = "\n".join(str(p) for p in problems)
    assert all(p.file.endswith("bad.yaml") for p in problems)
    expected = [
        "group bad-rule: schedule: bad rrule 'FREQ=SOMETIMES'",
        "group bad-capacity: capacity must be a whole number of at least 1",
        "group bad-capacity: unknown key 'colour'",
        "group bad-capacity: unknown organiser (contact id) 'nobody-we-know'",
        "group no-place: schedule: start must be a local time HH:MM",
        "group no-place: needs a place or an online_url",
        "group bad-rule: duplicate group id",
        "event bad-times: ends must be after starts",
        "event bad-times: unknown group 'no-such-group'",
        "event no-start: missing starts",
        "event no-start: bad online_url 'not a url'",
    ]
    for message in expected:
        assert message in text, f"{message!r} not in:\n{text}"
    assert "bad.yaml:3: group bad-rule" in text  # the line of the group


# -- joining, the waiting list, promotion ----------------------------------------------------------------------


async def test_join_full_waiting_list_and_promotion_told_at_once(app: Services) -> None:
    users = [await horten_user(app, f"u{n}") for n in range(5)]
    await users[0].say("/groups")
    assert "Frokostnettverket i Horten" in users[0].text() and "fredag 6. mars 2026 kl. 08:30" in users[0].text()
    assert "3 av 3 plasser ledige" in users[0].text()
    for u in users[:3]:
        await u.action(Gather("j", "g", "horten-frokost").pack())
        assert "Velkommen i Frokostnettverket i Horten" in u.text()
        [reply] = u.last
        assert reply.attachment is not None and reply.attachment.filename == "horten-frokost.ics"
    await users[3].action(Gather("s", "g", "horten-frokost").pack())
    assert "fullt (3 plasser), 0 på venteliste" in users[3].text()
    await users[3].press("ventelisten")
    assert "nummer 1" in users[3].text() and users[3].last[0].attachment is None
    await users[4].action(Gather("j", "g", "horten-frokost").pack())
    assert "nummer 2" in users[4].text()
    await users[4].action(Gather("j", "g", "horten-frokost").pack())  # twice: the same place, not another
    assert "allerede på ventelisten" in users[4].text() and "nummer 2" in users[4].text()
    await users[4].say("/mine")
    assert "nummer 2 på ventelisten" in users[4].text()

    await users[1].action(Gather("s", "g", "horten-frokost").pack())
    assert "Du er medlem" in users[1].text()
    await users[1].press("Forlat gruppen")
    assert "Du har forlatt Frokostnettverket" in users[1].text()
    async with app.database.uow() as uow:
        rows = (await uow.session.execute(select(OutboxMessage))).scalars().all()
        promoted = await uow.users.get("web", "u3")
        slot = await uow.session.get(GatheringSlot, ("group", "horten-frokost"))
        assert slot is not None and slot.taken == 3
    [notice] = [r for r in rows if r.user_id == promoted.id]  # type: ignore[union-attr]
    assert notice.lane == Lane.INTERACTIVE and "det ble ledig plass" in notice.payload[0]["text"]
    assert notice.payload[0]["attachment"]["filename"] == "horten-frokost.ics"
    await users[4].say("/mine")
    assert "nummer 1 på ventelisten" in users[4].text()
    await users[4].press("Frokost")
    await users[4].press("Gå av ventelisten")
    assert "tatt av ventelisten" in users[4].text()


async def test_one_place_per_business(app: Services) -> None:
    a, b = await horten_user(app, "biz-a"), await horten_user(app, "biz-b")
    async with app.database.uow() as uow:
        for uid in ("biz-a", "biz-b"):
            user = await uow.users.get("web", uid)
            assert user is not None
            user.org_number, user.org_country = "923609016", "no"
    await a.action(Gather("j", "e", "horten-seminar").pack())
    assert "Du er påmeldt Seminar om eksport" in a.text()
    await b.action(Gather("j", "e", "horten-seminar").pack())
    assert "én plass per bedrift" in b.text()


async def test_past_events_are_kept_for_the_record_and_never_offered(app: Services, clock: list[datetime]) -> None:
    u = await horten_user(app, "late")
    clock[0] = datetime(2026, 3, 21, tzinfo=UTC)
    await u.say("/events")
    assert "Holdt tidligere: Seminar om eksport" in u.text()
    assert not [b for b in buttons(u.last) if "Seminar" in b.label]
    await u.action(Gather("j", "e", "horten-seminar").pack())
    assert "ikke åpen for påmelding" in u.text()


async def _race(services: Services, free: int, capacity: int, crowd: int) -> None:
    """`crowd` users join at once when `free` of `capacity` places are left."""
    kb = services.knowledge.kb
    event = kb.event("horten-seminar")
    assert event is not None
    users = []
    async with services.database.uow() as uow:
        for n in range(capacity - free + crowd):
            users.append(await uow.users.get_or_create("web", f"race-{n}"))
    async with services.database.uow() as uow:
        for user in users[: capacity - free]:
            await GatheringRepository(uow.session).join("event", "race", user, capacity)

    async def one(user: User) -> None:
        async with services.database.uow() as uow:
            await GatheringRepository(uow.session).join("event", "race", user, capacity)

    await asyncio.gather(*(one(u) for u in users[capacity - free :]))
    async with services.database.uow() as uow:
        rows = list((await uow.session.execute(
            select(GatheringMember).where(GatheringMember.target == "race"))).scalars())  # fmt: skip
        slot = await uow.session.get(GatheringSlot, ("event", "race"))
    members = [r for r in rows if r.status == "member"]
    waiting = sorted((r for r in rows if r.status == "waiting"), key=lambda r: r.position)
    assert len(members) == capacity and slot is not None and slot.taken == capacity
    assert len(waiting) == crowd - free
    # the waiting list is in arrival order: the order the database let them in, by time and number
    assert [w.created_at for w in waiting] == sorted(w.created_at for w in waiting)
    assert len({w.position for w in waiting}) == len(waiting)
    first = waiting[0]
    async with services.database.uow() as uow:
        left = await GatheringRepository(uow.session).leave("event", "race", members[0].user_id)
    assert left.promoted is not None and left.promoted.id == first.id


async def test_fifty_join_at_once_for_the_last_three_places(database_url: str, tmp_path: Path) -> None:
    from .conftest import fresh_database

    db = await fresh_database(database_url)
    await db.close()
    services = await build_services(make_settings(database_url, knowledge_dir=knowledge_with(tmp_path)))
    try:
        await _race(services, free=3, capacity=10, crowd=50)
    finally:
        await services.close()


async def test_the_database_refuses_more_than_the_capacity(app: Services) -> None:
    """Not only Python: the CHECK constraint stops `taken` passing `capacity`."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError

    async with app.database.uow() as uow:
        user = await uow.users.get_or_create("web", "x")
        await GatheringRepository(uow.session).join("event", "cap", user, 1)
    with pytest.raises(IntegrityError):
        async with app.database.uow() as uow:
            await uow.session.execute(update(GatheringSlot).values(taken=GatheringSlot.taken + 1))


# -- calendars ----------------------------------------------------------------------------------------------


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


async def test_calendar_files_keep_their_uid_raise_the_sequence_and_cancel(app: Services) -> None:
    from handlers import organisers

    u = await horten_user(app, "cal")
    [reply] = await u.action(Gather("j", "e", "horten-seminar").pack())
    assert reply.attachment is not None
    cal = icalendar.Calendar.from_ical(reply.attachment.data)
    [first] = _events(reply.attachment.data)
    assert str(cal["METHOD"]) == "REQUEST" and int(first["SEQUENCE"]) == 0
    assert first.decoded("DTSTART") == datetime(2026, 3, 20, 9, 0, tzinfo=OSLO)
    uid = str(first["UID"])

    async with app.database.uow() as uow:
        await organisers.move(uow, app.knowledge.kb, app.assistant.config, "event", "horten-seminar", "20260320T0900",
                              datetime(2026, 3, 20, 13, 0), None, staff=None)  # fmt: skip
    async with app.database.uow() as uow:
        user = await uow.users.get("web", "cal")
        rows = (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.user_id == user.id))).scalars()  # type: ignore[union-attr]
        [moved] = list(rows)
    assert "er flyttet" in moved.payload[0]["text"] and "13:00" in moved.payload[0]["text"]
    from base64 import b64decode

    [second] = _events(b64decode(moved.payload[0]["attachment"]["data"]))
    assert str(second["UID"]) == uid and int(second["SEQUENCE"]) == 1
    assert second.decoded("DTSTART") == datetime(2026, 3, 20, 13, 0, tzinfo=OSLO)

    async with app.database.uow() as uow:
        await organisers.cancel(uow, app.knowledge.kb, app.assistant.config, "event", "horten-seminar",
                                "20260320T0900", staff=None)  # fmt: skip
    async with app.database.uow() as uow:
        rows = (await uow.session.execute(
            select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id))).scalars()  # type: ignore[union-attr]  # fmt: skip
        cancelled = list(rows)[-1]
    data = b64decode(cancelled.payload[0]["attachment"]["data"])
    [third] = _events(data)
    assert str(icalendar.Calendar.from_ical(data)["METHOD"]) == "CANCEL"
    assert str(third["STATUS"]) == "CANCELLED" and str(third["UID"]) == uid and int(third["SEQUENCE"]) == 2
    assert "er avlyst" in cancelled.payload[0]["text"]


async def test_group_feed_has_its_rule_and_the_cancelled_meeting_as_exdate(app: Services) -> None:
    from handlers import organisers

    kb = app.knowledge.kb
    async with app.database.uow() as uow:
        await organisers.cancel(uow, kb, app.assistant.config, "group", "horten-frokost", "20260403T0830", staff=None)
        await organisers.move(uow, kb, app.assistant.config, "group", "horten-frokost", "20260306T0830",
                              datetime(2026, 3, 13, 8, 30), None, staff=None)  # fmt: skip
    async with app.database.uow() as uow:
        data = await organisers.group_calendar(uow, kb, app.assistant.config, "horten-frokost")
    assert data is not None
    series, override = _events(data)
    assert str(series["UID"]) == str(override["UID"]) == "group-horten-frokost@sammen"
    assert series["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1FR"
    assert [d.dt for d in series["EXDATE"].dts] == [datetime(2026, 4, 3, 8, 30, tzinfo=OSLO)]
    assert override.decoded("RECURRENCE-ID") == datetime(2026, 3, 6, 8, 30, tzinfo=OSLO)
    assert override.decoded("DTSTART") == datetime(2026, 3, 13, 8, 30, tzinfo=OSLO) and int(override["SEQUENCE"]) == 1
    u = await horten_user(app, "next")
    await u.action(Gather("s", "g", "horten-frokost").pack())
    assert "fredag 13. mars 2026 kl. 08:30" in u.text() and "3. april" not in u.text()


# -- reminders ------------------------------------------------------------------------------------------------


async def test_reminders_the_day_before_and_an_hour_before_once_and_can_t_come(app: Services) -> None:
    kb, config = app.knowledge.kb, app.assistant.config
    a, b, c, d = [await horten_user(app, f"r{n}", "en" if n == 1 else "nb") for n in range(4)]
    for u in (a, b, c, d):
        await u.action(Gather("j", "g", "horten-frokost").pack())  # d waits
    meeting = datetime(2026, 3, 6, 8, 30, tzinfo=OSLO)
    assert await send_reminders(app.database, kb, config, meeting - timedelta(hours=30)) == 0
    assert await send_reminders(app.database, kb, config, meeting - timedelta(hours=23)) == 3
    assert await send_reminders(app.database, kb, config, meeting - timedelta(hours=22)) == 0  # never twice
    async with app.database.uow() as uow:
        rows = list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())
    texts = {r.address: r.payload[0]["text"] for r in rows if r.lane == Lane.BULK}
    assert set(texts) == {"r0", "r1", "r2"}  # members only, not the waiting list
    assert texts["r0"].startswith("Påminnelse: Frokostnettverket i Horten er i morgen")
    assert texts["r1"].startswith("Reminder: Horten breakfast network is tomorrow, Friday 6 March 2026 at 08:30")
    # "Can't come" from the reminder: noted, and no reminder an hour before for that user
    b_reminder = next(r for r in rows if r.address == "r1")
    cant = b_reminder.payload[0]["buttons"][0][0]
    await b.action(cant["action"])
    assert "can't come to this meeting" in b.text()
    assert await send_reminders(app.database, kb, config, meeting - timedelta(minutes=50)) == 2
    assert await send_reminders(app.database, kb, config, meeting - timedelta(minutes=40)) == 0


async def test_can_t_come_to_an_event_frees_the_place_for_the_waiting_list(app: Services) -> None:
    kb, config = app.knowledge.kb, app.assistant.config
    a, b, c = [await horten_user(app, f"e{n}") for n in range(3)]
    for u in (a, b, c):
        await u.action(Gather("j", "e", "horten-seminar").pack())
    assert "nummer 1" in c.text()
    start = datetime(2026, 3, 20, 9, 0, tzinfo=OSLO)
    assert await send_reminders(app.database, kb, config, start - timedelta(minutes=30)) == 2
    await a.action(Gather("c", "e", "horten-seminar", "20260320T0900").pack())
    assert "går til nestemann" in a.text() and a.last[0].attachment is not None
    await c.say("/mine")
    assert "Du er påmeldt" in c.text() or "påmeldt" in c.text()


# -- answers know the date ------------------------------------------------------------------------------------


async def test_questions_lead_to_the_group_or_event_with_its_button(app: Services) -> None:
    u = await horten_user(app, "ask")
    await u.say("når er neste nettverksmøte?")
    text = u.text()
    assert "Grupper og arrangementer som passer" in text and "Frokostnettverket i Horten" in text
    assert any(b.label == "Bli med" for b in buttons(u.last))
    await u.say("er det plass i frokostnettverket?")
    assert "Frokostnettverket i Horten" in u.text() and "3 av 3 plasser ledige" in u.text()
    await u.say("NAV kontaktpersoner i Horten")  # a place's name names no group: only the answer
    assert "Grupper og arrangementer som passer" not in u.text() and "Frokostnettverket" not in u.text()


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("når er neste nettverksmøte?", True),
        ("hvornår er næste netværksmøde?", True),
        ("when is the next event?", True),
        ("er det ledig plass på messen?", True),
        ("när är nästa nätverksträff?", True),
        # an ordinary question is no question about the networks' meetings
        ("når er neste møte i formannskapet?", False),
        ("when is the next meeting with the bank?", False),
        ("når kan vi eventuelt få neste utbetaling?", False),
        ("når kommer neste messenger-oppdatering?", False),
    ],
)
def test_asks_when_only_for_networks_events_and_groups(text: str, asks: bool) -> None:
    assert asks_when(text) is asks


async def test_a_meeting_of_someone_else_gets_no_extra_reply(app: Services) -> None:
    u = await horten_user(app, "council")
    await u.say("når er neste møte i formannskapet?")
    assert "Grupper og arrangementer" not in u.text() and "kommende møter" not in u.text()


async def test_hedensted_entrepreneurs_network_is_found_in_danish(tmp_path: Path) -> None:
    services = await build_services(make_settings(sqlite_url(tmp_path / "d.db")))
    try:
        u = ChatUser(services.assistant, "dk", language="da")
        await u.say("/start")
        await u.press("Dansk")
        await u.press("Hedensted")
        await u.press("Spring")
        await u.say("er der plads i iværksætternetværket?")
        assert "Iværksætternetværket (netværksfredag)" in u.text()
        assert any("Iværksætternetværket" in b.label for b in buttons(u.last))
        await u.say("hvornår er netværksmessen?")
        assert "blev holdt" in u.text() and "planned" not in u.text()
    finally:
        await services.close()


# -- personal data ----------------------------------------------------------------------------------------------


async def test_my_data_lists_places_and_delete_me_releases_them_with_promotion(app: Services) -> None:
    first, second, third = [await horten_user(app, f"p{n}") for n in range(3)]
    for u in (first, second, third):
        await u.action(Gather("j", "e", "horten-seminar").pack())
    [reply] = await first.say("/mydata")
    assert reply.attachment is not None
    data = json.loads(reply.attachment.data)["data"]["groups and events"]
    assert data == [{"kind": "event", "id": "horten-seminar", "status": "member", "waiting_position": None,
                     "joined": data[0]["joined"]}]  # fmt: skip
    await first.say("/deleteme")
    await first.press("Ja")
    async with app.database.uow() as uow:
        promoted = await uow.users.get("web", "p2")
        assert promoted is not None
        mine = await GatheringRepository(uow.session).for_user(promoted.id)
        rows = list(
            (await uow.session.execute(select(OutboxMessage).where(OutboxMessage.user_id == promoted.id))).scalars()
        )
    assert [m.status for m in mine] == ["member"] and len(rows) == 1
    # told as when someone leaves: the event by its name, with its calendar file and details button
    [promotion] = rows[0].payload
    assert "horten-seminar" not in promotion["text"] and "Seminar om eksport" in promotion["text"]
    assert promotion["attachment"]["filename"].endswith(".ics")
    assert promotion["buttons"][0][0]["action"] == Gather("s", "e", "horten-seminar").pack()


def test_button_data_fits_telegram_for_the_longest_ids() -> None:
    assert len(Gather("c", "e", "x" * 40, "20260306T0830").pack().encode()) <= 64
    assert groups.feature.name == "groups"


async def test_more_places_move_the_waiting_list_up_in_order(app: Services) -> None:
    async with app.database.uow() as uow:
        users = [await uow.users.get_or_create("web", f"fill-{n}") for n in range(4)]
    async with app.database.uow() as uow:
        repo = GatheringRepository(uow.session)
        for user in users:
            await repo.join("event", "fill", user, 1)
    async with app.database.uow() as uow:
        promoted = await GatheringRepository(uow.session).fill("event", "fill", 3)
    assert [m.user_id for m in promoted] == [users[1].id, users[2].id]
    async with app.database.uow() as uow:
        slot = await uow.session.get(GatheringSlot, ("event", "fill"))
        last = await GatheringRepository(uow.session).for_user(users[3].id)
    assert slot is not None and slot.taken == 3 and last[0].status == "waiting"


async def test_the_scheduled_job_sends_what_is_due(app: Services, clock: list[datetime]) -> None:
    u = await horten_user(app, "job")
    await u.action(Gather("j", "e", "horten-seminar").pack())
    clock[0] = datetime(2026, 3, 19, 10, 0, tzinfo=UTC)  # 11:00 the day before, in Oslo
    assert await groups.reminders_job(app.database, app.assistant.config, knowledge=app.knowledge) == 1
    assert await groups.reminders_job(app.database, app.assistant.config, knowledge=app.knowledge) == 0


def test_registration_closes_at_its_deadline_and_closed_groups_take_nobody(tmp_path: Path) -> None:
    extra = EXTRA + """
  - id: horten-kurs
    title: {nb: "Kurs"}
    regions: [horten]
    starts: 2026-04-20 09:00
    registration_deadline: 2026-04-10
    place: "Horten"
"""
    place = '    place: "Horten Næringsforum"\n'
    extra = extra.replace(place, place + "    open: false\n", 1)
    kb, problems = read_knowledge(knowledge_with(tmp_path, extra))
    assert problems == []
    course, closed = kb.event("horten-kurs"), kb.group("horten-frokost")
    assert course is not None and closed is not None
    assert course.open_for_sign_up(OSLO, datetime(2026, 4, 10, 21, 0, tzinfo=UTC))  # 23:00 on the last day
    assert not course.open_for_sign_up(OSLO, datetime(2026, 4, 10, 22, 30, tzinfo=UTC))
    lunch = kb.group("horten-lunsj")
    assert lunch is not None and not core.can_join(closed, OSLO, NOW) and core.can_join(lunch, OSLO, NOW)
