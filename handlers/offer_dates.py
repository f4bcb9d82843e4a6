"""The date an offer is valid until, from what people type: "31.12", "i morgen", "neste fredag".

dateparser understands most of it in bokmål, Danish, Swedish and English, but returns nothing for
"i overmorgen", "neste/næste/nästa fredag", "på fredag" and "i kveld", and reads "fredag kl 18" as
18 December and "31. desember kl 19" as the year 2119. So the forms people use most are read here
first (a weekday, a relative day, a count of days or weeks, a day and month in digits), the time of
day is dropped (an offer lasts whole days), and only what is left goes to dateparser. The caller
always echoes the date understood, so a wrong guess is seen at once.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from knowledge.normalise import fold

#: Folded weekday names and abbreviations of the four languages, Monday = 0.
_WEEKDAYS: dict[str, int] = {}
for _day, _names in enumerate(
    (
        "mandag mandagen man måndag måndagen mån monday mon",
        "tirsdag tirsdagen tir tisdag tisdagen tis tuesday tue tues",
        "onsdag onsdagen ons wednesday wed",
        "torsdag torsdagen tor tors thursday thu thur thurs",
        "fredag fredagen fre friday fri",
        "lørdag lørdagen lør lördag lördagen lör saturday sat",
        "søndag søndagen søn söndag söndagen sön sunday sun",
    )
):
    for _name in _names.split():
        _WEEKDAYS[fold(_name)] = _day

#: Relative days (folded, spaces allowed) to a number of days from today.
_RELATIVE = {
    "i dag": 0, "idag": 0, "today": 0, "i kveld": 0, "ikveld": 0, "i kvall": 0, "ikvall": 0, "i aften": 0,
    "iaften": 0, "tonight": 0, "this evening": 0, "i natt": 0, "inatt": 0, "i ettermiddag": 0,
    "i eftermiddag": 0, "this afternoon": 0,
    "i morgen": 1, "imorgen": 1, "i morgon": 1, "imorgon": 1, "tomorrow": 1, "morgen": 1,
    "i overmorgen": 2, "iovermorgen": 2, "overmorgen": 2, "i overmorgon": 2, "iovermorgon": 2, "overmorgon": 2,
    "day after tomorrow": 2, "the day after tomorrow": 2,
}  # fmt: skip

#: Words of a count ("om en uke", "in two weeks").
_NUMBERS = {
    "en": 1, "ett": 1, "ei": 1, "et": 1, "one": 1, "a": 1, "an": 1, "to": 2, "two": 2, "tva": 2, "tre": 3,
    "three": 3, "fire": 4, "fyra": 4, "four": 4, "fem": 5, "five": 5, "seks": 6, "sex": 6, "six": 6,
    "sju": 7, "syv": 7, "seven": 7, "atte": 8, "otte": 8, "eight": 8, "ni": 9, "nio": 9, "nine": 9,
    "ti": 10, "tio": 10, "ten": 10,
}  # fmt: skip
_UNITS = {
    "dag": 1, "dager": 1, "dage": 1, "dagar": 1, "dogn": 1, "day": 1, "days": 1, "d": 1,
    "uke": 7, "uker": 7, "uka": 7, "uge": 7, "uger": 7, "vecka": 7, "veckor": 7, "week": 7, "weeks": 7, "u": 7,
    "maned": 30, "maneder": 30, "maneden": 30, "manad": 30, "manader": 30, "month": 30, "months": 30,
}  # fmt: skip

#: A time of day, dropped: "kl 18", "kl. 18.30", "klokken 18", "klockan 18", "18:00", "at 6pm".
_CLOCK = re.compile(
    r"\b(?:kl\.?|klokka|klokken|klockan)\s*\d{1,2}(?:[:.]\d{2})?\b"
    r"|\b\d{1,2}:\d{2}\b"
    r"|\b\d{1,2}\s*(?:am|pm)\b"
)
#: Words left dangling once the time is gone ("fredag at", "i kveld fra").
_DANGLING = {"at", "kl", "kl.", "fra", "fran", "from", "til", "till", "to", "until", "-", "og", "and", "och"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_COUNT = re.compile(r"^(?:om|in|within|innen|inom)\s+(\S+)\s+(\S+)$")
_FILLER = re.compile(
    r"^(?:til og med|tom|t o m|till och med|until|till|til|innen|inden|inom|by|valid until|gyldig til|gjelder til"
    r"|frem til|fram till)\s+"
)
_NEXT = ("neste", "naste", "nasta", "next", "kommende", "kommande", "coming", "this", "denne", "pa", "on", "nu", "den")


def parse_until(text: str, today: date, lang: str = "nb") -> date | None:
    """The date `text` names, seen from `today` (the deployment's local date); None when unreadable.

    Nothing here refuses a date in the past or too far ahead: the caller says why, with the date.
    """
    lowered = _without_clock(" ".join(text.lower().replace(",", " ").split()))
    typed = _FILLER.sub("", fold(lowered))
    if not typed:
        return today if _CLOCK.search(text.lower()) else None  # "kl 18": today, at a time we do not keep
    if _ISO.match(typed) or _DAY_MONTH.match(typed):
        return _read(typed, today)  # digits: no second opinion (2026-13-01 is no date)
    return _read(typed, today) or _dateparser(_FILLER.sub("", lowered), today, lang)


def _without_clock(text: str) -> str:
    words = _CLOCK.sub(" ", text).split()
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words)


def _read(typed: str, today: date) -> date | None:
    if typed in _RELATIVE:
        return today + timedelta(days=_RELATIVE[typed])
    if match := _ISO.match(typed):
        return _date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_MONTH.match(typed):
        day, month, year = int(match[1]), int(match[2]), match[3]
        if year:
            return _date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        found = _date(today.year, month, day)
        if found is not None and found < today:  # "2.1" typed in December is next January
            found = _date(today.year + 1, month, day)
        return found
    if match := _COUNT.match(typed):
        amount = int(match[1]) if match[1].isdigit() else _NUMBERS.get(match[1])
        unit = _UNITS.get(match[2])
        if amount is not None and unit is not None and amount <= 1000:
            return today + timedelta(days=amount * unit)
        return None
    words = typed.split()
    if words and words[-1] in _WEEKDAYS and all(w in _NEXT or w in _RELATIVE for w in words[:-1]):
        if len(words) > 1 and " ".join(words[:-1]) in _RELATIVE:
            return None
        ahead = (_WEEKDAYS[words[-1]] - today.weekday()) % 7
        return today + timedelta(days=ahead or 7)  # "fredag" on a Friday is next week's
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _parser() -> object:
    import dateparser  # imported on first use: it takes a while and most messages never need it

    return dateparser


def _dateparser(typed: str, today: date, lang: str) -> date | None:
    """What is left ("31. desember", "next week", "om 2 uker og 3 dager") goes to dateparser."""
    if not any(ch.isalnum() for ch in typed) or len(typed) > 60:
        return None
    dateparser = _parser()
    languages = list(dict.fromkeys([lang if lang in ("nb", "da", "sv", "en") else "nb", "nb", "da", "sv", "en"]))
    settings = {
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "REQUIRE_PARTS": ["day"],
    }
    try:
        found = dateparser.parse(typed, languages=languages, settings=settings)  # type: ignore[attr-defined]
    except Exception:  # dateparser raises odd things on odd input; unreadable is the answer
        return None
    return found.date() if isinstance(found, datetime) else None
