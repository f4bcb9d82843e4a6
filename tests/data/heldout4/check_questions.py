#!/usr/bin/env python3
"""Standalone checker for the heldout4 evaluation set.

Usage:  python3 tests/data/heldout4/check_questions.py
Needs only PyYAML.  Exits non-zero if any check fails.
"""
import datetime
import json
import pathlib
import re
import sys
from collections import Counter

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KB = HERE / "knowledge"
QUESTIONS = HERE / "questions.jsonl"

MIN_KIND = {
    "paraphrase": 55, "long": 30, "cross_language": 30, "no_diacritics": 25,
    "short": 25, "typo": 25, "region": 25, "place": 20, "near_miss": 15,
    "out_of_scope": 15,
}
NULL_KINDS = {"near_miss", "out_of_scope"}
LANGS = {"nb", "da", "sv", "en"}
COUNTRY_LANG = {"no": "nb", "dk": "da", "se": "sv"}
MIN_WORDS, MAX_WORDS = 40, 150
VALID_AFTER = datetime.date(2027, 6, 1)
DIACRITICS = re.compile("[æøåäöÆØÅÄÖéÉ]")

problems = []


def bad(msg):
    problems.append(msg)


# ---------------------------------------------------------------- knowledge
regions, contacts, entries = {}, {}, {}
for path in sorted(KB.glob("*.yaml")):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for r in data.get("regions", []) or []:
        if r["id"] in regions:
            bad(f"duplicate region id {r['id']}")
        if r.get("country") is False:  # YAML 1.1 reads a bare `no` as false
            r["country"] = "no"
        regions[r["id"]] = r
    for c in data.get("contacts", []) or []:
        if c["id"] in contacts:
            bad(f"duplicate contact id {c['id']}")
        contacts[c["id"]] = c
    for e in data.get("entries", []) or []:
        if e["id"] in entries:
            bad(f"duplicate entry id {e['id']}")
        entries[e["id"]] = e

for rid, r in regions.items():
    if not re.fullmatch(r"[a-z][a-z0-9-]*", rid):
        bad(f"region id not lowercase ascii: {rid}")
    if r.get("country") not in COUNTRY_LANG:
        bad(f"region {rid}: bad country {r.get('country')}")

for cid, c in contacts.items():
    for rid in c.get("regions", []) or []:
        if rid not in regions:
            bad(f"contact {cid}: unknown region {rid}")
    phone = c.get("phone", "")
    if not re.match(r"^\+4[567] 00 ", phone):
        bad(f"contact {cid}: phone not in the fictional +4x 00 range: {phone}")
    if not re.search(r"example\.(no|dk|se|org)$", c.get("email", "")):
        bad(f"contact {cid}: e-mail not on an example domain")

per_region = Counter()
for eid, e in entries.items():
    ers = e.get("regions") or []
    for rid in ers:
        if rid not in regions:
            bad(f"entry {eid}: unknown region {rid}")
        per_region[rid] += 1
    if not ers:
        per_region["(everywhere)"] += 1
        missing = LANGS - set(e["answer"])
        if missing:
            bad(f"global entry {eid}: missing languages {sorted(missing)}")
    else:
        own = COUNTRY_LANG[regions[ers[0]]["country"]]
        if own not in e["answer"]:
            bad(f"entry {eid}: no answer in the municipality's own language {own}")
    for lang, text in e["answer"].items():
        n = len(text.split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            bad(f"entry {eid}/{lang}: answer has {n} words (want {MIN_WORDS}-{MAX_WORDS})")
    for lang in e["answer"]:
        qs = (e.get("questions") or {}).get(lang) or []
        if not 1 <= len(qs) <= 3:
            bad(f"entry {eid}/{lang}: {len(qs)} example questions (want 1-3)")
    for cid in e.get("contacts", []) or []:
        if cid not in contacts:
            bad(f"entry {eid}: unknown contact {cid}")
    vu = e.get("valid_until")
    if vu is not None:
        if isinstance(vu, str):
            vu = datetime.date.fromisoformat(vu)
        if vu <= VALID_AFTER:
            bad(f"entry {eid}: valid_until {vu} not after {VALID_AFTER}")

# URLs in answers must be fictional
for eid, e in entries.items():
    for text in e["answer"].values():
        for host in re.findall(r"\b([a-z0-9-]+(?:\.[a-z0-9-]+)+\.(?:no|dk|se|org|com))\b", text):
            if "example." not in host:
                bad(f"entry {eid}: non-example domain {host}")

# ---------------------------------------------------------------- questions
rows = []
for n, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        continue
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        bad(f"line {n}: invalid JSON ({exc})")
        continue
    row["_line"] = n
    rows.append(row)

kinds = Counter()
expected_seen = Counter()
texts = Counter()
for row in rows:
    n = row["_line"]
    keys = set(row) - {"_line"}
    if keys != {"text", "region", "lang", "expected", "kind"}:
        bad(f"line {n}: keys {sorted(keys)}")
        continue
    text, region, lang, exp, kind = (row[k] for k in ("text", "region", "lang", "expected", "kind"))
    texts[text.strip().lower()] += 1
    kinds[kind] += 1
    if kind not in MIN_KIND:
        bad(f"line {n}: unknown kind {kind}")
    if region is not None and region not in regions:
        bad(f"line {n}: unknown region {region}")
    if lang is not None and lang not in LANGS:
        bad(f"line {n}: unknown lang {lang}")
    if exp is not None and exp not in entries:
        bad(f"line {n}: unknown expected entry {exp}")
        continue
    if exp is not None:
        expected_seen[exp] += 1
    if kind in NULL_KINDS and exp is not None:
        bad(f"line {n}: kind {kind} must expect null")
    # the labelling rule: a user saved in one place never gets another place's entry
    if exp is not None and region is not None:
        ers = entries[exp].get("regions") or []
        if ers and region not in ers:
            bad(f"line {n}: user in {region} labelled with {exp} (regions {ers})")
    # a question naming another covered place than the user's own must be null
    if region is not None and exp is not None:
        for rid, r in regions.items():
            if rid == region:
                continue
            names = [r["name"]] if isinstance(r["name"], str) else list(r["name"].values())
            names += r.get("aliases", []) or []
            if any(nm.lower() in text.lower() for nm in names):
                bad(f"line {n}: names {rid} but user is in {region} and expected is not null")
    if kind == "no_diacritics" and DIACRITICS.search(text):
        bad(f"line {n}: no_diacritics text contains diacritics")
    if kind == "short" and not 1 <= len(text.split()) <= 3:
        bad(f"line {n}: short text has {len(text.split())} words")
    if kind == "long":
        sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
        if not 3 <= len(sentences) <= 7:
            bad(f"line {n}: long text has {len(sentences)} sentences")
    if kind == "cross_language" and exp is not None and lang in entries[exp]["answer"]:
        bad(f"line {n}: cross_language asked in {lang}, which the entry is written in")

for t, c in texts.items():
    if c > 1:
        bad(f"duplicate question text: {t!r}")
for kind, want in MIN_KIND.items():
    if kinds[kind] < want:
        bad(f"kind {kind}: {kinds[kind]} questions, want at least {want}")
for eid in entries:
    if not expected_seen[eid]:
        bad(f"entry {eid} is never expected")
if len(rows) < 260:
    bad(f"only {len(rows)} questions, want 260+")

# ---------------------------------------------------------------- report
print(f"{len(regions)} regions, {len(contacts)} contacts, {len(entries)} entries "
      f"({', '.join(f'{k}: {v}' for k, v in sorted(per_region.items()))})")
print(f"{len(rows)} questions; expected null: {sum(1 for r in rows if r['expected'] is None)}")
for kind in MIN_KIND:
    print(f"  {kind:15s} {kinds[kind]}")
if problems:
    print(f"\n{len(problems)} problem(s):")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print("OK")
