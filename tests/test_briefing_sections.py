"""The daily briefing gathers what the other features registered: a subscriber's morning message holds
the staff's news, the offers approved since the last one and the group meetings of the next 7 days,
each with its button, in their language and region, and nothing from another region."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.services import Services, build_services
from handlers.briefing_schedule import preview
from handlers.types import Reply
from storage.models import NewsItem, Offer, User

from .conftest import make_settings, sqlite_url
from .test_groups import knowledge_with

#: Monday 2 March 2026, 07:00 in Oslo: the first Friday (6 March) is within the week ahead.
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[Services]:
    built = await build_services(make_settings(sqlite_url(tmp_path / "s.db"), knowledge_dir=knowledge_with(tmp_path)))
    yield built
    await built.close()


def _offer(title: str, region: str, approved: datetime) -> Offer:
    return Offer(business_name="Blomsterhjørnet AS", org_number="912345688", region=region, title=title,
                 description="Buketter.", category="retail", delivery=["home"], delivers_home=True,
                 valid_until=date(2026, 3, 20), status="approved", approved_at=approved, language="nb")  # fmt: skip


async def test_a_briefing_holds_news_offers_and_meetings_of_the_region(app: Services) -> None:
    async with app.database.uow() as uow:
        user = User(channel="web", external_id="sub", language="nb", region="horten")
        uow.session.add(user)
        uow.session.add_all([
            _offer("Julebuketter <b>halv pris</b>", "horten", NOW - timedelta(hours=3)),
            _offer("Gammelt tilbud", "horten", NOW - timedelta(days=3)),  # before the last briefing
            _offer("Tilbud i Bærum", "baerum", NOW - timedelta(hours=2)),  # another region
        ])  # fmt: skip
        news = NewsItem(region="horten", text="Nytt tilskudd fra kommunen", created_at=NOW - timedelta(hours=1))
        uow.session.add(news)
    async with app.database.uow() as uow:
        user = (await uow.session.execute(select(User).where(User.external_id == "sub"))).scalar_one()
        payload = await preview(uow, user, app.knowledge, app.assistant.config,
                                app.assistant.registry.digest_sources, now=NOW)  # fmt: skip
    assert payload is not None
    reply = Reply.from_dict(payload)
    text = reply.plain()
    assert "Nytt tilskudd fra kommunen" in text
    assert "Julebuketter <b>halv pris</b>" in text  # escaped: the poster's markup stays text
    assert "Gammelt tilbud" not in text and "Tilbud i Bærum" not in text
    assert "Frokostnettverket i Horten" in text  # Friday 6 March, 08:30
    assert "Seminar om eksport" not in text  # 20 March: not within the week
    labels = [b.label for row in reply.buttons for b in row]
    assert "🛍 Lokale tilbud" in labels and "Frokostnettverket i Horten" in labels, labels  # each with its button
