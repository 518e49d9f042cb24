"""Meetup schedules as pure rules: recurrence in Europe/Brussels, changed and cancelled dates,
closed periods, capacity and counters. No clock, no Flask, no database.

A series' dates come from its RRULE expanded in *local wall time* and only then placed in
Europe/Brussels, so a 10:00 meeting stays at 10:00 across the daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from spelotheek.days import Window, add_days, add_years, around
from spelotheek.domain_errors import DomainError
from spelotheek.lazytext import lazy_gettext as _l
from spelotheek.meetups import recurrence

BRUSSELS = ZoneInfo("Europe/Brussels")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PATTERNS = ("weekly", "fortnightly", "monthly")
NTH_CHOICES = (1, 2, 3, 4, -1)  # -1: the last one of the month
MAX_CAPACITY = 200
MAX_AGE = 18
WHO = ("mothers", "fathers", "other_caregivers")
COUNTER_NAMES = ("adults", "children", "first_visits", *WHO)
# How far from a series' own dates (or from today, for lists) anyone may ask about a date.
# Further out is a 404 without expanding a rule: a date in year 9999 cost two seconds of CPU.
WINDOW_YEARS = 2


class MeetupRefused(DomainError):
    """A schedule or count that cannot be: the message says what to change."""

    code = "meetup_refused"


@dataclass(frozen=True)
class Plan:
    """A series as the rules see it."""

    series_id: int
    rrule: str
    first_day: date
    last_day: date | None
    starts: time
    ends: time
    location_id: int
    paused_from: date | None = None

    @property
    def until(self) -> date | None:
        """The last day the series can have a date (its last day, or the day before a pause)."""
        ends = [
            d for d in (self.last_day, self.paused_from and add_days(self.paused_from, -1)) if d
        ]
        return min(ends) if ends else None


@dataclass(frozen=True)
class Change:
    """A date of a series that differs from the plan or carries something."""

    original_day: date
    day: date | None = None
    starts: time | None = None
    ends: time | None = None
    cancelled: bool = False
    reason: str = ""
    theme: str | None = None
    has_counts: bool = False
    # The theme's translations {language: text}; not compared: they never change a date.
    theme_texts: Mapping[str, str] | None = field(default=None, compare=False)

    @property
    def reshaped(self) -> bool:
        """True when this date was moved or given other times."""
        return bool(self.day or self.starts or self.ends)

    @property
    def kept(self) -> bool:
        """A moved date or one with counts survives a later change of the series' rule."""
        return self.reshaped or self.has_counts


@dataclass(frozen=True)
class ClosedPeriod:
    """Days without meetings at a location (or everywhere when location_id is None)."""

    first_day: date
    last_day: date
    reason: str = ""
    location_id: int | None = None

    def covers(self, day: date, location_id: int) -> bool:
        """True when this period closes the location on this day."""
        in_place = self.location_id is None or self.location_id == location_id
        return in_place and self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Occurrence:
    """One date of a series as a visitor sees it."""

    series_id: int
    original_day: date
    day: date
    starts: time
    ends: time
    cancelled: bool = False
    reason: str = ""
    theme: str | None = None
    changed: bool = False
    extra: bool = False  # kept although the series' rule no longer gives its original date
    theme_texts: Mapping[str, str] | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """The stable public id: series and original date, e.g. '3-20261128'."""
        return f"{self.series_id}-{self.original_day:%Y%m%d}"

    @property
    def start(self) -> datetime:
        """The start as an aware Brussels datetime."""
        return local_instant(self.day, self.starts)

    @property
    def end(self) -> datetime:
        """The end as an aware Brussels datetime."""
        return local_instant(self.day, self.ends)

    @property
    def status(self) -> str:
        """'cancelled' or 'scheduled'."""
        return "cancelled" if self.cancelled else "scheduled"


def date_window(plan: Plan, today: date) -> Window:
    """The days a date of this series may be asked about: its own range, WINDOW_YEARS either
    side; the range of a series without an end runs to today (or its first day, if later)."""
    last = plan.until or max(plan.first_day, today)
    return Window(add_years(plan.first_day, -WINDOW_YEARS), add_years(last, WINDOW_YEARS))


def listing_window(today: date) -> Window:
    """The days lists, posters and the API show dates for: WINDOW_YEARS around today."""
    return around(today, WINDOW_YEARS)


def feed_horizon(today: date) -> date:
    """The last day a calendar feed marks closed dates up to: the end of the year WINDOW_YEARS
    ahead, so the feed (and its ETag) moves with the clock only once a year."""
    return date(min(today.year + WINDOW_YEARS, date.max.year), 12, 31)


def local_instant(day: date, at: time) -> datetime:
    """A local Brussels wall-clock time on a day, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=BRUSSELS)


def parse_key(key: str) -> tuple[int, date] | None:
    """The series id and original date in an occurrence key, or None when it is not one."""
    series_part, _, day_part = key.partition("-")
    if len(day_part) != 8 or not day_part.isdigit():
        return None
    try:
        return int(series_part), datetime.strptime(day_part, "%Y%m%d").date()  # noqa: DTZ007
    except ValueError:
        return None


def rule_text(pattern: str, weekday: int, nth: int | None = None) -> str:
    """The RRULE for a pattern ('weekly', 'fortnightly', 'monthly') on a weekday (0 = Monday).

    Raises MeetupRefused for a pattern, weekday or week of the month that does not exist.
    """
    if pattern not in PATTERNS or not 0 <= weekday <= 6:
        raise MeetupRefused(_l("Please choose how often and on which day."))
    day = WEEKDAYS[weekday]
    if pattern == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if pattern == "fortnightly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if nth not in NTH_CHOICES:
        raise MeetupRefused(_l("Please choose which week of the month: first to fourth, or last."))
    return f"FREQ=MONTHLY;BYDAY={nth}{day}"


def describe(rrule: str) -> tuple[str, int, int | None]:
    """The pattern, weekday and week of the month a stored RRULE was made from."""
    parts = dict(p.split("=", 1) for p in rrule.split(";"))
    byday = parts.get("BYDAY", "MO")
    weekday = WEEKDAYS.index(byday[-2:])
    if parts.get("FREQ") == "MONTHLY":
        return "monthly", weekday, int(byday[:-2])
    return ("fortnightly" if parts.get("INTERVAL") == "2" else "weekly"), weekday, None


def planned_days(plan: Plan, start: date, end: date) -> list[date]:
    """The days the series' rule gives within [start, end], inside its first and last day."""
    start = max(start, plan.first_day)
    if plan.until is not None:
        end = min(end, plan.until)
    return recurrence.rule_days(plan.rrule, plan.first_day, start, end)


def is_planned(plan: Plan, day: date) -> bool:
    """True when the series' rule gives this day."""
    return bool(planned_days(plan, day, day))


def check_plan(
    *,
    rrule: str,
    first_day: date,
    last_day: date | None,
    starts: time,
    ends: time,
    capacity: int,
    min_age: int,
    max_age: int,
) -> None:
    """Refuse a schedule that cannot be, with a message that says what to change."""
    if ends <= starts:
        raise MeetupRefused(_l("The meeting must end after it starts."), code="end_before_start")
    if last_day is not None and last_day < first_day:
        raise MeetupRefused(
            _l("The last date must be on or after the first date."), code="end_before_start"
        )
    if capacity < 1:
        raise MeetupRefused(_l("Room for at least 1 person, please."), code="capacity")
    if capacity > MAX_CAPACITY:
        raise MeetupRefused(
            _l("At most %(max)d people: a meeting is a small group.", max=MAX_CAPACITY),
            code="capacity",
        )
    if not 0 <= min_age <= max_age <= MAX_AGE:
        raise MeetupRefused(
            _l("Children's ages go from 0 to %(max)d, youngest first.", max=MAX_AGE), code="ages"
        )
    try:
        # A rule that gives no date in its first 400 days gives none at all.
        horizon = add_days(first_day, 400)
        found = recurrence.rule_days(rrule, first_day, first_day, min(horizon, last_day or horizon))
    except (ValueError, TypeError):
        found = []
    if not found:
        raise MeetupRefused(
            _l("This schedule gives no dates. Check the day and the first and last date."),
            code="impossible_recurrence",
        )


def closure_for(
    day: date, location_id: int, closures: Iterable[ClosedPeriod]
) -> ClosedPeriod | None:
    """The closed period that covers this day at this location, if any."""
    return next((c for c in closures if c.covers(day, location_id)), None)


def check_day_open(day: date, location_id: int, closures: Iterable[ClosedPeriod]) -> None:
    """Refuse a day that falls in a closed period."""
    closed = closure_for(day, location_id, closures)
    if closed is not None:
        raise MeetupRefused(
            _l(
                "This date falls in a closed period (%(reason)s). Please choose another date.",
                reason=closed.reason or "—",
            ),
            code="closed_period",
        )


def occurrence(
    plan: Plan, original_day: date, change: Change | None, closures: Sequence[ClosedPeriod]
) -> Occurrence:
    """The date the plan gives on original_day, with its change and any closed period applied."""
    base = Occurrence(plan.series_id, original_day, original_day, plan.starts, plan.ends)
    if change is not None:
        base = replace(
            base,
            day=change.day or original_day,
            starts=change.starts or plan.starts,
            ends=change.ends or plan.ends,
            cancelled=change.cancelled,
            reason=change.reason if change.cancelled else "",
            theme=change.theme,
            theme_texts=change.theme_texts,
            changed=change.reshaped,
        )
    if not base.cancelled:
        closed = closure_for(base.day, plan.location_id, closures)
        if closed is not None:
            base = replace(base, cancelled=True, reason=closed.reason)
    return base


def occurrences_between(
    plan: Plan,
    changes: Mapping[date, Change],
    closures: Sequence[ClosedPeriod],
    start: date,
    end: date,
) -> list[Occurrence]:
    """The series' dates that fall within [start, end] (after moves), in time order.

    Cancelled dates stay in the list (marked), so visitors see what was cancelled and why.
    A moved date whose original day is no longer in the rule (the series changed since) is
    kept as an extra date: a change made for one date survives later edits of the series.
    """
    originals = {d: False for d in planned_days(plan, start, end)}
    for day, change in changes.items():
        effective = change.day or day
        if not (start <= effective <= end or start <= day <= end):
            continue
        if day in originals:
            continue
        if is_planned(plan, day):
            originals[day] = False
        elif change.kept and day >= plan.first_day and (plan.until is None or day <= plan.until):
            originals[day] = True
    found = []
    for day, extra in originals.items():
        item = occurrence(plan, day, changes.get(day), closures)
        if start <= item.day <= end:
            found.append(replace(item, extra=extra))
    return sorted(found, key=lambda o: (o.start, o.series_id))


def next_after(occurrences: Iterable[Occurrence], moment: datetime) -> Occurrence | None:
    """The first date that is not cancelled and has not ended at this aware moment."""
    moment = moment.astimezone(UTC)
    live = [o for o in occurrences if not o.cancelled and o.end > moment]
    return min(live, key=lambda o: o.start, default=None)


def is_on_now(item: Occurrence, moment: datetime) -> bool:
    """True when this (not cancelled) date is going on at this aware moment."""
    return not item.cancelled and item.start <= moment < item.end


def is_full(adults: int, capacity: int) -> bool:
    """The room is full when the adults counted reach the capacity (children come along)."""
    return adults >= capacity


@dataclass(frozen=True)
class Counts:
    """Anonymous head counts of one date."""

    adults: int = 0
    children: int = 0
    first_visits: int = 0
    mothers: int = 0
    fathers: int = 0
    other_caregivers: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts by name."""
        return {name: getattr(self, name) for name in COUNTER_NAMES}


def check_counts(counts: Counts) -> Counts:
    """Refuse counts below zero, more mothers/fathers/others or first visits than adults."""
    if any(v < 0 for v in counts.as_dict().values()):
        raise MeetupRefused(_l("A count cannot go below zero."), code="below_zero")
    if any(v > 999 for v in counts.as_dict().values()):
        raise MeetupRefused(_l("That number is too high for one meeting."), code="too_high")
    if counts.mothers + counts.fathers + counts.other_caregivers > counts.adults:
        raise MeetupRefused(
            _l("Mothers, fathers and other caregivers together cannot be more than the adults."),
            code="who_more_than_adults",
        )
    if counts.first_visits > counts.adults:
        raise MeetupRefused(
            _l("First visits cannot be more than the adults."), code="first_visits_too_many"
        )
    return counts


def tap(counts: Counts, counter: str, step: int) -> Counts:
    """A host taps + or − on a counter; a mother/father/other caregiver is also an adult.

    Raises MeetupRefused when the counter is unknown, would go below zero, or would leave
    fewer adults than mothers, fathers, caregivers or first visits.
    """
    if counter not in COUNTER_NAMES or step not in (1, -1):
        raise MeetupRefused(_l("Unknown counter."), code="unknown_counter", status=400)
    values = counts.as_dict()
    values[counter] += step
    if counter in WHO:
        values["adults"] += step
    return check_counts(Counts(**values))
