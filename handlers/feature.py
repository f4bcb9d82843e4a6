"""A feature declares what it offers in one place; the assistant collects the features it is given.

Like aiogram's routers: each use case module makes one `Feature` and registers on it its commands,
its button handlers (by `CallbackData` class), the dialog flows whose typed answers it takes, the
menu buttons it adds, its scheduled jobs and what personal data it stores. `handlers/features.py`
lists the features, one line each; nothing else is edited to add one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from handlers.callbacks import CallbackData
from handlers.digest import DigestSourceEntry

if TYPE_CHECKING:
    from handlers.config import CoreConfig
    from handlers.context import Context
    from knowledge.store import KnowledgeStore
    from storage.database import Database
    from storage.models import DialogState, User
    from storage.uow import UnitOfWork

CommandHandler = Callable[["Context", str], Awaitable[None]]
ActionHandler = Callable[["Context", Any], Awaitable[None]]
#: A typed answer to a waiting dialog step: True when the text was taken.
FlowHandler = Callable[["Context", "DialogState", str], Awaitable[bool]]
#: Sees every typed text before dialogs and questions (the staff chat's awaited answers): True when taken.
TextHook = Callable[["Context", str], Awaitable[bool]]
#: What a feature holds about one user, as JSON-able data (for "my data").
Exporter = Callable[["UnitOfWork", "User"], Awaitable[Any]]
#: Remove or anonymise what a feature holds about one user (for "delete me").
Eraser = Callable[["UnitOfWork", "User", "Erasing"], Awaitable[None]]

#: Finds what a feature holds that matches a question ("who delivers home?" → offers, "when is the
#: next network meeting?" → the group): says it with `ctx.say` and returns True when it found something.
Finder = Callable[["Context", str, str], Awaitable[bool]]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: CommandHandler
    #: Place in the command menu and in /help (lower first); None keeps it out of both.
    order: int | None


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A button in the main menu: its label's catalogue key, and the command it runs."""

    label: str
    command: str
    order: int


@dataclass(frozen=True, slots=True)
class Job:
    """A scheduled job. `cron` gives APScheduler's CronTrigger fields (in the deployment's time zone)
    from the core's settings; `run(database, config)` does the work (unprompted messages go through
    the outbox); `options` are APScheduler job options such as misfire_grace_time."""

    id: str
    run: Callable[[Database, CoreConfig], Awaitable[Any]]
    cron: Callable[[CoreConfig], dict[str, Any]]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Erasing:
    """What an eraser may need besides the user: the knowledge and the settings, to tell whoever moves
    up a waiting list in words (the group's name, its calendar file), as when someone leaves."""

    knowledge: KnowledgeStore
    config: CoreConfig


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One kind of personal data a feature stores, with how to export and erase it."""

    name: str
    export: Exporter
    erase: Eraser


@dataclass(kw_only=True)
class Offers:
    """What one feature, or all of them together, offers."""

    commands: dict[str, Command] = field(default_factory=dict)
    actions: dict[type[CallbackData], ActionHandler] = field(default_factory=dict)
    flows: dict[str, FlowHandler] = field(default_factory=dict)
    text_hooks: list[TextHook] = field(default_factory=list)
    menu: list[MenuItem] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    #: Called with every question (context, text, answer language), after the knowledge answer.
    finders: list[Finder] = field(default_factory=list)
    #: Sections of the daily briefing, by topic.
    digest_sources: list[DigestSourceEntry] = field(default_factory=list)
    #: Free text that no hook or dialog took (asking); one feature provides it.
    answers: TextHook | None = None


@dataclass
class Feature(Offers):
    name: str

    def command(self, name: str, *, order: int | None = None) -> Callable[[F], F]:
        def register(handler: F) -> F:
            self.commands[name] = Command(name, handler, order)
            return handler

        return register

    def action(self, kind: type[CallbackData]) -> Callable[[F], F]:
        def register(handler: F) -> F:
            self.actions[kind] = handler
            return handler

        return register

    def flow(self, *names: str) -> Callable[[F], F]:
        def register(handler: F) -> F:
            for name in names:
                self.flows[name] = handler
            return handler

        return register

    def text_hook(self, handler: F) -> F:
        self.text_hooks.append(handler)
        return handler

    def fallback(self, handler: F) -> F:
        """Register the handler for free text that nothing else took (one per assistant)."""
        self.answers = handler
        return handler

    def menu_item(self, label: str, command: str, order: int) -> None:
        self.menu.append(MenuItem(label, command, order))

    def job(self, job_id: str, *, cron: Callable[[CoreConfig], dict[str, Any]], **options: Any) -> Callable[[F], F]:
        def register(run: F) -> F:
            self.jobs.append(Job(job_id, run, cron, options))
            return run

        return register

    def stores(self, name: str, export: Exporter, erase: Eraser) -> None:
        self.personal_data.append(PersonalData(name, export, erase))

    def finder(self, handler: F) -> F:
        """Register a finder: what this feature holds that matches a question, shown after the answer."""
        self.finders.append(handler)
        return handler

    def digest_source(self, topic: str, *, order: int) -> Callable[[F], F]:
        """Register a section of the daily briefing for subscribers who chose `topic`."""

        def register(build: F) -> F:
            self.digest_sources.append(DigestSourceEntry(topic, order, build))
            return build

        return register


class DuplicateRegistration(ValueError):
    """Two features claim the same command, button kind, dialog flow or job."""


@dataclass
class Registry(Offers):
    """Everything the given features offer, merged; a clash is refused at start."""

    features: tuple[Feature, ...]

    def __post_init__(self) -> None:
        for feature in self.features:
            if feature.answers is not None:
                if self.answers is not None:
                    raise DuplicateRegistration(f"{feature.name}: a second handler for free text")
                self.answers = feature.answers
            _merge(self.commands, feature.commands, feature, "command")
            _merge(self.actions, feature.actions, feature, "button kind")
            _merge(self.flows, feature.flows, feature, "dialog flow")
            taken = {job.id for job in self.jobs}
            if clash := taken & {job.id for job in feature.jobs}:
                raise DuplicateRegistration(f"{feature.name}: job {sorted(clash)[0]!r} is registered twice")
            self.jobs += feature.jobs
            self.text_hooks += feature.text_hooks
            self.menu += feature.menu
            self.personal_data += feature.personal_data
            self.finders += feature.finders
            self.digest_sources += feature.digest_sources
        self.menu.sort(key=lambda item: item.order)
        self.digest_sources.sort(key=lambda source: source.order)

    async def answer(self, ctx: Context, text: str) -> None:
        """Treat `text` as a question (what a dialog does with a message that is not its answer)."""
        if self.answers is None:
            raise LookupError("no feature answers free text")
        await self.answers(ctx, text)

    def listed_commands(self) -> list[Command]:
        """The commands offered in the command menu and /help, in order."""
        listed = [c for c in self.commands.values() if c.order is not None]
        return sorted(listed, key=lambda c: c.order or 0)


def _merge(into: dict[Any, Any], new: dict[Any, Any], feature: Feature, what: str) -> None:
    for key, value in new.items():
        if key in into:
            name = key.__name__ if isinstance(key, type) else key
            raise DuplicateRegistration(f"{feature.name}: {what} {name!r} is registered twice")
        into[key] = value
