"""Places named in a message, the message's language and several questions in one message, with
the semantic stage off and on (conftest.bundled_any)."""

from __future__ import annotations

import pytest

from knowledge.engine import Engine
from knowledge.language import detect_language

NAMED = [
    ("finnes det et nettverk for gründere i Stenungsund?", "stenungsund"),
    ("hvem er kontaktperson i Bærum Næringsråd?", "baerum"),
    ("Hedensted Kommune erhvervspolitik", "hedensted"),
    ("Hortens næringsforum kontakt", "horten"),
    ("næringsforening i Baerum", "baerum"),
    ("vi holder til i Sandvika, hvem er kontaktperson i næringsrådet?", "baerum"),
]


@pytest.mark.parametrize(("text", "region"), NAMED)
def test_a_named_region_narrows_the_answer(bundled_any: Engine, text: str, region: str) -> None:
    decision = bundled_any.ask(text)
    assert decision.place == region
    shown = [*([decision.entry] if decision.entry else []), *decision.suggestions]
    assert shown and all(region in e.regions or not e.regions for e in shown)


def test_a_named_region_never_breaks_the_region_rule(bundled_any: Engine) -> None:
    decision = bundled_any.ask("kontaktperson i Asker Næringsforening?", region="horten")
    assert decision.place == "asker" and decision.entry is None
    assert all("horten" in e.regions and "asker" in e.regions for e in decision.suggestions)


UNCOVERED = [
    ("vi er i Tromsø, kan vi få utsatt kommunale avgifter?", "Tromsø"),
    ("Bergen kommune utsettelse av avgifter", "Bergen"),
    ("we are in Malmö, is there help for companies?", "Malmö"),
    ("i Aarhus, findes der et netværk for iværksættere?", "Aarhus"),
    ("vi driver en butikk i Fredrikstad, finnes det nettverk for oss?", None),  # covered (Østfold)
]


@pytest.mark.parametrize(("text", "place"), UNCOVERED)
@pytest.mark.parametrize("region", [None, "horten"])
def test_a_place_the_base_does_not_cover(bundled_any: Engine, text: str, place: str | None,
                                         region: str | None) -> None:
    decision = bundled_any.ask(text, region=region)
    assert decision.unknown_place == place
    if place is not None:
        assert decision.kind == "abstain" and decision.entry is None and not decision.suggestions


def test_a_town_said_in_passing_is_not_where_the_business_is(bundled_any: Engine) -> None:
    assert bundled_any.ask("vi har ansatt en ingeniør fra Bergen, finnes det nettverk for tilflyttere?",
                           region="ostfold").unknown_place is None


@pytest.mark.parametrize(("text", "hint", "lang"), [
    ("Kan vi få udskudt betalingen af kommunale afgifter?", None, "da"),
    ("Finns det stöd för företag som vill växa?", None, "sv"),
    ("Can we defer the municipal fees?", "nb", "en"),
    ("Hvordan kommer jeg med i en samarbejdsgruppe?", None, "da"),
    ("permittering permittering", None, "nb"),
    ("permittering permittering", "da", "da"),
])
def test_the_decision_is_in_the_message_language(bundled_any: Engine, text: str, hint: str | None, lang: str) -> None:
    assert bundled_any.ask(text, lang=hint).lang == lang


def test_a_repeated_word_is_not_english() -> None:
    assert detect_language("permittering permittering") != "en"
    assert detect_language("avgift avgift avgift") != "en"


@pytest.mark.parametrize(("text", "region", "expected"), [
    ("Can we defer the municipal fees? And who do I call about layoffs?", "horten",
     ["horten-kommunale-avgifter", "horten-permittering-radgivning"]),
    ("Vi har en butikk i Horten. Kan vi utsette kommunale avgifter? Hvem kan hjelpe med permittering?", None,
     ["horten-kommunale-avgifter", "horten-permittering-radgivning"]),
    ("kan vi utsette kommunale avgifter?", "horten", ["horten-kommunale-avgifter"]),
    ("Kan vi utsette kommunale avgifter? Kan vi få betalingsutsettelse på de kommunale avgiftene?", "horten",
     ["horten-kommunale-avgifter"]),
])
def test_several_questions_in_one_message(bundled_any: Engine, text: str, region: str | None,
                                          expected: list[str]) -> None:
    decisions = bundled_any.ask_all(text, region=region)
    assert [d.entry.id for d in decisions if d.entry] == expected
    assert len(decisions) == len(expected)


def test_a_long_message_is_judged_by_its_question(bundled_any: Engine) -> None:
    text = ("Vi er en liten familiebedrift i Horten med fire ansatte, og vi har drevet butikken i over tjue år. "
            "Det har vært noen tøffe måneder med lite kunder og mye usikkerhet rundt framtiden. "
            "Hvem kan gi oss råd om permittering av de ansatte?")
    decision = bundled_any.ask(text, region="horten")
    assert decision.entry is not None and decision.entry.id == "horten-permittering-radgivning"
