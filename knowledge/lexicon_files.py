"""Reading the engine's own word lists from `knowledge/lexicon/` (shipped with the package)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).parent / "lexicon"


@cache
def read_lexicon(name: str) -> Any:
    """The parsed `lexicon/<name>.yaml`; read once per process."""
    with (LEXICON_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
