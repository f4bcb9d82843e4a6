"""The CLI commands: `kb check`, `ask` (one question and the JSON-lines contract) and `eval`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import run as main
from knowledge.commands import BUNDLED

from .conftest import write_kb

ROOT = Path(__file__).resolve().parents[2]


def cli() -> list[str]:
    """The `sammen` console script when it is installed with the knowledge commands, else the module."""
    script = shutil.which("sammen")
    if script is not None:
        probe = subprocess.run([script, "kb", "--help"], capture_output=True, text=True, timeout=60)
        if probe.returncode == 0:
            return [script]
    return [sys.executable, "-m", "bot.cli"]


def test_kb_check_ok(kb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", str(kb_dir)]) == 0
    assert capsys.readouterr().out.strip() == "7 entries, 1 contacts, 2 regions: OK"


def test_kb_check_lists_every_problem_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_kb(tmp_path / "bad", "entries:\n  - id: x\n    answer: {xx: y}\n  - id: x\n    answer: {nb: y}\n")
    assert main(["kb", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "unknown language code 'xx'" in out and "duplicate id" in out and "3 problem(s)" in out


def test_bundled_knowledge_passes_the_check(capsys: pytest.CaptureFixture[str]) -> None:
    if not any(BUNDLED.glob("*.yaml")):
        pytest.skip("no bundled knowledge yet")
    assert main(["kb", "check", str(BUNDLED)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.rstrip().endswith(": OK")


def test_ask_prints_answer_with_contact_card(kb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Hvem kan hjelpe meg med permittering?", "--knowledge", str(kb_dir)]) == 0
    out = capsys.readouterr().out
    assert "Råd om permittering av ansatte" in out and "Kari Nordmann" in out and "+47 900 00 000" in out


def test_ask_admits_not_knowing(kb_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Hvor mange innbyggere har byen?", "--knowledge", str(kb_dir)]) == 0
    assert "ikke sikker" in capsys.readouterr().out
    assert main(["ask", "Hva blir været i morgen?", "--knowledge", str(kb_dir)]) == 0
    assert "utenfor det jeg kan hjelpe med" in capsys.readouterr().out  # off topic


def test_ask_jsonl_contract_through_a_subprocess(kb_dir: Path) -> None:
    lines = [
        {"text": "Hvem kan hjelpe meg med permittering?", "region": "horten", "lang": None},
        {"text": "Hvem kan hjelpe meg med permittering?", "region": "asker", "lang": None},
        {"text": "Hur startar jag ett eget företag?", "region": None, "lang": "sv"},
        {"text": "Fortell meg en vits", "region": None, "lang": "nb"},
        {"text": "hei", "region": None, "lang": "nb"},
    ]
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    result = subprocess.run(
        [*cli(), "ask", "--jsonl", "--knowledge", str(kb_dir)],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(lines)
    for row in rows:
        assert set(row) == {"entry", "score", "suggestions", "lang"}
        assert 0.0 <= row["score"] <= 1.0 and isinstance(row["suggestions"], list) and len(row["suggestions"]) <= 3
    assert rows[0]["entry"] == "permittering"
    assert rows[1]["entry"] is None and "permittering" not in rows[1]["suggestions"]
    assert rows[2]["entry"] == "starta-foretag" and rows[2]["lang"] == "sv"
    assert rows[3]["entry"] is None
    assert rows[4]["entry"] is None and rows[4]["suggestions"] == []


def test_eval_prints_rates_per_kind(kb_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        {"text": "Hvem kan hjelpe meg med permittering?", "region": "horten", "lang": None,
         "expected": "permittering", "kind": "direct"},
        {"text": "Hva blir været i morgen?", "region": None, "lang": None, "expected": None, "kind": "out_of_scope"},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    assert main(["eval", "--knowledge", str(kb_dir), "--cases", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[1:] for line in out[1:]}
    assert rows["direct"][:3] == ["1", "1.00", "1.00"]
    assert rows["out_of_scope"][3] == "1.00"
    assert rows["overall"][-1] == "0"  # no region leak
