"""Days and windows of days that cannot overflow. Pure: no clock, no Flask, no database.

A date in a URL, a query or a form can be anything from 0001-01-01 to 9999-12-31, and
`day + timedelta(...)` past either end raises OverflowError (a 500 page). Arithmetic on such a
date goes through here: it stops at the first or last day Python has instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


def add_days(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at date.min or date.max."""
    if days >= 0:
        return day + timedelta(days=days) if (date.max - day).days >= days else date.max
    return day + timedelta(days=days) if (day - date.min).days >= -days else date.min


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes the 28th), stopping at either end."""
    year = day.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    if day.month == 2 and day.day == 29:
        return date(year, 3, 1) - timedelta(days=1)
    return day.replace(year=year)


@dataclass(frozen=True)
class Window:
    """The days from `first` to `last` (both included) that a question may be about."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def around(day: date, years: int) -> Window:
    """The window from `years` before `day` to `years` after it."""
    return Window(add_years(day, -years), add_years(day, years))
