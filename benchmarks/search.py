"""Search benchmark: load/index time, ask latency and memory for the bundled knowledge (asked the
labelled questions) and for generated bases of 35, 1,000 and 10,000 entries.

The generated bases reuse the bundled entries' real vocabulary (per language), mixed at random,
so the postings and the vocabulary grow the way a real multilingual base would. Latency is
measured the way the server runs: GC frozen after building, a short warm-up, then 1,000
distinct questions each asked once (p99 over 1,000 is the 10th slowest).
"""

from __future__ import annotations

import gc
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from knowledge.commands import BUNDLED
from knowledge.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.model import KnowledgeBase
from knowledge.normalise import words

SIZES = (35, 1_000, 10_000)
#: Timed asks per size (distinct texts), after WARM_UP others.
QUERIES = 1_000
WARM_UP = 30
TARGET_P99 = {1_000: 5.0, 10_000: 25.0}
CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.jsonl"
REGIONS = [f"region-{n}" for n in range(20)]
#: One question as asked: text, region, language hint.
Ask = tuple[str, str | None, str | None]


def _pools(kb: KnowledgeBase) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for entry in kb.entries:
        for lang, text in [*entry.title.items(), *entry.answer.items()]:
            pools.setdefault(lang, []).extend(words(text))
        for lang, questions in entry.questions.items():
            for question in questions:
                pools.setdefault(lang, []).extend(words(question))
    return pools


def _sentence(rng: random.Random, pool: list[str], low: int, high: int, end: str = "") -> str:
    text = " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))
    return text[:1].upper() + text[1:] + end


def synthetic_entries(kb: KnowledgeBase, size: int, seed: int = 7) -> list[dict[str, Any]]:
    """`size` entries: the real ones first, then random mixtures of their words."""
    rng = random.Random(seed)
    pools = _pools(kb)
    langs = sorted(pools)
    rows: list[dict[str, Any]] = []
    for number in range(size):
        if number < len(kb.entries):
            entry = kb.entries[number]
            rows.append({"id": f"real-{number}", "title": entry.title, "questions": entry.questions,
                         "keywords": entry.keywords, "answer": entry.answer, "tags": entry.tags,
                         "regions": entry.regions})
            continue
        chosen = rng.sample(langs, k=min(len(langs), rng.choice((1, 2, 2, 3))))
        rows.append({
            "id": f"synthetic-{number}",
            "title": {lang: _sentence(rng, pools[lang], 3, 7) for lang in chosen},
            "questions": {lang: [_sentence(rng, pools[lang], 5, 12, "?") for _ in range(rng.randint(2, 6))]
                          for lang in chosen},
            "keywords": [rng.choice(pools[chosen[0]]) for _ in range(rng.randint(2, 8))],
            "answer": {lang: _sentence(rng, pools[lang], 30, 90, ".") for lang in chosen},
            "regions": rng.sample(REGIONS, k=1) if rng.random() < 0.6 else [],
        })
    return rows


def realistic_queries(kb: KnowledgeBase, count: int, seed: int = 11) -> list[tuple[str, str | None]]:
    """`count` distinct user questions: the labelled ones and the entries' own example questions,
    then variants of them (a dropped or doubled letter, no capitals, no Nordic letters).

    Distinct, because a server rarely sees the same text twice: nothing may be answered from a
    per-message cache. Words do recur, as they do in real traffic.
    """
    rng = random.Random(seed)
    texts: list[str] = []
    if CASES.exists():
        texts = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [q for entry in kb.entries for qs in entry.questions.values() for q in qs]
    texts = list(dict.fromkeys(texts))
    rng.shuffle(texts)
    seen: set[str] = set()
    queries: list[tuple[str, str | None]] = []
    attempts = 0
    while len(queries) < count and attempts < 50 * count:
        text = texts[attempts % len(texts)]
        if attempts >= len(texts) or rng.random() < 0.2:
            text = _variant(rng, text)
        attempts += 1
        if text not in seen:
            seen.add(text)
            queries.append((text, rng.choice([None, None, *REGIONS[:3]])))
    return queries


def _variant(rng: random.Random, text: str) -> str:
    kind = rng.random()
    if kind < 0.15:
        return text.lower()
    if kind < 0.3:
        return text.translate(str.maketrans("æøåäöÆØÅÄÖ", "aoaaoAOAAO"))
    cut = rng.randrange(len(text))
    if kind < 0.7:  # a dropped letter
        return text[:cut] + text[cut + 1 :]
    return text[:cut] + text[cut] + text[cut:]  # a doubled letter


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return float("nan")
    return pages * 4096 / 1e6


def _latencies(engine: Engine, queries: Sequence[Ask]) -> list[float]:
    """Milliseconds per ask, in order. Nothing else runs meanwhile: no tracemalloc, no profiler."""
    out = []
    clock = time.perf_counter
    for text, region, lang in queries:
        start = clock()
        engine.ask(text, region=region, lang=lang)
        out.append((clock() - start) * 1000)
    return out


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _measure(name: str, build: Callable[[], KnowledgeBase], queries: Sequence[Ask],
             warm: Sequence[Ask], target: str = "") -> list[dict]:
    gc.collect()
    before = _rss_mb()
    started = time.perf_counter()
    kb = build()
    loaded = time.perf_counter()
    engine = Engine(kb)
    indexed = time.perf_counter()
    memory = _rss_mb() - before
    gc.freeze()  # as the server's KnowledgeStore does after building
    _latencies(engine, warm)  # a server that has answered a few questions since the last reload
    latencies = _latencies(engine, queries)
    rows = [
        {"benchmark": name, "metric": "load + validate (s)", "value": round(loaded - started, 3), "target": ""},
        {"benchmark": name, "metric": "index (s)", "value": round(indexed - loaded, 3), "target": ""},
        {"benchmark": name, "metric": f"ask p50 (ms, {len(latencies)} asks)",
         "value": round(statistics.median(latencies), 2), "target": ""},
        {"benchmark": name, "metric": "ask p99 (ms)", "value": round(percentile(latencies, 0.99), 2),
         "target": target},
        {"benchmark": name, "metric": "memory RSS delta (MB)", "value": round(memory, 1), "target": ""},
    ]
    del engine, kb
    gc.unfreeze()
    gc.collect()
    return rows


def labelled_cases() -> list[Ask]:
    """The labelled questions with their region and language hint, as the eval asks them."""
    if not CASES.exists():
        return []
    rows = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["text"], row.get("region"), row.get("lang")) for row in rows]


def run(sizes: tuple[int, ...] = SIZES, bundled: bool = True) -> list[dict]:
    base = load_knowledge(BUNDLED)
    both = realistic_queries(base, QUERIES + WARM_UP)
    queries = [(text, region, None) for text, region in both[WARM_UP:]]
    warm = [(text, region, None) for text, region in both[:WARM_UP]]
    rows: list[dict] = []
    if bundled and (cases := labelled_cases()):
        # the knowledge the server runs on, asked the labelled questions (each pass in a new order)
        rng = random.Random(5)
        passes = [rng.sample(cases, len(cases)) for _ in range(3)]
        rows += _measure(f"search bundled ({len(base.entries)})", partial(load_knowledge, BUNDLED),
                         [case for one in passes for case in one], warm)
    with tempfile.TemporaryDirectory() as directory:
        empty = Path(directory)
        (empty / "contacts.yaml").write_text("contacts: []\n", encoding="utf-8")
        for size in sizes:
            entries = synthetic_entries(base, size)
            target = f"<= {TARGET_P99[size]:g} ms" if size in TARGET_P99 else ""
            rows += _measure(f"search {size} entries", partial(load_knowledge, empty, extra=entries),
                             queries, warm, target)
    return rows


def main(argv: list[str]) -> None:
    """`python -m benchmarks.search [SIZE ...] [bundled]`: all of them when none is named."""
    sizes = tuple(int(a) for a in argv if a.isdigit()) or (SIZES if not argv else ())
    rows = run(sizes, bundled=not argv or "bundled" in argv)
    print(f"{'benchmark':<26}{'metric':<28}{'value':>10}  target")
    for row in rows:
        print(f"{row['benchmark']:<26}{row['metric']:<28}{row['value']!s:>10}  {row['target']}")


if __name__ == "__main__":
    main(sys.argv[1:])
