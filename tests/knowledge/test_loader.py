"""Validation: every kind of problem is reported with its file, entry and (where known) line."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.loader import KnowledgeError, Problem, check_knowledge, load_knowledge

from .conftest import write_kb

GOOD_ENTRY = """
entries:
  - id: good
    title: {nb: "Tittel"}
    answer: {nb: "Svar"}
"""


def problems_for(tmp_path: Path, text: str) -> list[Problem]:
    return check_knowledge(write_kb(tmp_path / "kb", text))


def only(problems: list[Problem], fragment: str) -> Problem:
    found = [p for p in problems if fragment in p.message]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_loads_the_fixture(kb_dir: Path) -> None:
    kb = load_knowledge(kb_dir)
    assert len(kb.entries) == 7
    assert kb.entry("permittering") is not None and kb.entry("permittering").contacts == ["forum-leder"]
    assert kb.entry("nope") is None
    assert kb.contacts["forum-leder"].phone == "+47 900 00 000"
    assert kb.synonyms == [["hjemkjøring", "hjemlevering", "utkjøring", "home delivery"]]
    # declared regions keep their name; regions only used by entries get one from their id
    assert {r.id: r.name["nb"] for r in kb.regions} == {"horten": "Horten", "hedensted": "Hedensted"}
    assert kb.region("horten").country == "no"


def test_duplicate_ids_also_across_files(tmp_path: Path) -> None:
    directory = write_kb(tmp_path / "kb", GOOD_ENTRY, "a.yaml")
    write_kb(directory / "sub", GOOD_ENTRY, "b.yaml")
    problem = only(check_knowledge(directory), "duplicate id")
    assert problem.entry == "good" and problem.file.endswith("b.yaml") and "a.yaml" in problem.message


def test_unknown_contact(tmp_path: Path) -> None:
    problem = only(problems_for(tmp_path, GOOD_ENTRY + "    contacts: [ghost]\n"), "unknown contact")
    assert problem.entry == "good" and "ghost" in problem.message


def test_missing_answer(tmp_path: Path) -> None:
    problem = only(problems_for(tmp_path, "entries:\n  - id: empty\n    title: {nb: x}\n"), "missing answer")
    assert problem.entry == "empty" and problem.line == 2


def test_unknown_language(tmp_path: Path) -> None:
    text = "entries:\n  - id: x\n    answer: {nb: ja, de: ja}\n"
    assert "'de'" in only(problems_for(tmp_path, text), "unknown language").message


def test_bad_date(tmp_path: Path) -> None:
    for value in ("2021-13-45", "soon", "31.12.2021"):
        text = f"entries:\n  - id: x\n    answer: {{nb: ja}}\n    valid_until: {value}\n"
        assert value in only(problems_for(tmp_path, text), "bad date").message


def test_bad_url(tmp_path: Path) -> None:
    text = GOOD_ENTRY + '    links: [{title: a, url: "ftp://x.org"}, {title: b, url: "https://ok.example.org/p"}]\n'
    assert "ftp://x.org" in only(problems_for(tmp_path, text), "bad url").message


def test_bad_ids(tmp_path: Path) -> None:
    text = "entries:\n  - id: Bad_Id\n    answer: {nb: ja}\n    regions: [Horten]\n"
    problems = problems_for(tmp_path, text)
    assert {p.entry for p in problems} == {"Bad_Id"}
    assert len([p for p in problems if p.message.startswith("bad id")]) == 1
    assert "Horten" in only(problems, "regions: bad id").message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    assert "'faq'" in only(problems_for(tmp_path, GOOD_ENTRY + "faq: []\n"), "unknown top-level key").message


def test_wrong_types(tmp_path: Path) -> None:
    text = """
    entries:
      - id: x
        answer: "just a string"
        keywords: "not a list"
        questions: {nb: [1.5, {a: b}]}
      - "not a mapping"
    contacts: {id: c}
    synonyms: [[one]]
    """
    problems = problems_for(tmp_path, text)
    messages = " | ".join(p.message for p in problems)
    assert "answer must be a mapping" in messages
    assert "keywords must be a list" in messages
    assert "questions.nb must hold strings" in messages
    assert "entry #2 must be a mapping" in messages
    assert "contacts must be a list" in messages
    assert "at least two words" in messages


def test_malformed_yaml_reports_its_line(tmp_path: Path) -> None:
    text = "entries:\n  - id: x\n    answer: {nb: 'a'\n  - id: y\n"
    problem = only(problems_for(tmp_path, text), "malformed YAML")
    assert problem.line == 4 and problem.entry is None


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = """
    entries:
      - id: a
        answer: {de: x}
        contacts: [nobody]
        valid_until: never
      - id: a
        answer: {nb: x}
    extra: 1
    """
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(write_kb(tmp_path / "kb", text))
    kinds = {p.message.split(" ")[0] for p in caught.value.problems}
    assert len(caught.value.problems) >= 5, kinds
    assert "problem(s)" in str(caught.value)


def test_problem_text_names_file_and_entry() -> None:
    assert str(Problem("kb/a.yaml", "x", "missing answer", 3)) == "kb/a.yaml:3: entry x: missing answer"
    assert str(Problem("kb/a.yaml", None, "malformed YAML: oops")) == "kb/a.yaml: malformed YAML: oops"


def test_database_entries_are_validated_the_same_way(kb_dir: Path) -> None:
    kb = load_knowledge(kb_dir, extra=[{"id": "fra-desken", "answer": {"nb": "Ja"}, "contacts": ["forum-leder"]}])
    assert kb.entry("fra-desken") is not None and kb.entry("fra-desken").source == "<database>"
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb_dir, extra=[{"id": "permittering", "answer": {"nb": "Ja"}},
                                      {"id": "annen", "answer": {"xx": "Ja"}}])
    messages = [str(p) for p in caught.value.problems]
    assert any("<database>" in m and "duplicate id" in m for m in messages)
    assert any("unknown language" in m for m in messages)


def test_regions_derived_without_a_regions_list(tmp_path: Path) -> None:
    text = GOOD_ENTRY + "    regions: [nord-fron]\ncontacts:\n  - id: c\n    name: C\n    regions: [lom]\n"
    kb = load_knowledge(write_kb(tmp_path / "kb", text))
    assert {r.id: r.name["nb"] for r in kb.regions} == {"nord-fron": "Nord-Fron", "lom": "Lom"}


def test_unquoted_country_no_is_norway(tmp_path: Path) -> None:
    kb = load_knowledge(write_kb(tmp_path / "kb", GOOD_ENTRY + "regions:\n  - id: lom\n    country: no\n"))
    assert kb.region("lom").country == "no"


def test_empty_or_missing_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "no *.yaml" in check_knowledge(tmp_path / "empty")[0].message
    assert "no such file" in check_knowledge(tmp_path / "missing")[0].message
