"""Concepts: everyday wordings in five languages mapped to one meaning (see lexicon/concepts.yaml).

A message and an entry that share a concept ("sende folk hjem" / "permittering" -> layoff)
match even when they share no word, which is what paraphrases and other languages need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from knowledge.lexicon_files import read_lexicon
from knowledge.normalise import Token, fold, stems, words
from knowledge.stopwords import NEGATIONS, STOP

ALL_LANGS = ("nb", "da", "sv", "en")
#: How far apart the words of a phrase may stand, beyond the phrase's own length.
PHRASE_SLACK = 3
#: Concepts of subjects Sammen does not cover (lexicon/offtopic.yaml) are named with this prefix.
OFF_TOPIC = "offtopic:"
#: Stems of a pattern word shorter than this are not used (unless the word is that short itself).
MIN_STEM = 4
#: A word that starts with a "word*" pattern and goes on for at most this many letters is an
#: inflection of it ("reklam*": "reklamere", "reklamen"), so an exact match; a longer rest
#: makes a compound that merely contains the concept ("korona*": "koronavaksine").
INFLECTION = 4


@dataclass(frozen=True, slots=True)
class Match:
    concept: str
    start: int  # first token position
    end: int  # last token position (inclusive)
    exact: bool = True  # False when only a wildcard matched (a compound that merely contains it)


@dataclass
class _Piece:
    """One word of a pattern: an exact word (by stem) or a wildcard on the folded spelling."""

    kind: str  # "word" | "prefix" | "suffix" | "contains"
    text: str
    keys: tuple[str, ...] = ()


@dataclass
class ConceptMatcher:
    """Finds every concept whose pattern occurs in a token list."""

    by_key: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    prefixes: dict[int, dict[str, set[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    suffixes: dict[int, dict[str, set[int]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    contains: list[tuple[str, int]] = field(default_factory=list)
    patterns: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)  # concept, piece ids
    tight: set[int] = field(default_factory=set)  # patterns whose words must stand next to each other, in order
    single: set[int] = field(default_factory=set)  # pieces that are a whole pattern by themselves
    piece_patterns: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    pieces: list[_Piece] = field(default_factory=list)
    vocabulary: set[str] = field(default_factory=set)  # folded words of plain pieces, for typo fixing
    _cache: dict[Token, tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)

    def add(self, concept: str, pattern: str, tight: bool = False) -> None:
        """One pattern of a concept. A tight pattern keeps every word, stop words too, and matches
        only as that exact sequence of words ("min lønn", not "lønn til min ansatt")."""
        raw = pattern.strip().lower().split()
        tokens = [t for t in raw if t.strip("*")]
        kept = [t for t in tokens if "*" in t or fold(t) not in STOP or fold(t) in NEGATIONS]
        if not tight and (len(kept) >= 2 or (len(kept) == 1 and len(tokens) == 1)):
            tokens = kept
        ids = tuple(self._piece(token) for token in tokens)
        if not ids:
            return
        index = len(self.patterns)
        self.patterns.append((concept, ids))
        if tight and len(ids) > 1:
            self.tight.add(index)
            # every word of a tight pattern must occur, so it is looked at only when its first
            # topic word does, not for every "jeg" or "i" of a message
            content = [i for i, t in zip(ids, tokens, strict=True) if fold(t.strip("*")) not in STOP]
            ids_to_watch = content[:1] or list(ids[:1])
        else:
            ids_to_watch = list(set(ids))
        if len(ids) == 1:
            self.single.add(ids[0])
        for piece_id in ids_to_watch:
            self.piece_patterns[piece_id].append(index)

    def _piece(self, token: str) -> int:
        piece_id = len(self.pieces)
        star_start, star_end = token.startswith("*"), token.endswith("*")
        text = fold("".join(words(token.strip("*"))) or token.strip("*"))
        if star_start and star_end:
            piece = _Piece("contains", text)
            self.contains.append((text, piece_id))
        elif star_end:
            piece = _Piece("prefix", text)
            self.prefixes[len(text)][text].add(piece_id)
        elif star_start:
            piece = _Piece("suffix", text)
            self.suffixes[len(text)][text].add(piece_id)
        else:
            word = token.strip("*")
            # every language's stem, except very short ones of longer words: another language's
            # stemmer may cut "varer" to "var" or "bills" to "bil", which are other words
            folded = fold(word)
            keys = tuple(dict.fromkeys(
                (*(s for s in stems(word, ALL_LANGS) if len(s) >= MIN_STEM or s == folded), folded)
            ))
            piece = _Piece("word", text, keys)
            for key in keys:
                self.by_key[key].add(piece_id)
            self.vocabulary.add(fold(word))
        self.pieces.append(piece)
        return piece_id

    def pieces_of(self, token: Token) -> frozenset[int]:
        """The pattern pieces a token matches (cached: the same words recur all the time)."""
        return self._lookup(token)[0]

    def inflected_of(self, token: Token) -> frozenset[int]:
        """The "word*" pieces a token matches as an inflection rather than as part of a compound."""
        return self._lookup(token)[1]

    def _lookup(self, token: Token) -> tuple[frozenset[int], frozenset[int]]:
        found = self._cache.get(token)
        if found is not None:
            return found
        hits: set[int] = set()
        inflected: set[int] = set()
        for key in token.keys():
            hits |= self.by_key.get(key, set())
        word = token.folded
        for length, table in self.prefixes.items():
            if len(word) >= length and (ids := table.get(word[:length])):
                hits |= ids
                if len(word) - length <= INFLECTION:
                    inflected |= ids
        for length, table in self.suffixes.items():
            if len(word) >= length and (ids := table.get(word[-length:])):
                hits |= ids
        for text, piece_id in self.contains:
            if text in word:
                hits.add(piece_id)
        found = (frozenset(hits), frozenset(inflected))
        if len(self._cache) < 500_000:
            self._cache[token] = found
        return found

    def knows(self, token: Token) -> bool:
        """Whether a word is a whole pattern of the lexicon by itself (as a word or an inflection of
        a "word*"): a word the lexicon knows is not a typo of another word."""
        hits, inflected = self._lookup(token)
        pieces = self.pieces
        single = self.single
        return any(p in single and pieces[p].kind == "word" for p in hits) or not single.isdisjoint(inflected)

    def match(self, tokens: Sequence[Iterable[Token]]) -> list[Match]:
        """Concepts found in a text; each position may offer several readings of one word."""
        positions: dict[int, list[int]] = defaultdict(list)  # piece id -> token positions
        inflections: set[tuple[int, int]] = set()  # (piece id, position) matched as an inflection
        for position, readings in enumerate(tokens):
            for token in readings:
                for piece_id in self.pieces_of(token):
                    positions[piece_id].append(position)
                for piece_id in self.inflected_of(token):
                    inflections.add((piece_id, position))
        candidates = {p for piece_id in positions for p in self.piece_patterns[piece_id]}
        matches: dict[tuple[str, int], Match] = {}
        for index in candidates:
            concept, ids = self.patterns[index]
            if len(ids) == 1:
                word_piece = self.pieces[ids[0]].kind == "word"
                spans = [(p, p) for p in positions[ids[0]]]
            else:
                word_piece = True
                found = _sequence(ids, positions) if index in self.tight else _span(ids, positions)
                spans = [found] if found is not None else []
            for start, end in spans:
                exact = word_piece or (ids[0], start) in inflections
                known = matches.get((concept, start))
                if known is None or (exact and not known.exact):
                    matches[(concept, start)] = Match(concept, start, end, exact)
        return list(matches.values())


def _sequence(ids: tuple[int, ...], positions: dict[int, list[int]]) -> tuple[int, int] | None:
    """Where the pieces of a tight pattern occur one right after the other, in order, or None."""
    if any(piece_id not in positions for piece_id in ids):
        return None
    for start in positions[ids[0]]:
        if all(start + offset in positions[piece_id] for offset, piece_id in enumerate(ids)):
            return start, start + len(ids) - 1
    return None


def _span(ids: tuple[int, ...], positions: dict[int, list[int]]) -> tuple[int, int] | None:
    """Where all pieces of a pattern occur close together (any order), or None."""
    if any(piece_id not in positions for piece_id in ids):
        return None
    if len(ids) == 1:
        first = positions[ids[0]][0]
        return first, first
    limit = len(ids) + PHRASE_SLACK
    for start in positions[ids[0]]:
        chosen = {start}
        for piece_id in ids[1:]:
            near = [p for p in positions[piece_id] if abs(p - start) < limit and p not in chosen]
            if not near:
                break
            chosen.add(min(near, key=lambda p: abs(p - start)))
        else:
            if max(chosen) - min(chosen) < limit:
                return min(chosen), max(chosen)
    return None


def build_matcher(synonyms: Sequence[Sequence[str]] = ()) -> ConceptMatcher:
    """The lexicon's concepts, its off-topic subjects (tight patterns, concepts named OFF_TOPIC +
    group) and the knowledge base's own synonym groups (as concepts too)."""
    matcher = ConceptMatcher()
    for concept, patterns in read_lexicon("concepts")["concepts"].items():
        for pattern in patterns:
            matcher.add(concept, str(pattern))
    for group, patterns in read_lexicon("offtopic")["offtopic"].items():
        for pattern in patterns:
            matcher.add(OFF_TOPIC + group, str(pattern), tight=True)
    for number, group in enumerate(synonyms):
        for word in group:
            matcher.add(f"synonym-{number}", str(word))
    return matcher


def build_business_matcher() -> ConceptMatcher:
    """The wordings of one who runs a business or employs people (lexicon/offtopic.yaml "business"),
    tight patterns of one concept. Kept apart from the concepts: they mark who speaks, not a topic."""
    matcher = ConceptMatcher()
    for pattern in read_lexicon("offtopic")["business"]:
        matcher.add("business", str(pattern), tight=True)
    return matcher
