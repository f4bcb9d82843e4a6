"""The data structures and caches that make search fast give the same answers as the plain way.

Each test computes something the slow, obvious way (every term looked up, every posting searched,
every vocabulary word compared) and checks the fast structure agrees. No timings here: speed is
for `python -m benchmarks.search`.
"""

from __future__ import annotations

import random
from functools import cache

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from knowledge.commands import BUNDLED
from knowledge.engine import STRONG, Engine, Query, ngrams
from knowledge.index import Vocabulary, best_questions
from knowledge.language import detect_language
from knowledge.loader import load_knowledge
from knowledge.normalise import Token, fold, stem, stems, token, tokenize, words

MESSAGES = [
    "Hvem kan hjelpe meg med permittering av ansatte?",
    "kan vi utsette betalingen av de kommunale avgiftene",
    "Findes der et netværk for nye iværksættere i kommunen?",
    "Hur startar jag ett eget företag och vem ger rådgivning?",
    "our bills from the town are piling up, can we pay them a bit later?",
    "hjemkjoring fra butikker i sentrum",
    "Vi er et lite bilverksted med fire mann, og akkurat nå er det helt stille. Kan kommunen hjelpe oss "
    "med permittering? Hvem kan jeg snakke med om støtteordninger og nettverk for bedrifter?",
]


@pytest.fixture(scope="module")
def bundled() -> Engine:
    return Engine(load_knowledge(BUNDLED))


@cache
def _questions() -> list[str]:
    kb = load_knowledge(BUNDLED)
    texts = [q for entry in kb.entries for qs in entry.questions.values() for q in qs]
    return MESSAGES + random.Random(3).sample(texts, min(40, len(texts)))


def _query(engine: Engine, text: str) -> Query:
    return engine.analyse(text, detect_language(text))


def _unit_arrays(engine: Engine, query: Query) -> list[np.ndarray | None]:
    """Per unit, per entry: the best cover of any of its terms (as the ranker builds it)."""
    size = len(engine.index.documents)
    out: list[np.ndarray | None] = []
    for unit in query.units:
        cover: np.ndarray | None = None
        for term, factor in unit.alternatives.items():
            postings = engine.index.postings.get(term)
            if postings is None:
                continue
            if cover is None:
                cover = np.zeros(size, dtype=np.float32)
            cover[postings.docs] = np.maximum(cover[postings.docs], factor * postings.cover)
        out.append(cover)
    return out


# -- the index ---------------------------------------------------------------------------------

def test_strong_terms_are_the_terms_with_full_cover_in_the_postings(bundled: Engine) -> None:
    index = bundled.index
    expected: list[set[str]] = [set() for _ in index.documents]
    for term, postings in index.postings.items():
        for doc, cover in zip(postings.docs.tolist(), postings.cover.tolist(), strict=True):
            if cover == 1.0:
                expected[doc].add(term)
    assert [set(d.strong_terms) for d in index.documents] == expected
    for document in index.documents:  # the questions' terms are among them (the ranker relies on it)
        assert {t for terms in document.phrase_terms for t in terms} <= document.strong_terms


def test_entry_strong_terms_match_a_search_of_the_postings(bundled: Engine) -> None:
    """`_strong_terms` by set membership == the binary search in each term's postings."""

    def slow(doc: int, alternatives: dict[str, float]) -> set[str]:
        out = set()
        for term, factor in alternatives.items():
            postings = bundled.index.postings.get(term)
            if postings is None or factor < STRONG:
                continue
            at = int(np.searchsorted(postings.docs, doc))
            if at < len(postings.docs) and postings.docs[at] == doc and factor * postings.cover[at] >= STRONG:
                out.add(term)
        return out

    checked = 0
    for text in _questions():
        query = _query(bundled, text)
        for unit in query.units:
            for doc in range(len(bundled.index.documents)):
                assert bundled._strong_terms(doc, unit) == slow(doc, unit.alternatives)
                checked += 1
    assert checked > 1000


# -- the rerank features -----------------------------------------------------------------------

def _question_slow(engine: Engine, doc: int, query: Query, members: list[int], weight: float) -> float:
    """The best-question feature term by term, as first written (no sets, no per-message cache)."""
    idf = engine.index.idf
    allowed = set(members) if len(members) < len(query.units) else None
    best = 0.0
    for terms in engine.index.documents[doc].phrase_terms:
        total = sum(idf.get(t, 0.0) for t in terms) or 1.0
        factors: dict[int, float] = {}
        mine = 0.0
        for term in terms:
            hits = query.terms.get(term)
            if hits is None:
                continue
            used = False
            for number, factor in hits:
                if allowed is not None and number not in allowed:
                    continue
                used = True
                if factor > factors.get(number, 0.0):
                    factors[number] = factor
            if used:
                mine += idf.get(term, 0.0)
        if not factors:
            continue
        theirs = sum(query.units[n].weight * f for n, f in factors.items()) / weight
        mine /= total
        if mine + theirs > 0:
            best = max(best, 2 * mine * theirs / (mine + theirs))
    return best


def test_best_question_equals_the_term_by_term_computation(bundled: Engine) -> None:
    rng = random.Random(5)
    for text in _questions():
        query = _query(bundled, text)
        if not query.units:
            continue
        everything = list(range(len(query.units)))
        parts = [everything, *query.segments]
        if len(everything) > 2:
            parts.append(sorted(rng.sample(everything, len(everything) // 2)))
        for doc in range(len(bundled.index.documents)):
            for members in parts:  # the per-message cache is filled by the first and reused
                weight = sum(query.units[n].weight for n in members) or 1.0
                fast = bundled._question(doc, query, members, weight)
                assert fast == _question_slow(bundled, doc, query, members, weight), (text, doc, members)


def test_best_questions_in_one_pass_equal_the_term_by_term_computation(bundled: Engine) -> None:
    """index.best_questions (all entries, several parts at once) == `_question` entry by entry."""
    rng = random.Random(9)
    docs = list(range(len(bundled.index.documents)))
    for text in _questions():
        query = _query(bundled, text)
        if not query.units:
            continue
        everything = list(range(len(query.units)))
        parts = [everything, *query.segments]
        if len(everything) > 2:
            parts.append(sorted(rng.sample(everything, len(everything) // 2)))
        asked = [(None if m == everything else m, sum(query.units[n].weight for n in m) or 1.0) for m in parts]
        found = best_questions(bundled._phrase_table, docs, query.terms, bundled.index.idf,
                               [u.weight for u in query.units], asked)
        for (members, weight), values in zip(asked, found, strict=True):
            for doc in docs:
                expected = _question_slow(bundled, doc, query, members or everything, weight)
                assert values[doc] == expected, (text, doc, members)


def test_ngram_share_equals_a_set_intersection(bundled: Engine) -> None:
    for text in _questions():
        query = _query(bundled, text)
        grams = bundled._query_grams(query.words)
        wanted = ngrams(query.words)
        for doc, document in enumerate(bundled.index.documents):
            entry_grams = ngrams(document.short_words)
            expected = len(wanted & entry_grams) / len(wanted) if wanted else 0.0
            assert bundled._gram_share(doc, grams) == pytest.approx(expected, abs=1e-12)


def test_breadth_with_per_message_shares_is_unchanged_by_reuse(bundled: Engine) -> None:
    """The per-unit shares are cached on the message: a second pass (as for the sentences) agrees."""
    for text in _questions():
        query = _query(bundled, text)
        if not query.units:
            continue
        cover = _unit_arrays(bundled, query)
        members = list(range(len(query.units)))
        first = [bundled._breadth(doc, query, members, cover) for doc in range(len(bundled.index.documents))]
        fresh = _query(bundled, text)
        assert fresh.shares is None
        again = [bundled._breadth(doc, fresh, members, cover) for doc in range(len(bundled.index.documents))]
        assert first == again


# -- words -------------------------------------------------------------------------------------

def test_cached_tokens_equal_fresh_ones() -> None:
    langs_list = [("nb",), ("sv",), ("en", "nb", "da", "sv"), ("nb", "da", "sv")]
    for text in _questions():
        for langs in langs_list:
            for word, tok in zip(words(text), tokenize(text, langs), strict=True):
                fresh = []
                for lang in langs:
                    stemmed = stem(word, lang)
                    variants = [stemmed]
                    if lang != "en" and len(stemmed) >= 8 and stemmed.endswith("ing"):
                        variants.append(stemmed[:-3])
                    fresh.extend(v for v in variants if v not in fresh)
                assert tok == Token(fold(word), tuple(fresh))
                assert tok is token(word, langs) and stems(word, langs) == tok.stems


def _brute_force_distance(vocabulary: Vocabulary, word: str) -> int | None:
    """The smallest edit distance to a known word of the same first letter, within the limit."""
    limit = 1 if len(word) < 9 else 2
    distances = [
        Levenshtein.distance(word, known)
        for known in vocabulary.terms
        if known.isalpha() and known[0] == word[0] and abs(len(known) - len(word)) <= limit
    ]
    best = min((d for d in distances if d <= limit), default=None)
    return best


def test_typo_correction_finds_what_the_brute_force_finds(bundled: Engine) -> None:
    vocabulary = bundled.index.vocabulary
    rng = random.Random(7)
    known = sorted(w for w in vocabulary.terms if w.isalpha() and len(w) >= 5)
    typos = []
    for word in rng.sample(known, 150):
        cut = rng.randrange(1, len(word))
        typos += [word[:cut] + word[cut + 1 :], word[:cut] + "x" + word[cut:], word[:cut] + "q" + word[cut + 1 :]]
    typos += ["permitering", "kommunle", "iværksætere", "foretgaet", "xyzzyplugh"]
    for typo in typos:
        typo = fold(typo)
        if len(typo) < 5 or not typo.isalpha():
            continue
        expected = _brute_force_distance(vocabulary, typo)
        for _ in range(2):  # the second call comes from the cache
            fixed = vocabulary.correct(typo)
            if expected is None:
                assert fixed is None, typo
            else:
                assert fixed is not None and Levenshtein.distance(typo, fixed) == expected, typo
