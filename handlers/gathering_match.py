"""Which groups or events a question is about: "er der plads i iværksætternetværket?" names one,
"når er neste nettverksmøte?" asks for the next meetings near the user. Words only, no ranking of
knowledge entries: it runs after the knowledge answer and adds the group or event with its button."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from knowledge.gatherings import Gathering
from knowledge.normalise import fold, words

#: Words in names that say nothing about which group it is.
_GENERIC = {fold(w) for w in (
    "nettverk", "nettverket", "netværk", "netværket", "nätverk", "nätverket", "network", "networks", "gruppe",
    "gruppen", "grupper", "grupp", "gruppen", "group", "groups", "samarbejdsgruppen", "samarbeidsgruppen",
    "collaboration", "bedrifter", "virksomheder", "företag", "companies", "businesses", "small", "events",
    "møter", "møder", "meeting", "meetings", "fredag", "friday", "det", "gode", "good", "for", "and", "och", "og",
)}  # fmt: skip

#: A network (any compound: "nettverksmøte", "netværksgruppen", "networking") ...
_NETWORK = tuple(fold(w) for w in ("nettverk", "netværk", "nätverk", "network"))
#: ... or an event or a group (these words and their inflections only: "eventuelt" or "messenger" is
#: neither, and a bare "møte" is anyone's meeting: "når er neste møte i formannskapet?") is asked about ...
_MEETING = tuple(fold(w) for w in (
    "arrangement", "event", "messe", "mässa", "fair", "samarbeidsgruppe", "samarbejdsgruppe", "gruppe", "grupp",
    "group",
))  # fmt: skip
_ENDINGS = ("", "s", "a", "e", "n", "t", "en", "er", "et", "ar", "na", "ne", "ene", "erne", "arna", "ets", "ens")
#: ... together with when, what is next, or whether there is room.
_WHEN = {fold(w) for w in (
    "når", "hvornår", "när", "when", "neste", "næste", "nästa", "next", "kommende", "kommande", "upcoming",
    "plass", "plads", "plats", "room", "space", "ledig", "ledige", "lediga", "free", "dato", "datum", "date",
)}  # fmt: skip


@lru_cache(maxsize=8192)
def _name_tokens(names: tuple[str, ...]) -> frozenset[str]:
    tokens = {fold(w) for name in names for w in words(name)}
    return frozenset(t for t in tokens if len(t) >= 5 and t not in _GENERIC)


def _names(gathering: Gathering) -> tuple[str, ...]:
    texts = gathering.name if hasattr(gathering, "name") else gathering.title_text  # type: ignore[union-attr]
    return (*texts.values(), gathering.id.replace("-", " "))


def named(gatherings: list[Gathering], text: str, places: frozenset[str] = frozenset()) -> list[Gathering]:
    """The groups and events the message names by a distinctive word of their name (typos and
    inflections allowed: "iværksætternetværket", "ivarksatternetvark"). A place's name (`places`,
    folded) names no group: "NAV i Horten" is not about Horten's network."""
    said = [fold(w) for w in words(text) if len(w) >= 5]
    said = [w for w in said if w not in _GENERIC and not _names_place(w, places)]
    if not said:
        return []
    found = []
    for gathering in gatherings:
        tokens = _name_tokens(_names(gathering))
        if any(_close(word, token) for word in said for token in tokens):
            found.append(gathering)
    return found


def _names_place(word: str, places: frozenset[str]) -> bool:
    """The word is a place's name, or one inflected ("Hortens", "Hedensteds")."""
    return any(word[: len(word) - cut] in places for cut in range(4))


@lru_cache(maxsize=65536)
def _close(word: str, token: str) -> bool:
    if word == token:
        return True
    if len(token) >= 7 and (word.startswith(token[: len(token) - 2]) or token.startswith(word[: len(word) - 2])):
        return min(len(word), len(token)) >= 7
    return fuzz.ratio(word, token) >= 88


def asks_when(text: str) -> bool:
    """A question about the next meetings or free places of networks and events, none named."""
    said = [fold(w) for w in words(text)]
    meeting = any(w.startswith(_NETWORK) for w in said) or any(
        w.startswith(m) and w[len(m) :] in _ENDINGS for w in said for m in _MEETING
    )
    return meeting and any(w in _WHEN for w in said)


@lru_cache(maxsize=64)
def place_words(names: tuple[str, ...]) -> frozenset[str]:
    """The folded words of the regions' names and aliases."""
    return frozenset(fold(w) for name in names for w in words(name) if len(w) >= 4)
