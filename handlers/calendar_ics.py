"""Calendar files (.ics, RFC 5545 with RFC 5546 methods) for groups and events, written with icalendar.

Every occurrence keeps one UID (a group's series: `group-<id>@sammen`, its moved or cancelled
meetings as RECURRENCE-ID overrides of that series; an event: `event-<id>@sammen`), and SEQUENCE is
the number of changes the organiser made, so a calendar that imported the file replaces the old time
(METHOD:REQUEST) or removes it (METHOD:CANCEL, STATUS:CANCELLED).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vRecur
from icalendar import Event as CalendarEvent

from knowledge.gatherings import Event, Gathering, Group, Occurrence
from knowledge.model import pick_text
from storage.models import GatheringChange, utcnow

PRODID = "-//Sammen//Network groups and events//EN"


def uid(gathering: Gathering, key: str | None = None) -> str:
    """Stable: the same group or event always has the same UID (a list-of-dates group: one per date)."""
    base = f"{gathering.kind}-{gathering.id}"
    return f"{base}-{key}@sammen" if key else f"{base}@sammen"


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _describe(component: CalendarEvent, gathering: Gathering, lang: str) -> None:
    component.add("summary", gathering.title(lang))
    text = pick_text(gathering.description, lang)
    if gathering.online_url:
        text = f"{text}\n{gathering.online_url}".strip()
        component.add("url", gathering.online_url)
    if text:
        component.add("description", text)
    if gathering.place:
        component.add("location", gathering.place)


def _times(component: CalendarEvent, occurrence: Occurrence) -> None:
    if occurrence.all_day:
        component.add("dtstart", occurrence.start.date())
        component.add("dtend", occurrence.end.date())
    else:
        component.add("dtstart", occurrence.start)
        component.add("dtend", occurrence.end)


def _series_uid(gathering: Gathering, occurrence: Occurrence) -> tuple[str, bool]:
    """The UID an occurrence lives under, and whether it is an instance of a recurring series."""
    if isinstance(gathering, Group) and gathering.schedule is not None and gathering.schedule.rule:
        return uid(gathering), True
    if isinstance(gathering, Group):
        return uid(gathering, occurrence.key), False
    return uid(gathering), False


def occurrence_ics(gathering: Gathering, occurrence: Occurrence, lang: str, *, cancel: bool = False,
                   now: datetime | None = None) -> bytes:  # fmt: skip
    """One meeting or event for a confirmation or a change: REQUEST, or CANCEL when cancelled."""
    cancel = cancel or occurrence.cancelled
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    component = CalendarEvent()
    series, recurring = _series_uid(gathering, occurrence)
    component.add("uid", series)
    component.add("dtstamp", now or utcnow())
    if recurring:
        original = datetime.strptime(occurrence.key, "%Y%m%dT%H%M").replace(tzinfo=occurrence.start.tzinfo)
        component.add("recurrence-id", original)
    _times(component, occurrence)
    _describe(component, gathering, lang)
    component.add("sequence", occurrence.sequence + (1 if cancel and not occurrence.cancelled else 0))
    component.add("status", "CANCELLED" if cancel else "CONFIRMED")
    cal.add_component(component)
    cal.add_missing_timezones()
    return cal.to_ical()


def group_feed(group: Group, zone: ZoneInfo, changes: dict[str, GatheringChange], lang: str,
               now: datetime | None = None) -> bytes:  # fmt: skip
    """The subscribable feed of a group: its rule (RRULE) with cancelled meetings as EXDATE and moved
    ones as overrides (RECURRENCE-ID); a list-of-dates group, one event per date."""
    from handlers.gatherings import apply_changes

    stamp = now or utcnow()
    cal = _calendar(None, group.title(lang))
    schedule = group.schedule
    if schedule is not None and schedule.rule and schedule.start is not None:
        first = group.occurrences(
            zone,
            datetime.combine(schedule.first, schedule.start, tzinfo=zone) - timedelta(days=1),
            datetime.combine(schedule.first, schedule.start, tzinfo=zone) + timedelta(days=800),
        )
        if first:
            series = CalendarEvent()
            series.add("uid", uid(group))
            series.add("dtstamp", stamp)
            series.add("dtstart", first[0].start)
            series.add("dtend", first[0].end)
            series.add("rrule", vRecur.from_ical(schedule.rule))
            cancelled = [c for c in changes.values() if c.cancelled]
            for change in sorted(cancelled, key=lambda c: c.occurrence):
                series.add("exdate", datetime.strptime(change.occurrence, "%Y%m%dT%H%M").replace(tzinfo=zone))
            _describe(series, group, lang)
            series.add("sequence", 0)
            cal.add_component(series)
            for key, change in sorted(changes.items()):
                if change.cancelled or not change.new_start:
                    continue
                original = datetime.strptime(key, "%Y%m%dT%H%M").replace(tzinfo=zone)
                base = Occurrence("group", group.id, key, original, original + timedelta(minutes=schedule.minutes))
                [moved] = apply_changes([base], {key: change}, zone)
                override = CalendarEvent()
                override.add("uid", uid(group))
                override.add("dtstamp", stamp)
                override.add("recurrence-id", original)
                _times(override, moved)
                _describe(override, group, lang)
                override.add("sequence", change.sequence)
                cal.add_component(override)
    elif schedule is not None:
        far = datetime(9999, 1, 1, tzinfo=zone)
        for occurrence in apply_changes(group.occurrences(zone, datetime(1970, 1, 1, tzinfo=zone), far), changes, zone):
            component = CalendarEvent()
            component.add("uid", uid(group, occurrence.key))
            component.add("dtstamp", stamp)
            _times(component, occurrence)
            _describe(component, group, lang)
            component.add("sequence", occurrence.sequence)
            component.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
            cal.add_component(component)
    cal.add_missing_timezones()
    return cal.to_ical()


def event_feed(event: Event, occurrence: Occurrence, lang: str, now: datetime | None = None) -> bytes:
    """An event's calendar file as published (no METHOD: for a download rather than an invitation)."""
    cal = _calendar(None, event.title(lang))
    component = CalendarEvent()
    component.add("uid", uid(event))
    component.add("dtstamp", now or utcnow())
    _times(component, occurrence)
    _describe(component, event, lang)
    component.add("sequence", occurrence.sequence)
    component.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
    cal.add_component(component)
    cal.add_missing_timezones()
    return cal.to_ical()
