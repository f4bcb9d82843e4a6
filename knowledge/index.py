"""The search index: BM25F postings over stems and concepts, plus the vocabulary behind them.

Built once per knowledge base (and rebuilt whole on reload). Postings are compact arrays so
that 10,000 entries stay small; each posting holds a precomputed BM25 saturation, so a query
only multiplies and adds.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from knowledge.concepts import ALL_LANGS, ConceptMatcher
from knowledge.model import LANGUAGES, Entry
from knowledge.normalise import Token, stems, tokenize
from knowledge.stopwords import STOP

#: Field weights: how much a word counts depending on where the entry says it.
FIELD_WEIGHTS = {"title": 3.0, "questions": 2.0, "keywords": 3.0, "tags": 1.0, "answer": 1.0}
#: Length normalisation per field (long answers should not win by saying everything).
FIELD_B = {"title": 0.3, "questions": 0.5, "keywords": 0.3, "tags": 0.0, "answer": 0.75}
K1 = 1.2
#: Compounds: both parts must be at least this long to count as words of their own.
MIN_PART = 4
CONCEPT_PREFIX = "@"


#: A term found only in an entry's answer text covers a message word less than one in its title.
ANSWER_ONLY = 0.6


@dataclass(slots=True)
class Postings:
    docs: np.ndarray  # int32 document numbers
    sats: np.ndarray  # float32 BM25F saturation tf/(k1+tf) in 0..1
    cover: np.ndarray  # float32: 1 if in a title/question/keyword/tag, ANSWER_ONLY if only in the answer


@dataclass
class Vocabulary:
    """Known words: to split compounds and to correct typos against."""

    terms: set[str] = field(default_factory=set)  # stems and folded words, any field
    by_shape: dict[tuple[int, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    _splits: dict[tuple[str, tuple[str, ...]], tuple[Token, ...]] = field(default_factory=dict)
    _fixes: dict[str, str | None] = field(default_factory=dict)

    def add_words(self, words: Iterable[str]) -> None:
        for word in words:
            if word not in self.terms:
                self.terms.add(word)
                if word.isalpha():
                    self.by_shape[(len(word), word[0])].append(word)

    def known(self, token: Token) -> bool:
        return any(key in self.terms for key in token.keys())

    def split(self, word: str, langs: tuple[str, ...]) -> tuple[Token, ...]:
        """Parts of a compound ("kommuneavgiftene" -> kommune, avgift) found in the vocabulary."""
        key = (word, langs)
        if key not in self._splits:
            self._splits[key] = self._split(word, langs, depth=0) if len(self._splits) < 200_000 else ()
        return self._splits[key]

    def _split(self, word: str, langs: tuple[str, ...], depth: int) -> tuple[Token, ...]:
        best: tuple[Token, ...] = ()
        best_rank = 0
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if head not in self.terms:
                # linking letters: "nærings|liv", "virksomhets|", "barne|hage"
                if head[-1] in "se" and len(head) > MIN_PART and head[:-1] in self.terms:
                    head = head[:-1]
                else:
                    continue
            tail_token = Token(tail, stems(tail, langs))
            if self.known(tail_token):
                parts: tuple[Token, ...] = (Token(head, stems(head, langs)), tail_token)
            elif depth == 0 and len(tail) >= 2 * MIN_PART:
                rest = self._split(tail, langs, depth + 1)
                if not rest:
                    continue
                parts = (Token(head, stems(head, langs)), *rest)
            else:
                continue
            rank = min(len(p.folded) for p in parts) * 10 - len(parts)
            if rank > best_rank:
                best, best_rank = parts, rank
        return best

    def correct(self, word: str) -> str | None:
        """The closest known word within a small edit distance (1, or 2 for long words).

        Short words are left alone (too many real words lie one letter apart) and the first
        letter must agree: people rarely mistype it, and "morgen" must not become "jorgen".
        """
        if len(word) < 5 or not word.isalpha():
            return None
        if word in self._fixes:  # messages repeat their typos; the vocabulary never changes
            return self._fixes[word]
        fixed = self._correct(word)
        if len(self._fixes) < 200_000:
            self._fixes[word] = fixed
        return fixed

    def _correct(self, word: str) -> str | None:
        limit = 1 if len(word) < 9 else 2
        best: tuple[str, float] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            choices = self.by_shape.get((length, word[0]))
            if not choices:
                continue
            found = process.extractOne(word, choices, scorer=Levenshtein.distance, score_cutoff=limit)
            if found is not None and (best is None or found[1] < best[1]):
                best = (found[0], found[1])
        return best[0] if best else None


@dataclass
class Document:
    """What the ranker needs of one entry beyond its postings."""

    entry: Entry
    short_words: tuple[str, ...]  # folded topic words of title, questions, keywords, tags
    phrase_terms: tuple[tuple[str, ...], ...] = ()  # title and questions: their index terms (stems, concepts)
    strong_terms: frozenset[str] = frozenset()  # index terms in a title/question/keyword/tag (cover 1, not ANSWER_ONLY)


@dataclass
class SearchIndex:
    documents: list[Document]
    postings: dict[str, Postings]
    idf: dict[str, float]
    vocabulary: Vocabulary
    matcher: ConceptMatcher
    max_idf: float

    def postings_of(self, term: str) -> Postings | None:
        return self.postings.get(term)


def field_texts(entry: Entry) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field, stemming languages, text) for every piece of text an entry has."""
    for lang, text in entry.title.items():
        yield "title", _langs(lang), text
    for lang, questions in entry.questions.items():
        for question in questions:
            yield "questions", _langs(lang), question
    for keyword in entry.keywords:
        yield "keywords", ALL_LANGS, keyword
    for tag in entry.tags:
        yield "tags", ALL_LANGS, tag.replace("-", " ")
    for lang, text in entry.answer.items():
        yield "answer", _langs(lang), text


def _langs(lang: str) -> tuple[str, ...]:
    return (lang,) if lang in LANGUAGES else ALL_LANGS


def readings(tokens: list[Token], vocabulary: Vocabulary, langs: tuple[str, ...]) -> list[list[Token]]:
    """Each word with its compound parts (when it is long and splits into known words)."""
    out: list[list[Token]] = []
    for token in tokens:
        group = [token]
        if len(token.folded) >= 2 * MIN_PART and token.folded not in STOP:
            group.extend(vocabulary.split(token.folded, langs))
        out.append(group)
    return out


def build_index(entries: list[Entry], matcher: ConceptMatcher) -> SearchIndex:
    vocabulary = Vocabulary()
    tokenised: list[list[tuple[str, tuple[str, ...], list[Token]]]] = []
    seen: set[Token] = set()  # a word's forms go into the vocabulary once
    for entry in entries:
        fields = []
        for name, langs, text in field_texts(entry):
            tokens = tokenize(text, langs)
            fields.append((name, langs, tokens))
            fresh = [t for t in tokens if t not in seen]
            if fresh:
                seen.update(fresh)
                vocabulary.add_words(key for t in fresh if t.folded not in STOP for key in t.keys())
        tokenised.append(fields)
    vocabulary.add_words(word for word in matcher.vocabulary if word not in STOP)

    # per word (and stemming languages): its readings (with compound parts) and their stems, once
    readings_of: dict[tuple[Token, tuple[str, ...]], tuple[tuple[Token, ...], set[str] | None]] = {}
    # concepts of short texts (keywords, tags, short titles), which recur from entry to entry
    short_matches: dict[tuple[tuple[Token, ...], ...], list[str]] = {}
    counts: list[dict[str, Counter[str]]] = []
    lengths: dict[str, list[int]] = defaultdict(list)
    documents: list[Document] = []
    for entry, fields in zip(entries, tokenised, strict=True):
        per_field: dict[str, Counter[str]] = defaultdict(Counter)
        short: list[str] = []
        phrase_terms: list[tuple[str, ...]] = []
        for name, langs, tokens in fields:
            grouped: list[tuple[Token, ...]] = []
            keys: list[str] = []
            terms: set[str] = set()
            for token in tokens:
                known = readings_of.get((token, langs))
                if known is None:
                    group = tuple(readings([token], vocabulary, langs)[0])
                    stop = group[0].folded in STOP
                    known = readings_of[(token, langs)] = (group, None if stop else {k for t in group for k in t.stems})
                grouped.append(known[0])
                if (found := known[1]) is not None:
                    keys.extend(found)
                    terms |= found
            bag = per_field[name]
            bag.update(keys)
            if len(grouped) <= 3:
                key = tuple(grouped)
                matched = short_matches.get(key)
                if matched is None:
                    matched = short_matches[key] = [CONCEPT_PREFIX + m.concept for m in matcher.match(grouped)]
            else:
                matched = [CONCEPT_PREFIX + m.concept for m in matcher.match(grouped)]
            bag.update(matched)
            concepts = set(matched)
            if name in ("title", "questions") and (terms or concepts):
                phrase_terms.append(tuple(sorted(terms | concepts)))
            if name != "answer":
                short.extend(t.folded for t in tokens if t.folded not in STOP)
        for name in FIELD_WEIGHTS:
            lengths[name].append(sum(per_field[name].values()))
        counts.append(per_field)
        documents.append(Document(entry, tuple(dict.fromkeys(short)), tuple(phrase_terms)))

    average = {
        name: (sum(values) / len(values) if values and sum(values) else 1.0) for name, values in lengths.items()
    }
    raw: dict[str, tuple[list[int], list[float], list[int]]] = {}
    for number, (per_field, document) in enumerate(zip(counts, documents, strict=True)):
        weighted: dict[str, float] = defaultdict(float)
        strong: set[str] = set()
        for name, bag in per_field.items():
            size = sum(bag.values())
            norm = 1 - FIELD_B[name] + FIELD_B[name] * size / average[name]
            for term, tf in bag.items():
                weighted[term] += FIELD_WEIGHTS[name] * tf / norm
                if name != "answer":
                    strong.add(term)
        for term, total_tf in weighted.items():
            docs, sats, strongs = raw.setdefault(term, ([], [], []))
            docs.append(number)
            sats.append(total_tf / (K1 + total_tf))
            strongs.append(1 if term in strong else 0)
        document.strong_terms = frozenset(strong)
    total = max(len(entries), 1)
    postings = {
        term: Postings(
            np.array(docs, dtype=np.int32),
            np.array(sats, dtype=np.float32),
            np.where(np.array(strongs, dtype=bool), np.float32(1.0), np.float32(ANSWER_ONLY)).astype(np.float32),
        )
        for term, (docs, sats, strongs) in raw.items()
    }
    idf = {term: math.log(1 + (total - len(p.docs) + 0.5) / (len(p.docs) + 0.5)) for term, p in postings.items()}
    max_idf = math.log(1 + (total + 0.5) / 0.5)
    return SearchIndex(documents, postings, idf, vocabulary, matcher, max_idf)


@dataclass
class PhraseTable:
    """Every entry's titles and example questions as flat arrays: to score the best question of
    many entries at once (see `best_questions`). Terms are index-term numbers, each phrase's
    in sorted order, phrase after phrase, entry after entry."""

    term_ids: dict[str, int]
    terms: np.ndarray  # int32 term numbers
    phrase_of: np.ndarray  # int32: the (global) phrase number of each of `terms`
    totals: np.ndarray  # float64 per phrase: the IDF total of its terms (1.0 when that is 0)
    term_start: np.ndarray  # int64 per entry, plus one: where its phrases' terms start in `terms`
    phrase_start: np.ndarray  # int64 per entry, plus one: its first phrase number


def build_phrase_table(documents: list[Document], idf: dict[str, float]) -> PhraseTable:
    term_ids = {term: number for number, term in enumerate(idf)}
    terms: list[int] = []
    phrase_of: list[int] = []
    totals: list[float] = []
    term_start = [0]
    phrase_start = [0]
    for document in documents:
        for phrase in document.phrase_terms:
            terms.extend(term_ids[t] for t in phrase)
            phrase_of.extend([len(totals)] * len(phrase))
            totals.append(sum(idf.get(t, 0.0) for t in phrase) or 1.0)
        term_start.append(len(terms))
        phrase_start.append(len(totals))
    return PhraseTable(
        term_ids,
        np.array(terms, dtype=np.int32),
        np.array(phrase_of, dtype=np.int32),
        np.array(totals, dtype=np.float64),
        np.array(term_start, dtype=np.int64),
        np.array(phrase_start, dtype=np.int64),
    )


def best_questions(
    table: PhraseTable,
    docs: list[int],
    hits: dict[str, list[tuple[int, float]]],
    idf: dict[str, float],
    unit_weights: list[float],
    parts: list[tuple[list[int] | None, float]],
) -> list[list[float]]:
    """Per part of the message (its unit numbers, None for all, and their weight), for each of
    `docs`: the best harmonic mean, over the entry's titles/questions, of the share of the part's
    weight the phrase explains and the share of the phrase's IDF the part matches.

    The engine's `_question` for many entries in one pass. Every sum adds the same float64 numbers
    in the same order as its term-by-term loop (np.bincount adds in input order, adding 0.0 for
    what a part leaves out changes nothing, maxima are exact): the results are equal, not close.
    `hits`: message term -> (unit number, factor), in the message's order.
    """
    out = [[0.0] * len(docs) for _ in parts]
    known = [(table.term_ids[t], t) for t in hits if t in table.term_ids]
    if not known or not docs:
        return out
    lookup = np.full(len(table.term_ids), -1, dtype=np.int32)  # term number -> message term, or -1
    lookup[[number for number, _ in known]] = np.arange(len(known), dtype=np.int32)
    term_idf = np.array([idf.get(t, 0.0) for _, t in known], dtype=np.float64)
    hit_count = np.array([len(hits[t]) for _, t in known], dtype=np.int64)
    hit_start = np.cumsum(hit_count) - hit_count
    hit_unit = np.array([n for _, t in known for n, _ in hits[t]], dtype=np.int64)
    hit_factor = np.array([f for _, t in known for _, f in hits[t]], dtype=np.float64)
    # the entries' phrase terms one after the other, phrase numbers local to this batch
    chosen = np.asarray(docs, dtype=np.int64)
    starts = table.term_start[chosen]
    lengths = table.term_start[chosen + 1] - starts
    flat = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))
    phrase_counts = table.phrase_start[chosen + 1] - table.phrase_start[chosen]
    phrase_offsets = np.cumsum(phrase_counts) - phrase_counts
    phrases = int(phrase_counts.sum())
    local = table.phrase_of[flat] - np.repeat(table.phrase_start[chosen] - phrase_offsets, lengths)
    at = lookup[table.terms[flat]]
    shared = at >= 0
    if not shared.any():
        return out
    phrase, term = local[shared], at[shared]  # (phrase, message term) pairs, term by term
    global_phrase = np.repeat(table.phrase_start[chosen] - phrase_offsets, phrase_counts) + np.arange(phrases)
    totals = table.totals[global_phrase]
    # each pair's (unit, factor) hits, in the term-by-term order
    counts = hit_count[term]
    pair = np.repeat(np.arange(len(term)), counts)
    start = np.repeat(hit_start[term] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
    unit = hit_unit[start]
    units = len(unit_weights)
    key = phrase[pair] * units + unit
    best_factor = np.zeros(phrases * units, dtype=np.float64)
    np.maximum.at(best_factor, key, hit_factor[start])
    reached, first = np.unique(key, return_index=True)
    reached = reached[np.argsort(first, kind="stable")]  # per phrase: units in order of first reach
    reached_phrase, reached_unit = reached // units, reached % units
    weighted = np.asarray(unit_weights, dtype=np.float64)[reached_unit] * best_factor[reached]
    with_phrases = np.flatnonzero(phrase_counts)  # their phrase ranges tile `mean` in order
    for number, (members, weight) in enumerate(parts):
        if members is None:
            idf_sums = np.bincount(phrase, weights=term_idf[term], minlength=phrases)
            weight_sums = np.bincount(reached_phrase, weights=weighted, minlength=phrases)
        else:
            allowed = np.zeros(units, dtype=bool)
            allowed[members] = True
            used = np.zeros(len(term), dtype=bool)  # a pair counts if one of its hits is allowed
            used[pair[allowed[unit]]] = True
            idf_sums = np.bincount(phrase, weights=np.where(used, term_idf[term], 0.0), minlength=phrases)
            weight_sums = np.bincount(reached_phrase, weights=np.where(allowed[reached_unit], weighted, 0.0),
                                      minlength=phrases)
        mine = idf_sums / totals
        theirs = weight_sums / weight
        both = mine + theirs
        mean = np.zeros(phrases, dtype=np.float64)
        np.divide(2 * mine * theirs, both, out=mean, where=both > 0)
        best = np.zeros(len(docs), dtype=np.float64)  # an entry without titles/questions keeps 0
        best[with_phrases] = np.maximum.reduceat(mean, phrase_offsets[with_phrases])
        out[number] = best.tolist()
    return out
