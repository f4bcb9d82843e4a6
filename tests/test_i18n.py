"""The user-facing catalogues are complete: the same keys in nb, da, sv and en, and every command and
menu button a feature registers has its words in each."""

from __future__ import annotations

import pytest

from handlers.feature import Registry
from handlers.features import FEATURES
from handlers.i18n import UI_LANGUAGES, accept_languages, keys


def test_the_four_catalogues_have_the_same_keys() -> None:
    english = keys("en")
    for lang in UI_LANGUAGES:
        assert keys(lang) == english, (lang, sorted(keys(lang) ^ english)[:10])


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_registered_command_and_menu_button_has_words(lang: str) -> None:
    registry = Registry(FEATURES)
    have = keys(lang)
    assert {f"command-{c.name}" for c in registry.listed_commands()} <= have
    assert {item.label for item in registry.menu} <= have


def test_accept_language_is_read_by_preference() -> None:
    assert accept_languages("en-GB;q=0.5, da, sv;q=0.8, nb;q=0") == ["da", "sv", "en"]
    assert accept_languages(None) == [] and accept_languages("x;q=abc") == []
