"""Calendar feeds (RFC 5545) built with `icalendar`: one VEVENT per series with its RRULE in
Europe/Brussels (with a VTIMEZONE), and one overriding VEVENT (RECURRENCE-ID) per date that
differs. Cancelled dates are overrides with STATUS:CANCELLED — see docs/meetups.md for why.

The output depends only on the stored data and the horizon the caller passes (no "now"
inside), so the ETag changes exactly when something a calendar shows changes. The horizon
bounds the closed dates marked in a series without an end (a building closed "until further
notice" would otherwise expand the rule up to the year 9999).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from spelotheek.days import add_days
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupSeries
from spelotheek.meetups.timetable import change_of, plan_of

PRODID = "-//Spelotheek//Meetups//NL"
UrlFor = Callable[[MeetupSeries], str]


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Brussels")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal


def _brussels() -> Timezone:
    """Europe/Brussels as the EU's summer-time rule (since 1996), not a list of transitions.

    `add_missing_timezones()` writes every transition from 1970 to 2037 (2.4 KB, and nothing after
    2038); two yearly rules say the same in a few hundred bytes and hold for any year.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Brussels")
    zone.add("x-lic-location", "Europe/Brussels")
    for part, name, start, month, before, after in (
        (TimezoneDaylight(), "CEST", datetime(1996, 3, 31, 2), 3, 1, 2),
        (TimezoneStandard(), "CET", datetime(1996, 10, 27, 3), 10, 2, 1),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        zone.add_component(part)
    return zone


def place_of(series: MeetupSeries) -> str:
    """Where a series meets, on one line."""
    loc = series.location
    return f"{loc.name}, {loc.address}, {loc.postcode} {loc.city}"


def _description(series: MeetupSeries, theme: str | None = None) -> str:
    parts = [theme or "", series.description, series.what_to_expect, series.audience]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _base_event(series: MeetupSeries, url: str, modified: datetime, sequence: int) -> Event:
    event = Event()
    event.add("uid", series.uid)
    event.add("dtstamp", modified.astimezone(UTC))
    event.add("last-modified", modified.astimezone(UTC))
    event.add("sequence", sequence)
    event.add("location", place_of(series))
    event.add("url", url)
    event.add("transp", "OPAQUE")
    return event


def _series_events(
    series: MeetupSeries,
    closures: Sequence[rules.ClosedPeriod],
    url: str,
    since: date | None,
    until: date,
) -> list[Event]:
    """The master event and its overrides for one series (nothing when it has no dates).

    With `since`, dates before that day get no override: they show as the plan gave them;
    closed dates after `until` get none either.
    """
    plan = plan_of(series)
    # Only this series' building's closures (and those everywhere): at Flanders size there are
    # thousands, and every dated row is checked against them.
    closures = [c for c in closures if c.location_id in (None, series.location_id)]
    first = rules.planned_days(plan, plan.first_day, add_days(plan.first_day, 400))
    changes = {row.original_day: change_of(row) for row in series.occurrences}
    extras = _kept_extra_days(plan, changes)
    if not first and not extras:
        return []
    master = _master_event(series, plan, url, first, extras)
    return [master, *_override_events(series, plan, url, changes, extras, closures, since, until)]


def _kept_extra_days(plan: rules.Plan, changes: Mapping[date, rules.Change]) -> list[date]:
    """Dates kept although the rule no longer gives them (inside the series' span)."""
    return [
        d
        for d, c in changes.items()
        if c.kept
        and not rules.is_planned(plan, d)
        and d >= plan.first_day
        and (plan.until is None or d <= plan.until)
    ]


def _master_event(
    series: MeetupSeries, plan: rules.Plan, url: str, first: list[date], extras: list[date]
) -> Event:
    """The series as one event: its rule from the first date, and kept extra dates as RDATEs."""
    master = _base_event(series, url, series.updated_at, series.sequence)
    master.add("summary", series.title)
    master.add("description", _description(series))
    start_day = first[0] if first else min(extras)
    master.add("dtstart", rules.local_instant(start_day, series.starts))
    master.add("dtend", rules.local_instant(start_day, series.ends))
    if first:
        recur = vRecur.from_ical(series.rrule)
        if plan.until is not None:
            recur["UNTIL"] = [rules.local_instant(plan.until, series.starts).astimezone(UTC)]
        master.add("rrule", recur)
    extra_starts = [rules.local_instant(d, series.starts) for d in sorted(extras) if d != start_day]
    if extra_starts:
        master.add("rdate", extra_starts)
    return master


def _override_events(
    series: MeetupSeries,
    plan: rules.Plan,
    url: str,
    changes: Mapping[date, rules.Change],
    extras: list[date],
    closures: Sequence[rules.ClosedPeriod],
    since: date | None,
    until: date,
) -> list[Event]:
    """Dates that differ from the plan: changed, themed, cancelled, or in a closed period."""
    rows = {row.original_day: row for row in series.occurrences}
    closed_days = set()
    for period in closures:
        first_day = period.first_day if since is None else max(period.first_day, since)
        last_day = min(period.last_day, until)
        if first_day <= last_day:
            closed_days.update(rules.planned_days(plan, first_day, last_day))
    extra_days = set(extras)
    events = []
    for day in sorted(set(changes) | closed_days):
        if since is not None and day < since:
            continue
        change = changes.get(day)
        if day not in closed_days and day not in extra_days:
            if not rules.is_planned(plan, day):
                continue
            if change is None or not (change.reshaped or change.cancelled or change.theme):
                continue  # a planned, open date that only carries head counts: as planned
        item = rules.occurrence(plan, day, change, closures)
        if item == rules.occurrence(plan, day, None, []):
            continue
        row = rows.get(day)
        modified = max(series.updated_at, row.updated_at) if row else series.updated_at
        sequence = series.sequence + (row.sequence if row else 0)
        override = _base_event(series, url, modified, sequence)
        override.add("recurrence-id", rules.local_instant(day, series.starts))
        override.add("dtstart", item.start)
        override.add("dtend", item.end)
        _say_what_happens(override, series, item)
        events.append(override)
    return events


def _say_what_happens(event: Event, series: MeetupSeries, item: rules.Occurrence) -> None:
    """Summary, status and description of one date: as planned, with a theme, or cancelled."""
    if item.cancelled:
        # Clients that ignore STATUS still show the word; the reason is in the description.
        event.add("summary", f"✕ {series.title}")
        event.add("status", "CANCELLED")
        event.add("description", item.reason)
    else:
        title = f"{series.title}: {item.theme}" if item.theme else series.title
        event.add("summary", title)
        event.add("status", "CONFIRMED")
        event.add("description", _description(series, item.theme))


def series_feed(
    name: str,
    all_series: Sequence[MeetupSeries],
    closures: Sequence[rules.ClosedPeriod],
    url_for_series: UrlFor,
    since: date | None,
    until: date,
) -> bytes:
    """A calendar with every date of these series (their `occurrences` and `location` loaded);
    changes to dates before `since` are left out, and closed dates after `until`."""
    cal = _calendar(name)
    for series in all_series:
        for event in _series_events(series, closures, url_for_series(series), since, until):
            cal.add_component(event)
    cal.add_component(_brussels())
    return cal.to_ical()


def single_date(item: rules.Occurrence, series: MeetupSeries, url: str) -> bytes:
    """One date as its own event, for "add to my calendar"."""
    cal = _calendar(series.title)
    event = _base_event(series, url, series.updated_at, series.sequence)
    event["uid"] = f"{item.original_day:%Y%m%d}-{series.uid}"
    _say_what_happens(event, series, item)
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    cal.add_component(event)
    cal.add_component(_brussels())
    return cal.to_ical()
