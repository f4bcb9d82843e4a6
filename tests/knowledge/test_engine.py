"""The answering engine on the small fixture: rules (region, expiry), languages, robustness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.engine import Engine
from knowledge.language import detect_language
from knowledge.loader import load_knowledge
from knowledge.model import pick_text
from knowledge.normalise import fold
from knowledge.smalltalk import smalltalk_kind

from .conftest import TODAY


def answered(engine: Engine, text: str, region: str | None = None, lang: str | None = None) -> str | None:
    decision = engine.ask(text, region=region, lang=lang)
    return decision.entry.id if decision.kind == "answer" and decision.entry else None


def shown(engine: Engine, text: str, region: str | None = None) -> set[str]:
    decision = engine.ask(text, region=region)
    return {e.id for e in ([decision.entry] if decision.entry else []) + decision.suggestions}


# -- region rule and expiry ------------------------------------------------------------------

def test_regional_entry_is_served_in_its_region_and_to_users_without_one(engine: Engine) -> None:
    assert answered(engine, "Hvem kan hjelpe meg med permittering?", region="horten") == "permittering"
    assert answered(engine, "Hvem kan hjelpe meg med permittering?", region=None) == "permittering"


def test_regional_entry_is_never_shown_elsewhere(engine: Engine) -> None:
    for text in ("Hvem kan hjelpe meg med permittering?", "permittering", "råd om permittering av ansatte"):
        assert "permittering" not in shown(engine, text, region="asker")
        assert all(entry.id != "permittering" for entry, _ in engine.search(text, region="asker"))


def test_entry_for_everywhere_is_served_in_every_region(engine: Engine) -> None:
    for region in (None, "horten", "asker"):
        assert answered(engine, "Kan vi utsette de kommunale avgiftene?", region=region) == "kommunale-avgifter"


def test_expired_entries_are_not_served(kb_dir: Path) -> None:
    kb = load_knowledge(kb_dir)
    question = "Kva webinar finst om marknadsføring på nett?"
    before = Engine(kb, today=date(2020, 6, 1))
    after = Engine(kb, today=TODAY)
    assert answered(before, question) == "gamle-webinarer"
    assert "gamle-webinarer" not in {e.id for e, _ in after.search(question)}


# -- languages ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Jeg må permittere de ansatte, hvem kan gi meg råd?", "nb", "permittering"),
        ("Korleis kan eg lære å marknadsføre bedrifta mi på Facebook?", "nn", "marknadsforing-kurs"),
        ("Findes der et netværk for nye iværksættere i kommunen?", "da", "ivaerksaetternetvaerk"),
        ("Hur startar jag ett eget företag?", "sv", "starta-foretag"),
        ("Who can advise me on laying off staff?", "en", "permittering"),
    ],
)
def test_each_language(engine: Engine, text: str, lang: str, expected: str) -> None:
    decision = engine.ask(text)
    assert decision.lang == lang
    assert decision.kind == "answer" and decision.entry is not None and decision.entry.id == expected


def test_question_in_another_language_than_the_entry(engine: Engine) -> None:
    # Swedish words for an entry written in Norwegian and English
    assert answered(engine, "Kan vi skjuta upp betalningen av kommunala avgifter?") == "kommunale-avgifter"
    # English for an entry written only in Swedish
    assert "starta-foretag" in shown(engine, "How do I start my own business?")


def test_language_detection_and_hint() -> None:
    assert detect_language("Hvordan søker jeg om støtte til bedriften min?") == "nb"
    assert detect_language("Kva kan kommunen hjelpe meg med no?") == "nn"
    assert detect_language("Hvordan får jeg hjælp til min virksomhed?") == "da"
    assert detect_language("Vad kan kommunen hjälpa mitt företag med?") == "sv"
    assert detect_language("How can the municipality help my business?") == "en"
    assert detect_language("permittering", hint="da") == "da"
    assert detect_language("", hint="sv") == "sv"


def test_text_falls_back_to_the_nearest_language() -> None:
    assert pick_text({"nb": "bokmål", "en": "english"}, "nn") == "bokmål"
    assert pick_text({"da": "dansk", "en": "english"}, "nb") == "dansk"
    assert pick_text({"sv": "svenska"}, "en") == "svenska"
    assert pick_text({"en": "english", "sv": "svenska"}, "da") == "svenska"
    assert pick_text({}, "nb") == ""


# -- robustness: spelling, compounds, synonyms, concepts -----------------------------------

def test_diacritics_fold_both_ways(engine: Engine) -> None:
    assert fold("hjemkjøring") == fold("hjemkjoring") == fold("hjemkjoering")
    assert fold("Ærlig") == fold("aerlig") and fold("gå") == fold("gaa") and fold("för") == fold("for")
    assert answered(engine, "hvilke butikker tilbyr hjemkjoring?") == "hjemkjoring"
    assert answered(engine, "findes der et netvaerk for ivaerksaettere?", region="hedensted") == "ivaerksaetternetvaerk"


def test_typos(engine: Engine) -> None:
    assert answered(engine, "hvem kan hjelpe med permitering?") == "permittering"
    assert answered(engine, "utsetelse av komunale avgifer") == "kommunale-avgifter"


def test_compounds_split_against_the_vocabulary(engine: Engine) -> None:
    assert answered(engine, "kommuneavgiftene, kan de utsettes?") == "kommunale-avgifter"


def test_synonyms_from_the_knowledge(engine: Engine) -> None:
    assert answered(engine, "tilbyr noen butikker hjemlevering?") == "hjemkjoring"


def test_lexicon_concepts_match_paraphrases(engine: Engine) -> None:
    assert answered(engine, "vi må sende de ansatte hjem en periode, hvem kan gi råd?") == "permittering"
    assert answered(engine, "We have to furlough our workers, who can advise us?") == "permittering"


# -- honest abstention ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Hva blir været i morgen?",
        "Gi meg en oppskrift på kanelboller",
        "Hvordan får jeg barnehageplass i kommunen?",
        "Hvor betaler jeg parkeringsboten?",
        "Tell me a joke",
    ],
)
def test_off_topic_and_near_misses_get_no_answer(engine: Engine, text: str) -> None:
    decision = engine.ask(text)
    assert decision.kind in ("abstain", "suggest"), (decision.entry, decision.score)
    assert decision.entry is None


def test_scores_are_between_zero_and_one_and_ranked(engine: Engine) -> None:
    ranked = engine.search("permittering av ansatte og kommunale avgifter", limit=10)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)


def test_long_message_finds_the_question_inside(engine: Engine) -> None:
    text = (
        "Hei! Jeg driver en liten klesbutikk i sentrum og har hatt det tøft i det siste. "
        "Salget har falt mye og vi har mindre å gjøre. Jeg tror jeg må sende de ansatte hjem en periode. "
        "Hvem kan gi meg råd om permittering?"
    )
    assert answered(engine, text, region="horten") == "permittering"


# -- small talk ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Hei!", "greeting"), ("hej", "greeting"), ("Good morning", "greeting"), ("hallå", "greeting"),
        ("Tusen takk!", "thanks"), ("mange tak", "thanks"), ("tack så mycket", "thanks"), ("thanks", "thanks"),
        ("Hvem er du?", "who"), ("kven er du", "who"), ("vem är du?", "who"), ("who are you?", "who"),
        ("Ha det bra!", "bye"), ("hej då", "bye"), ("farvel", "bye"), ("bye", "bye"),
    ],
)
def test_small_talk(engine: Engine, text: str, kind: str) -> None:
    assert smalltalk_kind(text) == kind
    decision = engine.ask(text)
    assert decision.kind == "smalltalk" and decision.smalltalk == kind and decision.entry is None


def test_a_question_after_a_greeting_is_not_small_talk(engine: Engine) -> None:
    decision = engine.ask("Hei, hvem kan hjelpe meg med permittering?")
    assert decision.kind == "answer"
