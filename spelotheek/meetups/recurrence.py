"""A series' RRULE expanded into days, one cached year at a time. Pure: no clock, no Flask.

The cost of a question does not grow with the series' age nor with the year asked about: the
rule is expanded from a first day moved forward by whole periods of the rule (see `_anchor`),
and only for the years asked. Callers ask for a window, never an open end (rules.date_window,
rules.listing_window, rules.feed_horizon): a date in the year 9999 once cost two seconds of
CPU per request, and its expansion was kept in memory for good.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import rrulestr


def _rule_parts(rrule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rrule.upper().split(";") if "=" in p)


def _anchor(rrule: str, first_day: date, start: date) -> date:
    """A first day for the rule at or before `start` that gives the same days from `start` on.

    Expanding from a series' real first day costs time proportional to its age; moving the
    first day forward by whole periods of the rule (weeks, days, or months for a rule with
    BYDAY or BYMONTHDAY) keeps every date after it. Other rules keep their first day.
    """
    parts = _rule_parts(rrule)
    if start <= first_day or "COUNT" in parts:
        return first_day
    try:
        step = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return first_day
    if step < 1:
        return first_day
    freq = parts.get("FREQ")
    if freq in ("DAILY", "WEEKLY"):
        period = step * (7 if freq == "WEEKLY" else 1)
        return first_day + timedelta(days=(start - first_day).days // period * period)
    if freq == "MONTHLY" and ("BYDAY" in parts or "BYMONTHDAY" in parts):
        months = (start.year - first_day.year) * 12 + start.month - first_day.month
        skipped = months // step * step
        if skipped == 0:
            return first_day
        index = first_day.year * 12 + first_day.month - 1 + skipped
        return date(index // 12, index % 12 + 1, 1)  # a whole month after first_day's
    return first_day


@lru_cache(maxsize=8192)
def _year_days(rrule: str, first_day: date, year: int) -> tuple[date, ...]:
    """The days the RRULE gives in one year, anchored at first_day (cached: pure and small)."""
    start, end = max(first_day, date(year, 1, 1)), date(year, 12, 31)
    if end < start:
        return ()
    anchor = _anchor(rrule, first_day, start)
    rule = rrulestr(rrule, dtstart=datetime.combine(anchor, time()))
    found = []
    try:
        for moment in rule.xafter(datetime.combine(start, time()), inc=True):
            if moment.date() > end:
                break
            found.append(moment.date())
    except (ValueError, OverflowError):  # the rule ran past 9999-12-31: the days before stand
        pass
    return tuple(found)


def rule_days(rrule: str, first_day: date, start: date, end: date) -> list[date]:
    """The days the RRULE gives between start and end (both included), anchored at first_day.

    The work is one cached year at a time, whatever the series' age or the year asked for;
    callers ask for a window (see the module's docstring), never an open end.
    """
    start = max(start, first_day)
    if end < start:
        return []
    days: list[date] = []
    for year in range(start.year, end.year + 1):
        found = _year_days(rrule, first_day, year)
        days += found[bisect_left(found, start) : bisect_right(found, end)]
    return days
