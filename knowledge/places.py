"""Places named in a message: a region of the knowledge base (by its id, a name or an alias, also in
the genitive, "Hortens", and without diacritics, "Baerum") or a Nordic town or municipality the
base does not cover (lexicon/places.yaml: "vi er i Tromsø", "Bergen kommune", "we are in Malmö").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from knowledge.lexicon_files import read_lexicon
from knowledge.model import Region
from knowledge.normalise import fold
from knowledge.stopwords import STOP

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
#: "we're in X", "vi er i X", "vi holder til i X", "based in X": X (capitalised) is where one is,
#: whether or not the lexicon knows it as a town.
_WHERE_ONE_IS = re.compile(
    r"\b(?:we'?re|we are|i'?m|i am|based|located|vi er|vi är|vi ar|jeg er|jag är|jag ar|eg er|"
    r"holder til|håller till)\s+(?:i|in|på|pa)\s+([A-ZÆØÅÄÖ][^\W\d_]+(?:-[^\W\d_]+)*)",
    re.IGNORECASE | re.UNICODE,
)


@dataclass(frozen=True, slots=True)
class Places:
    """What a message names: the knowledge base's regions (ids, in order of mention) and the first
    uncovered place, as the message writes it."""

    regions: tuple[str, ...] = ()
    unknown: str | None = None


def _key(name: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _WORD.findall(name.lower().replace("-", " ")))


@cache
def _nordic() -> tuple[dict[tuple[str, ...], str], frozenset[str], frozenset[str], frozenset[str]]:
    data = read_lexicon("places")
    names = {_key(str(n)): str(n) for country in ("norway", "denmark", "sweden") for n in data[country]}
    before = frozenset(fold(str(w)) for w in data["before"])
    after = frozenset(fold(str(w)) for w in data["after"])
    away = frozenset(fold(str(w)) for w in data["away"])
    return {k: v for k, v in names.items() if k}, before, after, away


class PlaceFinder:
    """Finds places in messages, for one knowledge base's regions."""

    def __init__(self, regions: list[Region]) -> None:
        self.covered: dict[tuple[str, ...], str] = {}
        for region in regions:
            for name in (region.id.replace("-", " "), *region.name.values(), *region.aliases):
                key = _key(name)
                if key and not (len(key) == 1 and (len(key[0]) < 3 or key[0] in STOP)):
                    self.covered.setdefault(key, region.id)
        nordic, self.before, self.after, self.away = _nordic()
        self.uncovered = {k: v for k, v in nordic.items() if k not in self.covered}
        self.longest = max((len(k) for k in (*self.covered, *self.uncovered)), default=1)

    def single_words(self) -> dict[str, str]:
        """Folded one-word names of covered regions -> region id (also in the genitive)."""
        out: dict[str, str] = {}
        for key, region in self.covered.items():
            if len(key) == 1:
                out[key[0]] = region
                out.setdefault(key[0] + "s", region)
        return out

    def without_covered(self, text: str) -> str:
        """The text without the names of the knowledge's regions it mentions (for the semantic
        stage: once a named place has narrowed the search, its name only makes every entry of
        that place look alike)."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        folded = [fold(text[a:b].lower()) for a, b in spans]
        cut: list[tuple[int, int]] = []
        position = 0
        while position < len(folded):
            size = 1
            for width in range(min(self.longest, len(folded) - position), 0, -1):
                words = [w for part in folded[position : position + width] for w in part.split("-")]
                genitive = (*words[:-1], words[-1][:-1]) if words[-1].endswith("s") and len(words[-1]) > 4 else None
                if tuple(words) in self.covered or (genitive and genitive in self.covered):
                    cut.append((spans[position][0], spans[position + width - 1][1]))
                    size = width
                    break
            position += size
        for start, end in reversed(cut):
            text = text[:start] + text[end:]
        return " ".join(text.split()) if cut else text

    def find(self, text: str) -> Places:
        raw = _WORD.findall(text.replace("-", " "))
        folded = [fold(w.lower()) for w in raw]
        regions: list[str] = []
        unknown: str | None = None
        position = 0
        while position < len(folded):
            for size in range(min(self.longest, len(folded) - position), 0, -1):
                words = folded[position : position + size]
                key = tuple(words)
                genitive = (*words[:-1], words[-1][:-1]) if words[-1].endswith("s") and len(words[-1]) > 4 else None
                region = self.covered.get(key) or (self.covered.get(genitive) if genitive else None)
                if region is not None:
                    regions.append(region)
                    break
                name = self.uncovered.get(key) or (self.uncovered.get(genitive) if genitive else None)
                if name is not None and unknown is None and self._said_as_place(raw, folded, position, size):
                    unknown = " ".join(raw[position : position + size])
                    break
            else:
                size = 1
            position += size
        if not regions and unknown is None:
            for match in _WHERE_ONE_IS.finditer(text):
                name = match.group(1)
                if name[:1].isupper() and _key(name) not in self.covered:
                    unknown = name
                    break
        return Places(tuple(dict.fromkeys(regions)), unknown)

    def _said_as_place(self, raw: list[str], folded: list[str], position: int, size: int) -> bool:
        """A town's name is taken as the town after "i"/"in"/"fra"..., before "kommune"/"city"...,
        or when capitalised in the middle of a sentence."""
        if position > 0 and folded[position - 1] in self.away:
            return False
        if position > 0 and folded[position - 1] in self.before:
            return True
        if position + size < len(folded) and folded[position + size] in self.after:
            return True
        return position > 0 and raw[position][:1].isupper()
