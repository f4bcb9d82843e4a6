"""Out-of-scope rejection: the held-out probe set (tests/data/offtopic.jsonl) over the bundled
knowledge, and the mechanisms behind it (the off-topic lexicon, speaking as a business, the
informative-evidence rule, the typo guard).

The probe set was written before the engine was changed: 90 messages in nb, da, sv and en that
Sammen must not answer with an entry (jokes, weather, sports, recipes, a private person's own
benefits, taxes, family and health, unrelated public services, nonsense) and 49 everyday business
questions that it must still answer, each marked "tune" or "check" (alternating per language).
Measured on 2026-11-23, before -> after the change (tune half / check half):

    off-topic abstains          0.978 -> 1.000   (0.978 / 0.978 -> 1.000 / 1.000)
    off-topic with suggestions  0.344 -> 0.122   (0.378 / 0.311 -> 0.111 / 0.133)
    in-scope answer or suggest  0.959 -> 0.959   (0.960 / 0.958 -> 0.960 / 0.958)
    in-scope top-1              0.816 -> 0.837   (0.840 / 0.792 -> 0.880 / 0.792)

The floors below sit a little under the figures after the change; the first two fail on the
engine before it (abstention 0.978, suggestions 0.344).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.i18n import UI_LANGUAGES, keys, translate
from handlers.markup import to_plain
from knowledge.commands import BUNDLED
from knowledge.concepts import OFF_TOPIC, build_business_matcher, build_matcher
from knowledge.engine import Engine
from knowledge.evaluation import Case, Tally, evaluate, format_report
from knowledge.loader import load_knowledge
from knowledge.normalise import tokenize
from knowledge.presenting import render_decision
from knowledge.smalltalk import smalltalk_kind

from .conftest import FIXTURE, TODAY, write_kb

PROBES = Path(__file__).resolve().parents[1] / "data" / "offtopic.jsonl"


@pytest.fixture(scope="module")
def bundled() -> Engine:
    return Engine(load_knowledge(BUNDLED))


def read_probes(half: str | None = None) -> list[Case]:
    rows = [json.loads(line) for line in PROBES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Case(row["text"], row.get("region"), row.get("lang"), row.get("expected"), row["kind"])
        for row in rows
        if half is None or row["split"] == half
    ]


@pytest.fixture(scope="module")
def tallies(bundled_any: Engine) -> dict[str, Tally]:
    """With the semantic stage off and on (conftest.bundled_any)."""
    out = {}
    for half in ("tune", "check", None):
        tally = evaluate(bundled_any, read_probes(half))
        print(half or "all", format_report(tally), sep="\n")
        out[half or "all"] = tally["overall"]
    return out


def rate(tally: Tally, name: str) -> float:
    value = tally.rates()[name]
    assert value is not None
    return value


def test_the_probe_set_is_balanced() -> None:
    cases = read_probes()
    out = [c for c in cases if c.expected is None]
    assert len(out) >= 60 and len(cases) - len(out) >= 40
    assert len(read_probes("tune")) + len(read_probes("check")) == len(cases)


def test_off_topic_messages_are_not_answered(tallies: dict[str, Tally]) -> None:
    assert rate(tallies["all"], "abstain") >= 0.98, "\n".join(tallies["all"].failures)
    for half in ("tune", "check"):
        assert rate(tallies[half], "abstain") >= 0.97, "\n".join(tallies[half].failures)


def test_off_topic_messages_rarely_get_suggestions(tallies: dict[str, Tally]) -> None:
    assert rate(tallies["all"], "suggested_out") <= 0.20


def test_business_questions_are_still_answered(tallies: dict[str, Tally]) -> None:
    assert rate(tallies["all"], "answer_or_suggest") >= 0.93, "\n".join(tallies["all"].failures)
    for half in ("tune", "check"):
        assert rate(tallies[half], "answer_or_suggest") >= 0.91, "\n".join(tallies[half].failures)


def test_business_questions_top1(tallies: dict[str, Tally]) -> None:
    assert rate(tallies["all"], "top1") >= 0.80, "\n".join(tallies["all"].failures)


def test_no_region_leaks(tallies: dict[str, Tally]) -> None:
    assert tallies["all"].leaks == 0


# -- the mechanisms ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "fortell en vits",
        "berätta ett skämt",
        "blir det sol på søndag?",
        "jeg er permittert, får jeg dagpenger?",
        "jeg er permittert, hvor mye får jeg?",  # the employers' layoff advice fits every word but "jeg er"
        "I was laid off, how do I claim unemployment benefit?",
        "hvor mye skatt betaler jeg på lønna mi?",
    ],
)
def test_off_topic_messages_get_the_off_topic_reply(bundled: Engine, text: str) -> None:
    decision = bundled.ask(text)
    assert decision.kind == "abstain" and decision.off_topic and decision.entry is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # speaking as a business: employees' benefits are an employer's question
        ("vi har permittert tre ansatte, hva får de i dagpenger?", "horten-permittering-radgivning"),
        # a compound part or a word that merely starts like a subject is no subject
        ("legesenteret vårt trenger utsettelse på de kommunale avgiftene", "horten-kommunale-avgifter"),
        ("fotballbutikken vår vil legge ut tilbud på Facebook", "horten-handle-lokalt"),
    ],
)
def test_business_questions_near_a_subject_are_answered(bundled: Engine, text: str, expected: str) -> None:
    decision = bundled.ask(text, region="horten")
    assert decision.kind == "answer" and decision.entry is not None and decision.entry.id == expected


def test_a_long_message_mentions_a_subject_in_passing(bundled: Engine) -> None:
    text = (
        "Vi er et byggfirma og lever av oppdrag fra kommunen, særlig vedlikehold av skoler og barnehager. "
        "Nå har flere prosjekter blitt utsatt og byggesøknader ligger lenge til behandling. "
        "Er det noen som jobber for at kommunene holder aktiviteten oppe og behandler søknader raskere?"
    )
    assert bundled.analyse(text, "nb").off_topic == []
    assert not bundled.ask(text, region="baerum").off_topic


def test_an_entry_that_speaks_of_the_subject_is_answered(tmp_path: Path) -> None:
    extra = """
  - id: dagpenger-permitterte
    title: {nb: "Dagpenger for permitterte"}
    questions: {nb: ["Får jeg dagpenger når jeg er permittert?"]}
    answer: {nb: "NAV utbetaler dagpenger til permitterte."}
"""
    kb = write_kb(tmp_path / "kb", FIXTURE.replace("\ncontacts:", extra + "contacts:", 1))
    engine = Engine(load_knowledge(kb), today=TODAY)
    decision = engine.ask("jeg er permittert, hvor mye får jeg i dagpenger?")
    assert decision.kind == "answer" and decision.entry is not None and decision.entry.id == "dagpenger-permitterte"


def test_tight_phrases_match_only_as_written() -> None:
    matcher = build_matcher()

    def subjects(text: str) -> set[str]:
        tokens = tokenize(text, ("nb", "da", "sv", "en"))
        return {m.concept for m in matcher.match([[t] for t in tokens]) if m.concept.startswith(OFF_TOPIC)}

    assert OFF_TOPIC + "own_tax" in subjects("hvor mye skatt går av min lønn")
    assert OFF_TOPIC + "own_tax" not in subjects("hvordan betaler jeg lønn til min ansatt")
    assert OFF_TOPIC + "private_person" in subjects("jeg er permittert")
    assert OFF_TOPIC + "private_person" not in subjects("er jeg nødt til å permittere")
    assert not subjects("When is the New Year reception?")  # "recept" is not a recipe here
    assert build_business_matcher().match([[t] for t in tokenize("vi driver en barnehage", ("nb",))])


def test_an_answer_needs_an_informative_word(bundled: Engine) -> None:
    # "2" is shared with "2 gange årligt"; "kommune" and "bedrift" with half the knowledge
    for text in ("hva er 2+2", "kommune", "bedrift"):
        decision = bundled.ask(text)
        assert decision.kind == "abstain" and not decision.off_topic


def test_a_word_the_lexicon_knows_is_no_typo(bundled: Engine) -> None:
    query = bundled.analyse("kan kommunen hjelpe meg med å finne en leilighet?", "nb")
    assert not any("ledig" in term or term == "@unemployment" for unit in query.units for term in unit.alternatives)


@pytest.mark.parametrize("text", ["kan du hjelpe meg?", "kan du hjälpa mig", "can you help me?"])
def test_asking_for_help_is_small_talk(text: str) -> None:
    assert smalltalk_kind(text) == "who"


def test_the_off_topic_reply_is_in_every_catalogue(bundled: Engine) -> None:
    for lang in UI_LANGUAGES:
        assert "ask-offtopic" in keys(lang)
    decision = bundled.ask("tell me a joke", lang="en")
    plain = lambda lang, key, **args: to_plain(translate(lang, key, **args))  # noqa: E731
    assert render_decision(decision, bundled.kb, None, plain) == to_plain(translate("en", "ask-offtopic"))
