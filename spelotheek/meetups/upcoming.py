"""The dates ahead for the public pages: what is on now and next (home), the first weeks
(/meetups). Expanding every series' rule is the work here, so it is kept per process.

A network has hundreds of series; expanding all their rules on every view of home cost more
than the rest of the page (issue 10). The expanded dates are kept under a fingerprint of
everything they follow from: `timetable.feed_version` (any change of a series or of a date, a
new date row) and the closures. Head counts and "I'll probably come" change without touching
that fingerprint, so they are read fresh, for the dates shown only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache
from itertools import groupby, islice
from threading import Lock
from typing import Any

from sqlalchemy import Date, Integer, Select, func, select
from sqlalchemy.orm import Session

from spelotheek.days import add_days
from spelotheek.db import one_of
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupInterest, MeetupOccurrence
from spelotheek.meetups.timetable import (
    MAX_MOVE_DAYS,
    Listed,
    Period,
    SeriesCard,
    closed_periods,
    feed_version,
    listed_between,
    read_period,
    series_cards,
)

# A network's week is about 5,000 dates (a few MB): a handful of periods per process is enough
# for home and /meetups (today's, a place's, the next weeks') and keeps the memory bounded.
_KEPT = 8
_EXPANDED: OrderedDict[tuple, list[Listed]] = OrderedDict()
_LOCK = Lock()


class _Expansion:
    """The dates of one period from its first day up to a chosen last day, each span expanded
    at most once per fingerprint; the period is read from the database only on a miss."""

    def __init__(
        self, session: Session, start: date, end: date, location_id: int | None = None
    ) -> None:
        self.session, self.start, self.end, self.location_id = session, start, end, location_id
        self.closures = closed_periods(
            session, add_days(start, -MAX_MOVE_DAYS), add_days(end, MAX_MOVE_DAYS)
        )
        self.fingerprint = (
            str(session.get_bind().engine.url),  # one process may serve (or test) several databases
            start,
            end,
            location_id,
            feed_version(session, location_id=location_id),
            tuple(self.closures),
        )
        self._period: Period | None = None

    def until(self, last: date) -> list[Listed]:
        """Dates from the first day through `last`, in time order; `series` holds the facts
        (id, title, ages…) and `row`/`interested` are empty: see `shown`. The list is the
        kept one: read it, never change it."""
        key = (*self.fingerprint, last)
        with _LOCK:
            found = _EXPANDED.get(key)
            if found is not None:
                _EXPANDED.move_to_end(key)
        if found is None:
            if self._period is None:
                self._period = read_period(
                    self.session,
                    self.start,
                    self.end,
                    self.location_id,
                    closures=self.closures,
                    with_interest=False,
                )
            found = [replace(x, row=None) for x in listed_between(self._period, self.start, last)]
            with _LOCK:
                _EXPANDED[key] = found
                while len(_EXPANDED) > _KEPT:
                    _EXPANDED.popitem(last=False)
        return found


@dataclass(frozen=True)
class Shown:
    """A date as a list (home, /meetups) shows it: the occurrence, what the list shows of its
    series, its head counts and how many said they will probably come."""

    occurrence: rules.Occurrence
    series: SeriesCard
    counts: rules.Counts
    interested: int = 0

    @property
    def full(self) -> bool:
        """True when the adults counted reach the capacity."""
        return rules.is_full(self.counts.adults, self.series.capacity)


@cache
def _counts_statement(dialect: str) -> Select[*tuple[Any, ...]]:
    """A listed date's head counts and interest, for the dates shown only."""
    return select(
        MeetupOccurrence.series_id,
        MeetupOccurrence.original_day,
        *(getattr(MeetupOccurrence, name) for name in rules.COUNTER_NAMES),
        select(func.count())
        .where(MeetupInterest.occurrence_id == MeetupOccurrence.id)
        .correlate(MeetupOccurrence)
        .scalar_subquery(),
    ).where(
        one_of(MeetupOccurrence.series_id, "series_ids", Integer(), dialect),
        one_of(MeetupOccurrence.original_day, "days", Date(), dialect),
    )


def shown(session: Session, listed: list[Listed]) -> list[Shown]:
    """These dates with what a list shows of their series (and place), their head counts and
    their interest, fresh from the database for these dates only: 2 queries.

    Plain rows, not objects: a network's /meetups lists a hundred series, and building their
    objects and those of their dates took more than the rest of the page's reads together."""
    if not listed:
        return []
    series_ids = {item.series.id for item in listed}
    series = series_cards(session, series_ids)
    days = {item.occurrence.original_day for item in listed}
    facts = {
        (row[0], row[1]): (_counts(row[2:-1]), row[-1])
        for row in session.execute(
            _counts_statement(session.get_bind().dialect.name),
            {"series_ids": sorted(series_ids), "days": sorted(days)},
        )
    }
    return [
        Shown(item.occurrence, series[item.series.id], *found)
        for item in listed
        if item.series.id in series  # a series deleted a moment ago is left out
        for found in [facts.get((item.series.id, item.occurrence.original_day), _NONE_YET)]
    ]


def _counts(values: Sequence[int]) -> rules.Counts:
    return rules.Counts(**dict(zip(rules.COUNTER_NAMES, values, strict=True)))


_NONE_YET = (rules.Counts(), 0)  # a date nobody was counted at and nobody said they would come


def first_dates(
    session: Session,
    start: date,
    end: date,
    *,
    location_id: int | None = None,
    keep: Callable[[Listed], bool] = lambda _item: True,
    at_most: int = 150,
) -> tuple[list[Shown], date | None]:
    """The dates between start and end that `keep` accepts, in whole days and in time order,
    stopping before the day that would pass `at_most` (one day is always shown whole).

    Returns the dates and the last day shown when the list was cut (None when it was not).
    A network with hundreds of series has thousands of dates in four weeks: a page listing
    them all weighed a megabyte. The rules are expanded for a week first, further if needed.
    `keep` sees the series' facts (title, min_age, max_age…), not the series object.
    """
    dates = _Expansion(session, start, end, location_id)
    week = min(start + timedelta(days=6), end)
    listed = [x for x in dates.until(week) if keep(x)]
    if len(listed) <= at_most and week < end:
        listed = [x for x in dates.until(end) if keep(x)]
    picked: list[Listed] = []
    cut: date | None = None
    for _day, same_day in groupby(listed, key=lambda x: x.occurrence.day):  # in time order
        same = list(same_day)
        if picked and len(picked) + len(same) > at_most:
            cut = picked[-1].occurrence.day
            break
        picked += same
    return shown(session, picked), cut


def now_and_next(
    session: Session, moment: datetime, count: int, days: int = 35
) -> tuple[list[Shown], list[Shown]]:
    """Dates going on at `moment` and the next `count` (not cancelled) within `days`.

    The rules are expanded for a day, then a week, then the whole period, only as far as
    needed (expanding five weeks of a network's series cost 400 ms), and kept (see above).
    """
    today = moment.date()
    dates = _Expansion(session, today, today + timedelta(days=days))
    on_now: list[Listed] = []
    coming: list[Listed] = []
    for span in (1, 7, days):
        listed = dates.until(today + timedelta(days=span))
        # In time order: what starts later lies after `later`, what is on now before it (late
        # in the evening a network's week is 5,000 dates; looking at each cost 30 ms).
        later = bisect_right(listed, moment, key=lambda x: x.occurrence.start)
        on_now = [x for x in listed[:later] if rules.is_on_now(x.occurrence, moment)]
        coming = list(islice((x for x in listed[later:] if not x.occurrence.cancelled), count))
        if len(coming) >= count:
            break
    both = shown(session, on_now + coming)  # one read for the two lists
    now_ids = {(x.series.id, x.occurrence.original_day) for x in on_now}
    return (
        [x for x in both if (x.series.id, x.occurrence.original_day) in now_ids],
        [x for x in both if (x.series.id, x.occurrence.original_day) not in now_ids],
    )
