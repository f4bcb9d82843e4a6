"""Checks a card the Teams channel sends: against Microsoft's Adaptive Card 1.5 JSON schema
(`tests/data/adaptive-cards/`: every element's required and allowed properties and their types), and
what Teams adds to it: a version it renders (up to 1.5), its `msteams` extension, at most six actions
side by side, an `Action.Submit` carrying the packed button data, links Teams opens. Returns the
problems found (an empty list: the card is fine)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = Path(__file__).parent / "data" / "adaptive-cards" / "adaptive-card-1.5.json"
#: Teams shows at most this many actions in one set before folding the rest away.
MAX_ACTIONS = 6
#: Links Teams opens from a button.
LINKS = ("https://", "http://", "mailto:", "tel:")
#: Teams' own extension of a card (not in the Adaptive Card schema).
MSTEAMS = {"width": {"Full"}}


@cache
def _validator() -> jsonschema.Draft6Validator:
    return jsonschema.Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def check_card(card: Any) -> list[str]:
    if not isinstance(card, dict):
        return ["the card is not an object"]
    card = dict(card)
    problems: list[str] = []
    teams = card.pop("msteams", {})
    for key, value in teams.items():
        if value not in MSTEAMS.get(key, set()):
            problems.append(f"msteams.{key}: {value!r} is not something Teams knows")
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
        if kind == "Action.Submit" and not isinstance((node.get("data") or {}).get("action"), str):
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
