"""Day arithmetic that stops at the ends of the calendar instead of raising OverflowError."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from spelotheek.days import Window, add_days, add_years, around


def test_adding_days_stops_at_the_ends_of_the_calendar() -> None:
    assert add_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_days(date(9999, 12, 30), 400) == date.max
    assert add_days(date(1, 1, 2), -400) == date.min
    assert add_days(date.max, 0) == date.max


def test_adding_years_keeps_the_day_and_month() -> None:
    assert add_years(date(2026, 12, 6), 2) == date(2028, 12, 6)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(9998, 6, 1), 2) == date.max
    assert add_years(date(1, 6, 1), -1) == date.min


def test_a_window_holds_its_ends() -> None:
    window = around(date(2026, 12, 6), 2)
    assert window == Window(date(2024, 12, 6), date(2028, 12, 6))
    assert window.first in window and window.last in window
    assert date(2028, 12, 7) not in window and "2026-12-06" not in window


@given(st.dates(), st.integers(-(10**7), 10**7))
def test_day_arithmetic_never_overflows(day: date, days: int) -> None:
    moved = add_days(day, days)
    assert date.min <= moved <= date.max
    assert (moved - day).days == days or moved in (date.min, date.max)
    assert date.min <= add_years(day, days // 365) <= date.max
