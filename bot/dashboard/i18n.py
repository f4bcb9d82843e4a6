"""The dashboard's own strings: English, and Norwegian bokmål for staff whose browser asks for it.

Same Fluent approach as the core (`handlers/i18n.py`), a separate catalogue in `locales/` because
these strings are for staff, not for end users.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "nb")


@cache
def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource((LOCALES / f"{lang}.ftl").read_text(encoding="utf-8")))
    return bundle


def keys(lang: str) -> set[str]:
    return set(_bundle(lang)._messages)


def pick(accept_language: str | None, default: str) -> str:
    """nb for a browser that prefers Norwegian (nb, nn, no), else English; no header: the default."""
    if not accept_language:
        return "nb" if default in ("nb", "nn") else "en"
    ranked = []
    for n, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, n, tag.strip().lower().split("-")[0]))
    for _, _, tag in sorted(ranked):
        if tag in ("nb", "nn", "no"):
            return "nb"
        if tag == "en":
            return "en"
    return "nb" if default in ("nb", "nn") else "en"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, **args: Any) -> str:
        for lang in (self.lang, "en"):
            bundle = _bundle(lang)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is not None:
                    text, _errors = bundle.format_pattern(message.value, args)
                    return str(text)
        return key
