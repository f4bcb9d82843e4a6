"""The layers only import downward, and the core never imports a chat library or a web framework.

The rule is written once, as import-linter contracts in pyproject.toml; this test runs them, so a
forbidden import fails `make test` as well as `make lint`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    run = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in run.stdout


def test_the_checker_would_catch_an_upward_import(tmp_path: Path) -> None:
    """The contract is not vacuous: a copy of the tree with knowledge importing handlers breaks it."""
    for package in ("bot", "scheduler", "handlers", "storage", "knowledge"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.yaml", "data", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "knowledge" / "upward.py").write_text("from handlers import markup\n", encoding="utf-8")
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    env = {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}
    run = subprocess.run([lint, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode != 0
    assert "knowledge is not allowed to import handlers" in run.stdout
