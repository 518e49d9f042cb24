"""Opening times: pure rules over a weekly pattern and closures (no clock, no database)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True)
class Session:
    """One opening session on a weekday (0 = Monday), local time."""

    weekday: int
    opens: time
    closes: time


@dataclass(frozen=True)
class ClosedPeriod:
    """Days closed, first and last included."""

    first_day: date
    last_day: date

    def covers(self, day: date) -> bool:
        """True when the location is closed on this day."""
        return self.first_day <= day <= self.last_day


def is_open_day(day: date, sessions: Sequence[Session], closures: Iterable[ClosedPeriod]) -> bool:
    """True when the location has a session on this day and no closure covers it."""
    if not any(s.weekday == day.weekday() for s in sessions):
        return False
    return not any(c.covers(day) for c in closures)


def next_open_day(
    day: date, sessions: Sequence[Session], closures: Sequence[ClosedPeriod], horizon: int = 366
) -> date | None:
    """The first open day on or after `day`, or None when none falls within the horizon."""
    for offset in range(horizon):
        candidate = day + timedelta(days=offset)
        if is_open_day(candidate, sessions, closures):
            return candidate
    return None


def open_now(
    moment: datetime, sessions: Sequence[Session], closures: Sequence[ClosedPeriod]
) -> Session | None:
    """The session open at this local moment, or None."""
    if any(c.covers(moment.date()) for c in closures):
        return None
    for s in sessions:
        if s.weekday == moment.weekday() and s.opens <= moment.time() < s.closes:
            return s
    return None


def next_session(
    moment: datetime,
    sessions: Sequence[Session],
    closures: Sequence[ClosedPeriod],
    horizon: int = 366,
) -> tuple[date, Session] | None:
    """The next session that starts after this local moment, with its date."""
    for offset in range(horizon):
        day = moment.date() + timedelta(days=offset)
        if any(c.covers(day) for c in closures):
            continue
        for s in sorted(sessions, key=lambda s: s.opens):
            if s.weekday == day.weekday() and (offset > 0 or s.opens > moment.time()):
                return day, s
    return None
