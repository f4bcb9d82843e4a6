"""The decision mechanisms: breadth, long messages' question sentences, broad one-word messages,
and the concept matcher's guards, on the bundled knowledge (the mechanisms, not our entries)."""

from __future__ import annotations

import pytest

from knowledge.commands import BUNDLED
from knowledge.concepts import ConceptMatcher, build_matcher
from knowledge.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.normalise import tokenize


@pytest.fixture(scope="module")
def bundled() -> Engine:
    return Engine(load_knowledge(BUNDLED))


@pytest.fixture(scope="module")
def matcher() -> ConceptMatcher:
    return build_matcher()


def concepts(matcher: ConceptMatcher, text: str) -> dict[str, bool]:
    """Concept -> whether it matched exactly, for a text."""
    tokens = tokenize(text, ("nb", "da", "sv", "en"))
    found: dict[str, bool] = {}
    for match in matcher.match([[t] for t in tokens]):
        found[match.concept] = found.get(match.concept, False) or match.exact
    return found


@pytest.mark.parametrize(
    "text",
    [
        "vem vann allsvenskan?",  # "vann" is water in Norwegian
        "recept på kanelbullar",
        "tips på semester i Grekland",
        "hvornår åbner biblioteket i Juelsminde?",
    ],
)
def test_one_shared_word_is_not_enough_for_an_answer(bundled: Engine, text: str) -> None:
    assert bundled.ask(text).kind != "answer"


@pytest.mark.parametrize("word", ["kontakt", "samarbeid", "grupper", "støtte"])
def test_a_broad_word_many_entries_share_gets_suggestions(bundled: Engine, word: str) -> None:
    decision = bundled.ask(word)
    assert decision.kind == "suggest" and len(decision.suggestions) >= 2


@pytest.mark.parametrize("word", ["permittering", "webinar", "Rugekassen"])
def test_a_specific_word_is_still_answered(bundled: Engine, word: str) -> None:
    assert bundled.ask(word).kind == "answer"


def test_the_sentence_that_asks_outweighs_the_background(bundled: Engine) -> None:
    text = (
        "Jeg er ny som medlem i næringsforeningen i Drammen og prøver å forstå hvem som gjør hva. "
        "Jeg leste at foreningen er med i et samarbeid med flere andre foreninger i regionen. "
        "Hvem er kontaktpersonen vår i Næringsforeningen i Drammensregionen for dette samarbeidet?"
    )
    query = bundled.analyse(text, "nb")
    assert query.asking and len(query.asking) < len(query.units)
    assert bundled.search(text, region="drammen")[0][0].id == "nov-naeringsforeningen-drammensregionen"


def test_an_inflected_wildcard_is_an_exact_concept(matcher: ConceptMatcher) -> None:
    assert concepts(matcher, "reklamere")["marketing"] is True  # "reklam*" + "ere"
    assert concepts(matcher, "koronavaksine")["corona"] is False  # "korona*" + a word of its own


def test_short_stems_of_other_languages_do_not_make_matches(matcher: ConceptMatcher) -> None:
    assert "fees" not in concepts(matcher, "hvilken bil bør jeg kjøpe")  # not "bills" cut to "bil"
    assert "shop_local" not in concepts(matcher, "når åpner svømmehallen")  # not "närheten" cut to "när"
