"""What a newcomer can do when a meeting is full today: the next date of the same meeting,
another meeting this week, and (always) asking at the door. Reads only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from spelotheek.meetups import timetable
from spelotheek.meetups.timetable import Listed

NEXT_DATE_WEEKS = 10  # how far ahead the next date of the same meeting is looked for
OTHERS_SHOWN = 3


@dataclass(frozen=True)
class Instead:
    """The other options for a full date (the door is always one of them)."""

    next_date: Listed | None = None
    this_week: list[Listed] = field(default_factory=list)


def _open(item: Listed, today: date) -> bool:
    """A date someone can still go to: not cancelled and not full (only today can be full)."""
    o = item.occurrence
    return not o.cancelled and o.day >= today and not (item.full and o.day == today)


def choose(full: Listed, same: Sequence[Listed], week: Sequence[Listed], today: date) -> Instead:
    """From dates of the same series and of this week, the options instead of `full`."""
    after = full.occurrence.start
    next_date = next((i for i in same if i.occurrence.start > after and _open(i, today)), None)
    others = [i for i in week if i.series.id != full.series.id and _open(i, today)][:OTHERS_SHOWN]
    return Instead(next_date, others)


def instead_of(session: Session, full: Listed, today: date) -> Instead:
    """The options for a date that is full: the next date of its series, and other meetings
    from today to Sunday (in 2 schedule reads)."""
    start = full.occurrence.day
    same = timetable.schedule(
        session, start, start + timedelta(weeks=NEXT_DATE_WEEKS), series_id=full.series.id
    )
    sunday = today + timedelta(days=6 - today.weekday())
    week = timetable.schedule(session, today, sunday) if sunday >= today else []
    return choose(full, same, week, today)
