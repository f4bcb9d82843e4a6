"""Typed button data, packed as ``"1|prefix|field|…"`` in at most 64 bytes (Telegram's callback_data).

A feature declares one small class per kind of button, like aiogram's ``CallbackData``::

    @dataclass(frozen=True, slots=True)
    class Feedback(CallbackData, prefix="fb"):
        question: int
        helpful: bool

``Feedback(7, True).pack()`` gives ``"1|fb|7|1"`` and `unpack` turns any string back into the right
class, converting each field by its type (int, str, bool, a Literal of strings) or refusing it with
`BadCallback`: forged, stale (another version) and malformed data never reach a feature.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, ClassVar, Literal, Self, get_args, get_origin

from handlers.types import MAX_ACTION_BYTES

VERSION = "1"
SEP = "|"


class BadCallback(ValueError):
    """Button data that is not one of ours: forged, from an older version, or malformed."""


class CallbackData:
    """Base of every kind of button data; subclasses are frozen dataclasses with a unique `prefix`."""

    prefix: ClassVar[str] = ""
    _kinds: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, prefix: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # `@dataclass(slots=True)` builds the class a second time, without the class keywords: the
        # prefix then comes from the first build's attribute, and the final class replaces the first.
        prefix = prefix or cls.__dict__.get("prefix", "")
        if not prefix:
            return
        if not prefix.isidentifier():
            raise ValueError(f"callback prefix must be an identifier: {prefix!r}")
        if prefix in CallbackData._kinds and CallbackData._kinds[prefix].__qualname__ != cls.__qualname__:
            raise ValueError(f"callback prefix {prefix!r} is taken by {CallbackData._kinds[prefix].__qualname__}")
        cls.prefix = prefix
        CallbackData._kinds[prefix] = cls

    def pack(self) -> str:
        parts = [VERSION, self.prefix, *(_dump(getattr(self, f.name)) for f in dataclasses.fields(self))]  # type: ignore[arg-type]
        while len(parts) > 2 and parts[-1] == "":  # unset optional fields at the end take no room
            parts.pop()
        if any(SEP in part for part in parts):
            raise ValueError(f"'{SEP}' is not allowed in button data: {parts!r}")
        data = SEP.join(parts)
        if len(data.encode()) > MAX_ACTION_BYTES:
            raise ValueError(f"button data over {MAX_ACTION_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def parse(cls, data: str | None) -> Self:
        """This kind from packed data; BadCallback when the data is another kind or malformed."""
        found = unpack(data)
        if not isinstance(found, cls):
            raise BadCallback(f"not {cls.__name__}")
        return found


def unpack(data: str | None) -> CallbackData:
    """The button data as its class; BadCallback for anything that is not valid data of ours."""
    try:
        size = len(data.encode()) if data else 0
    except UnicodeEncodeError:  # a lone surrogate: not text any channel sends
        raise BadCallback("not valid text") from None
    if not data or size > MAX_ACTION_BYTES:
        raise BadCallback("empty or too long")
    version, _, rest = data.partition(SEP)
    prefix, _, tail = rest.partition(SEP)
    kind = CallbackData._kinds.get(prefix)
    if version != VERSION or kind is None:
        raise BadCallback("unknown version or kind")
    values = tail.split(SEP) if tail else []
    fields = dataclasses.fields(kind)  # type: ignore[arg-type]
    if len(values) > len(fields):
        raise BadCallback("too many fields")
    hints = _hints(kind)
    args: dict[str, Any] = {}
    for f, raw in zip(fields, values, strict=False):
        args[f.name] = _load(raw, hints[f.name])
    try:
        return kind(**args)
    except TypeError as exc:  # a required field is missing
        raise BadCallback(str(exc)) from None


def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _dump(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _load(raw: str, hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if raw == "" and len(options) < len(get_args(hint)):
            return None
        hint = options[0]
        origin = get_origin(hint)
    if origin is Literal:
        if raw not in get_args(hint):
            raise BadCallback(f"{raw!r} is not one of {get_args(hint)}")
        return raw
    if hint is bool:
        if raw not in ("0", "1"):
            raise BadCallback(f"{raw!r} is not a flag")
        return raw == "1"
    if hint is int:
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:  # "²" is a digit to Python, not a number
            raise BadCallback(f"{raw!r} is not a number")
        return int(raw)
    return raw
