"""Quality floors on the labelled question set (tests/data/questions.jsonl) over the bundled knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.commands import BUNDLED
from knowledge.engine import Engine
from knowledge.evaluation import evaluate, format_report, read_cases
from knowledge.loader import load_knowledge

CASES = Path(__file__).resolve().parents[1] / "data" / "questions.jsonl"


@pytest.fixture(scope="module")
def overall():  # type: ignore[no-untyped-def]
    if not CASES.exists():
        pytest.skip("tests/data/questions.jsonl is not there yet")
    tallies = evaluate(Engine(load_knowledge(BUNDLED)), read_cases(CASES))
    print(format_report(tallies))
    return tallies["overall"]


def test_no_region_leaks(overall) -> None:  # type: ignore[no-untyped-def]
    assert overall.leaks == 0


def test_answer_or_suggest(overall) -> None:  # type: ignore[no-untyped-def]
    assert overall.rates()["answer_or_suggest"] >= 0.97, "\n".join(overall.failures)


def test_abstention_out_of_scope(overall) -> None:  # type: ignore[no-untyped-def]
    assert overall.rates()["abstain"] >= 0.90, "\n".join(overall.failures)


def test_top1_in_scope(overall) -> None:  # type: ignore[no-untyped-def]
    assert overall.rates()["top1"] >= 0.90, "\n".join(overall.failures)
