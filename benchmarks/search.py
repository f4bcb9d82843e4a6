"""Search benchmark: load/index time, query latency and memory at 35, 1,000 and 10,000 entries.

The synthetic knowledge bases reuse the bundled entries' real vocabulary (per language), mixed
at random, so the postings and the vocabulary grow the way a real multilingual base would.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from knowledge.commands import BUNDLED
from knowledge.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.model import KnowledgeBase
from knowledge.normalise import words

SIZES = (35, 1_000, 10_000)
QUERIES = 300
TARGET_P99 = {1_000: 5.0, 10_000: 25.0}
CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "questions.jsonl"
REGIONS = [f"region-{n}" for n in range(20)]


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
    """Labelled user questions when available, else the entries' own example questions, varied."""
    rng = random.Random(seed)
    texts: list[str] = []
    if CASES.exists():
        texts = [json.loads(line)["text"] for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [q for entry in kb.entries for qs in entry.questions.values() for q in qs]
    queries = []
    for _ in range(count):
        text = rng.choice(texts)
        if rng.random() < 0.2 and len(text) > 8:  # a dropped letter
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        queries.append((text, rng.choice([None, None, *REGIONS[:3]])))
    return queries


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return float("nan")
    return pages * 4096 / 1e6


def run() -> list[dict]:
    base = load_knowledge(BUNDLED)
    empty = Path(__file__).resolve().parent / "_empty_kb"
    empty.mkdir(exist_ok=True)
    (empty / "contacts.yaml").write_text("contacts: []\n", encoding="utf-8")
    queries = realistic_queries(base, QUERIES)
    rows: list[dict] = []
    for size in SIZES:
        entries = synthetic_entries(base, size)
        before = _rss_mb()
        started = time.perf_counter()
        kb = load_knowledge(empty, extra=entries)
        loaded = time.perf_counter()
        engine = Engine(kb)
        indexed = time.perf_counter()
        memory = _rss_mb() - before
        gc.freeze()  # as the server's KnowledgeStore does after building
        for text, region in queries[:20]:  # warm the caches a server would have warm
            engine.ask(text, region=region)
        latencies = []
        for text, region in queries:
            start = time.perf_counter()
            engine.ask(text, region=region)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        name = f"search {size} entries"
        target = f"<= {TARGET_P99[size]:g} ms" if size in TARGET_P99 else ""
        rows += [
            {"benchmark": name, "metric": "load + validate (s)", "value": round(loaded - started, 3), "target": ""},
            {"benchmark": name, "metric": "index (s)", "value": round(indexed - loaded, 3), "target": ""},
            {"benchmark": name, "metric": "ask p50 (ms)", "value": round(statistics.median(latencies), 2),
             "target": ""},
            {"benchmark": name, "metric": "ask p99 (ms)", "value": round(p99, 2), "target": target},
            {"benchmark": name, "metric": "memory RSS delta (MB)", "value": round(memory, 1), "target": ""},
        ]
        del engine, kb
        gc.unfreeze()
        gc.collect()
    (empty / "contacts.yaml").unlink()
    empty.rmdir()
    return rows


def main() -> None:
    rows = run()
    print(f"{'benchmark':<26}{'metric':<24}{'value':>10}  target")
    for row in rows:
        print(f"{row['benchmark']:<26}{row['metric']:<24}{row['value']!s:>10}  {row['target']}")


if __name__ == "__main__":
    main()
