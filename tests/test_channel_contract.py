"""One channel contract: every adapter implements it, a stored address (with the channel's own
reference) comes back whole to the delivery, and the staff's rows go to whichever channel has a
staff conversation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.console import ConsoleChannel
from bot.services import build_services
from bot.settings import Settings, TelegramSettings
from bot.telegram.channel import TelegramChannel
from bot.webchat.routes import WebChat
from handlers.channel import Address, Channel, Receipt
from handlers.escalation import STAFF_CHANNEL
from handlers.types import Reply
from scheduler.outbox import OutboxWorker
from scheduler.runner import register_deliveries
from storage.outbox import OutboxRepository
from storage.states import Lane

from .conftest import make_settings, sqlite_url


class Pushing:
    """A channel that can push, as a Teams adapter would: it records the addresses it is handed."""

    name = "teams"

    def __init__(self, staff: Address | None = None) -> None:
        self.staff = staff
        self.sent: list[tuple[Address, str, Lane]] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def delivery(self) -> Pushing:
        return self

    def staff_address(self) -> Address | None:
        return self.staff

    async def send(self, address: Address, replies: list[Reply], *, lane: Lane = Lane.INTERACTIVE) -> Receipt:
        self.sent.extend((address, r.text, lane) for r in replies)
        return Receipt(external_id="m1")


async def test_every_adapter_implements_the_contract(tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url(tmp_path / "c.db"), telegram=TelegramSettings(bot_token="1:x"))
    services = await build_services(settings)
    try:
        adapters: list[Any] = [
            TelegramChannel(services), WebChat(services.assistant, "nb"), ConsoleChannel(), Pushing()
        ]
        for adapter in adapters:
            assert isinstance(adapter, Channel), adapter
        telegram = adapters[0]
        assert telegram.delivery() is not None and telegram.staff_address() is None
        assert adapters[1].delivery() is None and adapters[2].delivery() is None
    finally:
        await services.close()


async def test_a_stored_reference_comes_back_to_the_delivery_and_staff_rows_follow_the_staff_channel(
    tmp_path: Path,
) -> None:
    services = await build_services(make_settings(sqlite_url(tmp_path / "r.db")))
    reference = {"service_url": "https://smba.example/emea/", "tenant": "t-1", "conversation": "a:1Xyz" * 20}
    try:
        async with services.database.uow() as uow:
            user = await uow.users.get_or_create("teams", "29:user-aad-id")
            user.address_ref = reference
            repo = OutboxRepository(uow.session)
            await repo.to_user(user, [Reply("Bulk news")], lane=Lane.BULK)
            await repo.to_user(user, [Reply("Your answer")])
            await repo.enqueue(STAFF_CHANNEL, "staff", [Reply("New question")])
        teams = Pushing(staff=Address("teams", "19:staff-channel", {"service_url": "https://smba.example/emea/"}))
        worker = OutboxWorker(services.database)
        register_deliveries(worker, [ConsoleChannel(), teams])
        assert set(worker.deliveries) == {"teams", STAFF_CHANNEL}
        assert await worker.drain() == 3
        by_text = {text: (address, lane) for address, text, lane in teams.sent}
        assert by_text["Your answer"] == (Address("teams", "29:user-aad-id", reference), Lane.INTERACTIVE)
        assert by_text["Bulk news"][1] is Lane.BULK
        assert by_text["New question"][0] == teams.staff
        assert [text for _, text, _ in teams.sent].index("Your answer") < [t for _, t, _ in teams.sent].index(
            "Bulk news"
        )  # the interactive row went first although it was queued later
    finally:
        await services.close()
