"""The demo data tells one consistent story: nothing is planned on a day the place is closed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from spelotheek.demo import load_demo
from spelotheek.groups.models import Group
from spelotheek.groups.rules import BRUSSELS
from spelotheek.locations.models import Closure
from spelotheek.meetups.models import MeetupClosure, MeetupOccurrence, MeetupSeries

# Around the Christmas closure, just before the school holidays the demo plans, and mid-year.
DAYS = [date(2026, 12, 6), date(2026, 12, 20), date(2027, 1, 2), date(2027, 6, 1)]


def _closed(db, location_id: int) -> list[tuple[date, date, str]]:
    """Every closed period that applies to a place: its own, and meetings' closures there or
    everywhere (the calendar treats both as closed)."""
    periods = [
        (c.first_day, c.last_day, c.reason)
        for c in db.scalars(select(Closure).where(Closure.location_id == location_id))
    ]
    periods += [
        (c.first_day, c.last_day, c.reason)
        for c in db.scalars(select(MeetupClosure))
        if c.location_id in (None, location_id)
    ]
    return periods


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_demo_plans_no_session_inside_a_closure(db, today: date) -> None:
    assert load_demo(db, today)
    clashes = []
    for group in db.scalars(select(Group)):
        closed = _closed(db, group.location_id)
        for item in group.sessions:
            day = item.starts_at.astimezone(BRUSSELS).date()
            clashes += [
                (group.name, day, why) for first, last, why in closed if first <= day <= last
            ]
    for occurrence in db.scalars(
        select(MeetupOccurrence).where(MeetupOccurrence.status != "cancelled")
    ):
        series = db.get(MeetupSeries, occurrence.series_id)
        day = occurrence.day or occurrence.original_day
        closed = _closed(db, series.location_id)
        clashes += [(series.title, day, why) for first, last, why in closed if first <= day <= last]
    assert clashes == []


def test_the_demo_shows_buddies_interpreters_and_enough_check_in_taps(db) -> None:
    from spelotheek.interpreters.models import InterpreterRequest
    from spelotheek.welcome.checkin import month_tallies
    from spelotheek.welcome.models import Buddy, BuddyRequest

    today = date(2026, 12, 6)
    assert load_demo(db, today)
    assert len(db.scalars(select(Buddy)).all()) == 2
    request = db.scalars(select(BuddyRequest)).one()
    assert request.day > today
    asked = db.scalars(select(InterpreterRequest)).one()
    assert asked.on_day == request.day and asked.arranged_at is None
    tallies = month_tallies(db, date(2026, 8, 1), today)
    # Four months of taps, each question well past the small-number rule over a quarter.
    assert len(tallies) >= 4
    for question in ("welcome", "follow", "again"):
        assert sum(sum(t[question].values()) for t in tallies.values()) >= 30, question
