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
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from itertools import groupby, islice
from threading import Lock

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek.days import add_days
from spelotheek.meetups import rules
from spelotheek.meetups.models import MeetupInterest, MeetupOccurrence
from spelotheek.meetups.timetable import (
    MAX_MOVE_DAYS,
    Listed,
    Period,
    closed_periods,
    feed_version,
    listed_between,
    read_period,
    series_by_id,
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
        (id, title, ages…) and `row`/`interested` are empty: see `filled`. The list is the
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


def filled(session: Session, *lists: list[Listed]) -> None:
    """Put in each listed date's series (with its place), its row and its interest, fresh from
    the database for these dates only: 2 queries."""
    wanted = [item for listed in lists for item in listed]
    if not wanted:
        return
    series_ids = {item.series.id for item in wanted}
    series = series_by_id(session, series_ids)
    interest = (
        select(func.count())
        .where(MeetupInterest.occurrence_id == MeetupOccurrence.id)
        .correlate(MeetupOccurrence)
        .scalar_subquery()
    )
    days = {item.occurrence.original_day for item in wanted}
    rows = {
        (row.series_id, row.original_day): (row, n)
        for row, n in session.execute(
            select(MeetupOccurrence, interest).where(
                MeetupOccurrence.series_id.in_(series_ids),
                MeetupOccurrence.original_day.in_(days),
            )
        )
    }
    for listed in lists:
        listed[:] = [
            replace(item, series=series[item.series.id], row=row, interested=n)
            for item in listed
            if item.series.id in series  # a series deleted a moment ago is left out
            for row, n in [rows.get((item.series.id, item.occurrence.original_day), (None, 0))]
        ]


def first_dates(
    session: Session,
    start: date,
    end: date,
    *,
    location_id: int | None = None,
    keep: Callable[[Listed], bool] = lambda _item: True,
    at_most: int = 150,
) -> tuple[list[Listed], date | None]:
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
    shown: list[Listed] = []
    cut: date | None = None
    for _day, same_day in groupby(listed, key=lambda x: x.occurrence.day):  # in time order
        same = list(same_day)
        if shown and len(shown) + len(same) > at_most:
            cut = shown[-1].occurrence.day
            break
        shown += same
    filled(session, shown)
    return shown, cut


def now_and_next(
    session: Session, moment: datetime, count: int, days: int = 35
) -> tuple[list[Listed], list[Listed]]:
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
    filled(session, on_now, coming)
    return on_now, coming
