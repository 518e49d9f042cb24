"""Opening-time rules: no app, no clock."""

from __future__ import annotations

from datetime import date, datetime, time

from spelotheek.locations.rules import ClosedPeriod, Session, next_open_day, next_session, open_now

WEDNESDAY = Session(2, time(14), time(17))
SATURDAY = Session(5, time(10), time(12, 30))
HOURS = [WEDNESDAY, SATURDAY]
CHRISTMAS = ClosedPeriod(date(2026, 12, 24), date(2027, 1, 4))


def test_next_open_day_is_the_day_itself_when_open() -> None:
    assert next_open_day(date(2026, 11, 25), HOURS, []) == date(2026, 11, 25)  # a Wednesday


def test_next_open_day_skips_to_the_next_session_day() -> None:
    assert next_open_day(date(2026, 11, 26), HOURS, []) == date(2026, 11, 28)


def test_next_open_day_skips_a_closed_period() -> None:
    assert next_open_day(date(2026, 12, 24), HOURS, [CHRISTMAS]) == date(2027, 1, 6)


def test_no_open_day_without_sessions() -> None:
    assert next_open_day(date(2026, 1, 1), [], []) is None


def test_open_now_inside_and_at_the_edges() -> None:
    assert open_now(datetime(2026, 11, 28, 10, 0), HOURS, []) == SATURDAY
    assert open_now(datetime(2026, 11, 28, 12, 29), HOURS, []) == SATURDAY
    assert open_now(datetime(2026, 11, 28, 12, 30), HOURS, []) is None
    assert open_now(datetime(2026, 11, 28, 9, 59), HOURS, []) is None


def test_not_open_on_a_closed_day() -> None:
    assert open_now(datetime(2026, 12, 26, 11, 0), HOURS, [CHRISTMAS]) is None


def test_next_session_later_the_same_day_or_after() -> None:
    assert next_session(datetime(2026, 11, 25, 9, 0), HOURS, []) == (date(2026, 11, 25), WEDNESDAY)
    assert next_session(datetime(2026, 11, 25, 15, 0), HOURS, []) == (date(2026, 11, 28), SATURDAY)


def test_next_session_across_the_daylight_saving_change_keeps_local_time() -> None:
    # Saturday 28 March 2026; clocks go forward on Sunday 29 March.
    day, session = next_session(datetime(2026, 3, 28, 13, 0), HOURS, [])
    assert day == date(2026, 4, 1) and session.opens == time(14)
