#!/usr/bin/env python3
"""Standalone consistency check for the heldout6 evaluation set.

Needs only PyYAML; imports nothing from the project.

    python3 tests/data/heldout6/check_questions.py
"""
from __future__ import annotations

import datetime as dt
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
COUNTRY_LANG = {"no": "nb", "dk": "da", "se": "sv"}
PHONE_PREFIX = {"no": "+47 00 ", "dk": "+45 00 ", "se": "+46 00 "}
KIND_COUNTS = {
    "paraphrase": 55,
    "long": 30,
    "cross_language": 30,
    "no_diacritics": 25,
    "short": 25,
    "typo": 25,
    "region": 25,
    "place": 20,
    "near_miss": 15,
    "out_of_scope": 15,
}
REGION_NULL = 20          # region questions whose topic exists only elsewhere
ALWAYS_NULL = {"near_miss", "out_of_scope"}
MIN_EXPECTED = 3
ANSWER_WORDS = (40, 150)
DIACRITICS = set("æøåäöéÆØÅÄÖÉ")
UNCOVERED_TOWNS = ["tromsø", "bergen", "stavanger", "aarhus", "odense", "umeå",
                   "västerås", "malmö"]

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (ø/æ/å too) for place matching."""
    text = text.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> int:
    return len(re.findall(r"\S+", text))


# ---------------------------------------------------------------- knowledge
regions_doc = yaml.safe_load((KB / "regions.yaml").read_text(encoding="utf-8"))
regions = {r["id"]: r for r in regions_doc["regions"]}
for r in regions.values():
    if r.get("country") is False:  # unquoted `no` is a YAML 1.1 boolean
        r["country"] = "no"
if len(regions) != 3 or sorted(r["country"] for r in regions.values()) != ["dk", "no", "se"]:
    err("regions.yaml must hold exactly one Norwegian, one Danish and one Swedish region")

place_names: dict[str, set[str]] = {}
for rid, r in regions.items():
    names = {fold(n) for n in r.get("name", {}).values()} | {fold(a) for a in r.get("aliases", [])}
    # aliases such as "X kommune" are matched by their first word as well
    names |= {n.split()[0] for n in names}
    place_names[rid] = names

entries: dict[str, dict] = {}
contacts: dict[str, dict] = {}
for path in sorted(KB.glob("*.yaml")):
    if path.name == "regions.yaml":
        continue
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for c in doc.get("contacts", []) or []:
        if c["id"] in contacts:
            err(f"duplicate contact id {c['id']}")
        contacts[c["id"]] = c
    for e in doc.get("entries", []) or []:
        if e["id"] in entries:
            err(f"duplicate entry id {e['id']}")
        e["_file"] = path.name
        entries[e["id"]] = e

for cid, c in contacts.items():
    for rid in c.get("regions", []) or []:
        if rid not in regions:
            err(f"contact {cid}: unknown region {rid}")
        else:
            country = regions[rid]["country"]
            if not str(c.get("phone", "")).startswith(PHONE_PREFIX[country]):
                err(f"contact {cid}: phone must start with {PHONE_PREFIX[country]!r}")
    email = str(c.get("email", ""))
    if not re.search(r"\.example\.(no|dk|se|org)$", email):
        err(f"contact {cid}: e-mail must be on an example.no/.dk/.se/.org domain")

for eid, e in entries.items():
    ereg = e.get("regions") or []
    for rid in ereg:
        if rid not in regions:
            err(f"entry {eid}: unknown region {rid}")
    if e["_file"] == "common.yaml":
        if ereg:
            err(f"entry {eid}: common entries must not have regions")
        if set(e["answer"]) != LANGS:
            err(f"entry {eid}: common entries must be written in nb, da, sv and en")
    else:
        if len(ereg) != 1:
            err(f"entry {eid}: regional entries belong to exactly one municipality")
        else:
            home = COUNTRY_LANG[regions[ereg[0]]["country"]]
            if home not in e["answer"]:
                err(f"entry {eid}: not written in its municipality's language {home}")
            extra = set(e["answer"]) - {home, "en"}
            if extra:
                err(f"entry {eid}: unexpected languages {sorted(extra)}")
    for lang, text in e["answer"].items():
        if lang not in LANGS:
            err(f"entry {eid}: unknown answer language {lang}")
        n = words(text)
        if not ANSWER_WORDS[0] <= n <= ANSWER_WORDS[1]:
            err(f"entry {eid}/{lang}: answer has {n} words, want {ANSWER_WORDS[0]}-{ANSWER_WORDS[1]}")
    if set(e["title"]) != set(e["answer"]):
        err(f"entry {eid}: title languages differ from answer languages")
    if set(e["questions"]) != set(e["answer"]):
        err(f"entry {eid}: question languages differ from answer languages")
    for lang, qs in e["questions"].items():
        if not 1 <= len(qs) <= 3:
            err(f"entry {eid}/{lang}: want 1-3 example questions, has {len(qs)}")
    for cid in e.get("contacts", []) or []:
        if cid not in contacts:
            err(f"entry {eid}: unknown contact {cid}")
    if "valid_until" in e and e["valid_until"] != dt.date(2027, 12, 31):
        err(f"entry {eid}: valid_until must be 2027-12-31")

if not 36 <= len(entries) <= 42:
    err(f"want 36-42 entries, have {len(entries)}")

# ---------------------------------------------------------------- questions
questions = []
for n, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        continue
    q = json.loads(line)
    q["_line"] = n
    questions.append(q)

if not 260 <= len(questions) <= 280:
    err(f"want 260-280 questions, have {len(questions)}")

texts = Counter(q["text"].strip().lower() for q in questions)
for t, k in texts.items():
    if k > 1:
        err(f"question text occurs {k} times: {t!r}")

kinds = Counter(q["kind"] for q in questions)
for kind, want in KIND_COUNTS.items():
    if kinds.get(kind, 0) != want:
        err(f"kind {kind}: want {want}, have {kinds.get(kind, 0)}")
for kind in kinds:
    if kind not in KIND_COUNTS:
        err(f"unknown kind {kind}")

expected_count: Counter = Counter()
for q in questions:
    where = f"line {q['_line']}"
    if set(q) - {"_line"} != {"text", "region", "lang", "expected", "kind"}:
        err(f"{where}: wrong fields {sorted(set(q) - {'_line'})}")
    region, lang, exp, kind, text = q["region"], q["lang"], q["expected"], q["kind"], q["text"]
    if region is not None and region not in regions:
        err(f"{where}: unknown region {region}")
    if lang is not None and lang not in LANGS:
        err(f"{where}: unknown lang {lang}")
    folded = fold(text)
    named = {rid for rid, names in place_names.items()
             if any(re.search(r"\b" + re.escape(n) + r"\b", folded) for n in names)}
    if exp is not None:
        if exp not in entries:
            err(f"{where}: unknown expected id {exp}")
            continue
        expected_count[exp] += 1
        ereg = entries[exp].get("regions") or []
        if ereg:  # regional entry: label rule
            home = ereg[0]
            ok = region == home or (region is None and home in named)
            if not ok:
                err(f"{where}: {exp} expected but saved region is {region} and text names {sorted(named)}")
    if kind in ALWAYS_NULL and exp is not None:
        err(f"{where}: {kind} questions must expect null")
    if kind == "short" and not 1 <= words(text) <= 3:
        err(f"{where}: short question has {words(text)} words")
    if kind == "long":
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
        if not 4 <= len(sentences) <= 7:
            err(f"{where}: long question has {len(sentences)} sentences (want 3-6 of background + question)")
    if kind == "no_diacritics" and set(text) & DIACRITICS:
        err(f"{where}: no_diacritics question contains diacritics")
    if kind == "cross_language":
        if exp is None or not entries[exp].get("regions"):
            err(f"{where}: cross_language must expect a regional entry")
        elif lang is not None and lang in entries[exp]["answer"]:
            err(f"{where}: cross_language asked in {lang}, which {exp} is written in")
    if kind == "place":
        uncovered = [t for t in UNCOVERED_TOWNS if fold(t) in folded]
        if not named and not uncovered:
            err(f"{where}: place question names no place")
        if named and region is not None and region not in named:
            err(f"{where}: place question names another covered municipality than the saved region")
        if uncovered and exp is not None:
            err(f"{where}: uncovered town must expect null")
        if uncovered and region is not None:
            err(f"{where}: uncovered-town place questions use saved region null")
    if kind == "region":
        if region is None:
            err(f"{where}: region questions need a saved region")
        if exp is not None and (entries[exp].get("regions") or [None])[0] != region:
            err(f"{where}: non-null region question must expect an entry of the saved region")

region_null = sum(1 for q in questions if q["kind"] == "region" and q["expected"] is None)
if region_null != REGION_NULL:
    err(f"region kind: want {REGION_NULL} null, have {region_null}")

for eid in entries:
    if expected_count[eid] < MIN_EXPECTED:
        err(f"entry {eid} expected only {expected_count[eid]} times (want >= {MIN_EXPECTED})")

# ---------------------------------------------------------------- report
if errors:
    for e in errors:
        print("ERROR:", e)
    print(f"{len(errors)} error(s)")
    sys.exit(1)

nulls = Counter(q["kind"] for q in questions if q["expected"] is None)
print(f"{len(entries)} entries, {len(contacts)} contacts, {len(regions)} regions, {len(questions)} questions")
for kind in KIND_COUNTS:
    print(f"  {kind:15s} {kinds[kind]:3d}  (expect null: {nulls.get(kind, 0)})")
print(f"  entries expected: min {min(expected_count[e] for e in entries)}, max {max(expected_count.values())}")
print("OK")
