"""Compact, versioned button actions: ``"1|verb|arg|arg"``, at most 64 bytes.

Every channel sends the action string back unchanged; `decode` refuses anything forged, stale
(another version) or malformed, and the dispatcher answers such input with a polite note.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.types import MAX_ACTION_BYTES

VERSION = "1"
SEP = "|"


@dataclass(frozen=True, slots=True)
class Action:
    verb: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str = "") -> str:
        return self.args[index] if index < len(self.args) else default


def encode(verb: str, *args: object) -> str:
    parts = [VERSION, verb, *(str(a) for a in args)]
    if any(SEP in p for p in parts):
        raise ValueError(f"'{SEP}' is not allowed in an action part: {parts!r}")
    data = SEP.join(parts)
    if len(data.encode()) > MAX_ACTION_BYTES:
        raise ValueError(f"action over {MAX_ACTION_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Action | None:
    """The action, or None when the data is not one of ours (forged, stale or malformed)."""
    if not data or len(data.encode()) > MAX_ACTION_BYTES:
        return None
    parts = data.split(SEP)
    if len(parts) < 2 or parts[0] != VERSION or not parts[1].isidentifier():
        return None
    return Action(parts[1], tuple(parts[2:]))
