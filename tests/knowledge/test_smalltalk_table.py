"""Everyday thanks, greetings and goodbyes in nb, nn, da, sv and en are small talk, never a
question: not searched, never answered with an entry (also with the semantic stage on)."""

from __future__ import annotations

import pytest

from knowledge.engine import Engine
from knowledge.smalltalk import smalltalk_kind

THANKS = [
    "takk", "takk!", "tusen takk", "tusen takk for hjelpen", "takk for svar", "takk for svaret",
    "takk for hjelpa", "mange takk", "takk skal du ha", "takk så mye", "tusen hjertelig takk",
    "takk for det", "takk, det hjalp", "supert, takk", "flott, takk skal du ha", "takker så mye",
    "det var til stor hjelp, takk", "takk for god hjelp", "tusen takk for svaret", "takk for info",
    "takk for informasjonen", "tusen takk for raskt svar", "takk for rask hjelp", "ok takk",
    "tak", "mange tak", "mange tak for hjælpen", "tusind tak", "tak for svaret", "tak for hjælpen",
    "tak skal du have", "tusind tak for hjælpen", "tak for det", "super, tak", "tak for info",
    "tack", "tack så mycket", "tusen tack", "tack för hjälpen", "stort tack", "tack för svaret",
    "tack ska du ha", "tack så jättemycket", "tack för det", "tack för informationen",
    "thanks", "thank you", "thanks a lot", "thanks a lot for the help", "thank you so much",
    "many thanks", "thanks for the help", "thanks for your help", "thank you for the answer",
    "cheers", "thx", "great, thanks", "ok thanks", "thanks, that helps", "much appreciated",
    "takk for praten", "takk for samtalen", "tak for snakken", "tack för pratstunden", "thanks for the chat",
]
WHO = [
    "hi! who made you?", "hvem har laget deg?", "hvem står bak deg?", "hvem lavede dig?", "vem har gjort dig?",
    "who built you", "hei, hvem er du?", "what can you do?",
]
GREETINGS = [
    "hei", "hei!", "hallo", "heisann", "god morgen", "god dag", "god kveld", "morn", "hei hei",
    "hei sammen", "hei du", "hallo der", "heia", "god ettermiddag",
    "hej", "hejsa", "goddag", "godmorgen", "god aften", "hej med dig",
    "hej", "hejsan", "god morgon", "god kväll", "tjena", "hallå",
    "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "hi there", "hello there",
]
GOODBYES = [
    "ha det", "ha det bra", "ha en fin dag", "ha en god dag", "ha en fin helg", "ha en god helg",
    "snakkes", "vi snakkes", "farvel", "god natt", "ha det godt", "ha ein fin dag",
    "hav en god dag", "hav en god weekend", "farvel og tak", "vi ses", "god weekend",
    "hej då", "hejdå", "ha en bra dag", "ha det så bra", "trevlig helg", "vi hörs",
    "bye", "goodbye", "see you", "have a nice day", "have a good day", "have a nice weekend",
    "take care", "good night", "bye, thanks", "takk for praten, ha en fin dag!", "tak for snakken, hav en god dag",
    "tack för pratet, ha en bra dag", "thanks for the chat, have a nice day",
]
TABLE = ([(t, "thanks") for t in THANKS] + [(t, "greeting") for t in GREETINGS] + [(t, "bye") for t in GOODBYES]
         + [(t, "who") for t in WHO])


def test_the_table_is_large() -> None:
    assert len(TABLE) >= 100


@pytest.mark.parametrize(("text", "kind"), TABLE)
def test_everyday_phrases_are_small_talk(text: str, kind: str) -> None:
    found = smalltalk_kind(text)
    assert found is not None, text
    if kind != "thanks" or found not in ("bye",):  # "farvel og tak", "bye, thanks": either is fine
        assert found == kind or {found, kind} <= {"thanks", "bye"}, (text, found)


@pytest.mark.parametrize("text", [t for t, _ in TABLE[::7]])
def test_small_talk_is_never_answered(bundled_any: Engine, text: str) -> None:
    decision = bundled_any.ask(text)
    assert decision.kind == "smalltalk" and decision.entry is None and not decision.suggestions


@pytest.mark.parametrize("text", ["takk, kan vi få utsatt kommunale avgifter?", "hei, hvem hjelper med permittering?"])
def test_a_polite_question_is_still_a_question(text: str) -> None:
    assert smalltalk_kind(text) is None
