"""User-facing strings: one Fluent catalogue per language in `handlers/locales/`, none in code.

Interface languages are nb, da, sv and en; nynorsk users get bokmål (their answers still come in
nynorsk where the knowledge has it). A key missing from a catalogue falls back to English, so a
half-translated release still says something sensible.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

LOCALES = Path(__file__).resolve().parent / "locales"
UI_LANGUAGES = ("nb", "da", "sv", "en")
FALLBACK = "en"
_ALIASES = {"no": "nb", "nn": "nb", "nb-no": "nb", "nn-no": "nb", "da-dk": "da", "sv-se": "sv", "sv-fi": "sv"}


def ui_language(code: str | None, default: str = "nb") -> str:
    """Map any language code (Telegram's 'en-GB', 'nn', 'no') to an interface language."""
    if not code:
        return default
    code = code.strip().lower().replace("_", "-")
    code = _ALIASES.get(code, code)
    base = _ALIASES.get(code.split("-")[0], code.split("-")[0])
    return base if base in UI_LANGUAGES else default


def supported(code: str | None) -> bool:
    return ui_language(code, "") != ""


@cache
def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource((LOCALES / f"{lang}.ftl").read_text(encoding="utf-8")))
    return bundle


def translate(lang: str, key: str, **args: Any) -> str:
    for candidate in (ui_language(lang), FALLBACK):
        bundle = _bundle(candidate)
        if bundle.has_message(key):
            message = bundle.get_message(key)
            if message.value is None:
                continue
            text, _errors = bundle.format_pattern(message.value, args)
            return str(text)
    return key


def keys(lang: str) -> set[str]:
    """Every message id in a catalogue (the completeness test compares these)."""
    bundle = _bundle(lang)
    return set(bundle._messages)


class Translator:
    """`t("key", name=...)` bound to one language, handed to the use cases."""

    def __init__(self, lang: str) -> None:
        self.lang = ui_language(lang)

    def __call__(self, key: str, **args: Any) -> str:
        return translate(self.lang, key, **args)
