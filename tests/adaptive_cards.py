"""Checks a card the Teams channel sends: against `tests/data/adaptive_card_subset.schema.json` (every
element's and action's required and allowed properties, their types and allowed values, and Teams'
`msteams` extension), and what Teams adds to it: a version it renders (up to 1.5), at most six actions
side by side, an `Action.Submit` carrying the packed button data, links Teams opens. Returns the
problems found (an empty list: the card is fine).

The schema is our own subset of Adaptive Cards 1.5, written from Microsoft's public documentation.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = Path(__file__).parent / "data" / "adaptive_card_subset.schema.json"
#: Teams shows at most this many actions in one set before folding the rest away.
MAX_ACTIONS = 6
#: Links Teams opens from a button.
LINKS = ("https://", "http://", "mailto:", "tel:")


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_card(card: Any) -> list[str]:
    if not isinstance(card, dict):
        return ["the card is not an object"]
    problems: list[str] = []
    for error in _validator().iter_errors(card):
        where = "/".join(str(p) for p in error.absolute_path) or "card"
        problems.append(f"{where}: {error.message[:200]}")
    version = card.get("version")
    try:
        too_new = tuple(int(p) for p in str(version).split(".")) > (1, 5)
    except ValueError:
        too_new = True
    if too_new:
        problems.append(f"version {version!r}: Teams renders up to 1.5")
    for node in _walk(card):
        kind = node.get("type")
        if kind in ("ActionSet", "AdaptiveCard") and len(node.get("actions", [])) > MAX_ACTIONS:
            problems.append(f"{kind}: {len(node['actions'])} actions, Teams shows {MAX_ACTIONS}")
        if kind == "TextBlock" and not str(node.get("text", "")).strip():
            problems.append("TextBlock: empty text")
        data = node.get("data")
        if kind == "Action.Submit" and not (isinstance(data, dict) and isinstance(data.get("action"), str)):
            problems.append("Action.Submit: data.action must be the packed button data")
        if kind in ("Action.Submit", "Action.OpenUrl") and not str(node.get("title", "")):
            problems.append(f"{kind}: no title")
        if kind == "Action.OpenUrl" and not str(node.get("url", "")).startswith(LINKS):
            problems.append(f"Action.OpenUrl: a link Teams will not open: {node.get('url')!r}")
    return problems


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node] + [n for v in node.values() for n in _walk(v)]
    if isinstance(node, list):
        return [n for v in node for n in _walk(v)]
    return []
