"""The meetup schedule as read: series and their stored dates expanded into the dates between
two days, one date, and a fingerprint of what calendar feeds show. Reads only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, Select, and_, bindparam, func, or_, select, union_all
from sqlalchemy.orm import QueryableAttribute, Session, joinedload, selectinload

from spelotheek.days import add_days
from spelotheek.db import one_of
from spelotheek.domain_errors import NotFound
from spelotheek.locations.models import Closure, Location
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupClosure, MeetupInterest, MeetupOccurrence, MeetupSeries

MAX_MOVE_DAYS = 31  # a date moves within a month of its planned day (keeps look-ups bounded)


@dataclass(frozen=True)
class Listed:
    """A date as pages show it: the occurrence, its series, its row (if any) and interest."""

    occurrence: rules.Occurrence
    series: MeetupSeries
    row: MeetupOccurrence | None = None
    interested: int = 0

    @property
    def counts(self) -> rules.Counts:
        """Head counts so far (zero when nobody was counted)."""
        if self.row is None:
            return rules.Counts()
        return rules.Counts(**{n: getattr(self.row, n) for n in rules.COUNTER_NAMES})

    @property
    def full(self) -> bool:
        """True when the adults counted reach the capacity."""
        return rules.is_full(self.counts.adults, self.series.capacity)


def today() -> date:
    """Today in Brussels (the views' and the API's clock)."""
    return datetime.now(rules.BRUSSELS).date()


def plan_of(series: MeetupSeries) -> rules.Plan:
    """The series in rule form."""
    return rules.Plan(
        series.id,
        series.rrule,
        series.first_day,
        series.last_day,
        series.starts,
        series.ends,
        series.location_id,
        series.paused_from,
    )


def change_of(row: MeetupOccurrence) -> rules.Change:
    """An occurrence row in rule form."""
    return rules.Change(
        row.original_day,
        row.day,
        row.starts,
        row.ends,
        row.status == "cancelled",
        row.cancel_reason,
        row.theme,
        row.has_counts,
        row.theme_texts,
    )


_BOTH_CLOSURES = union_all(
    *(
        select(t.first_day, t.last_day, t.reason, t.location_id).where(
            t.first_day <= bindparam("end"), t.last_day >= bindparam("start")
        )
        for t in (MeetupClosure, Closure)
    )
).subquery()
_CLOSED_PERIODS = select(_BOTH_CLOSURES).order_by(
    _BOTH_CLOSURES.c.first_day,
    _BOTH_CLOSURES.c.last_day,
    _BOTH_CLOSURES.c.location_id,
    _BOTH_CLOSURES.c.reason,
)  # built once: every public list of dates asks it


def closed_periods(session: Session, start: date, end: date) -> list[rules.ClosedPeriod]:
    """Meetup closures and closed days of the buildings that overlap [start, end], in one
    query and a fixed order (callers use the list as part of a cache key)."""
    return [
        rules.ClosedPeriod(*row)
        for row in session.execute(_CLOSED_PERIODS, {"start": start, "end": end})
    ]


def feed_version(
    session: Session, *, location_id: int | None = None, series_id: int | None = None
) -> tuple:
    """A cheap fingerprint of the series and dates a calendar feed shows, in one statement.

    Every change of a series or a date that a feed shows bumps its `updated_at` (and
    `sequence`: see services.`touch` and dates.`change_date`); a new date row has a new, larger id;
    date rows are only ever deleted with their series, which changes the series count. The
    newest id and change of the dates are taken over every series, from their indexes: those
    of one place's or one series' dates meant reading all their years of dates (144 ms for a
    place of the Flanders network, issue 25); a date changed elsewhere only rebuilds a little
    early. So a feed cached under this fingerprint is rebuilt whenever it could differ.
    Closures and places are not in it: the caller adds them (they are few rows).
    """
    fingerprint = select(
        func.count(MeetupSeries.id),
        func.max(MeetupSeries.updated_at),
        func.sum(MeetupSeries.sequence),
        func.sum(MeetupSeries.location_id),
        select(func.max(MeetupOccurrence.id)).scalar_subquery(),
        select(func.max(MeetupOccurrence.updated_at)).scalar_subquery(),
    )  # the series' four in one pass over them (a network's 770), not one pass each
    if location_id is not None:
        fingerprint = fingerprint.where(MeetupSeries.location_id == location_id)
    if series_id is not None:
        fingerprint = fingerprint.where(MeetupSeries.id == series_id)
    return tuple(session.execute(fingerprint).one())


# What the rules and the filters need of a series, read as plain rows: building 770 series
# objects with their places for a network's home page cost more than the rest of the page.
_SERIES_FACTS = (
    MeetupSeries.id,
    MeetupSeries.title,
    MeetupSeries.min_age,
    MeetupSeries.max_age,
    MeetupSeries.rrule,
    MeetupSeries.first_day,
    MeetupSeries.last_day,
    MeetupSeries.starts,
    MeetupSeries.ends,
    MeetupSeries.location_id,
    MeetupSeries.paused_from,
)


@dataclass
class Period:
    """What schedule() reads for a period: series facts, dated rows, interest and closures."""

    series: Sequence[Any]  # rows of _SERIES_FACTS
    rows: dict[int, dict[date, MeetupOccurrence]]
    changes: dict[int, dict[date, rules.Change]]
    interest: dict[int, int]
    closures: list[rules.ClosedPeriod]


def read_period(
    session: Session,
    start: date,
    end: date,
    location_id: int | None = None,
    series_id: int | None = None,
    closures: list[rules.ClosedPeriod] | None = None,
    with_interest: bool = True,
) -> Period:
    """Series facts, rows, interest and closures for dates between start and end, in 5 queries
    (series, rows, interest, two for closures); fewer when the closures are given or no
    interest is wanted."""
    early, late = add_days(start, -MAX_MOVE_DAYS), add_days(end, MAX_MOVE_DAYS)
    running = [
        MeetupSeries.first_day <= late,
        or_(MeetupSeries.last_day.is_(None), MeetupSeries.last_day >= early),
    ]
    if location_id is not None:
        running.append(MeetupSeries.location_id == location_id)
    if series_id is not None:
        running.append(MeetupSeries.id == series_id)
    all_series = session.execute(
        select(*_SERIES_FACTS).where(*running).order_by(MeetupSeries.id)
    ).all()
    if not all_series:
        return Period([], {}, {}, {}, [])
    # Rows of the period, and moved dates whose planned day lies up to a month around it: a
    # date that was not moved cannot land in the period from outside it. (Every counted date
    # has a row: reading a month of them on each side cost more than the page itself.)
    rows = session.scalars(
        select(MeetupOccurrence).where(
            # The same series as a subquery: a network's 770 ids as parameters took longer to
            # send and plan than the rows took to read.
            MeetupOccurrence.series_id.in_(select(MeetupSeries.id).where(*running)),
            or_(
                MeetupOccurrence.original_day.between(start, end),
                and_(
                    MeetupOccurrence.day.is_not(None),
                    MeetupOccurrence.original_day.between(early, late),
                ),
            ),
        )
    ).all()
    interest = (
        dict(
            session.execute(
                select(MeetupInterest.occurrence_id, func.count())
                .where(MeetupInterest.occurrence_id.in_([r.id for r in rows]))
                .group_by(MeetupInterest.occurrence_id)
            ).all()
        )
        if rows and with_interest
        else {}
    )
    by_series: dict[int, dict[date, MeetupOccurrence]] = {}
    for row in rows:
        by_series.setdefault(row.series_id, {})[row.original_day] = row
    changes = {
        series_id: {day: change_of(row) for day, row in own.items()}
        for series_id, own in by_series.items()
    }
    if closures is None:
        closures = closed_periods(session, early, late)
    return Period(all_series, by_series, changes, interest, closures)


def listed_between(period: Period, start: date, end: date) -> list[Listed]:
    """The dates of a period read by read_period between start and end, in time order.

    Their `series` is still the row of facts: `_with_series` puts the series in for schedule(),
    `upcoming.shown` what a list shows of it for home and /meetups.
    """
    listed = []
    for series in period.series:
        own = period.rows.get(series.id, {})
        changes = period.changes.get(series.id, {})
        for item in rules.occurrences_between(
            plan_of(series), changes, period.closures, start, end
        ):
            row = own.get(item.original_day)
            listed.append(Listed(item, series, row, period.interest.get(row.id, 0) if row else 0))
    return sorted(listed, key=lambda x: (x.occurrence.start, x.series.title, x.series.id))


def series_by_id(session: Session, ids: set[int]) -> dict[int, MeetupSeries]:
    """These series with their places, by id, in 1 query."""
    return {
        series.id: series
        for series in session.scalars(
            select(MeetupSeries)
            .where(MeetupSeries.id.in_(ids))
            .options(joinedload(MeetupSeries.location))
        )
    }


@dataclass(frozen=True)
class PlaceName:
    """A place as a date in a list names it."""

    id: int
    name: str


@dataclass(frozen=True)
class SeriesCard:
    """What a date in a list (home, /meetups) shows of its series: read as plain rows, because
    building a network's hundred series objects with their places cost a fifth of /meetups."""

    id: int
    title: str
    title_texts: dict[str, str] | None
    min_age: int
    max_age: int
    capacity: int
    location: PlaceName


@cache
def _series_cards(dialect: str) -> Select[*tuple[Any, ...]]:
    return (
        select(
            MeetupSeries.id,
            MeetupSeries.title,
            MeetupSeries.title_texts,
            MeetupSeries.min_age,
            MeetupSeries.max_age,
            MeetupSeries.capacity,
            Location.id,
            Location.name,
        )
        .join(Location, Location.id == MeetupSeries.location_id)
        .where(one_of(MeetupSeries.id, "ids", Integer(), dialect))
    )


def series_cards(session: Session, ids: set[int]) -> dict[int, SeriesCard]:
    """What lists show of these series, with their places' names, by id, in 1 query."""
    if not ids:
        return {}
    statement = _series_cards(session.get_bind().dialect.name)
    return {
        row[0]: SeriesCard(
            row[0], row[1], row[2], row[3], row[4], row[5], PlaceName(row[6], row[7])
        )
        for row in session.execute(statement, {"ids": sorted(ids)})
    }


def _with_series(session: Session, listed: list[Listed]) -> None:
    """Put each listed date's series (with its place) in, for the series listed only: 1 query."""
    if listed:
        found = series_by_id(session, {item.series.id for item in listed})
        listed[:] = [replace(item, series=found[item.series.id]) for item in listed]


def schedule(
    session: Session,
    start: date,
    end: date,
    *,
    location_id: int | None = None,
    series_id: int | None = None,
) -> list[Listed]:
    """Every date (cancelled ones too) between start and end, in time order, in 6 queries."""
    listed = listed_between(read_period(session, start, end, location_id, series_id), start, end)
    _with_series(session, listed)
    return listed


def get_series(session: Session, series_id: int) -> MeetupSeries:
    """The series with this id and its location; NotFound otherwise."""
    series = session.scalar(
        select(MeetupSeries)
        .where(MeetupSeries.id == series_id)
        .options(selectinload(MeetupSeries.location))
    )
    if series is None:
        raise NotFound(_l("We could not find this meeting."))
    return series


def stored_row(session: Session, series_id: int, original_day: date) -> MeetupOccurrence | None:
    """The stored row of a series' date by its planned day, if it has one."""
    return session.scalar(
        select(MeetupOccurrence).where(
            MeetupOccurrence.series_id == series_id, MeetupOccurrence.original_day == original_day
        )
    )


def get_occurrence(
    session: Session, series_id: int, original_day: date, today: date | None = None
) -> Listed:
    """One date of a series by its original day; NotFound when the series has no such date.

    With `today` (every day that comes from an address or a form), a day outside the series'
    window (rules.date_window) is NotFound at once, before the rule is expanded or a row read.
    """
    series = get_series(session, series_id)
    plan = plan_of(series)
    if today is not None and original_day not in rules.date_window(plan, today):
        raise NotFound(_l("This meeting has no date on this day."))
    row = stored_row(session, series_id, original_day)
    if not rules.is_planned(plan, original_day) and (row is None or not change_of(row).kept):
        raise NotFound(_l("This meeting has no date on this day."))
    closures = closed_periods(
        session, add_days(original_day, -MAX_MOVE_DAYS), add_days(original_day, MAX_MOVE_DAYS)
    )
    item = rules.occurrence(plan, original_day, change_of(row) if row else None, closures)
    interested = 0
    if row is not None:
        interested = session.execute(
            select(func.count()).where(MeetupInterest.occurrence_id == row.id)
        ).scalar_one()
    return Listed(item, series, row, interested or 0)


def series_with_dates(
    session: Session,
    *,
    location_id: int | None = None,
    series_id: int | None = None,
    since: date | None = None,
) -> Sequence[MeetupSeries]:
    """Series with their location and dated rows (from `since` on: a feed's horizon), 3 queries."""
    dates: QueryableAttribute[Any] = MeetupSeries.occurrences
    if since is not None:  # years of counted dates would be loaded only to be skipped
        dates = dates.and_(
            or_(MeetupOccurrence.original_day >= since, MeetupOccurrence.day >= since)
        )
    statement = (
        select(MeetupSeries)
        .options(selectinload(MeetupSeries.location), selectinload(dates))
        .order_by(MeetupSeries.id)
    )
    if location_id is not None:
        statement = statement.where(MeetupSeries.location_id == location_id)
    if series_id is not None:
        statement = statement.where(MeetupSeries.id == series_id)
    return session.scalars(statement).all()
