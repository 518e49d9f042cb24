"""Loan rules: pure functions, no fixtures."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from spelotheek.loans import rules
from spelotheek.loans.rules import LoanRefused
from spelotheek.locations.rules import ClosedPeriod, Session

WED_SAT = [Session(2, time(10), time(12)), Session(5, time(9, 30), time(12, 30))]
BRUSSELS = ZoneInfo("Europe/Brussels")


# --- due dates ------------------------------------------------------------------------------


def test_due_date_on_an_open_day_stays() -> None:
    # Wednesday 4 March 2026 + 21 days = Wednesday 25 March: an opening day.
    assert rules.due_date(date(2026, 3, 4), 21, WED_SAT, []) == date(2026, 3, 25)


def test_due_date_on_a_closed_weekday_moves_to_the_next_opening_day() -> None:
    # Monday 2 March + 21 = Monday 23 March -> Wednesday 25 March.
    assert rules.due_date(date(2026, 3, 2), 21, WED_SAT, []) == date(2026, 3, 25)
    # Thursday 5 March + 21 = Thursday 26 March -> Saturday 28 March.
    assert rules.due_date(date(2026, 3, 5), 21, WED_SAT, []) == date(2026, 3, 28)


def test_due_date_skips_a_closure() -> None:
    closed = [ClosedPeriod(date(2026, 12, 24), date(2027, 1, 4))]
    # Wednesday 2 December + 21 = Wednesday 23 December: open (closure starts the 24th).
    assert rules.due_date(date(2026, 12, 2), 21, WED_SAT, closed) == date(2026, 12, 23)
    # Saturday 5 December + 21 = Saturday 26 December: closed until 4 Jan -> Wednesday 6 Jan.
    assert rules.due_date(date(2026, 12, 5), 21, WED_SAT, closed) == date(2027, 1, 6)


@pytest.mark.parametrize(
    "lent_on",
    [
        date(2026, 3, 8),  # due 29 March 2026, the last Sunday of March (clocks go forward)
        date(2026, 10, 4),  # due 25 October 2026, the last Sunday of October (clocks go back)
    ],
)
def test_due_date_across_daylight_saving_weekends(lent_on: date) -> None:
    due = rules.due_date(lent_on, 21, WED_SAT, [])
    # The Sunday is closed: the due date is the Wednesday after, a whole-day calendar step.
    assert due == lent_on + timedelta(days=24)
    assert due.weekday() == 2


def test_due_date_without_opening_hours_is_the_plain_period() -> None:
    assert rules.due_date(date(2026, 3, 2), 21, [], []) == date(2026, 3, 23)


def test_due_date_with_a_policy_period() -> None:
    assert rules.due_date(date(2026, 3, 4), 14, WED_SAT, []) == date(2026, 3, 18)


# --- overdue ----------------------------------------------------------------------------------


def test_not_overdue_on_the_due_day_and_overdue_the_day_after() -> None:
    due = date(2026, 3, 25)
    assert not rules.is_overdue(due, due, WED_SAT, [])
    assert rules.is_overdue(due, due + timedelta(days=1), WED_SAT, [])
    assert rules.days_late(due, due + timedelta(days=3), WED_SAT, []) == 3


def test_a_closure_added_after_lending_moves_the_overdue_day() -> None:
    due = date(2026, 3, 25)  # a Wednesday, then the place closes that day (sick volunteer)
    closed = [ClosedPeriod(due, due)]
    assert not rules.is_overdue(due, date(2026, 3, 27), WED_SAT, closed)
    assert not rules.is_overdue(due, date(2026, 3, 28), WED_SAT, closed)  # Saturday: last chance
    assert rules.is_overdue(due, date(2026, 3, 29), WED_SAT, closed)
    assert rules.days_late(due, date(2026, 3, 28), WED_SAT, closed) == 0


def test_overdue_over_the_christmas_closure() -> None:
    closed = [ClosedPeriod(date(2026, 12, 24), date(2027, 1, 4))]
    due = date(2026, 12, 26)  # a due date inside the closure (closure decided later)
    assert not rules.is_overdue(due, date(2027, 1, 5), WED_SAT, closed)
    assert not rules.is_overdue(due, date(2027, 1, 6), WED_SAT, closed)
    assert rules.is_overdue(due, date(2027, 1, 7), WED_SAT, closed)


# --- lending ----------------------------------------------------------------------------------


def _lend(**overrides):
    values = {
        "item_state": "available",
        "open_loans": 0,
        "limit": 3,
        "ready_hold_family_id": None,
        "family_id": 7,
    }
    values.update(overrides)
    rules.check_lend(**values)


def test_an_available_item_may_go_out() -> None:
    _lend()
    _lend(open_loans=2)


@pytest.mark.parametrize(
    ("state", "code", "status"),
    [
        ("on_loan", "item_on_loan", 409),
        ("incomplete", "item_unavailable", 422),
        ("cleaning", "item_unavailable", 422),
        ("repair", "item_unavailable", 422),
        ("retired", "item_unavailable", 422),
    ],
)
def test_items_that_cannot_go_out(state: str, code: str, status: int) -> None:
    with pytest.raises(LoanRefused) as refused:
        _lend(item_state=state)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert str(refused.value.message)


def test_the_limit_is_reached_at_the_limit() -> None:
    with pytest.raises(LoanRefused) as refused:
        _lend(open_loans=3, limit=3)
    assert refused.value.code == "limit_reached"
    assert "3" in str(refused.value.message)
    _lend(open_loans=3, limit=4)  # a per-family override


def test_a_held_item_goes_only_to_its_family() -> None:
    _lend(item_state="held", ready_hold_family_id=7)
    with pytest.raises(LoanRefused) as refused:
        _lend(item_state="held", ready_hold_family_id=8)
    assert refused.value.code == "held_for_other"


def test_an_incomplete_item_staff_marked_lendable_may_go_out() -> None:
    _lend(item_state="incomplete_lendable")


def test_the_state_check_comes_before_the_limit() -> None:
    with pytest.raises(LoanRefused) as refused:
        _lend(item_state="repair", open_loans=5)
    assert refused.value.code == "item_unavailable"


# --- renewals ---------------------------------------------------------------------------------


def _renew(**overrides):
    values = {
        "renewals": 0,
        "max_renewals": 2,
        "someone_waits": False,
        "due_on": date(2026, 3, 25),
        "today": date(2026, 3, 20),
        "long_overdue_days": 14,
    }
    values.update(overrides)
    rules.check_renewal(**values)


def test_renewal_allowed_twice_by_default() -> None:
    _renew(renewals=0)
    _renew(renewals=1)
    with pytest.raises(LoanRefused) as refused:
        _renew(renewals=2)
    assert refused.value.code == "renewals_used"


def test_no_renewal_when_someone_waits() -> None:
    with pytest.raises(LoanRefused) as refused:
        _renew(someone_waits=True)
    assert refused.value.code == "someone_waits"


def test_a_little_late_may_renew_but_long_overdue_may_not() -> None:
    _renew(today=date(2026, 4, 8))  # 14 days late: still fine
    with pytest.raises(LoanRefused) as refused:
        _renew(today=date(2026, 4, 9))
    assert refused.value.code == "long_overdue"


def test_renewed_due_date_counts_from_the_later_of_due_date_and_today() -> None:
    assert rules.renewed_due_date(date(2026, 3, 25), date(2026, 3, 20), 21, WED_SAT, []) == date(
        2026, 4, 15
    )
    # Late: counted from today (Saturday 28 March) + 21 = Saturday 18 April.
    assert rules.renewed_due_date(date(2026, 3, 25), date(2026, 3, 28), 21, WED_SAT, []) == date(
        2026, 4, 18
    )


# --- pickup deadline --------------------------------------------------------------------------


def test_pickup_deadline_is_the_end_of_the_second_session() -> None:
    # Monday 2 March 2026, 15:00: sessions Wednesday 4 and Saturday 7 -> Saturday 12:30.
    assert rules.pickup_deadline(datetime(2026, 3, 2, 15), WED_SAT, []) == datetime(
        2026, 3, 7, 12, 30
    )


def test_a_session_going_on_counts_as_the_first() -> None:
    assert rules.pickup_deadline(datetime(2026, 3, 4, 11), WED_SAT, []) == datetime(
        2026, 3, 7, 12, 30
    )
    # Just after closing, the next two sessions count.
    assert rules.pickup_deadline(datetime(2026, 3, 4, 12), WED_SAT, []) == datetime(2026, 3, 11, 12)


def test_pickup_deadline_skips_closures_and_respects_the_count() -> None:
    closed = [ClosedPeriod(date(2026, 3, 4), date(2026, 3, 4))]
    assert rules.pickup_deadline(datetime(2026, 3, 2, 15), WED_SAT, closed) == datetime(
        2026, 3, 11, 12
    )
    assert rules.pickup_deadline(datetime(2026, 3, 2, 15), WED_SAT, [], count=1) == datetime(
        2026, 3, 4, 12
    )
    assert rules.pickup_deadline(datetime(2026, 3, 2, 15), [], []) is None


@pytest.mark.parametrize(
    ("moment", "deadline", "utc_hour"),
    [
        # Before the spring change: Saturday 28 March 12:30 CET is 11:30 UTC ...
        (datetime(2026, 3, 23, 9), datetime(2026, 3, 28, 12, 30), 11),
        # ... after it: Wednesday 1 April 12:00 CEST is 10:00 UTC.
        (datetime(2026, 3, 26, 9), datetime(2026, 4, 1, 12), 10),
        # Autumn: Wednesday 28 October 12:00 CET is 11:00 UTC.
        (datetime(2026, 10, 22, 9), datetime(2026, 10, 28, 12), 11),
    ],
)
def test_pickup_deadline_keeps_local_time_over_daylight_saving(
    moment: datetime, deadline: datetime, utc_hour: int
) -> None:
    found = rules.pickup_deadline(moment, WED_SAT, [])
    assert found == deadline
    assert found.replace(tzinfo=BRUSSELS).astimezone(ZoneInfo("UTC")).hour == utc_hour


# --- ages, parts, repeats ---------------------------------------------------------------------


def test_age_in_months_and_fit() -> None:
    assert rules.age_in_months(2024, 3, date(2026, 3, 1)) == 24
    assert rules.age_in_months(2026, 5, date(2026, 3, 1)) == -2
    assert rules.fits_age(12, 36, 24) and not rules.fits_age(12, 36, 37)
    assert rules.years_to_months(2) == (24, 35)


def test_missing_parts_are_checked_against_the_parts_list() -> None:
    expected = {1: 12, 2: 1}
    assert rules.check_missing_parts(expected, {1: 2, 2: 0}) == {1: 2}
    with pytest.raises(LoanRefused) as refused:
        rules.check_missing_parts(expected, {1: 13})
    assert refused.value.code == "invalid_count"
    with pytest.raises(LoanRefused):
        rules.check_missing_parts(expected, {1: -1})
    with pytest.raises(LoanRefused) as refused:
        rules.check_missing_parts(expected, {3: 1})
    assert refused.value.code == "unknown_part"


def test_found_pieces_within_the_grace_period() -> None:
    rules.check_found_report(date(2026, 3, 1), date(2026, 3, 8), 7)
    with pytest.raises(LoanRefused) as refused:
        rules.check_found_report(date(2026, 3, 1), date(2026, 3, 9), 7)
    assert refused.value.code == "grace_over"


def test_a_repeat_is_a_scan_within_the_window() -> None:
    now = datetime(2026, 3, 4, 10, 0, 10)
    assert rules.is_repeat(now - timedelta(seconds=3), now, 5)
    assert not rules.is_repeat(now - timedelta(seconds=6), now, 5)
    assert not rules.is_repeat(None, now, 5)
    assert rules.can_undo(now - timedelta(minutes=14), now)
    assert not rules.can_undo(now - timedelta(minutes=16), now)


def test_parts_lists_are_parsed_from_lines() -> None:
    assert rules.parse_parts("12 wooden blocks\n1 bag\nboard; 4x dice") == [
        ("wooden blocks", 12),
        ("bag", 1),
        ("board", 1),
        ("dice", 4),
    ]
    with pytest.raises(LoanRefused):
        rules.parse_parts("2 dice\n3 Dice")
    assert rules.parse_parts("") == []


def test_a_parts_count_in_any_digits_or_too_long_is_no_crash() -> None:
    assert rules.parse_parts("١٢ blocks\n² cards") == [("blocks", 12), ("cards", 2)]
    with pytest.raises(LoanRefused):  # int() cannot even read it; the line is too long
        rules.parse_parts("9" * 5000 + " blocks")
    with pytest.raises(LoanRefused):
        rules.parse_parts("99999999999999999999 blocks")


@pytest.mark.parametrize(
    ("pieces_missing", "missing_before", "clean", "waits", "state"),
    [
        (True, 3, True, True, {"state": "incomplete", "lendable_note": None}),
        (False, 3, True, True, {"state": "incomplete"}),
        (False, 0, True, True, {"state": "cleaning"}),
        (False, 0, False, True, None),
        (False, 0, False, False, {"state": "available"}),
    ],
)
def test_the_state_after_a_return_goes_by_the_first_reason_that_applies(
    pieces_missing: bool, missing_before: int, clean: bool, waits: bool, state: object
) -> None:
    assert rules.state_after_return(pieces_missing, missing_before, clean, waits) == state
