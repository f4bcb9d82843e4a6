"""Self-check for the heldout2 set: parses questions.jsonl, checks fields,
that every expected id / region id exists in knowledge/, and prints counts.
Usage: python3 tests/data/heldout2/check_questions.py"""

import collections
import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
KINDS = {
    "paraphrase",
    "long",
    "cross_language",
    "no_diacritics",
    "short",
    "typo",
    "region",
    "place",
    "near_miss",
    "out_of_scope",
}
LANGS = {"nb", "nn", "da", "sv", "en"}

entries, contacts, regions = {}, set(), set()
for p in sorted((HERE / "knowledge").glob("*.yaml")):
    d = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    for e in d.get("entries", []):
        entries[e["id"]] = e
    contacts |= {c["id"] for c in d.get("contacts", [])}
    regions |= {r["id"] for r in d.get("regions", [])}

errors = []
for e in entries.values():
    for c in e.get("contacts", []):
        if c not in contacts:
            errors.append(f"entry {e['id']}: unknown contact {c}")
    for lang, text in e["answer"].items():
        n = len(text.split())
        if not 40 <= n <= 150:
            errors.append(f"entry {e['id']} answer[{lang}] has {n} words")

kinds, used, seen = collections.Counter(), collections.Counter(), set()
for i, line in enumerate((HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines(), 1):
    q = json.loads(line)
    if set(q) != {"text", "region", "lang", "expected", "kind"}:
        errors.append(f"line {i}: keys {sorted(q)}")
    if q["kind"] not in KINDS:
        errors.append(f"line {i}: kind {q['kind']}")
    if q["region"] is not None and q["region"] not in regions:
        errors.append(f"line {i}: region {q['region']}")
    if q["lang"] is not None and q["lang"] not in LANGS:
        errors.append(f"line {i}: lang {q['lang']}")
    if q["expected"] is not None and q["expected"] not in entries:
        errors.append(f"line {i}: expected {q['expected']}")
    if q["text"].strip().lower() in seen:
        errors.append(f"line {i}: duplicate text")
    seen.add(q["text"].strip().lower())
    kinds[q["kind"]] += 1
    used[q["expected"]] += 1

for k in sorted(kinds):
    print(f"{k:15} {kinds[k]}")
print(f"{'total':15} {sum(kinds.values())}")
print(f"null expected:  {used[None]}")
print("entries never expected:", sorted(set(entries) - set(used)) or "none")
print(f"{len(entries)} entries, {len(contacts)} contacts, {len(regions)} regions")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
