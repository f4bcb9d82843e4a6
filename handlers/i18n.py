"""User-facing strings: one Fluent catalogue per language in `handlers/locales/`, none in code.

Interface languages are nb, da, sv and en; nynorsk users get bokmål (their answers still come in
nynorsk where the knowledge has it). A key missing from a catalogue falls back to English, so a
half-translated release still says something sensible.
"""

from __future__ import annotations

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


class Catalogue:
    """Fluent catalogues, one `<lang>.ftl` per language in a folder; a missing key falls back to English.

    The core's catalogues (users' words) and the dashboard's (staff's words) are two of these.
    """

    def __init__(self, folder: Path, languages: tuple[str, ...], fallback: str = FALLBACK) -> None:
        self.folder = folder
        self.languages = languages
        self.fallback = fallback
        self._bundles: dict[str, FluentBundle] = {}

    def bundle(self, lang: str) -> FluentBundle:
        bundle = self._bundles.get(lang)
        if bundle is None:
            bundle = FluentBundle([lang], use_isolating=False)
            bundle.add_resource(FluentResource((self.folder / f"{lang}.ftl").read_text(encoding="utf-8")))
            self._bundles[lang] = bundle
        return bundle

    def translate(self, lang: str, key: str, **args: Any) -> str:
        for candidate in (lang if lang in self.languages else self.fallback, self.fallback):
            bundle = self.bundle(candidate)
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                text, _errors = bundle.format_pattern(message.value, args)
                return str(text)
        return key

    def keys(self, lang: str) -> set[str]:
        """Every message id in a catalogue (the completeness tests compare these)."""
        return set(self.bundle(lang)._messages)


CORE = Catalogue(LOCALES, UI_LANGUAGES)


def translate(lang: str, key: str, **args: Any) -> str:
    return CORE.translate(ui_language(lang), key, **args)


def keys(lang: str) -> set[str]:
    return CORE.keys(lang)


def accept_languages(header: str | None) -> list[str]:
    """The primary language tags of an Accept-Language header, most preferred first (q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate((header or "").split(",")):
        tag, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if quality > 0 and primary:
            ranked.append((-quality, index, primary))
    return [code for _, _, code in sorted(ranked)]


class Translator:
    """`t("key", name=...)` bound to one language, handed to the use cases."""

    def __init__(self, lang: str) -> None:
        self.lang = ui_language(lang)

    def __call__(self, key: str, **args: Any) -> str:
        return translate(self.lang, key, **args)
