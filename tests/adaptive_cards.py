"""A minimal Adaptive Card checker for the parts Sammen uses, after the Adaptive Card schema 1.5
(adaptivecards.io/explorer): each element type's required properties, the properties it may have, and
their types. Teams renders 1.5; an unknown type or property, a missing `text` or `url`, an action
without a title, or Action.Submit data that is not an object is an error. Returns the problems found.
"""

from __future__ import annotations

from typing import Any

SPACING = {"None", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"}
CONTAINER_STYLE = {"default", "emphasis", "good", "attention", "warning", "accent"}
WEIGHT = {"Default", "Lighter", "Bolder"}

#: type → (required, optional) properties with a checker each
ELEMENTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "TextBlock": (
        {"text": str},
        dict(wrap=bool, spacing=SPACING, weight=WEIGHT, isSubtle=bool, size=str, color=str, separator=bool, id=str,
             maxLines=int),
    ),
    "Container": (
        {"items": "elements"},
        {"style": CONTAINER_STYLE, "spacing": SPACING, "separator": bool, "id": str, "selectAction": "action"},
    ),
    "ActionSet": ({"actions": "actions"}, {"spacing": SPACING, "separator": bool, "id": str}),
    "FactSet": ({"facts": list}, {"spacing": SPACING, "separator": bool, "id": str}),
}
ACTIONS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "Action.Submit": ({"title": str}, {"data": dict, "style": str, "id": str, "tooltip": str}),
    "Action.OpenUrl": ({"title": str, "url": str}, {"style": str, "id": str, "tooltip": str}),
}
CARD_REQUIRED = {"type": "AdaptiveCard", "version": str}
CARD_OPTIONAL = {"$schema": str, "body": "elements", "actions": "actions", "msteams": dict, "speak": str,
                 "fallbackText": str, "lang": str}  # fmt: skip
#: Teams shows at most this many actions in one set before folding the rest away.
MAX_ACTIONS = 6


def check_card(card: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(card, dict):
        return ["the card is not an object"]
    if card.get("type") != "AdaptiveCard":
        problems.append("type must be AdaptiveCard")
    version = card.get("version")
    if not isinstance(version, str) or tuple(int(p) for p in version.split(".")) > (1, 5):
        problems.append(f"version {version!r}: Teams renders up to 1.5")
    for key, value in card.items():
        if key in CARD_REQUIRED:
            continue
        if key not in CARD_OPTIONAL:
            problems.append(f"AdaptiveCard: unknown property {key!r}")
        else:
            problems += _value("AdaptiveCard", key, value, CARD_OPTIONAL[key])
    return problems


def _value(where: str, key: str, value: Any, kind: Any) -> list[str]:
    if kind == "elements":
        if not isinstance(value, list):
            return [f"{where}.{key} must be a list"]
        return [p for item in value for p in _element(item)]
    if kind == "actions":
        if not isinstance(value, list) or not value:
            return [f"{where}.{key} must be a non-empty list"]
        extra = [f"{where}.{key}: {len(value)} actions, Teams shows {MAX_ACTIONS}"] if len(value) > MAX_ACTIONS else []
        return extra + [p for item in value for p in _action(item)]
    if kind == "action":
        return _action(value)
    if isinstance(kind, set):
        return [] if value in kind else [f"{where}.{key}: {value!r} is not one of {sorted(kind)}"]
    if kind is bool:
        return [] if isinstance(value, bool) else [f"{where}.{key} must be a boolean"]
    return [] if isinstance(value, kind) else [f"{where}.{key} must be {kind.__name__}"]


def _typed(item: Any, table: dict[str, tuple[dict[str, Any], dict[str, Any]]], what: str) -> list[str]:
    if not isinstance(item, dict) or item.get("type") not in table:
        return [f"unknown {what}: {item.get('type') if isinstance(item, dict) else item!r}"]
    name = item["type"]
    required, optional = table[name]
    problems = [f"{name}: missing {key!r}" for key in required if key not in item]
    for key, value in item.items():
        if key == "type":
            continue
        kind = required.get(key, optional.get(key))
        if kind is None:
            problems.append(f"{name}: unknown property {key!r}")
        else:
            problems += _value(name, key, value, kind)
    if name == "TextBlock" and not str(item.get("text", "")).strip():
        problems.append("TextBlock: empty text")
    data = item.get("data")
    if name == "Action.Submit" and isinstance(data, dict) and not isinstance(data.get("action"), str):
        problems.append("Action.Submit: data.action must be the packed button data")
    if name == "Action.OpenUrl" and not str(item.get("url", "")).startswith(("https://", "http://", "mailto:", "tel:")):
        problems.append(f"Action.OpenUrl: unsafe url {item.get('url')!r}")
    return problems


def _element(item: Any) -> list[str]:
    return _typed(item, ELEMENTS, "element")


def _action(item: Any) -> list[str]:
    return _typed(item, ACTIONS, "action")
