#!/usr/bin/env python3
"""Standalone consistency check for held-out set 5 (needs only PyYAML).

Run:  python3 tests/data/heldout5/check_questions.py
Exits 0 when everything holds, 1 with a list of problems otherwise.
It imports nothing from the project on purpose.
"""
from __future__ import annotations

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
MUST_BE_NULL = {"near_miss", "out_of_scope"}
REGION_NULLS = 20          # region kind: topic only elsewhere
PLACE_UNCOVERED_MIN = 5    # place kind: real, uncovered towns
MIN_HITS = 3
ANSWER_WORDS = (40, 150)
ENTRY_RANGE = (36, 42)
QUESTION_RANGE = (260, 280)
VALID_UNTIL = "2027-12-31"
DIACRITICS = set("æøåäöÆØÅÄÖéÉ")

# Tiny stop-word profiles, only used to confirm that each cross_language
# question is written in a language its entry does not have.
PROFILE = {
    "nb": {"hva", "hvordan", "noen", "ikke", "av", "meg", "jeg", "vi", "kan", "får", "oss", "vår",
           "bedrift", "bedrifter", "dere", "for", "å", "her", "husleia", "finnes", "søker", "om"},
    "da": {"hvad", "hvordan", "nogen", "ikke", "af", "mig", "jeg", "vi", "kan", "får", "os", "vores",
           "virksomhed", "i", "at", "til", "det", "noget", "koster", "søge", "år", "have", "lov"},
    "sv": {"vad", "hur", "någon", "inte", "av", "mig", "jag", "vi", "kan", "få", "oss", "vår", "vårt",
           "företag", "ni", "att", "för", "det", "något", "finns", "här", "när", "dela", "så", "går", "säga"},
    "en": {"what", "how", "the", "is", "are", "can", "we", "our", "my", "i", "to", "for", "a", "do",
           "there", "help", "get", "it", "while", "with", "of", "and", "who", "through", "local"},
}
MARKERS = {  # letters or words that settle a close call
    "sv": set("äö") | {"och", "inte", "också", "hur", "någon", "något", "från"},
    "da": {"hvad", "nogen", "noget", "af", "mig", "vores", "også", "ikke", "udeservering", "søge", "fra"},
    "nb": {"hva", "noen", "noe", "av", "meg", "vår", "dere", "også", "husleia", "fra", "utsettelse"},
}


def fold(text: str) -> str:
    """Lower-case and strip Nordic letters to plain ASCII, for name matching."""
    t = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    t = unicodedata.normalize("NFKD", t)
    return "".join(c for c in t if not unicodedata.combining(c))


def guess_lang(text: str) -> str:
    words = re.findall(r"[a-zæøåäöé'-]+", text.lower())
    score = Counter()
    for lang, stop in PROFILE.items():
        score[lang] = sum(1 for w in words if w in stop)
    for lang, marks in MARKERS.items():
        score[lang] += 3 * sum(1 for w in words if w in marks)
        score[lang] += 3 * sum(1 for ch in text.lower() if ch in marks)
    if any(ch in "æø" for ch in text.lower()):
        score["sv"] -= 5
        score["en"] -= 5
    return score.most_common(1)[0][0]


def words(text: str) -> int:
    return len(text.split())


def main() -> int:
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(msg)

    # ---------------------------------------------------------------- knowledge
    regions_doc = yaml.safe_load((KB / "regions.yaml").read_text(encoding="utf-8"))
    regions: dict[str, dict] = {}
    for r in regions_doc["regions"]:
        if r.get("country") not in COUNTRY_LANG:
            bad(f"region {r.get('id')}: country must be one of no/dk/se, got {r.get('country')!r}")
        regions[r["id"]] = r
    region_names: dict[str, set[str]] = {}
    for rid, r in regions.items():
        names = set(r.get("name", {}).values()) | set(r.get("aliases", []))
        region_names[rid] = {fold(n) for n in names}
        region_names[rid] |= {fold(n).split()[0] for n in r.get("name", {}).values()}

    entries: dict[str, dict] = {}
    contacts: dict[str, dict] = {}
    for path in sorted(KB.glob("*.yaml")):
        if path.name == "regions.yaml":
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for c in doc.get("contacts", []) or []:
            if c["id"] in contacts:
                bad(f"duplicate contact id {c['id']}")
            contacts[c["id"]] = c
        for e in doc.get("entries", []) or []:
            if e["id"] in entries:
                bad(f"duplicate entry id {e['id']}")
            e["_file"] = path.name
            entries[e["id"]] = e

    if not ENTRY_RANGE[0] <= len(entries) <= ENTRY_RANGE[1]:
        bad(f"{len(entries)} entries, expected {ENTRY_RANGE[0]}–{ENTRY_RANGE[1]}")

    for cid, c in contacts.items():
        phone = c.get("phone", "")
        if not any(phone.startswith(p) for p in PHONE_PREFIX.values()):
            bad(f"contact {cid}: phone {phone!r} is not a fictional +47/+45/+46 00 number")
        for rid in c.get("regions", []) or []:
            if rid not in regions:
                bad(f"contact {cid}: unknown region {rid}")
            elif not phone.startswith(PHONE_PREFIX[regions[rid]["country"]]):
                bad(f"contact {cid}: phone prefix does not match the country of {rid}")
        email = c.get("email", "")
        if email and not re.search(r"\.example\.(no|dk|se|org)$", email):
            bad(f"contact {cid}: e-mail {email!r} is not on an example.* domain")

    url_re = re.compile(r"\b[\w.-]+\.(?:no|dk|se|org|com)\b")
    for eid, e in entries.items():
        answer = e.get("answer", {}) or {}
        langs = set(answer)
        if not langs or not langs <= LANGS:
            bad(f"entry {eid}: answer languages {sorted(langs)} invalid")
        if set(e.get("title", {})) != langs:
            bad(f"entry {eid}: title languages {sorted(e.get('title', {}))} != answer languages {sorted(langs)}")
        qs = e.get("questions", {}) or {}
        if set(qs) != langs:
            bad(f"entry {eid}: example-question languages {sorted(qs)} != answer languages {sorted(langs)}")
        for lang, lst in qs.items():
            if not 1 <= len(lst) <= 3:
                bad(f"entry {eid}: {len(lst)} example questions in {lang}, expected 1–3")
        for lang, text in answer.items():
            n = words(text)
            if not ANSWER_WORDS[0] <= n <= ANSWER_WORDS[1]:
                bad(f"entry {eid}: {lang} answer has {n} words, expected {ANSWER_WORDS[0]}–{ANSWER_WORDS[1]}")
            for host in url_re.findall(text):
                if "example." not in host and "@" not in host:
                    bad(f"entry {eid}: {lang} answer mentions non-example address {host!r}")
        for cid in e.get("contacts", []) or []:
            if cid not in contacts:
                bad(f"entry {eid}: unknown contact {cid}")
        if "valid_until" in e and str(e["valid_until"]) != VALID_UNTIL:
            bad(f"entry {eid}: valid_until {e['valid_until']} != {VALID_UNTIL}")
        eregions = e.get("regions")
        if eregions:
            if len(eregions) != 1 or eregions[0] not in regions:
                bad(f"entry {eid}: regions {eregions} should be exactly one known region")
            else:
                home = COUNTRY_LANG[regions[eregions[0]]["country"]]
                if home not in langs:
                    bad(f"entry {eid}: not written in its municipality's language {home}")
                if not langs <= {home, "en"}:
                    bad(f"entry {eid}: languages {sorted(langs)} beyond {home}+en")
        else:
            if langs != LANGS:
                bad(f"common entry {eid}: must be written in all four languages, has {sorted(langs)}")
            if e["_file"] != "common.yaml":
                bad(f"entry {eid}: has no regions but is not in common.yaml")

    # ---------------------------------------------------------------- questions
    rows = []
    for n, line in enumerate(QUESTIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            bad(f"questions.jsonl line {n}: invalid JSON ({exc})")
            continue
        row["_line"] = n
        rows.append(row)

    if not QUESTION_RANGE[0] <= len(rows) <= QUESTION_RANGE[1]:
        bad(f"{len(rows)} questions, expected {QUESTION_RANGE[0]}–{QUESTION_RANGE[1]}")

    seen_texts: set[str] = set()
    hits: Counter = Counter()
    kinds: Counter = Counter()
    nulls: Counter = Counter()
    for row in rows:
        ln = row["_line"]
        keys = {"text", "region", "lang", "expected", "kind"}
        if set(k for k in row if not k.startswith("_")) != keys:
            bad(f"line {ln}: fields must be exactly {sorted(keys)}")
            continue
        text, region, lang, expected, kind = (row[k] for k in ("text", "region", "lang", "expected", "kind"))
        kinds[kind] += 1
        if expected is None:
            nulls[kind] += 1
        if kind not in KIND_COUNTS:
            bad(f"line {ln}: unknown kind {kind!r}")
        if not isinstance(text, str) or not text.strip():
            bad(f"line {ln}: empty text")
            continue
        norm = " ".join(text.lower().split())
        if norm in seen_texts:
            bad(f"line {ln}: duplicate text {text!r}")
        seen_texts.add(norm)
        if region is not None and region not in regions:
            bad(f"line {ln}: unknown region {region!r}")
        if lang is not None and lang not in LANGS:
            bad(f"line {ln}: invalid lang {lang!r}")
        if expected is not None and expected not in entries:
            bad(f"line {ln}: expected id {expected!r} does not exist")
            continue
        if expected is not None:
            hits[expected] += 1

        named = {rid for rid, names in region_names.items()
                 if any(re.search(r"\b" + re.escape(nm) + r"\b", fold(text)) for nm in names)}

        # label rule
        if expected is not None:
            e = entries[expected]
            if e.get("regions"):
                home = e["regions"][0]
                if region is not None and region != home:
                    bad(f"line {ln}: expects {expected} ({home}) but saved region is {region}")
                if region is None and home not in named:
                    bad(f"line {ln}: expects regional {expected} with region null but text does not name {home}")
        if kind in MUST_BE_NULL and expected is not None:
            bad(f"line {ln}: {kind} must expect null")

        # per-kind form checks
        if kind == "short" and not 1 <= len(text.split()) <= 3:
            bad(f"line {ln}: short question has {len(text.split())} words")
        if kind == "long":
            sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
            if not 4 <= len(sentences) <= 7:
                bad(f"line {ln}: long question has {len(sentences)} sentences (want 3–6 background + question)")
        if kind == "no_diacritics" and any(ch in DIACRITICS for ch in text):
            bad(f"line {ln}: no_diacritics question contains æøåäö")
        if kind == "cross_language":
            if expected is None:
                bad(f"line {ln}: cross_language must expect an entry")
            else:
                g = guess_lang(text)
                if g in entries[expected]["answer"]:
                    bad(f"line {ln}: cross_language text looks like {g}, which {expected} is written in")
        if kind == "region":
            if region is None:
                bad(f"line {ln}: region question needs a saved region")
            if named:
                bad(f"line {ln}: region question should not name a covered municipality")
        if kind == "place":
            if region is not None and region not in named:
                bad(f"line {ln}: place question with saved region {region} must name that same municipality")
            if expected is None and (region is not None or named):
                bad(f"line {ln}: uncovered-town place question: region null, no covered municipality named")
            if expected is not None and not named:
                bad(f"line {ln}: place question expecting an entry must name its municipality")

    for kind, want in KIND_COUNTS.items():
        if kinds[kind] != want:
            bad(f"kind {kind}: {kinds[kind]} questions, expected {want}")
    if nulls["region"] != REGION_NULLS:
        bad(f"region kind: {nulls['region']} null labels, expected {REGION_NULLS}")
    if nulls["place"] < PLACE_UNCOVERED_MIN:
        bad(f"place kind: only {nulls['place']} uncovered-town questions")
    for eid in entries:
        if hits[eid] < MIN_HITS:
            bad(f"entry {eid} is expected {hits[eid]} times, needs at least {MIN_HITS}")

    # ---------------------------------------------------------------- report
    print(f"entries: {len(entries)} ({sum(1 for e in entries.values() if not e.get('regions'))} common), "
          f"contacts: {len(contacts)}, regions: {len(regions)}, questions: {len(rows)}")
    for kind in KIND_COUNTS:
        print(f"  {kind:15s} {kinds[kind]:3d}  (null: {nulls[kind]})")
    print(f"  {'total':15s} {len(rows):3d}  (null: {sum(nulls.values())})")
    print(f"min/max times an entry is expected: {min(hits[e] for e in entries)}/{max(hits[e] for e in entries)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
