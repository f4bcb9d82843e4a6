#!/usr/bin/env python3
"""Standalone consistency check for held-out set 7 (needs only PyYAML).

Run from anywhere:  python3 tests/data/heldout7/check_questions.py
Exits with status 1 and lists the problems if anything is wrong.
"""
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KB = HERE / "knowledge"
QUESTIONS = HERE / "questions.jsonl"

LANGS = {"nb", "da", "sv", "en"}
KIND_COUNTS = {
    "paraphrase": 55, "long": 30, "cross_language": 30, "no_diacritics": 25, "short": 25,
    "typo": 25, "region": 25, "place": 20, "near_miss": 15, "out_of_scope": 15,
}
# How many questions of a kind must expect null (None = no fixed number).
NULL_COUNTS = {"region": 20, "near_miss": 15, "out_of_scope": 15}
MIN_PER_ENTRY = 3
WORDS_MIN, WORDS_MAX = 40, 150
VALID_UNTIL = "2027-12-31"
DIACRITICS = "æøåäöéÆØÅÄÖÉ"
UNCOVERED_TOWNS = ["tromsø", "bergen", "aarhus", "odense", "umeå", "luleå", "aalborg", "trondheim"]

problems = []


def fail(msg):
    problems.append(msg)


def fold(text):
    """Lower-case and map æøå/äö to plain ascii, so 'Kløverhavn' and 'kloverhavn' compare equal."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


# ---- knowledge ---------------------------------------------------------------------------------
regions = {}  # id -> list of folded names/aliases
for reg in load_yaml(KB / "regions.yaml").get("regions", []):
    names = list(reg.get("name", {}).values()) + list(reg.get("aliases", []))
    regions[reg["id"]] = sorted({fold(n) for n in names} | {fold(reg["id"])})
    if reg.get("country") not in ("no", "dk", "se"):
        fail(f"region {reg['id']}: bad country {reg.get('country')!r}")
if len(regions) != 3:
    fail(f"expected 3 regions, found {len(regions)}")

entries, contacts = {}, {}
for path in sorted(KB.glob("*.yaml")):
    if path.name == "regions.yaml":
        continue
    data = load_yaml(path)
    for c in data.get("contacts", []) or []:
        if c["id"] in contacts:
            fail(f"duplicate contact id {c['id']}")
        contacts[c["id"]] = c
    for e in data.get("entries", []) or []:
        if e["id"] in entries:
            fail(f"duplicate entry id {e['id']}")
        e["_file"] = path.name
        entries[e["id"]] = e

if not 36 <= len(entries) <= 42:
    fail(f"expected 36-42 entries, found {len(entries)}")

for eid, e in entries.items():
    answer = e.get("answer", {})
    for lang, text in answer.items():
        if lang not in LANGS:
            fail(f"{eid}: unknown answer language {lang}")
        n = len(text.split())
        if not WORDS_MIN <= n <= WORDS_MAX:
            fail(f"{eid}/{lang}: answer has {n} words (want {WORDS_MIN}-{WORDS_MAX})")
    for lang, qs in (e.get("questions") or {}).items():
        if lang not in answer:
            fail(f"{eid}: example questions in {lang} but no answer in {lang}")
        if not 1 <= len(qs) <= 3:
            fail(f"{eid}/{lang}: {len(qs)} example questions (want 1-3)")
    if set(e.get("title", {})) - set(answer):
        fail(f"{eid}: title has languages without an answer")
    for r in e.get("regions", []) or []:
        if r not in regions:
            fail(f"{eid}: unknown region {r}")
    if e["_file"] == "common.yaml":
        if e.get("regions"):
            fail(f"{eid}: common entry must not have regions")
        if set(answer) != LANGS:
            fail(f"{eid}: common entry must be written in all four languages")
    elif len(e.get("regions") or []) != 1:
        fail(f"{eid}: municipal entry should belong to exactly one region")
    for c in e.get("contacts", []) or []:
        if c not in contacts:
            fail(f"{eid}: unknown contact {c}")
    if "valid_until" in e and str(e["valid_until"]) != VALID_UNTIL:
        fail(f"{eid}: valid_until {e['valid_until']} (want {VALID_UNTIL})")

# ---- questions ---------------------------------------------------------------------------------
qs = []
with open(QUESTIONS, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            fail(f"line {n}: empty line")
            continue
        q = json.loads(line)
        q["_line"] = n
        qs.append(q)

if not 260 <= len(qs) <= 280:
    fail(f"expected 260-280 questions, found {len(qs)}")

texts = Counter(q["text"].strip().lower() for q in qs)
for t, c in texts.items():
    if c > 1:
        fail(f"duplicate question text: {t!r}")

kinds = Counter()
nulls = Counter()
expected_count = Counter()
for q in qs:
    where = f"line {q['_line']}"
    if set(q) - {"_line"} != {"text", "region", "lang", "expected", "kind"}:
        fail(f"{where}: keys {sorted(set(q) - {'_line'})}")
        continue
    kind, exp, reg, lang, text = q["kind"], q["expected"], q["region"], q["lang"], q["text"]
    kinds[kind] += 1
    if kind not in KIND_COUNTS:
        fail(f"{where}: unknown kind {kind}")
    if reg is not None and reg not in regions:
        fail(f"{where}: unknown region {reg}")
    if lang is not None and lang not in LANGS:
        fail(f"{where}: unknown lang {lang}")
    if exp is None:
        nulls[kind] += 1
    elif exp not in entries:
        fail(f"{where}: expected id {exp} does not exist")
        continue
    else:
        expected_count[exp] += 1
        entry = entries[exp]
        ent_regions = entry.get("regions") or []
        if ent_regions:  # label rule for regional entries
            named = any(name in fold(text) for name in regions[ent_regions[0]])
            if not (reg == ent_regions[0] or (reg is None and named)):
                fail(f"{where}: regional entry {exp} expected but saved region is {reg} and text does not name it")
        if kind == "cross_language":
            if not ent_regions:
                fail(f"{where}: cross_language question cannot target a common (four-language) entry")
        if kind in ("near_miss", "out_of_scope"):
            fail(f"{where}: {kind} must expect null")
    if kind == "no_diacritics" and any(ch in text for ch in DIACRITICS):
        fail(f"{where}: no_diacritics text contains diacritics")
    if kind == "short" and not 1 <= len(text.split()) <= 3:
        fail(f"{where}: short text has {len(text.split())} words")
    if kind == "long":
        sentences = [s for s in re.split(r"[.?!]+\s+|[.?!]+$", text.strip()) if s.strip()]
        if not 4 <= len(sentences) <= 7:
            fail(f"{where}: long text has {len(sentences)} sentences (want 3-6 of background + question)")
    if kind == "place":
        names_covered = any(name in fold(text) for names in regions.values() for name in names)
        names_uncovered = any(fold(t) in fold(text) for t in UNCOVERED_TOWNS)
        if not (names_covered or names_uncovered):
            fail(f"{where}: place question names no place")
        if exp is None and not names_uncovered:
            fail(f"{where}: null place question should name an uncovered town")
        if exp is not None and reg is not None and reg != (entries[exp].get("regions") or [None])[0]:
            fail(f"{where}: place question with a different covered saved region")
        if names_covered and reg is not None:
            own = regions[reg]
            if not any(name in fold(text) for name in own):
                fail(f"{where}: place question names a covered municipality other than the saved region")
    if kind == "region":
        if exp is not None and reg != (entries[exp].get("regions") or [None])[0]:
            fail(f"{where}: non-null region question must be about the user's own region")

for kind, want in KIND_COUNTS.items():
    if kinds[kind] != want:
        fail(f"kind {kind}: {kinds[kind]} questions (want {want})")
for kind, want in NULL_COUNTS.items():
    if nulls[kind] != want:
        fail(f"kind {kind}: {nulls[kind]} expect null (want {want})")

for eid in entries:
    if expected_count[eid] < MIN_PER_ENTRY:
        fail(f"entry {eid} is expected only {expected_count[eid]} times (want >= {MIN_PER_ENTRY})")

# ---- report ------------------------------------------------------------------------------------
print(f"{len(entries)} entries, {len(contacts)} contacts, {len(regions)} regions, {len(qs)} questions")
for kind in KIND_COUNTS:
    print(f"  {kind:15} {kinds[kind]:3}  (expect null: {nulls[kind]})")
print(f"  {'total':15} {sum(kinds.values()):3}  (expect null: {sum(nulls.values())})")
print(f"  per entry: min {min(expected_count[e] for e in entries)}, max {max(expected_count.values())}")
if problems:
    print(f"\n{len(problems)} problem(s):")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("OK")
