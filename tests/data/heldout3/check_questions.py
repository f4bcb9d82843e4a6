#!/usr/bin/env python3
"""Standalone consistency check for the heldout3 evaluation set.

Parses questions.jsonl and knowledge/*.yaml (PyYAML only), and checks that
every expected id exists, every entry is expected at least once, the kinds
have their planned counts, regions/languages are valid and answers are
40-150 words.  Exit code 1 on any problem.

Usage:  python3 tests/data/heldout3/check_questions.py
"""
import collections
import json
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KB = HERE / "knowledge"
QUESTIONS = HERE / "questions.jsonl"

PLANNED = {
    "paraphrase": 55, "long": 30, "cross_language": 30, "no_diacritics": 25,
    "short": 25, "typo": 25, "region": 25, "place": 20, "near_miss": 15,
    "out_of_scope": 15,
}
LANGS = {"nb", "da", "sv", "en"}
NATIVE = {"no": "nb", "dk": "da", "se": "sv"}
DIACRITICS = set("æøåäöÆØÅÄÖ")


def words(text):
    return len(re.findall(r"\S+", text))


def main():
    problems = []
    regions, contacts, entries = {}, {}, {}
    for path in sorted(KB.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for r in data.get("regions", []) or []:
            regions[r["id"]] = r
        for c in data.get("contacts", []) or []:
            contacts[c["id"]] = c
        for e in data.get("entries", []) or []:
            if e["id"] in entries:
                problems.append(f"duplicate entry id {e['id']}")
            entries[e["id"]] = e

    # entries
    for eid, e in entries.items():
        for r in e.get("regions") or []:
            if r not in regions:
                problems.append(f"{eid}: unknown region {r}")
        for c in e.get("contacts") or []:
            if c not in contacts:
                problems.append(f"{eid}: unknown contact {c}")
        for lang, text in e["answer"].items():
            n = words(text)
            if not 40 <= n <= 150:
                problems.append(f"{eid}/{lang}: answer has {n} words (want 40-150)")
        for lang, qs in e.get("questions", {}).items():
            if not 1 <= len(qs) <= 3:
                problems.append(f"{eid}/{lang}: {len(qs)} example questions (want 1-3)")
        vu = e.get("valid_until")
        if vu is not None and str(vu) <= "2027-06-01":
            problems.append(f"{eid}: valid_until {vu} not after 2027-06-01")

    # questions
    qs = []
    for i, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        q = json.loads(line)
        if set(q) != {"text", "region", "lang", "expected", "kind"}:
            problems.append(f"line {i}: keys {sorted(q)}")
        if q["region"] is not None and q["region"] not in regions:
            problems.append(f"line {i}: unknown region {q['region']}")
        if q["lang"] is not None and q["lang"] not in LANGS:
            problems.append(f"line {i}: unknown lang {q['lang']}")
        if q["expected"] is not None and q["expected"] not in entries:
            problems.append(f"line {i}: unknown expected id {q['expected']}")
        if q["kind"] not in PLANNED:
            problems.append(f"line {i}: unknown kind {q['kind']}")
        if q["kind"] in ("near_miss", "out_of_scope") and q["expected"] is not None:
            problems.append(f"line {i}: {q['kind']} must expect null")
        if q["kind"] == "no_diacritics" and DIACRITICS & set(q["text"]):
            problems.append(f"line {i}: no_diacritics text contains diacritics")
        if q["kind"] == "short" and not 1 <= words(q["text"]) <= 3:
            problems.append(f"line {i}: short text has {words(q['text'])} words")
        if q["kind"] == "cross_language" and q["expected"]:
            if q["lang"] in entries[q["expected"]]["answer"]:
                problems.append(f"line {i}: cross_language but entry has {q['lang']}")
        # a regional expected entry must match the saved region unless the text names the place
        if q["expected"] and entries[q["expected"]].get("regions"):
            (reg,) = entries[q["expected"]]["regions"]
            if q["region"] != reg:
                r = regions[reg]
                names = list(r["name"].values()) + list(r.get("aliases", []))
                if not any(n.lower() in q["text"].lower() for n in names):
                    problems.append(f"line {i}: expects {q['expected']} but neither region nor text points to {reg}")
        qs.append(q)

    kinds = collections.Counter(q["kind"] for q in qs)
    expected = collections.Counter(q["expected"] for q in qs if q["expected"])
    for k, n in PLANNED.items():
        if kinds[k] != n:
            problems.append(f"kind {k}: {kinds[k]} questions (planned {n})")
    for eid in entries:
        if not expected[eid]:
            problems.append(f"entry {eid} is never expected")

    print(f"{len(regions)} regions, {len(contacts)} contacts, {len(entries)} entries "
          f"({sum(1 for e in entries.values() if not e.get('regions'))} for everywhere)")
    print(f"{len(qs)} questions, {sum(1 for q in qs if q['expected'] is None)} expect null")
    for k in PLANNED:
        print(f"  {k:15s} {kinds[k]:4d}")
    print("questions per language:", dict(collections.Counter(q["lang"] for q in qs)))
    print("min/max times an entry is expected:", min(expected[e] for e in entries), max(expected.values()))
    wc = [words(t) for e in entries.values() for t in e["answer"].values()]
    print(f"answer words: min {min(wc)}, max {max(wc)}, mean {sum(wc)/len(wc):.0f}")
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
