"""Answering: from a user's message to one entry, a few suggestions, or an honest "I don't know".

Steps: small talk first; then the message becomes *units* (one per topic word, each with
alternative index terms: stems, compound parts, a typo fix, concepts); the inverted index
scores every entry that shares a term (BM25F) and how much of the message's informative weight
it covers; the best few are reranked with character n-grams and with how well the message
and the entry's best title or example question explain each other;
long messages are also judged sentence by sentence. The combined evidence is the score 0..1.
An answer or a suggestion must explain at least one informative word of the message (not only
"kommune", "hjelp", a number or a place); a message about something Sammen does not cover (the
lexicon's off-topic subjects: jokes, the weather, a private person's own benefits or taxes) is
not answered unless the best entry speaks of that subject itself: the abstention says it is off
topic.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np

from knowledge import fusion
from knowledge.concepts import OFF_TOPIC, build_business_matcher, build_matcher
from knowledge.index import (
    ANSWER_ONLY,
    CONCEPT_PREFIX,
    MIN_PART,
    SearchIndex,
    best_questions,
    build_index,
    build_phrase_table,
)
from knowledge.language import detect_language
from knowledge.model import Entry, KnowledgeBase
from knowledge.normalise import Token, fold, sentences, stems, tokenize, words
from knowledge.places import PlaceFinder, Places
from knowledge.semantic import Encoder, SemanticIndex, query_text
from knowledge.smalltalk import smalltalk_kind
from knowledge.stopwords import STOP, WEAK

Kind = Literal["answer", "suggest", "abstain", "smalltalk"]
#: Who may be served: a user's region (None: any), or several that must all be served at once.
Scope = str | None | tuple[str | None, ...]
#: A region no entry has: in a scope with it, only entries for everywhere are served.
NOWHERE = "\x00nowhere"

#: Score at or above which the best entry is given as the answer.
ANSWER_AT = 0.34
#: Score from which entries are offered as "Did you mean ...?".
SUGGEST_AT = 0.20
#: An answer must lead the runner-up by this much, unless it is at least SURE_AT.
MARGIN = 0.01
SURE_AT = 0.70
#: When the best two are within TIE, the runner-up goes first if its best title/question fits the
#: message better by more than TIE_FIT; a fit that clearly separates them also stands in for MARGIN.
TIE = 0.05
TIE_FIT = 0.1
#: A one-word message is not answered outright when CROWD other entries score within CROWD_BAND
#: of the best: the user is shown them all instead.
CROWD = 2
CROWD_BAND = 0.08
#: Suggestions stay within this distance of the best score.
SUGGEST_BAND = 0.25

#: How much a word counts that the knowledge base has never seen (relative to the rarest term).
UNKNOWN_WEIGHT = 0.8
WEAK_WEIGHT = 0.3
TYPO_FACTOR = 0.85
CONCEPT_FACTOR = 0.9
CONTAINED_FACTOR = 0.5
PART_FACTOR = 0.9
RERANK = 20
SEGMENT_RERANK = 5
#: Score multiplier for a regional entry when the message names only other regions.
ELSEWHERE = 0.6
#: Score multiplier for an entry that does not speak of a subject the message speaks of and the
#: lexicon knows Sammen does not cover (lexicon/offtopic.yaml: jokes, weather, a private person's
#: own benefits or taxes, ...): "jeg er permittert, får jeg dagpenger?" is not the employers'
#: layoff advice, "fortell en vits" is not the entry whose example question says "fortelle".
OFF_TOPIC_FACTOR = 0.5
#: The prefix of those subjects' index terms.
OFF_TOPIC_TERM = CONCEPT_PREFIX + OFF_TOPIC
NGRAMS = (3, 4, 5)
#: Breadth: a unit counts as explained when covered at least this well (a title/question/keyword
#: word, its stem, a compound part, a typo fix or a concept; not a word only in the answer text).
STRONG = 0.85
#: This many explained topic words make full breadth.
BREADTH = 2.0
#: Messages longer than this many topic words are also judged sentence by sentence.
LONG_MESSAGE = 10
#: A long message's question sentences count fully; any other single sentence this much.
ASKING = 1.0
ASIDE = 0.9
#: First words that make a sentence a question even without a question mark.
QUESTION_WORDS = frozenset(
    "hvordan hva hvem hvor hvilke hvilken hvilket hvorfor nar kan finnes fins er har korleis kva kven kvar "
    "kvifor kva hvad hvornar findes hur vad vem var vilka vilken vilket varfor finns how what who where which "
    "why when can could is are do does would should".split()
)

#: Score = weighted sum of these features (each 0..1): the share of the message's informative
#: weight the entry explains (by word, stem, compound part, typo fix or concept), its BM25F,
#: the share of the message's character n-grams in the entry's short fields, and how well the
#: message and the entry's best title or example question explain each other; then damped by
#: breadth (how many of the message's topic words the entry explains, see NARROW).
WEIGHTS = {"coverage": 0.35, "bm25": 0.05, "ngrams": 0.25, "question": 0.35}
#: The share of the score kept when the entry explains only one of several topic words (breadth 0.5
#: of BREADTH 2 keeps (1 + NARROW) / 2): one shared word is weak evidence that a message is about an entry.
NARROW = 0.5


def place_names(kb: KnowledgeBase) -> dict[str, str]:
    """Folded single-word region names and ids -> region id, to notice "... in Asker"."""
    names: dict[str, str] = {}
    for region in kb.regions:
        for text in (region.id, *region.name.values()):
            folded = [fold(w) for w in words(text)]
            if len(folded) == 1 and len(folded[0]) >= 3 and folded[0] not in STOP:
                names[folded[0]] = region.id
    return names


def combine(features: dict[str, float]) -> float:
    """The score 0..1 from the features (each 0..1): their weighted sum, damped by narrow breadth."""
    score = sum(WEIGHTS.get(name, 0.0) * value for name, value in features.items())
    return score * (NARROW + (1 - NARROW) * features.get("breadth", 1.0))


@dataclass
class Decision:
    kind: Kind
    entry: Entry | None = None
    score: float = 0.0
    suggestions: list[Entry] = field(default_factory=list)
    lang: str = "nb"
    smalltalk: str | None = None
    #: An abstention because the message is about something Sammen does not cover (a joke, the
    #: weather, a private person's own benefits): the user is told so rather than "I'm not sure".
    off_topic: bool = False
    #: The region the message names ("i Stenungsund", "Bærum Næringsråd", "Hortens"), which
    #: narrowed the search to it; None when it names none (or several).
    place: str | None = None
    #: A Nordic town or municipality the message names that the knowledge does not cover ("vi er
    #: i Tromsø"), as written: only entries for everywhere are served, so this usually abstains.
    unknown_place: str | None = None
    #: The part of the message this decision answers, when `ask_all` split a message asking several
    #: things; empty when it answers the whole message.
    question: str = ""


@dataclass
class Unit:
    """One topic word of the message: the index terms that would mean it, each with a factor."""

    position: int
    alternatives: dict[str, float]
    weight: float = 0.0
    words: tuple[str, ...] = ()


#: A title/question against a message: the terms they share (sorted), the question's IDF total,
#: the best factor per unit reached (in order of first reach), the shared terms' IDF total.
PhraseHits = tuple[list[str], float, dict[int, float], float]


@dataclass
class Query:
    units: list[Unit]
    segments: list[list[int]]  # unit numbers per sentence, for long messages
    asking: list[int]  # unit numbers of a long message's question sentences
    words: list[str]  # folded topic words, for n-grams
    terms: dict[str, list[tuple[int, float]]] = field(default_factory=dict)  # term -> (unit number, factor)
    # filled while ranking, shared by the whole message's and its sentences' features:
    shares: list[float | None] | None = None  # per unit: its share of breadth (None: a place name)
    # per entry, per title/question sharing terms with the message: see _question
    phrase_hits: dict[int, list[PhraseHits]] = field(default_factory=dict)
    reach: dict[str, frozenset[int]] | None = None  # term -> the units it may stand for
    # (entry, its part's units or None for the whole message) -> (that part's weight, best question)
    questions: dict[tuple[int, tuple[int, ...] | None], tuple[float, float]] = field(default_factory=dict)
    fit: dict[str, float] = field(default_factory=dict)  # entry id -> its whole-message "question" feature
    business: bool = False  # the message speaks as a business (lexicon/offtopic.yaml "business")

    @cached_property
    def off_topic(self) -> list[str]:
        """The message's off-topic subjects, as index terms. Of a long message only those of the
        sentences that ask count: the rest is background ("we maintain schools and kindergartens");
        and none when the message speaks as a business."""
        if self.business:
            return []
        members = self.asking or range(len(self.units))
        found = (term for n in members for term in self.units[n].alternatives if term.startswith(OFF_TOPIC_TERM))
        return list(dict.fromkeys(found))


@dataclass
class Reuse:
    """What of one message does not depend on whom it may be answered for (the message as understood,
    its cosines with every entry), kept for a second ranking of the same message."""

    query: Query | None = None
    cosines: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


#: Languages that count as one when telling whether an entry is written in the message's language.
_SAME_LANGUAGE = {"nn": "nb"}


def written_in(entry: Entry) -> frozenset[str]:
    """The languages an entry has text in (its answer, titles or example questions)."""
    return frozenset(_SAME_LANGUAGE.get(code, code) for code in (*entry.answer, *entry.title, *entry.questions))


def query_langs(lang: str) -> tuple[str, ...]:
    """Stemmers to try on the message: its own language first, then its neighbours."""
    if lang == "en":  # English messages often carry Scandinavian names and terms
        return ("en", "nb", "da", "sv")
    return tuple(dict.fromkeys((lang, "nb", "da", "sv")))


@lru_cache(maxsize=100_000)
def word_grams(word: str) -> frozenset[str]:
    """The character 3-5-grams of one word, padded with a space at both ends."""
    padded = f" {word} "
    return frozenset(padded[i : i + n] for n in NGRAMS for i in range(len(padded) - n + 1))


def ngrams(words: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for word in words:
        out |= word_grams(word)
    return out


class Engine:
    """Ranks and decides over one knowledge base. Immutable once built: safe to share across threads."""

    def __init__(
        self,
        kb: KnowledgeBase,
        today: date | None = None,
        semantic: SemanticIndex | None = None,
        encoder: Encoder | None = None,
    ) -> None:
        self.kb = kb
        #: The semantic stage (None: the lexical engine alone); `encoder` encodes messages for
        #: the synchronous `ask` (the async path encodes in a worker thread and passes vectors).
        self.semantic = semantic
        self.encoder = encoder
        self._today = today
        self.matcher = build_matcher(kb.synonyms)
        self.business = build_business_matcher()
        self.index: SearchIndex = build_index(kb.entries, self.matcher)
        idf = self.index.idf
        # per entry, per title/example question: its terms (sorted), the same as a set, their IDF total
        self._phrases = [
            [(terms, frozenset(terms), sum(idf.get(t, 0.0) for t in terms) or 1.0) for terms in document.phrase_terms]
            for document in self.index.documents
        ]
        # per entry: its terms in a title, question, keyword or tag (a superset of its phrases' terms)
        self._strong = [document.strong_terms for document in self.index.documents]
        self._phrase_table = build_phrase_table(self.index.documents, idf)  # the same phrases, as arrays
        # character n-grams of every entry's short fields, as sorted ids (compact at 10,000 entries)
        self._gram_ids: dict[str, int] = {}
        self._word_gram_ids: dict[str, np.ndarray] = {}
        self._message_gram_ids: dict[str, np.ndarray] = {}  # words only messages have
        self._doc_gram_ids = [self._grams_of(document.short_words, grow=True) for document in self.index.documents]
        self.places = PlaceFinder(kb.regions)
        self._place_names = place_names(kb)
        self._doc_of = {document.entry.id: number for number, document in enumerate(self.index.documents)}
        #: Per document, the languages its entry is written in (nynorsk counts as bokmål).
        self._written_in = [written_in(document.entry) for document in self.index.documents]
        self._masks: dict[tuple[str | None, date], np.ndarray] = {}  # noqa: RUF100

    @property
    def today(self) -> date:
        return self._today or date.today()

    # -- the public questions -------------------------------------------------------------

    def with_semantic(self, semantic: SemanticIndex | None, encoder: Encoder | None) -> Engine:
        """This engine with a semantic stage (built for the same entries, in the same order)."""
        if semantic is not None and semantic.size != len(self.index.documents):
            raise ValueError("the semantic index was built for other entries")
        clone = copy.copy(self)
        clone.semantic = semantic
        clone.encoder = encoder
        return clone

    def semantic_texts(self, text: str) -> list[str]:
        """What of a message the semantic stage encodes: one text (see `semantic_text`)."""
        return [semantic_text(self.places.without_covered(text) or text, self._informative)]

    def _informative(self, sentence: str) -> float:
        """How much a sentence says about a topic: its topic words' best IDF, summed."""
        idf = self.index.idf
        return sum(max((idf.get(key, 0.0) for key in token.keys()), default=0.0)
                   for token in tokenize(sentence, ("nb", "da", "sv", "en")) if token.folded not in STOP)

    def encode_queries(self, texts: list[str]) -> np.ndarray | None:
        """Message vectors for `ask(query_vectors=)` (blocking: from a worker thread on a server)."""
        if self.semantic is None or self.encoder is None or not texts:
            return None
        return self.encoder.encode_queries(texts)

    def ask(
        self,
        text: str,
        region: str | None = None,
        lang: str | None = None,
        query_vectors: np.ndarray | None = None,
        encode: bool = True,
    ) -> Decision:
        """One decision for the message. With a semantic stage, `query_vectors` are the vectors of
        `semantic_texts(text)`; when omitted they are encoded here (blocking), unless `encode` is
        False (then, or when the encoder fails, the lexical engine decides alone)."""
        detected = detect_language(text, lang)
        kind = smalltalk_kind(text)
        if kind is not None:
            return Decision(kind="smalltalk", lang=detected, smalltalk=kind)
        scope, place, unknown = self._scope(region, self._places(text))
        if self.semantic is not None and query_vectors is None and encode:
            try:
                query_vectors = self.encode_queries(self.semantic_texts(text))
            except Exception:  # an endpoint that is down: answer lexically
                query_vectors = None
        if self.semantic is None or query_vectors is None:
            decision = self._decide(text, scope, detected)
        else:
            decision = self._decide_fused(text, scope, detected, np.atleast_2d(query_vectors))
        decision.place = place
        decision.unknown_place = unknown
        return decision

    def question_parts(self, text: str) -> list[str]:
        """The questions of a message that asks several (up to MAX_QUESTIONS): each asking
        sentence, after the background sentences before the first one. One part otherwise."""
        return question_parts(text)

    def ask_all(
        self,
        text: str,
        region: str | None = None,
        lang: str | None = None,
        query_vectors: Sequence[np.ndarray] | None = None,
        encode: bool = True,
    ) -> list[Decision]:
        """One decision per distinct question of the message (one when it asks one thing).
        `query_vectors`: per part of `question_parts(text)`, the vectors of its `semantic_texts`."""
        parts = self.question_parts(text)
        if len(parts) == 1:
            vectors = query_vectors[0] if query_vectors else None
            return [self.ask(text, region, lang, query_vectors=vectors, encode=encode)]
        hint = lang or detect_language(text, lang)
        decisions: list[Decision] = []
        seen: set[tuple[str, ...]] = set()
        for number, part in enumerate(parts):
            vectors = query_vectors[number] if query_vectors else None
            decision = replace(self.ask(part, region, hint, query_vectors=vectors, encode=encode), question=part)
            shown = (decision.kind, *(e.id for e in ([decision.entry] if decision.entry else decision.suggestions)))
            if decision.kind in ("answer", "suggest") and shown in seen:
                continue
            seen.add(shown)
            decisions.append(decision)
        if all(d.kind in ("abstain", "smalltalk") for d in decisions):
            return [self.ask(text, region, lang, encode=encode)]
        return decisions

    def _places(self, text: str) -> Places:
        """The places a message names; of a long message, an uncovered town counts only in its
        asking sentences ("... alle offentlige arbeidsplasser havner i Oslo" is background)."""
        found = self.places.find(text)
        if found.unknown and (asked := asking_text(text)) is not None:
            found = Places(found.regions, self.places.find(asked).unknown)
        return found

    def _scope(self, region: str | None, places: Places) -> tuple[Scope, str | None, str | None]:
        """Who may be served, given the places the message names: a named region narrows the
        search to it (for a user of another region: to what serves both, which keeps the region
        rule); a named town the knowledge does not cover leaves only entries for everywhere."""
        named = places.regions
        if len(named) == 1:
            place = named[0]
            if region is None or region == place:
                return place, place, None
            return (region, place), place, None
        if not named and places.unknown:
            return (region, NOWHERE), None, places.unknown
        return region, None, None

    def _decide(self, text: str, region: Scope, detected: str) -> Decision:
        """The lexical engine's decision (the semantic stage off)."""
        ranked, query, settled = self._ranked(text, region, detected)
        off_topic = query.off_topic
        if not ranked:
            return Decision(kind="abstain", lang=detected, off_topic=bool(off_topic))
        best, score = ranked[0]
        # the message speaks of something Sammen does not cover (a joke, the weather, a private
        # person's own benefits) and the best entry does not: say so rather than answer or suggest
        if off_topic and not self._speaks_of(self._doc_of[best.id], off_topic):
            return Decision(kind="abstain", score=score, lang=detected, off_topic=True)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        # one broad word ("kontakt", "samarbeid") that several entries answer about equally well
        crowded = len(query.units) == 1 and sum(s >= score - CROWD_BAND for _, s in ranked[1:]) >= CROWD
        sure = score >= ANSWER_AT and (score - runner_up >= MARGIN or score >= SURE_AT or settled)
        # an answer, and each suggestion, must explain an informative word of the message
        if sure and not crowded and self._evidence(best, query):
            others = [e for e, s in ranked[1:3] if s >= SUGGEST_AT and s >= score - SUGGEST_BAND / 2]
            return Decision(kind="answer", entry=best, score=score, suggestions=others, lang=detected)
        close = [e for e, s in ranked[:3] if s >= SUGGEST_AT and s >= score - SUGGEST_BAND]
        if close := [e for e in close if self._evidence(e, query)]:
            return Decision(kind="suggest", score=score, suggestions=close, lang=detected)
        return Decision(kind="abstain", score=score, lang=detected)

    def _decide_fused(self, text: str, region: Scope, detected: str, vectors: np.ndarray) -> Decision:
        """The decision from the lexical and the semantic evidence fused (see knowledge/fusion.py)."""
        reuse = Reuse()  # for `_hidden_chance` too
        candidates, rows, query = self._fused_candidates(text, region, detected, vectors, reuse)
        off_topic = query.off_topic
        if not candidates:
            return Decision(kind="abstain", lang=detected, off_topic=bool(off_topic))
        chances = fusion.probabilities(rows)
        order = sorted(range(len(candidates)), key=lambda n: -chances[n])
        docs = [candidates[n].doc for n in order]
        scores = [round(float(chances[n]), 4) for n in order]
        documents = self.index.documents
        best, score = documents[docs[0]].entry, scores[0]
        if off_topic and not self._speaks_of(docs[0], off_topic):
            return Decision(kind="abstain", score=score, lang=detected, off_topic=True)
        runner_up = scores[1] if len(scores) > 1 else 0.0
        if (score >= fusion.ANSWER_AT and score - runner_up >= fusion.MARGIN_AT
                and self._hidden_chance(text, region, detected, vectors, reuse) - score < fusion.HIDDEN_LEAD_AT):
            others = [documents[d].entry for d, s in zip(docs[1:3], scores[1:3], strict=False)
                      if s >= fusion.SUGGEST_AT]
            return Decision(kind="answer", entry=best, score=score, suggestions=others, lang=detected)
        close = [documents[d].entry for d, s in zip(docs[:3], scores[:3], strict=False) if s >= fusion.SUGGEST_AT]
        if close:
            return Decision(kind="suggest", score=score, suggestions=close, lang=detected)
        return Decision(kind="abstain", score=score, lang=detected, off_topic=bool(off_topic))

    def _hidden_chance(self, text: str, region: Scope, detected: str, vectors: np.ndarray, reuse: Reuse) -> float:
        """The best fused probability of an entry this user may not be shown (another region's), as if
        the user could be shown everything; 0 when every entry is theirs. Far above the best of their
        own (`fusion.HIDDEN_LEAD_AT`), the message asks about what only another region offers, and
        the nearest entry of their own is not the answer."""
        if fusion.HIDDEN_LEAD_AT >= 1.0:
            return 0.0
        hidden = self._hidden_rows(text, region, detected, vectors, reuse)
        return float(fusion.probabilities(hidden).max()) if len(hidden) else 0.0

    def _hidden_rows(self, text: str, region: Scope, detected: str, vectors: np.ndarray, reuse: Reuse) -> np.ndarray:
        """The fusion features of the candidates this user may not be shown, ranked as if they could
        be shown everything; none when every entry is theirs (or only expired ones are not)."""
        mask = self._servable(region)
        if not (self._servable(None) & ~mask).any():
            return np.zeros((0, len(fusion.FEATURES)))
        candidates, rows, _ = self._fused_candidates(text, None, detected, vectors, reuse)
        return rows[[n for n, c in enumerate(candidates) if not mask[c.doc]]]

    def _fused_candidates(
        self, text: str, region: Scope, detected: str, vectors: np.ndarray, reuse: Reuse | None = None
    ) -> tuple[list[fusion.Candidate], np.ndarray, Query]:
        """The lexical engine's best few and the semantic stage's best few (servable ones only),
        with their fusion features. `reuse`: what an earlier call on the same message found that does
        not depend on the region, and where this call leaves it."""
        assert self.semantic is not None
        reuse = Reuse() if reuse is None else reuse
        ranked, query, _settled = self._ranked(text, region, detected, reuse.query)
        reuse.query = query
        if reuse.cosines is None:
            reuse.cosines = self._semantic_scores(vectors)
        mask = self._servable(region)
        phrase, answer, centroid = reuse.cosines
        everywhere = fusion.semantic_score(phrase, answer, centroid)
        semantic = np.where(mask, everywhere, -1.0)
        best_elsewhere = float(everywhere[~mask].max()) if not mask.all() else -1.0
        doc_of = self._doc_of
        lexical = {doc_of[entry.id]: score for entry, score in ranked}
        chosen = [doc_of[entry.id] for entry, _ in ranked[: fusion.TOP_LEXICAL]]
        servable = int(np.count_nonzero(mask))
        if servable:
            top = min(fusion.TOP_SEMANTIC, servable)
            best_semantic = np.argpartition(-semantic, top - 1)[:top]
            chosen += [int(d) for d in best_semantic[np.argsort(-semantic[best_semantic])] if mask[d]]
        chosen = list(dict.fromkeys(chosen))
        if not chosen:
            return [], np.zeros((0, len(fusion.FEATURES))), query
        lexical_top = sorted(lexical.items(), key=lambda item: -item[1])[:2]
        semantic_top = np.argsort(-semantic)[:2] if servable else np.zeros(0, dtype=np.int64)
        candidates, lexical_others, semantic_others = [], [], []
        documents = self.index.documents
        language = _SAME_LANGUAGE.get(detected, detected)
        for doc in chosen:
            own, concept = self._word_shares(doc, query)
            candidates.append(fusion.Candidate(
                doc, lexical.get(doc, 0.0), float(phrase[doc]), float(answer[doc]),
                self._evidence(documents[doc].entry, query), float(centroid[doc]),
                own=own, concept=concept, other_language=language not in self._written_in[doc],
            ))
            lexical_others.append(next((s for d, s in lexical_top if d != doc), 0.0))
            other = next((int(d) for d in semantic_top if int(d) != doc and mask[d]), None)
            semantic_others.append(float(semantic[other]) if other is not None else fusion.COSINE_CENTRE - 0.1)
        rows = fusion.feature_rows(candidates, lexical_others, semantic_others, best_elsewhere, words=len(text.split()))
        return candidates, rows, query

    def _semantic_scores(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per document, the best cosine of its titles/questions, of its answer windows, and the
        cosine with its centroid."""
        assert self.semantic is not None
        return self.semantic.scores(vectors[0])

    def fusion_rows(
        self, text: str, region: str | None = None, lang: str | None = None, query_vectors: np.ndarray | None = None
    ) -> tuple[list[Entry], np.ndarray, list[bool], np.ndarray]:
        """The candidates' entries and fusion features for one message, as `ask` sees them, per
        candidate whether the off-topic rule bars it, and the features of the entries the user may
        not be shown as `_hidden_chance` sees them (for fitting the fusion on labelled questions).
        Small talk has none."""
        detected = detect_language(text, lang)
        empty = np.zeros((0, len(fusion.FEATURES)))
        if smalltalk_kind(text) is not None or self.semantic is None:
            return [], empty, [], empty
        scope, _, _ = self._scope(region, self._places(text))
        if query_vectors is None:
            query_vectors = self.encode_queries(self.semantic_texts(text))
        assert query_vectors is not None
        vectors, reuse = np.atleast_2d(query_vectors), Reuse()
        candidates, rows, query = self._fused_candidates(text, scope, detected, vectors, reuse)
        off_topic = query.off_topic
        barred = [bool(off_topic) and not self._speaks_of(c.doc, off_topic) for c in candidates]
        hidden = self._hidden_rows(text, scope, detected, vectors, reuse)
        return [self.index.documents[c.doc].entry for c in candidates], rows, barred, hidden

    def search(
        self, text: str, region: str | None = None, lang: str | None = None, limit: int = 5
    ) -> list[tuple[Entry, float]]:
        detected = detect_language(text, lang)
        return self._rank(text, region, detected)[:limit]

    # -- understanding the message --------------------------------------------------------

    def analyse(self, text: str, lang: str) -> Query:
        langs = query_langs(lang)
        index = self.index
        vocabulary = index.vocabulary
        units: list[Unit] = []
        readings: list[list[Token]] = []
        unit_at: dict[int, list[int]] = defaultdict(list)
        topic_words: list[str] = []
        for position, token in enumerate(tokenize(text, langs)):
            group = [token]
            readings.append(group)
            if token.folded in STOP or not token.folded:
                continue
            topic_words.append(token.folded)
            alternatives = dict.fromkeys(token.stems, 1.0)
            parts: tuple[Token, ...] = ()
            if not vocabulary.known(token) and len(token.folded) >= 4:
                if len(token.folded) >= 2 * MIN_PART:
                    parts = vocabulary.split(token.folded, langs)
                if parts:
                    group.extend(parts)
                # a word the lexicon knows as it is is no typo ("leilighet" is not "ledighet")
                elif not self.matcher.knows(token) and (fixed := vocabulary.correct(token.folded)) is not None:
                    fixed_token = Token(fixed, stems(fixed, langs))
                    group.append(fixed_token)
                    for key in fixed_token.keys():
                        alternatives.setdefault(key, TYPO_FACTOR)
            if parts:
                for part in parts:
                    unit_at[position].append(len(units))
                    units.append(Unit(position, dict.fromkeys(part.stems, PART_FACTOR), words=(part.folded,)))
            else:
                unit_at[position].append(len(units))
                units.append(Unit(position, alternatives, words=(token.folded,)))
        matches = self.matcher.match(readings)
        off_topic = False
        if any(match.concept.startswith(OFF_TOPIC) for match in matches):
            # a subject is spoken of by the words as written: not by a compound part ("legesenter"),
            # a typo fix ("lange" is not "lægen") or a word that merely starts like one ("fotballbutikk")
            written = {(m.concept, m.start) for m in self.matcher.match([group[:1] for group in readings]) if m.exact}
            matches = [m for m in matches if not m.concept.startswith(OFF_TOPIC) or (m.concept, m.start) in written]
            off_topic = any(match.concept.startswith(OFF_TOPIC) for match in matches)
        for match in matches:
            term = CONCEPT_PREFIX + match.concept
            covered = [u for p in range(match.start, match.end + 1) for u in unit_at.get(p, [])]
            if not covered:
                unit_at[match.start].append(len(units))
                units.append(Unit(match.start, {term: 1.0}))
                continue
            for number in covered:
                unit = units[number]
                # a word the knowledge never uses that merely contains a concept ("bostøtte",
                # "koronavaksine") is only partly that concept
                factor = CONCEPT_FACTOR if match.exact or self._known(unit) else CONTAINED_FACTOR
                if factor > unit.alternatives.get(term, 0.0):
                    unit.alternatives[term] = factor
        terms: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, unit in enumerate(units):
            unit.weight = self._weight(unit)
            for term, factor in unit.alternatives.items():
                terms[term].append((number, factor))
        segments, asking = self._segments(text, units, lang)
        # one who runs a business or employs people asks as a business ("vi driver en barnehage")
        business = off_topic and bool(self.business.match(readings))
        return Query(units, segments, asking, topic_words, dict(terms), business=business)

    def _known(self, unit: Unit) -> bool:
        """Whether the knowledge uses the word itself (or its typo fix), not just a concept of it."""
        idf = self.index.idf
        return any(term in idf for term in unit.alternatives if not term.startswith(CONCEPT_PREFIX))

    def _weight(self, unit: Unit) -> float:
        idf = self.index.idf
        known = [factor * idf[term] for term, factor in unit.alternatives.items() if term in idf]
        weight = max(known) if known else 0.0
        if not self._known(unit):
            weight = max(weight, UNKNOWN_WEIGHT * self.index.max_idf)
        if self._weak(unit):
            weight *= WEAK_WEIGHT
        elif unit.words and all(word.isdigit() for word in unit.words):
            weight *= WEAK_WEIGHT
        return weight

    @staticmethod
    def _weak(unit: Unit) -> bool:
        """A word that says little about the topic ("hjelp", "bedrift"). By spelling only: matching
        their stems too made held-out halves slightly worse."""
        return bool(unit.words) and all(word in WEAK for word in unit.words)

    def _segments(self, text: str, units: list[Unit], lang: str) -> tuple[list[list[int]], list[int]]:
        """A long message's sentences (unit numbers, 3 or more units each) and its asking part.

        The asking part is every unit of the sentences that ask something (a question mark, or a
        question word first): "... Er det noen i kommunen som har oversikt over situasjonen?"
        """
        if len(units) <= LONG_MESSAGE:
            return [], []
        segments: list[list[int]] = []
        asking: list[int] = []
        start = 0
        for sentence in sentences(text):
            tokens = tokenize(sentence, ("nb",))
            end = start + len(tokens)
            members = [n for n, unit in enumerate(units) if start <= unit.position < end]
            if len(members) >= 3 and len(members) < len(units):
                segments.append(members)
            if sentence.rstrip().endswith("?") or (tokens and tokens[0].folded in QUESTION_WORDS):
                asking.extend(members)
            start = end
        if len(asking) < 2 or len(asking) == len(units):
            asking = []
        return segments, asking

    # -- ranking --------------------------------------------------------------------------

    def _rank(self, text: str, region: Scope, lang: str) -> list[tuple[Entry, float]]:
        return self._ranked(text, region, lang)[0]

    def _ranked(self, text: str, region: Scope, lang: str,
                understood: Query | None = None) -> tuple[list[tuple[Entry, float]], Query, bool]:  # fmt: skip
        """The servable entries best first with their scores, the message as understood (`understood`:
        as it already was), and whether a nearly level best two were told apart by how well their
        titles/questions fit."""
        query = understood if understood is not None else self.analyse(text, lang)
        ranked = self._rank_query(query, region)
        settled = False
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < TIE:
            # nearly level: the entry whose title or example question says what the message says wins
            (first, s1), (second, s2) = ranked[:2]
            fit1, fit2 = query.fit.get(first.id, 0.0), query.fit.get(second.id, 0.0)
            if fit2 > fit1 + TIE_FIT:
                ranked[:2] = [(second, s1), (first, s2)]
            settled = abs(fit2 - fit1) > TIE_FIT
        return ranked, query, settled

    def _rank_query(self, query: Query, region: Scope) -> list[tuple[Entry, float]]:
        if not query.units:
            return []
        index = self.index
        size = len(index.documents)
        # per unit, per document: best BM25 contribution and how well the unit is covered
        unit_scores: list[np.ndarray | None] = []
        unit_cover: list[np.ndarray | None] = []
        bm25 = np.zeros(size, dtype=np.float32)
        coverage = np.zeros(size, dtype=np.float32)
        for unit in query.units:
            scores: np.ndarray | None = None
            cover: np.ndarray | None = None
            for term, factor in unit.alternatives.items():
                postings = index.postings.get(term)
                if postings is None:
                    continue
                if scores is None or cover is None:
                    scores = np.zeros(size, dtype=np.float32)
                    cover = np.zeros(size, dtype=np.float32)
                docs = postings.docs
                scores[docs] = np.maximum(scores[docs], (factor * index.idf[term]) * postings.sats)
                cover[docs] = np.maximum(cover[docs], factor * postings.cover)
            unit_scores.append(scores)
            unit_cover.append(cover)
            if scores is not None and cover is not None:
                bm25 += scores
                coverage += unit.weight * cover
        total_weight = sum(unit.weight for unit in query.units) or 1.0
        candidates = np.flatnonzero((bm25 > 0) & self._servable(region))
        if candidates.size == 0:
            return []
        first = (0.6 * coverage[candidates] + 0.4 * bm25[candidates]) / total_weight
        if candidates.size > RERANK:
            keep = np.argpartition(-first, RERANK)[:RERANK]
            candidates = candidates[keep]
        self._best_questions(candidates.tolist(), query, [list(range(len(query.units)))])
        documents = index.documents
        named = {self._place_names[w] for w in query.words if w in self._place_names}
        query_grams = self._query_grams(query.words)
        everything = list(range(len(query.units)))
        covered = (coverage[candidates] / total_weight).tolist()
        matched = (bm25[candidates] / total_weight).tolist()
        scored = []
        for doc, c, b in zip(candidates.tolist(), covered, matched, strict=True):
            features = self._features(doc, query, everything, unit_scores, unit_cover, query_grams, (c, b))
            query.fit[documents[doc].entry.id] = features["question"]
            scored.append((combine(features), doc))
        scored.sort(reverse=True)
        if query.segments or query.asking:
            # a long message: the sentence that asks, or one that says it all, may match far
            # better than the whole; the other sentences are mostly background and count less
            parts = [(m, ASIDE, self._query_grams([w for n in m for w in query.units[n].words]))
                     for m in query.segments]
            if query.asking:
                words_asked = [w for n in query.asking for w in query.units[n].words]
                parts.append((query.asking, ASKING, self._query_grams(words_asked)))
            self._best_questions([doc for _, doc in scored[:SEGMENT_RERANK]], query, [m for m, _, _ in parts])
            rescored = [
                (max(score, *(factor * combine(self._features(doc, query, m, unit_scores, unit_cover, grams))
                              for m, factor, grams in parts)), doc)
                for score, doc in scored[:SEGMENT_RERANK]
            ]
            scored = rescored + scored[SEGMENT_RERANK:]
        if named:
            scored = [(score * self._elsewhere(doc, named), doc) for score, doc in scored]
        if off_topic := query.off_topic:
            # an entry that does not speak of the message's off-topic subjects ranks lower
            scored = [(s if self._speaks_of(doc, off_topic) else s * OFF_TOPIC_FACTOR, doc) for s, doc in scored]
        scored.sort(reverse=True)
        return [(documents[doc].entry, round(min(1.0, score), 4)) for score, doc in scored]

    def _features(
        self,
        doc: int,
        query: Query,
        members: list[int],
        unit_scores: list[np.ndarray | None],
        unit_cover: list[np.ndarray | None],
        query_grams: tuple[np.ndarray, int],
        totals: tuple[float, float] | None = None,
    ) -> dict[str, float]:
        """The features of one entry for the message (or one sentence of it: `members`)."""
        units = query.units
        weight = sum(units[n].weight for n in members) or 1.0
        if totals is None:  # coverage and BM25 per unit; the whole message passes them in
            covered = sum(units[n].weight * _at(unit_cover[n], doc) for n in members) / weight
            matched = sum(_at(unit_scores[n], doc) for n in members) / weight
        else:
            covered, matched = totals
        return {
            "coverage": covered,
            "bm25": matched,
            "ngrams": self._gram_share(doc, query_grams),
            "question": self._question(doc, query, members, weight),
            "breadth": self._breadth(doc, query, members, unit_cover),
        }

    def _breadth(self, doc: int, query: Query, members: list[int], unit_cover: list[np.ndarray | None]) -> float:
        """How many of the message's topic words the entry's short fields explain, up to BREADTH.

        A message that meets an entry in one word only, while saying other things the entry
        never mentions ("vem vann allsvenskan?" and the water fees), is most likely about
        something else; one that meets it in two or three places rarely is. Weak words
        ("bedrift", "kommune") count half; place names not at all (they say where, not what);
        words explained only by a concept already used count once ("arbeidsledig" and
        "dagpenger" are both unemployment: one piece of evidence, not two).
        """
        units = query.units
        shares = query.shares
        if shares is None:  # per unit, once per message
            places = self._place_names
            shares = query.shares = [
                None if unit.words and all(word in places for word in unit.words) else 0.5 if self._weak(unit) else 1.0
                for unit in units
            ]
        wanted = 0.0
        found = 0.0
        used: set[str] = set()
        for n in members:
            share = shares[n]
            if share is None:
                continue
            wanted += share
            cover = unit_cover[n]
            if cover is not None and cover.item(doc) >= STRONG:  # _at(unit_cover[n], doc), inlined
                terms = self._strong_terms(doc, units[n])
                if not terms or not terms <= used or not all(t.startswith(CONCEPT_PREFIX) for t in terms):
                    found += share
                used |= terms
        wanted = min(wanted, BREADTH)
        return min(found, wanted) / wanted if wanted else 1.0

    def _question(self, doc: int, query: Query, members: list[int], weight: float) -> float:
        """How well the message and the entry's best title/example question explain each other.

        Both ways: the share of the message's weight the question matches, and the share of the
        question's own (IDF-weighted) terms the message matches; their harmonic mean, best question.
        """
        known = query.questions.get((doc, None if len(members) == len(query.units) else tuple(members)))
        if known is not None and known[0] == weight:
            return known[1]  # computed for all candidates at once (see _best_questions)
        idf = self.index.idf
        table = query.terms
        allowed = set(members) if len(members) < len(query.units) else None
        units = query.units
        best = 0.0
        phrases = query.phrase_hits.get(doc)
        if phrases is None:  # what each title/question shares with the message, once per entry
            phrases = []
            shared = self._strong[doc] & table.keys()
            if shared:
                for _terms, term_set, total in self._phrases[doc]:
                    if hit := term_set & shared:
                        # term by term in the phrase's (sorted) order, so that every sum adds the
                        # same numbers in the same order as a term-by-term pass over the phrase
                        common = sorted(hit)
                        factors: dict[int, float] = {}
                        everyone = 0.0  # `mine` when every unit is allowed (each term reaches one)
                        for term in common:
                            for number, factor in table[term]:
                                if factor > factors.get(number, 0.0):
                                    factors[number] = factor
                            everyone += idf.get(term, 0.0)
                        phrases.append((common, total, factors, everyone))
            query.phrase_hits[doc] = phrases
        for common, total, factors, everyone in phrases:
            if allowed is None:
                mine = everyone
                theirs = sum(units[n].weight * f for n, f in factors.items()) / weight
            else:
                if factors.keys().isdisjoint(allowed):
                    continue
                # a sentence's best factor per unit is the whole message's, for the units it has
                reach = query.reach
                if reach is None:
                    reach = query.reach = {t: frozenset(number for number, _ in hits) for t, hits in table.items()}
                mine = 0.0
                for term in common:
                    if not reach[term].isdisjoint(allowed):
                        mine += idf.get(term, 0.0)
                theirs = sum(units[n].weight * f for n, f in factors.items() if n in allowed) / weight
            mine /= total
            if mine + theirs > 0:
                best = max(best, 2 * mine * theirs / (mine + theirs))
        return best

    def _best_questions(self, docs: list[int], query: Query, parts: list[list[int]]) -> None:
        """`_question` of all of `docs` for each part of the message, in one pass (index.best_questions)."""
        units = query.units
        asked: list[tuple[list[int] | None, float]] = []
        keys: list[tuple[int, ...] | None] = []
        for members in parts:
            weight = sum(units[n].weight for n in members) or 1.0  # as _features sums it
            whole = len(members) == len(units)
            asked.append((None if whole else members, weight))
            keys.append(None if whole else tuple(members))
        found = best_questions(self._phrase_table, docs, query.terms, self.index.idf, [u.weight for u in units], asked)
        for key, (_, weight), values in zip(keys, asked, found, strict=True):
            for doc, value in zip(docs, values, strict=True):
                query.questions[(doc, key)] = (weight, value)

    def _strong_terms(self, doc: int, unit: Unit) -> set[str]:
        """The terms by which an entry explains a unit well (see STRONG)."""
        out = set()
        strong = self._strong[doc]  # the entry's terms whose postings cover is 1
        for term, factor in unit.alternatives.items():
            if factor < STRONG:
                continue
            if term in strong:
                if factor * _COVER_FULL >= STRONG:
                    out.add(term)
            elif factor * _COVER_ANSWER >= STRONG and self._cover_at(term, doc) * factor >= STRONG:
                out.add(term)  # (not reachable while ANSWER_ONLY * 1.0 < STRONG)
        return out

    def _cover_at(self, term: str, doc: int) -> np.float32:
        """The postings cover of a term in one entry (0 when the entry lacks the term)."""
        postings = self.index.postings.get(term)
        if postings is None:
            return np.float32(0.0)
        at = int(np.searchsorted(postings.docs, doc))
        return postings.cover[at] if at < len(postings.docs) and postings.docs[at] == doc else np.float32(0.0)

    def _gram_share(self, doc: int, query_grams: tuple[np.ndarray, int]) -> float:
        """Share of the message's character n-grams found in the entry's title/questions/keywords/tags."""
        mask, count = query_grams
        if not count:
            return 0.0
        return int(np.count_nonzero(mask[self._doc_gram_ids[doc]])) / count

    def _query_grams(self, words: list[str]) -> tuple[np.ndarray, int]:
        """The message's known n-grams as a mask over all n-gram ids, and how many n-grams it has."""
        mask = np.zeros(len(self._gram_ids), dtype=bool)
        known = [self._known_grams(word) for word in dict.fromkeys(words)]
        if known:
            mask[np.concatenate(known)] = True
        return mask, len(ngrams(words))

    def _known_grams(self, word: str) -> np.ndarray:
        """The ids of a message word's n-grams that some entry has (cached for words no entry has)."""
        ids = self._word_gram_ids.get(word)
        if ids is None:
            ids = self._message_gram_ids.get(word)
            if ids is None:
                table = self._gram_ids
                ids = np.array([table[g] for g in word_grams(word) if g in table], dtype=np.int32)
                if len(self._message_gram_ids) < 100_000:
                    self._message_gram_ids[word] = ids
        return ids

    def _grams_of(self, words: Iterable[str], grow: bool = False) -> np.ndarray:
        """Sorted distinct ids of the known character n-grams of some words."""
        parts = []
        for word in words:
            ids = self._word_gram_ids.get(word)
            if ids is None:
                if grow:
                    table = self._gram_ids
                    ids = np.array(sorted({table.setdefault(g, len(table)) for g in word_grams(word)}), dtype=np.int32)
                    self._word_gram_ids[word] = ids
                else:
                    known = [self._gram_ids[g] for g in word_grams(word) if g in self._gram_ids]
                    ids = np.array(known, dtype=np.int32)
            parts.append(ids)
        if not parts:
            return np.zeros(0, dtype=np.int32)
        return np.unique(np.concatenate(parts))

    def _elsewhere(self, doc: int, named: set[str]) -> float:
        """ELSEWHERE when the message names only other places than this regional entry's."""
        regions = self.index.documents[doc].entry.regions
        return ELSEWHERE if regions and not named & set(regions) else 1.0

    def _speaks_of(self, doc: int, terms: list[str]) -> bool:
        """Whether an entry's text (any field) speaks of every one of these index terms."""
        return all(self._cover_at(term, doc) > 0 for term in terms)

    def _evidence(self, entry: Entry, query: Query) -> bool:
        """Whether the entry explains (see STRONG) at least one informative word of the message: a
        topic word that is not generic ("hjelp", "kommune", "bedrift"), a number or a place name.
        "hva er 2+2" shares only a number with the entry that says "2 gange årligt"."""
        doc = self._doc_of[entry.id]
        places = self._place_names
        for unit in query.units:
            if unit.words and (
                self._weak(unit) or all(w.isdigit() for w in unit.words) or all(w in places for w in unit.words)
            ):
                continue
            if any(factor * self._cover_at(term, doc) >= STRONG for term, factor in unit.alternatives.items()):
                return True
        return False

    def _word_shares(self, doc: int, query: Query) -> tuple[float, float]:
        """The share of the message's informative weight (topic words that are not generic, not
        numbers, not place names) the entry explains well (see STRONG) by its own words, and the
        share it explains only through the concept lexicon (which was written for one base and
        carries over less to another)."""
        places = self._place_names
        total = own = concept = 0.0
        for unit in query.units:
            if unit.words and (
                self._weak(unit) or all(w.isdigit() for w in unit.words) or all(w in places for w in unit.words)
            ):
                continue
            total += unit.weight
            by_word = by_concept = False
            for term, factor in unit.alternatives.items():
                if factor * self._cover_at(term, doc) >= STRONG:
                    if term.startswith(CONCEPT_PREFIX):
                        by_concept = True
                    else:
                        by_word = True
                        break
            own += unit.weight * by_word
            concept += unit.weight * (by_concept and not by_word)
        return (own / total, concept / total) if total else (0.0, 0.0)

    def _servable(self, region: Scope) -> np.ndarray:
        """Which documents this user may be shown: the region rule and expiry, as a mask."""
        if isinstance(region, tuple):
            both = self._servable(region[0])
            for other in region[1:]:
                both = both & self._servable(other)
            return both
        today = self.today
        key = (region, today)
        mask = self._masks.get(key)
        if mask is None:
            entries = [document.entry for document in self.index.documents]
            mask = np.array([e.serves(region) and not e.expired(today) for e in entries], dtype=bool)
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[key] = mask
        return mask


#: At most this many questions of one message are answered separately (`Engine.ask_all`).
MAX_QUESTIONS = 3
#: A message of more than this many words is long: the semantic stage encodes its asking sentences.
LONG_WORDS = 20
#: The semantic stage encodes at most this many characters of a message (one text; about 10 ms
#: plus 0.25 ms a character on one core with the bundled model, so about 35 ms at this cap, 47 ms
#: at 150: the cap keeps the p99 per question under 60 ms).
SEMANTIC_CHARS = 100
#: Words that may open a follow-up question ("And who do I call ...?", "Og hvem ...").
_JOINERS = frozenset("and og och also også ogsa plus but men".split())


def _asks(sentence: str) -> bool:
    tokens = [fold(w) for w in words(sentence)]
    while tokens and tokens[0] in _JOINERS:
        tokens = tokens[1:]
    return sentence.rstrip().endswith("?") or (bool(tokens) and tokens[0] in QUESTION_WORDS)


def asking_text(text: str) -> str | None:
    """A long message's asking sentences (those with a question mark or a question word first),
    or None when it is short, asks nowhere, or is all questions."""
    if len(words(text)) <= LONG_WORDS:
        return None
    parts = sentences(text)
    asked = [part for part in parts if _asks(part)]
    if not asked or len(asked) == len(parts):
        return None
    return " ".join(asked)


def semantic_text(text: str, weigh: Callable[[str], float] | None = None, budget: int = SEMANTIC_CHARS) -> str:
    """The one text of a message the semantic stage encodes, at most `budget` characters (encoding
    time grows with length): a short message whole; of a long one its asking sentences, then the
    background sentence that says most (by `weigh`; else the one just before the question) while
    it fits, cut to fit otherwise ("Is there help available?" alone says nothing); a long message
    that asks nowhere: its last characters (the question usually comes last)."""
    text = " ".join(text.split())
    if len(words(text)) <= LONG_WORDS:
        return query_text(text, budget)
    parts = sentences(text)
    asking = [n for n, part in enumerate(parts) if _asks(part)]
    if not asking or len(asking) == len(parts):
        if asking:
            return query_text(text, budget)
        tail = text[-budget:]
        return tail.split(" ", 1)[1] if " " in tail and len(text) > budget else tail
    asked = " ".join(parts[n] for n in asking)
    if len(asked) >= budget - 20:
        return query_text(asked, budget)
    others = [n for n in range(len(parts)) if n not in asking]
    if weigh is None:
        before = [n for n in others if n < asking[0]]
        chosen = before[-1] if before else others[0]
    else:
        chosen = max(others, key=lambda n: weigh(parts[n]))
    room = budget - len(asked) - 1
    background = parts[chosen] if len(parts[chosen]) <= room else query_text(parts[chosen], room)
    return f"{background} {asked}" if chosen < asking[0] else f"{asked} {background}"


def question_parts(text: str) -> list[str]:
    """Split a message asking several things into one text per question (at most MAX_QUESTIONS):
    each asking sentence that says something of its own (3 words or more), the background before
    the first question going with each. One part when it asks at most one thing."""
    parts = sentences(text)
    asked = [n for n, part in enumerate(parts) if _asks(part) and len(words(part)) >= 3]
    if len(asked) < 2:
        return [text]
    background = " ".join(parts[: asked[0]])
    out = []
    for n in asked[:MAX_QUESTIONS]:
        out.append(f"{background} {parts[n]}".strip())
    return out


#: The two cover values postings hold (as float32, as stored).
_COVER_FULL = np.float32(1.0)
_COVER_ANSWER = np.float32(ANSWER_ONLY)


def _at(values: np.ndarray | None, doc: int) -> float:
    return float(values[doc]) if values is not None else 0.0
