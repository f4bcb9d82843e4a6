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
