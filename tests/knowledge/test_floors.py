"""Quality floors on the labelled question set (tests/data/questions.jsonl) over the bundled knowledge.

The issue's targets are top-1 >= 0.90, answer-or-suggest >= 0.97, abstention >= 0.90, no leaks.
All four are met (abstention is held at 0.95 here, since harder sets abstain less); top-1
was 0.909 at the last measurement, paraphrases being the weakest kind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.engine import Engine
from knowledge.evaluation import Tally, evaluate, format_report, read_cases

CASES = Path(__file__).resolve().parents[1] / "data" / "questions.jsonl"


@pytest.fixture(scope="module")
def overall(bundled_any: Engine) -> Tally:
    """With the semantic stage off and on (conftest.bundled_any)."""
    if not CASES.exists():
        pytest.skip("tests/data/questions.jsonl is not there yet")
    tallies = evaluate(bundled_any, read_cases(CASES))
    print(format_report(tallies))
    return tallies["overall"]


def rate(tally: Tally, name: str) -> float:
    value = tally.rates()[name]
    assert value is not None
    return value


def test_no_region_leaks(overall: Tally) -> None:
    assert overall.leaks == 0


def test_abstention_out_of_scope(overall: Tally) -> None:
    assert rate(overall, "abstain") >= 0.95, "\n".join(overall.failures)


def test_regression_floors(overall: Tally) -> None:
    assert rate(overall, "top1") >= 0.88, "\n".join(overall.failures)


def test_answer_or_suggest_target(overall: Tally) -> None:
    assert rate(overall, "answer_or_suggest") >= 0.97, "\n".join(overall.failures)


def test_top1_target(overall: Tally) -> None:
    assert rate(overall, "top1") >= 0.90, "\n".join(overall.failures)


TRANSFER = Path(__file__).resolve().parents[1] / "data" / "transfer"


@pytest.fixture(scope="module")
def transfer_halves(vector_cache: Path) -> list[Tally]:
    """The fused engine on the transfer base (tests/data/transfer/), each half of its questions
    (alternating lines) apart."""
    from knowledge.fusion_fit import semantic_engine

    engine = semantic_engine(TRANSFER / "knowledge", vector_cache)
    cases = read_cases(TRANSFER / "questions.jsonl")
    out = []
    for half in (0, 1):
        tallies = evaluate(engine, [c for n, c in enumerate(cases) if n % 2 == half])
        print(f"transfer half {half}", format_report(tallies), sep="\n")
        out.append(tallies["overall"])
    return out


@pytest.mark.parametrize("half", [0, 1])
def test_transfer_floors(transfer_halves: list[Tally], half: int) -> None:
    """A base nobody tuned the lexicon on, each half: measured 2026-12-02 (issue 14c) top-1
    0.70 / 0.74, answer or suggestion 0.89 / 0.92, abstention 0.89 / 0.97, no leaks (issue 14b:
    0.72 / 0.71, 0.85 / 0.88, 0.89 / 0.97)."""
    tally = transfer_halves[half]
    assert tally.leaks == 0
    assert rate(tally, "top1") >= 0.68, "\n".join(tally.failures)
    assert rate(tally, "answer_or_suggest") >= 0.86, "\n".join(tally.failures)
    assert rate(tally, "abstain") >= 0.86, "\n".join(tally.failures)
