"""Network groups and events as knowledge: what they are, when they meet, and how the YAML is read.

Times in the files are local wall-clock times of the region (its `timezone`, else the deployment's
TIMEZONE); they become aware datetimes only when a zone is given, so a group meeting "first Friday
08:30" stays at 08:30 across daylight-saving changes. Occurrences are computed with dateutil's rrule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from knowledge.model import pick_text
from knowledge.schema import Report, _checked_id, _Fields, _mapping, check_url, line_of

Kind = Literal["group", "event"]

GROUP_KEYS = ("id", "name", "description", "regions", "organiser", "capacity", "schedule", "place", "online_url",
              "open", "cancelled")  # fmt: skip
EVENT_KEYS = ("id", "title", "description", "regions", "organiser", "capacity", "starts", "ends", "place",
              "online_url", "registration_deadline", "group", "cancelled")  # fmt: skip
SCHEDULE_KEYS = ("rrule", "start", "minutes", "from", "dates")
#: A rule without `from` counts from this day (it only matters for rules with INTERVAL or COUNT).
RULE_ANCHOR = date(2020, 1, 1)
DEFAULT_MINUTES = 60


@dataclass(frozen=True, slots=True)
class Schedule:
    """Either an RFC 5545 rule with a local start time, or a list of local date-times; `minutes` long."""

    minutes: int = DEFAULT_MINUTES
    rule: str | None = None
    start: time | None = None
    first: date = RULE_ANCHOR
    dates: tuple[datetime, ...] = ()

    def starts(self, zone: ZoneInfo, after: datetime, before: datetime) -> list[datetime]:
        """Aware local start times in [after, before)."""
        if self.rule and self.start is not None:
            # computed on wall-clock (naive) times, then placed in the zone: 08:30 stays 08:30 across
            # daylight-saving changes, and dateutil iterates without converting zones at every step
            low = after.astimezone(zone).replace(tzinfo=None) - timedelta(hours=3)
            high = before.astimezone(zone).replace(tzinfo=None) + timedelta(hours=3)
            found = (
                m.replace(tzinfo=zone) for m in _rule(self.rule, self.first, self.start).between(low, high, inc=True)
            )
            return [moment for moment in found if after <= moment < before]
        moments = [d.replace(tzinfo=zone) for d in self.dates]
        return sorted(m for m in moments if after <= m < before)


@lru_cache(maxsize=16384)
def _rule(text: str, first: date, start: time) -> rrule:
    """Parsing a rule costs more than using it: each group's is parsed once, and keeps what it computed."""
    dtstart = datetime.combine(first, start)
    parsed = rrulestr(text, dtstart=dtstart, cache=True)
    if not isinstance(parsed, rrule):  # rrulestr gives an rruleset for several rules
        raise ValueError("one RRULE only")
    return parsed


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One meeting of a group or the one time of an event, in its zone. `key` is its original local
    start ("20260306T0830"): what a sign-up, a reminder, a move or a cancellation refers to."""

    kind: Kind
    target: str
    key: str
    start: datetime
    end: datetime
    all_day: bool = False
    cancelled: bool = False
    #: How often this occurrence was changed (moved or cancelled): the calendar's SEQUENCE.
    sequence: int = 0


def occurrence_key(local_start: datetime) -> str:
    return local_start.strftime("%Y%m%dT%H%M")


def parse_key(key: str) -> datetime | None:
    try:
        return datetime.strptime(key, "%Y%m%dT%H%M")
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    organiser: str | None = None
    capacity: int | None = None
    schedule: Schedule | None = None
    place: str | None = None
    online_url: str | None = None
    open: bool = True
    cancelled: bool = False
    source: str = ""

    kind: Kind = "group"

    def title(self, lang: str | None) -> str:
        return pick_text(self.name, lang) or self.id

    def serves(self, region: str | None) -> bool:
        return region is None or not self.regions or region in self.regions

    def occurrences(self, zone: ZoneInfo, after: datetime, before: datetime) -> list[Occurrence]:
        if self.schedule is None or self.cancelled:
            return []
        length = timedelta(minutes=self.schedule.minutes)
        return [
            Occurrence("group", self.id, occurrence_key(start.replace(tzinfo=None)), start, start + length)
            for start in self.schedule.starts(zone, after, before)
        ]


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    title_text: dict[str, str]
    starts: datetime  # naive local
    ends: datetime  # naive local
    description: dict[str, str] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    organiser: str | None = None
    capacity: int | None = None
    place: str | None = None
    online_url: str | None = None
    registration_deadline: datetime | None = None  # naive local
    group: str | None = None
    all_day: bool = False
    cancelled: bool = False
    source: str = ""

    kind: Kind = "event"

    def title(self, lang: str | None) -> str:
        return pick_text(self.title_text, lang) or self.id

    def serves(self, region: str | None) -> bool:
        return region is None or not self.regions or region in self.regions

    def occurrence(self, zone: ZoneInfo) -> Occurrence:
        return Occurrence(
            "event", self.id, occurrence_key(self.starts), self.starts.replace(tzinfo=zone),
            self.ends.replace(tzinfo=zone), self.all_day, self.cancelled,
        )  # fmt: skip

    def occurrences(self, zone: ZoneInfo, after: datetime, before: datetime) -> list[Occurrence]:
        occurrence = self.occurrence(zone)
        return [occurrence] if after <= occurrence.start < before else []

    def open_for_sign_up(self, zone: ZoneInfo, now: datetime) -> bool:
        """Past events (the 2021 fair) are kept for the record, never offered."""
        if self.cancelled:
            return False
        deadline = self.registration_deadline or self.starts
        return now < deadline.replace(tzinfo=zone)


Gathering = Group | Event


def zone_for(regions: list[str], region_zones: dict[str, str], default: str) -> ZoneInfo:
    """The zone of the first region that names one, else the deployment's."""
    for region in regions:
        if region in region_zones:
            return ZoneInfo(region_zones[region])
    return ZoneInfo(default)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


# -- reading the YAML ---------------------------------------------------------------------------------

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def local_datetime(value: Any) -> tuple[datetime, bool] | None:
    """A local date-time from YAML (a datetime, "2026-03-06 08:30", or a date for all day)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), False
    if isinstance(value, date):
        return datetime.combine(value, time()), True
    if isinstance(value, str):
        text = value.strip().replace("T", " ")
        try:
            if len(text) == 10:
                return datetime.combine(date.fromisoformat(text), time()), True
            return datetime.fromisoformat(text).replace(tzinfo=None), False
        except ValueError:
            return None
    return None


def _unknown_keys(report: Report, data: dict[str, Any], allowed: tuple[str, ...], owner: str, line: int | None) -> None:
    for key in data:
        if key not in allowed:
            report.add(f"unknown key {key!r} (expected {', '.join(allowed)})", owner, line)


def _capacity(fields: _Fields) -> int | None:
    value = fields.raw.get("capacity")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        fields.problem(f"capacity must be a whole number of at least 1, not {value!r}")
        return None
    return value


def _flag(fields: _Fields, key: str, default: bool) -> bool:
    value = fields.raw.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        fields.problem(f"{key} must be true or false, not {value!r}")
        return default
    return value


def _where(fields: _Fields) -> tuple[str | None, str | None]:
    place = fields.string("place") or None
    url = fields.string("online_url") or None
    if url and not check_url(url):
        fields.problem(f"bad online_url {url!r} (must start with http:// or https:// and name a host)")
        url = None
    if not place and not url and "online_url" not in fields.raw:
        fields.problem("needs a place or an online_url")
    return place, url


def _schedule(fields: _Fields) -> Schedule | None:
    raw = fields.raw.get("schedule")
    if raw is None:
        return None
    if isinstance(raw, list):
        raw = {"dates": raw}
    if not isinstance(raw, dict):
        fields.problem("schedule must be {rrule, start, minutes} or a list of local date-times")
        return None
    for key in raw:
        if key not in SCHEDULE_KEYS:
            fields.problem(f"schedule: unknown key {key!r} (expected {', '.join(SCHEDULE_KEYS)})")
    minutes = raw.get("minutes", DEFAULT_MINUTES)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 24 * 60:
        fields.problem(f"schedule: minutes must be a whole number from 1 to 1440, not {minutes!r}")
        minutes = DEFAULT_MINUTES
    if "dates" in raw:
        if "rrule" in raw:
            fields.problem("schedule: give either rrule or dates, not both")
        values = raw["dates"] if isinstance(raw["dates"], list) else [raw["dates"]]
        dates: list[datetime] = []
        for value in values:
            parsed = local_datetime(value)
            if parsed is None or parsed[1]:
                fields.problem(f"schedule: bad local date-time {value!r} (use YYYY-MM-DD HH:MM)")
                continue
            dates.append(parsed[0])
        return Schedule(minutes=minutes, dates=tuple(sorted(dates)))
    rule, start = raw.get("rrule"), raw.get("start")
    if not isinstance(rule, str) or not rule.strip():
        fields.problem("schedule: missing rrule (an RFC 5545 rule such as FREQ=MONTHLY;BYDAY=1FR)")
        return None
    rule = rule.strip().removeprefix("RRULE:")
    if isinstance(start, int) and not isinstance(start, bool):  # YAML 1.1 reads 08:30 as 510 (base 60)
        start = f"{start // 60:02d}:{start % 60:02d}"
    match = _TIME.match(str(start).strip()) if isinstance(start, str) else None
    if match is None:
        fields.problem(f"schedule: start must be a local time HH:MM, not {start!r}")
        return None
    at = time(int(match.group(1)), int(match.group(2)))
    first = RULE_ANCHOR
    if raw.get("from") is not None:
        parsed = local_datetime(raw["from"])
        if parsed is None:
            fields.problem(f"schedule: bad from date {raw['from']!r} (use YYYY-MM-DD)")
        else:
            first = parsed[0].date()
    try:
        _rule(rule, first, at)
    except (ValueError, TypeError) as error:
        fields.problem(f"schedule: bad rrule {rule!r} ({error})")
        return None
    return Schedule(minutes=minutes, rule=rule, start=at, first=first)


#: Ids travel in button data (64 bytes with a meeting's date), so they are kept short.
MAX_ID = 40


def _short_id(fields: _Fields, found: str | None) -> str | None:
    if found is not None and len(found) > MAX_ID:
        fields.report.add(f"id longer than {MAX_ID} characters", found, fields.line)
        return None
    return found


def _begin(
    report: Report, raw: Any, kind: str, keys: Any, index: int, parent_line: int | None
) -> tuple[_Fields, str | None] | None:
    """A group's or event's mapping, its checked id, and its unknown keys reported under its name."""
    data = _mapping(report, raw, kind, index, parent_line)
    if data is None:
        return None
    fields = _Fields(report, data, None, line_of(data))
    found = _short_id(fields, _checked_id(fields, kind, index))
    fields.owner = f"{kind} {found or data.get('id') or f'#{index + 1}'}"
    _unknown_keys(report, data, keys, fields.owner, fields.line)
    return fields, found


def parse_group(report: Report, raw: Any, index: int, parent_line: int | None = None) -> Group | None:
    begun = _begin(report, raw, "group", GROUP_KEYS, index, parent_line)
    if begun is None:
        return None
    fields, group_id = begun
    name = fields.texts("name", required=True)
    description = fields.texts("description")
    regions = fields.ids("regions")
    organiser = fields.string("organiser") or None
    capacity = _capacity(fields)
    schedule = _schedule(fields)
    place, url = _where(fields)
    is_open = _flag(fields, "open", True)
    cancelled = _flag(fields, "cancelled", False)
    if group_id is None:
        return None
    return Group(
        id=group_id, name=name, description=description, regions=regions, organiser=organiser, capacity=capacity,
        schedule=schedule, place=place, online_url=url, open=is_open, cancelled=cancelled, source=report.file,
    )  # fmt: skip


def parse_event(report: Report, raw: Any, index: int, parent_line: int | None = None) -> Event | None:
    begun = _begin(report, raw, "event", EVENT_KEYS, index, parent_line)
    if begun is None:
        return None
    fields, event_id = begun
    title = fields.texts("title", required=True)
    description = fields.texts("description")
    regions = fields.ids("regions")
    organiser = fields.string("organiser") or None
    capacity = _capacity(fields)
    place, url = _where(fields)
    group = fields.string("group") or None
    cancelled = _flag(fields, "cancelled", False)
    starts = _moment(fields, "starts", required=True)
    ends = _moment(fields, "ends")
    deadline = _moment(fields, "registration_deadline")
    if event_id is None or starts is None:
        return None
    start, all_day = starts
    if ends is None:
        end = start + (timedelta(days=1) if all_day else timedelta(minutes=DEFAULT_MINUTES))
    else:
        end = ends[0] + (timedelta(days=1) if ends[1] else timedelta())
        if end <= start:
            fields.problem("ends must be after starts")
            end = start + timedelta(minutes=DEFAULT_MINUTES)
    closes = None
    if deadline is not None:
        closes = deadline[0] + (timedelta(days=1) if deadline[1] else timedelta())  # a date: to its end
        if closes > start + timedelta(days=1):
            fields.problem("registration_deadline must not be after the event starts")
    return Event(
        id=event_id, title_text=title, starts=start, ends=end, description=description, regions=regions,
        organiser=organiser, capacity=capacity, place=place, online_url=url, registration_deadline=closes,
        group=group, all_day=all_day, cancelled=cancelled, source=report.file,
    )  # fmt: skip


def _moment(fields: _Fields, key: str, *, required: bool = False) -> tuple[datetime, bool] | None:
    value = fields.raw.get(key)
    if value is None:
        if required:
            fields.problem(f"missing {key}")
        return None
    parsed = local_datetime(value)
    if parsed is None:
        fields.problem(f"{key}: bad local date-time {value!r} (use YYYY-MM-DD HH:MM, or YYYY-MM-DD for all day)")
    return parsed
