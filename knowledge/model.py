"""The knowledge base as the rest of Sammen sees it: immutable records, already validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.gatherings import Event, Group

#: The languages content and users may use.
LANGUAGES = ("nb", "nn", "da", "sv", "en")

#: Which language to fall back to, in order, when a text is missing in the one asked for.
#: Norwegian Bokmål and Nynorsk first stand in for each other, then the close Scandinavian
#: neighbours, then English; any remaining language comes last.
FALLBACK: dict[str, tuple[str, ...]] = {
    "nb": ("nb", "nn", "da", "sv", "en"),
    "nn": ("nn", "nb", "da", "sv", "en"),
    "da": ("da", "nb", "nn", "sv", "en"),
    "sv": ("sv", "nb", "da", "nn", "en"),
    "en": ("en", "nb", "sv", "da", "nn"),
}


def pick_text(mapping: Mapping[str, str], lang: str | None) -> str:
    """The text for `lang` from a per-language mapping, falling back to the nearest language."""
    if not mapping:
        return ""
    order = FALLBACK.get(lang or "nb", FALLBACK["nb"])
    for code in order:
        text = mapping.get(code)
        if text:
            return text
    return next((text for text in mapping.values() if text), "")


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One answerable topic. `regions` empty means it applies everywhere."""

    id: str
    answer: dict[str, str]
    title: dict[str, str] = field(default_factory=dict)
    questions: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    valid_until: date | None = None
    source: str = ""

    def serves(self, region: str | None) -> bool:
        """The region rule: a regional entry is for its regions, or for users who gave none."""
        return region is None or not self.regions or region in self.regions

    def expired(self, today: date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    def display_title(self, lang: str | None) -> str:
        """The title, or the first example question, or the id: something to show in a list."""
        title = pick_text(self.title, lang)
        if title:
            return title
        firsts = {code: qs[0] for code, qs in self.questions.items() if qs}
        return pick_text(firsts, lang) or self.id


@dataclass(frozen=True, slots=True)
class Contact:
    id: str
    name: str
    role: dict[str, str] = field(default_factory=dict)
    organisation: str = ""
    phone: str | None = None
    email: str | None = None
    topics: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Region:
    id: str
    name: dict[str, str]
    country: str | None = None
    #: Other names of the place that a message may use: its towns, its association ("Bærum
    #: Næringsråd"), another spelling. A message naming one is about this region.
    aliases: tuple[str, ...] = ()
    #: The IANA time zone of its meetings and events, when it is not the deployment's TIMEZONE.
    timezone: str | None = None


@dataclass(frozen=True)
class OfferCategory:
    """A category of shop-local offers ("food and drink"), with its name per language."""

    id: str
    name: dict[str, str]


def region_from_id(region_id: str) -> Region:
    """A region nobody declared: its name is its id, prettified ("nord-fron" -> "Nord-Fron")."""
    pretty = "-".join(part.capitalize() for part in region_id.split("-"))
    return Region(id=region_id, name={"nb": pretty, "en": pretty}, country=None)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from the YAML files (and the database), checked and cross-referenced."""

    entries: list[Entry]
    contacts: dict[str, Contact] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    #: Network groups and events (`knowledge.gatherings`), from the files and the staff's additions.
    groups: list[Group] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: The categories businesses choose for their offers (`offer_categories`; empty: the built-in list).
    offer_categories: list[OfferCategory] = field(default_factory=list)
    _by_id: dict[str, Entry] = field(init=False, repr=False, compare=False)
    _groups: dict[str, Group] = field(init=False, repr=False, compare=False)
    _events: dict[str, Event] = field(init=False, repr=False, compare=False)
    _zones: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        object.__setattr__(self, "_groups", {group.id: group for group in self.groups})
        object.__setattr__(self, "_events", {event.id: event for event in self.events})
        object.__setattr__(self, "_zones", {r.id: r.timezone for r in self.regions if r.timezone})

    def group(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def event(self, event_id: str) -> Event | None:
        return self._events.get(event_id)

    def region_zones(self) -> dict[str, str]:
        """Region id -> time zone, for the regions that name one."""
        return self._zones

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def region(self, region_id: str) -> Region | None:
        return next((region for region in self.regions if region.id == region_id), None)

    @staticmethod
    def text(mapping: Mapping[str, str], lang: str | None) -> str:
        return pick_text(mapping, lang)
