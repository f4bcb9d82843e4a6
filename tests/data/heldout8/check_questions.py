#!/usr/bin/env python3
"""Standalone consistency check for held-out set 8 (needs only PyYAML).

Usage:  python check_questions.py            (from any directory)
Exit code 0 and "OK" when everything passes; otherwise every problem is printed.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KB = HERE / "knowledge"
QFILE = HERE / "questions.jsonl"

LANGS = {"nb", "da", "sv", "en"}
COUNTRY_LANG = {"no": "nb", "dk": "da", "se": "sv"}
KINDS = {  # kind: (count, number expecting null)
    "paraphrase": (55, 0),
    "long": (30, 0),
    "cross_language": (30, 0),
    "no_diacritics": (25, 0),
    "short": (25, 0),
    "typo": (25, 0),
    "region": (25, 20),
    "place": (20, 8),
    "near_miss": (15, 15),
    "out_of_scope": (15, 15),
}
TOTAL = 265
# Real towns used in `place` questions that no municipality of this set covers.
REAL_TOWNS = ["Stavanger", "Kristiansand", "Bodø", "Esbjerg", "Vejle", "Horsens", "Malmö", "Västerås"]

problems = []


def bad(msg):
    problems.append(msg)


def fold(s):
    s = s.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("ä", "a"), ("ö", "o")):
        s = s.replace(a, b)
    return s


def words(s):
    return len(s.split())


# ---------------------------------------------------------------- knowledge base
regions = yaml.safe_load((KB / "regions.yaml").read_text(encoding="utf-8"))["regions"]
region_ids = {r["id"] for r in regions}
region_country = {r["id"]: r["country"] for r in regions}
region_names = {}
for r in regions:
    names = set(r["name"].values()) | set(r.get("aliases", []))
    variants = set()
    for n in names:
        variants.add(n.lower())
        variants.add(fold(n))
    region_names[r["id"]] = variants
if len(regions) != 3 or sorted(region_country.values()) != ["dk", "no", "se"]:
    bad("regions.yaml must hold exactly one region each in no, dk and se")

entries = {}
contacts = {}
per_file = {}
for f in sorted(KB.glob("*.yaml")):
    if f.name == "regions.yaml":
        continue
    d = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    es, cs = d.get("entries") or [], d.get("contacts") or []
    per_file[f.stem] = (es, cs)
    for c in cs:
        if c["id"] in contacts:
            bad(f"duplicate contact id {c['id']}")
        contacts[c["id"]] = c
    for e in es:
        if e["id"] in entries:
            bad(f"duplicate entry id {e['id']}")
        e["_file"] = f.stem
        entries[e["id"]] = e

if not 38 <= len(entries) <= 42:
    bad(f"{len(entries)} entries, expected 38-42")
if set(per_file) != region_ids | {"common"}:
    bad(f"knowledge files {sorted(per_file)} should be one per region plus common")

for fname, (es, cs) in per_file.items():
    if fname == "common":
        if len(es) != 4 or len(cs) != 2:
            bad(f"common.yaml: {len(es)} entries / {len(cs)} contacts, expected 4 / 2")
        for x in es + cs:
            if x.get("regions"):
                bad(f"common item {x['id']} must not have regions")
        continue
    if not 11 <= len(es) <= 13:
        bad(f"{fname}: {len(es)} entries, expected 11-13")
    if not 5 <= len(cs) <= 7:
        bad(f"{fname}: {len(cs)} contacts, expected 5-7")
    n_en = sum("en" in e["answer"] for e in es)
    if abs(n_en - len(es) / 2) > 0.5:
        bad(f"{fname}: {n_en} of {len(es)} entries in en, expected about half")
    for x in es + cs:
        if x.get("regions") != [fname]:
            bad(f"{x['id']}: regions should be [{fname}]")

for eid, e in entries.items():
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", eid):
        bad(f"entry id {eid} not lowercase-hyphen")
    langs = set(e["answer"])
    if set(e["title"]) != langs or set(e["questions"]) != langs:
        bad(f"{eid}: title/questions/answer languages differ")
    if e["_file"] == "common":
        if langs != LANGS:
            bad(f"{eid}: common entry must be in nb, da, sv and en")
    else:
        home = COUNTRY_LANG[region_country[e["_file"]]]
        if langs not in ({home}, {home, "en"}):
            bad(f"{eid}: languages {sorted(langs)} should be {{{home}}} or {{{home}, en}}")
    for lang, qs in e["questions"].items():
        if not 1 <= len(qs) <= 3:
            bad(f"{eid}: {len(qs)} example questions in {lang}")
    for lang, a in e["answer"].items():
        n = words(a)
        if not 40 <= n <= 150:
            bad(f"{eid}/{lang}: answer has {n} words (40-150)")
    for c in e.get("contacts", []):
        if c not in contacts:
            bad(f"{eid}: unknown contact {c}")
    vu = e.get("valid_until")
    if vu is not None and str(vu) != "2027-12-31":
        bad(f"{eid}: valid_until {vu}")

# ---------------------------------------------------------------- questions
def entry_region(eid):
    f = entries[eid]["_file"]
    return None if f == "common" else f


def named_regions(text):
    t, tf = text.lower(), fold(text)
    return {rid for rid, vs in region_names.items() if any(v in t or v in tf for v in vs)}


# Crude language guess, used only to confirm that cross_language questions are
# written in a language their entry is not written in.
MARKERS = {
    "en": {"the", "my", "our", "is", "are", "do", "does", "we", "what", "there", "any", "who", "get",
           "can", "how", "of", "and", "it", "if", "this", "from", "have", "has", "someone", "help", "in",
           "you", "your", "will", "be", "been", "part"},
    "sv": {"och", "jag", "är", "hur", "finns", "någon", "något", "också", "från", "inte", "vad", "att",
           "för", "till", "ett", "sig", "företag", "pengar", "låna", "söker", "där", "träffa"},
    "da": {"hvad", "af", "mig", "dig", "vores", "hjælp", "hjælpe", "nogen", "noget", "medarbejdere",
           "virksomhed", "uden", "torvet", "bod", "udskyde", "huslejen", "arbejde", "findes", "tilbage",
           "søger", "sælge", "gør"},
    "nb": {"hva", "av", "meg", "deg", "hjelp", "hjelpe", "noen", "noe", "ansatte", "bedrift", "bedriften",
           "etter", "søker", "selge", "penger", "å", "utsatt", "arbeidet", "sier", "finnes", "tilbake",
           "kjøpe"},
}


def guess_lang(text):
    toks = re.findall(r"[\wæøåäö]+", text.lower())
    scores = {lang: sum(t in m for t in toks) for lang, m in MARKERS.items()}
    best = max(scores.values())
    top = [lang for lang, s in scores.items() if s == best]
    return top[0] if best > 0 and len(top) == 1 else None


qs = []
for i, line in enumerate(QFILE.read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip():
        bad(f"line {i}: empty line")
        continue
    q = json.loads(line)
    if set(q) != {"text", "region", "lang", "expected", "kind"}:
        bad(f"line {i}: keys {sorted(q)}")
    q["_line"] = i
    qs.append(q)

if len(qs) != TOTAL:
    bad(f"{len(qs)} questions, expected {TOTAL}")

kind_n, kind_null = Counter(), Counter()
seen = {}
exp_count = Counter()
for q in qs:
    i, text, reg, lang, exp, kind = q["_line"], q["text"], q["region"], q["lang"], q["expected"], q["kind"]
    where = f"line {i} ({kind})"
    if kind not in KINDS:
        bad(f"{where}: unknown kind")
        continue
    kind_n[kind] += 1
    if exp is None:
        kind_null[kind] += 1
    if not isinstance(text, str) or not text.strip():
        bad(f"{where}: empty text")
        continue
    key = re.sub(r"[^\wæøåäö]+", " ", text.lower()).strip()
    if key in seen:
        bad(f"{where}: duplicate of line {seen[key]}")
    seen[key] = i
    if reg is not None and reg not in region_ids:
        bad(f"{where}: unknown region {reg}")
    if lang is not None and lang not in LANGS:
        bad(f"{where}: unknown lang {lang}")
    if exp is not None:
        if exp not in entries:
            bad(f"{where}: unknown expected id {exp}")
            continue
        exp_count[exp] += 1
    named = named_regions(text)

    # Regional label rule.
    if exp is not None:
        er = entry_region(exp)
        if er is not None and not (reg == er or (reg is None and er in named)):
            bad(f"{where}: municipal entry {exp} expected, but saved region {reg} and text names {sorted(named)}")
    if reg is not None and named - {reg}:
        bad(f"{where}: text names another covered municipality {sorted(named - {reg})}")

    if kind == "no_diacritics" and re.search(r"[æøåäöÆØÅÄÖ]", text):
        bad(f"{where}: contains æøåäö")
    if kind == "short" and not 1 <= words(text) <= 3:
        bad(f"{where}: {words(text)} words")
    if kind == "long":
        n_sent = len([s for s in re.split(r"[.!?]+", text) if s.strip()])
        if not 4 <= n_sent <= 7:
            bad(f"{where}: {n_sent} sentences (3-6 background + question)")
    if kind in ("near_miss", "out_of_scope") and exp is not None:
        bad(f"{where}: must expect null")
    if kind == "cross_language":
        if exp is None or entry_region(exp) is None:
            bad(f"{where}: must target a municipal entry")
        else:
            g = guess_lang(text)
            if g is None:
                bad(f"{where}: cannot tell the question's language")
            elif g in entries[exp]["answer"]:
                bad(f"{where}: question looks like {g}, which {exp} is written in")
    if kind == "region":
        if reg is None:
            bad(f"{where}: region questions need a saved region")
        if named:
            bad(f"{where}: region questions should not name a municipality")
        if exp is not None and entry_region(exp) != reg:
            bad(f"{where}: non-null region question must expect an entry of the user's own municipality")
    if kind == "place":
        if exp is None:
            if reg is not None or named:
                bad(f"{where}: real-town place question must have region null and name no covered municipality")
            if not any(t.lower() in text.lower() for t in REAL_TOWNS):
                bad(f"{where}: names none of the real towns {REAL_TOWNS}")
        else:
            er = entry_region(exp)
            if er is None or er not in named or reg not in (None, er):
                bad(f"{where}: covered place question must name the expected entry's municipality")

for kind, (n, n_null) in KINDS.items():
    if kind_n[kind] != n:
        bad(f"kind {kind}: {kind_n[kind]} questions, expected {n}")
    if kind_null[kind] != n_null:
        bad(f"kind {kind}: {kind_null[kind]} expect null, expected {n_null}")

for eid in entries:
    if exp_count[eid] < 3:
        bad(f"entry {eid} expected only {exp_count[eid]} times (>= 3)")

q_langs = Counter(q["lang"] for q in qs)
for lang in LANGS:
    if q_langs[lang] == 0:
        bad(f"no question with lang {lang}")

if problems:
    print("\n".join(problems))
    print(f"{len(problems)} problem(s)")
    sys.exit(1)
print(f"OK: {len(entries)} entries, {len(contacts)} contacts, {len(qs)} questions "
      + ", ".join(f"{k} {kind_n[k]}" for k in KINDS))
