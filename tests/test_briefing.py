"""The daily briefing's core: subscribing (buttons, typed times, words), what a briefing says, when it
is due (local slots, daylight saving, missed slots) and that a day's briefing is enqueued once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import func, select

from bot.services import Services, build_services
from handlers.briefing import BriefingSet, intent
from handlers.briefing_content import BriefingMore, paginate
from handlers.briefing_schedule import day_figures, due_slots, enqueue_due, preview
from handlers.config import BriefingConfig
from handlers.digest import DigestSection
from handlers.i18n import Translator
from storage.models import BriefingSubscription, NewsItem, OutboxMessage, User
from storage.states import BriefingStatus, Lane
from tests.conftest import make_settings

from .chat import ChatUser, buttons

OSLO = "Europe/Oslo"


@pytest.fixture
async def svc(database_url: str) -> AsyncIterator[Services]:
    from tests.conftest import fresh_database

    db = await fresh_database(database_url)
    await db.close()
    built = await build_services(make_settings(database_url))
    yield built
    await built.close()


def at(local: str, zone: str = OSLO) -> datetime:
    """A moment given as local wall-clock time ("2026-12-02 07:30")."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


async def run(svc: Services, now: datetime, **kw: object) -> object:
    a = svc.assistant
    return await enqueue_due(svc.database, a.knowledge, a.config, a.registry.digest_sources, now=now, **kw)  # type: ignore[arg-type]


async def subscribe(svc: Services, user_id: str, time_label: str = "07:30", lang: str = "en") -> ChatUser:
    user = ChatUser(svc.assistant, user_id, language=lang)
    await user.say("/briefing")
    await user.press(time_label)
    return user


async def sub_of(svc: Services, user_id: str) -> BriefingSubscription | None:
    async with svc.database.uow() as uow:
        user = await uow.users.get("web", user_id)
        assert user is not None
        return await uow.session.get(BriefingSubscription, user.id)


async def post_news(
    svc: Services, text: str, when: datetime, region: str | None = None, url: str | None = None
) -> None:
    async with svc.database.uow() as uow:
        uow.session.add(NewsItem(text=text, url=url, region=region, created_at=when))


async def outbox_rows(svc: Services) -> list[OutboxMessage]:
    async with svc.database.uow() as uow:
        return list((await uow.session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


# ----------------------------------------------------------------------------------- subscribing
async def test_subscribe_change_pause_resume_stop(svc: Services) -> None:
    user = ChatUser(svc.assistant, "u1", language="en")
    await user.say("/briefing")
    assert "When would you like it?" in user.text()
    await user.press("07:30")
    assert "on weekdays at 07:30" in user.text() and "News from the staff" in user.text()
    sub = await sub_of(svc, "u1")
    assert sub is not None and sub.status == BriefingStatus.ACTIVE and sub.slot_minute == 450
    assert sub.topics == offered(svc) and sub.timezone == OSLO  # every section there is, by default

    await user.press("Time")
    await user.say("7:10")  # not a slot: a polite message and the same step
    assert "06:00, 06:30" in user.text() and "Please choose one" in user.text()
    await user.say("8.30")
    assert "at 08:30" in user.text()
    await user.press("Days")
    await user.press("every day")
    assert "every day at 08:30" in user.text()
    await user.press("Topics")
    await user.press("News from the staff")  # off
    assert "▫️ News" in " ".join(b.label for b in buttons(user.last))
    for label in [b.label for b in buttons(user.last)]:  # every other topic off ...
        if label.startswith("✅") and "Support schemes" not in label:
            await user.press(label[2:].strip())
    await user.press("Support schemes")  # ... and the last one: refused, kept
    assert "at least one topic" in user.text()
    await user.press("Done")
    assert "with: Support schemes" in user.text()
    await user.press("Pause")
    assert "paused" in user.text()
    assert (await sub_of(svc, "u1")).status == BriefingStatus.PAUSED  # type: ignore[union-attr]
    await user.press("Resume")
    assert (await sub_of(svc, "u1")).status == BriefingStatus.ACTIVE  # type: ignore[union-attr]
    await user.say("/stop")
    assert "stopped" in user.text()
    assert (await sub_of(svc, "u1")).status == BriefingStatus.STOPPED  # type: ignore[union-attr]
    await user.say("/stop")
    assert "don't have a daily briefing" in user.text()
    await user.say("/briefing")  # again: the time first, then the old choices come back
    await user.press("06:00")
    sub = await sub_of(svc, "u1")
    assert sub is not None and sub.status == BriefingStatus.ACTIVE
    assert sub.days == "daily" and sub.topics == ["knowledge"]


def offered(svc: Services) -> list[str]:
    """The topics the features offer, in their order (news and knowledge first, from the briefing)."""
    topics = list(dict.fromkeys(source.topic for source in svc.assistant.registry.digest_sources))
    assert topics[:2] == ["news", "knowledge"]
    return topics


async def test_forged_or_stale_buttons_are_refused_politely(svc: Services) -> None:
    user = await subscribe(svc, "u1")
    await user.action(BriefingSet("time", "0715").pack())
    assert "Please choose one" in user.text()
    await user.action(BriefingSet("topic", "horoscopes").pack())
    assert (await sub_of(svc, "u1")).topics == offered(svc)  # type: ignore[union-attr]
    await user.action(BriefingMore(1).pack())
    assert "nothing more" in user.text()


async def test_asking_in_words_leads_to_the_same(svc: Services) -> None:
    nb = ChatUser(svc.assistant, "u2", language="nb")
    await nb.say("kan jeg få en daglig oppsummering?")
    assert "Når vil du ha den?" in nb.text()
    await nb.say("07:00")
    assert "kl. 07:00" in nb.text()
    en = ChatUser(svc.assistant, "u2")
    await en.say("stop the morning messages")
    assert "stoppet" in en.text()
    assert (await sub_of(svc, "u2")).status == BriefingStatus.STOPPED  # type: ignore[union-attr]


async def test_a_question_about_another_newsletter_leaves_the_subscription(svc: Services) -> None:
    user = await subscribe(svc, "u3", lang="nb")
    await user.say("hvordan avslutter jeg nyhetsbrevet fra NAV?")
    assert "stoppet" not in user.text()
    assert (await sub_of(svc, "u3")).status == BriefingStatus.ACTIVE  # type: ignore[union-attr]


async def test_another_dialog_s_step_is_not_taken_for_the_briefing(svc: Services) -> None:
    """Typed while asking a person (or posting an offer), the words belong to that dialog."""
    user = await subscribe(svc, "u4", lang="nb")
    await user.say("/human")
    await user.say("Hvordan stopper jeg nyhetsbrevet deres?")
    assert "Sendt til" in user.text() and "oppsummering" not in user.text()
    assert (await sub_of(svc, "u4")).status == BriefingStatus.ACTIVE  # type: ignore[union-attr]
    await user.say("stopp nyhetsbrevet")  # outside a dialog it is still understood
    assert (await sub_of(svc, "u4")).status == BriefingStatus.STOPPED  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("kan jeg få en daglig oppsummering?", "subscribe"),
        ("kan jeg få en daglig oppsummering hver morgen?", "subscribe"),
        ("I'd like a daily summary", "subscribe"),
        ("jag vill ha en daglig sammanfattning", "subscribe"),
        ("stop the morning messages", "stop"),
        ("avslutt oppsummeringen", "stop"),
        ("kan vi få utsatt kommunale avgifter?", None),
        ("hvordan permitterer jeg ansatte?", None),
        ("when is the morning meeting?", None),
        ("stop permittering", None),
        ("a summary of the rules for layoffs please", None),
        ("kan jeg få en daglig oppsummering fra dere?", "subscribe"),
        # a summary or newsletter of something else is an ordinary question, never the briefing
        ("I want a daily summary of my sales", None),
        ("jeg vil have en daglig oversigt over regnskabet", None),
        ("hvordan lager jeg en daglig oppsummering av salget i kassen?", None),
        ("hvordan avslutter jeg nyhetsbrevet fra NAV?", None),
        ("cancel my newsletter from the municipality", None),
        ("send me a daily summary about support schemes", "subscribe"),  # a topic of its own
        # not wanting it any more is stopping it, not asking for it
        ("I no longer want the morning messages", "stop"),
        ("jeg vil ikke ha den daglige oppsummeringen lenger", "stop"),
        ("jag vill inte ha morgonmeddelandena", "stop"),
    ],
)
def test_words_are_taken_narrowly(text: str, wanted: str | None) -> None:
    assert intent(text) == wanted


# ----------------------------------------------------------------------------------- content
async def test_content_news_by_region_and_knowledge_by_content(svc: Services) -> None:
    a = svc.assistant
    await subscribe(svc, "u1")
    await post_news(svc, "Old news", at("2026-11-30 09:00"))
    morning = at("2026-12-02 07:30")
    first = await run(svc, morning)  # the first sync is the baseline: no entry is "new"
    assert first.due == 1 and first.enqueued == 0 and first.nothing_new == 1  # type: ignore[attr-defined]

    await post_news(svc, "Fees deferred <to> June & more", at("2026-12-02 12:00"), url="https://example.org/a")
    await post_news(svc, "Only for Horten", at("2026-12-02 13:00"), region="horten")
    # A reload that changes nothing adds nothing; a changed entry is "Updated".
    entry = a.knowledge.kb.entries[0]
    await a.knowledge.areload()
    kb = a.knowledge.kb
    changed = replace(entry, answer={**entry.answer, "en": entry.answer.get("en", "") + " Changed."})
    object.__setattr__(kb, "entries", [changed, *kb.entries[1:]])
    kb.__post_init__()
    result = await run(svc, at("2026-12-03 07:30"))
    assert result.enqueued == 1  # type: ignore[attr-defined]
    row = (await outbox_rows(svc))[-1]
    text = row.payload[0]["text"]
    assert "Fees deferred <to> June & more" in text and "Only for Horten" not in text and "Old news" not in text
    assert f"Updated: {changed.display_title('en')}" in text
    assert text.count("Updated:") == 1 and row.lane == Lane.BULK
    assert row.dedupe_key.startswith("briefing:2026-12-03:")

    # The next day: nothing new since the last briefing → nothing sent (the default).
    await a.knowledge.areload()
    object.__setattr__(a.knowledge.kb, "entries", [changed, *a.knowledge.kb.entries[1:]])
    a.knowledge.kb.__post_init__()
    result = await run(svc, at("2026-12-04 07:30"))
    assert result.enqueued == 0 and result.nothing_new == 1  # type: ignore[attr-defined]

    # A Horten subscriber gets the regional item.
    async with svc.database.uow() as uow:
        user = await uow.users.get("web", "u1")
        assert user is not None
        user.region = "horten"
        shown = await preview(uow, user, a.knowledge, a.config, a.registry.digest_sources, now=at("2026-12-04 08:00"))
    assert shown is None  # since the last briefing (03.12 07:30) nothing was posted


async def test_nothing_new_setting_sends_a_short_note(svc: Services) -> None:
    a = svc.assistant
    a.config = replace(a.config, briefing=BriefingConfig(nothing_new=True))
    await subscribe(svc, "u1")
    result = await run(svc, at("2026-12-02 07:30"))
    assert result.enqueued == 1  # type: ignore[attr-defined]
    assert "Nothing new today." in (await outbox_rows(svc))[0].payload[0]["text"]


def test_a_long_briefing_fits_one_message_and_the_rest_is_behind_more() -> None:
    t = Translator("en")
    long = [DigestSection("news", "News", [f"Item {i} " + "x" * 200 for i in range(60)])]
    first = paginate(t, "Header", long, 0)
    assert first is not None and first.more and len(first.text) <= 4096
    assert first.buttons[-1][0].action == BriefingMore(1).pack()
    pages = []
    page = 0
    while (p := paginate(t, "Header", long, page)) is not None:
        pages.append(p)
        page += 1
    assert all(len(p.text) <= 4096 for p in pages)
    listed = sum(p.text.count("• Item") for p in pages)
    assert listed == 25  # MAX_ITEMS per section; the rest is counted
    assert "…and 35 more" in pages[-1].text and not pages[-1].more


async def test_more_shows_the_next_page_of_the_latest_briefing(svc: Services) -> None:
    user = await subscribe(svc, "u1")
    for i in range(25):
        await post_news(svc, f"News number {i} " + "y" * 250, at("2026-12-02 06:00"))
    result = await run(svc, at("2026-12-02 07:30"))
    assert result.enqueued == 1  # type: ignore[attr-defined]
    payload = (await outbox_rows(svc))[0].payload[0]
    more = [b for row in payload["buttons"] for b in row if b.get("action", "") and b["action"].startswith("1|brm|")]
    assert more
    await user.action(more[0]["action"])
    assert "News number 24" in user.text() and "News number 0 " not in user.text()


# ----------------------------------------------------------------------------------- when
async def test_one_row_per_subscriber_and_day_even_if_run_twice(svc: Services) -> None:
    for i in range(5):
        await subscribe(svc, f"u{i}")
    await post_news(svc, "Something", at("2026-12-01 12:00"))
    now = at("2026-12-02 07:30")
    first = await run(svc, now, batch=2)
    again = await run(svc, now, batch=2)
    forced = await run(svc, now, force=True)
    assert (first.enqueued, again.due, forced.due) == (5, 0, 0)  # type: ignore[attr-defined]
    async with svc.database.uow() as uow:  # even a second insert of the same key is a no-op
        figures = await day_figures(uow, now.date())
        keys = (await uow.session.execute(select(func.count(func.distinct(OutboxMessage.dedupe_key))))).scalar()
    assert figures["due"] == 5 and keys == 5
    # The database refuses a second row for the same subscriber and day.
    from sqlalchemy.exc import IntegrityError

    row = (await outbox_rows(svc))[0]
    with pytest.raises(IntegrityError):
        async with svc.database.uow() as uow:
            uow.session.add(OutboxMessage(channel="web", address="x", payload=[], dedupe_key=row.dedupe_key))


async def test_slots_days_pause_and_weekends(svc: Services) -> None:
    await subscribe(svc, "early", "06:00")
    await subscribe(svc, "late", "09:00")
    paused = await subscribe(svc, "paused", "06:00")
    await paused.press("Pause")
    await post_news(svc, "News", at("2026-12-01 12:00"))
    assert (await run(svc, at("2026-12-02 06:00"))).enqueued == 1  # type: ignore[attr-defined]
    assert (await run(svc, at("2026-12-02 06:30"))).due == 0  # type: ignore[attr-defined]
    assert (await run(svc, at("2026-12-02 09:00"))).enqueued == 1  # type: ignore[attr-defined]
    # Saturday: weekday subscribers get nothing.
    assert (await run(svc, at("2026-12-05 06:00"))).due == 0  # type: ignore[attr-defined]


async def test_a_missed_slot_is_sent_late_the_same_morning_else_skipped(svc: Services) -> None:
    await subscribe(svc, "a", "07:00")
    await subscribe(svc, "b", "08:00")
    await post_news(svc, "News", at("2026-12-01 12:00"))
    await run(svc, at("2026-12-02 06:30"))  # then the server is down until 08:40
    late = await run(svc, at("2026-12-02 08:40"))
    assert late.enqueued == 2  # type: ignore[attr-defined]
    await post_news(svc, "More news", at("2026-12-02 12:00"))
    await run(svc, at("2026-12-03 06:30"))  # down until 13:10, past BRIEFING_LATE_UNTIL (12:00)
    skipped = await run(svc, at("2026-12-03 13:10"))
    assert skipped.due == 0  # type: ignore[attr-defined]


def test_slots_follow_local_time_across_daylight_saving() -> None:
    from zoneinfo import ZoneInfo

    from handlers.config import CoreConfig

    config = CoreConfig(briefing=BriefingConfig(slots=(420,)))
    zone = ZoneInfo(OSLO)
    # 07:00 in Oslo is 06:00 UTC in winter and 05:00 UTC in summer; the change is on 29 March 2026.
    saturday = datetime(2026, 3, 28, 6, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 29, 5, 0, tzinfo=UTC)
    assert due_slots(config, zone, saturday, saturday.replace(minute=0, hour=5), force=False) == [420]
    assert due_slots(config, zone, sunday, sunday.replace(hour=4), force=False) == [420]
    assert due_slots(config, zone, sunday.replace(hour=4, minute=30), sunday.replace(hour=4), force=False) == []
    autumn = datetime(2026, 10, 25, 6, 0, tzinfo=UTC)  # back to winter time: 07:00 is 06:00 UTC again
    assert due_slots(config, zone, autumn, autumn.replace(hour=5, minute=30), force=False) == [420]
    assert due_slots(config, zone, autumn.replace(hour=5), autumn.replace(hour=4, minute=30), force=False) == []


async def test_dst_change_day_end_to_end(svc: Services) -> None:
    await subscribe(svc, "u1", "07:00")
    async with svc.database.uow() as uow:
        sub = await uow.session.get(BriefingSubscription, 1)
        assert sub is not None
        sub.days = "daily"
    await post_news(svc, "News", at("2026-03-27 12:00"))
    assert (await run(svc, datetime(2026, 3, 28, 6, 0, tzinfo=UTC))).enqueued == 1  # type: ignore[attr-defined]
    await post_news(svc, "News 2", at("2026-03-28 12:00"))
    assert (await run(svc, datetime(2026, 3, 29, 4, 30, tzinfo=UTC))).due == 0  # type: ignore[attr-defined]
    assert (await run(svc, datetime(2026, 3, 29, 5, 0, tzinfo=UTC))).enqueued == 1  # type: ignore[attr-defined]


async def test_erase_ends_the_subscription_and_export_shows_it(svc: Services) -> None:
    user = await subscribe(svc, "u1")
    await user.say("/mydata")
    attachment = user.last[0].attachment
    assert attachment is not None and b'"briefing"' in attachment.data and b"07:30" in attachment.data
    await user.say("/deleteme")
    await user.press("Yes")
    async with svc.database.uow() as uow:
        assert (await uow.session.execute(select(func.count()).select_from(BriefingSubscription))).scalar() == 0
        assert (await uow.session.execute(select(func.count()).select_from(User))).scalar() == 1


def test_late_until_default() -> None:
    assert BriefingConfig().late_until == time(12, 0)
