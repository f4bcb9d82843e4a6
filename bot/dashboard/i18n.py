"""The dashboard's own strings: English, and Norwegian bokmål for staff whose browser asks for it.

Same Fluent approach as the core (`handlers/i18n.py`), a separate catalogue in `locales/` because
these strings are for staff, not for end users.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.i18n import Catalogue, accept_languages

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "nb")
CATALOGUE = Catalogue(LOCALES, LANGUAGES)


def keys(lang: str) -> set[str]:
    return CATALOGUE.keys(lang)


def pick(accept_language: str | None, default: str) -> str:
    """nb for a browser that prefers Norwegian (nb, nn, no), else English; no header: the default."""
    for tag in accept_languages(accept_language):
        if tag in ("nb", "nn", "no"):
            return "nb"
        if tag == "en":
            return "en"
    return "nb" if default in ("nb", "nn") else "en"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, **args: Any) -> str:
        return CATALOGUE.translate(self.lang, key, **args)
