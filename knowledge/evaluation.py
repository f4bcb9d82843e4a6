"""Measuring the engine on labelled questions: the figures `sammen eval` prints and tests hold to."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.engine import Decision, Engine
from knowledge.model import KnowledgeBase


@dataclass
class Case:
    text: str
    region: str | None
    lang: str | None
    expected: str | None
    kind: str


def read_cases(path: str | Path) -> list[Case]:
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            cases.append(Case(raw["text"], raw.get("region"), raw.get("lang"), raw.get("expected"),
                              raw.get("kind") or "unlabelled"))
    return cases


def decision_row(decision: Decision) -> dict[str, Any]:
    """The JSON line of the `ask --jsonl` contract."""
    return {
        "entry": decision.entry.id if decision.kind == "answer" and decision.entry else None,
        "score": round(float(decision.score), 4),
        "suggestions": [entry.id for entry in decision.suggestions][:3],
        "lang": decision.lang,
    }


@dataclass
class Tally:
    """Counts for one kind of question (or all)."""

    in_scope: int = 0
    top1: int = 0
    found: int = 0  # answered or suggested correctly
    out_of_scope: int = 0
    abstained: int = 0
    suggested_out: int = 0  # out-of-scope with suggestions (allowed, reported)
    leaks: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, case: Case, row: dict[str, Any], kb: KnowledgeBase) -> None:
        shown = ([row["entry"]] if row["entry"] else []) + list(row["suggestions"])
        for entry_id in shown:
            entry = kb.entry(entry_id)
            if entry is not None and case.region is not None and not entry.serves(case.region):
                self.leaks += 1
        if case.expected is not None:
            self.in_scope += 1
            self.top1 += row["entry"] == case.expected
            self.found += case.expected in shown
            if row["entry"] != case.expected:
                self.failures.append(f"{case.kind}: {case.text!r} -> {row['entry']} {row['suggestions']} "
                                     f"({row['score']}), expected {case.expected}")
        else:
            self.out_of_scope += 1
            self.abstained += row["entry"] is None
            self.suggested_out += bool(row["suggestions"])
            if row["entry"] is not None:
                self.failures.append(f"{case.kind}: {case.text!r} -> {row['entry']} ({row['score']}), expected none")

    def rates(self) -> dict[str, float | None]:
        def share(part: int, whole: int) -> float | None:
            return part / whole if whole else None

        return {
            "top1": share(self.top1, self.in_scope),
            "answer_or_suggest": share(self.found, self.in_scope),
            "abstain": share(self.abstained, self.out_of_scope),
            "suggested_out": share(self.suggested_out, self.out_of_scope),
        }


def evaluate(engine: Engine, cases: Iterable[Case]) -> dict[str, Tally]:
    """Tallies per kind of question plus "overall"."""
    tallies: dict[str, Tally] = {}
    overall = Tally()
    for case in cases:
        row = decision_row(engine.ask(case.text, region=case.region, lang=case.lang))
        tallies.setdefault(case.kind, Tally()).add(case, row, engine.kb)
        overall.add(case, row, engine.kb)
    return {**dict(sorted(tallies.items())), "overall": overall}


def format_report(tallies: dict[str, Tally]) -> str:
    def cell(value: float | None) -> str:
        return "    -" if value is None else f"{value:5.2f}"

    lines = [f"{'kind':<16}{'n':>5}{'top1':>7}{'found':>7}{'abstain':>9}{'sugg.oos':>10}{'leaks':>7}"]
    for kind, tally in tallies.items():
        rates = tally.rates()
        n = tally.in_scope + tally.out_of_scope
        lines.append(f"{kind:<16}{n:>5}{cell(rates['top1']):>7}{cell(rates['answer_or_suggest']):>7}"
                     f"{cell(rates['abstain']):>9}{cell(rates['suggested_out']):>10}{tally.leaks:>7}")
    return "\n".join(lines)
