"""Pure rules for perinatal groups: session plans, joining, reaching out, retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from spelotheek.groups import rules
from spelotheek.locations.rules import ClosedPeriod

TEN = rules.DEFAULT_TEMPLATES["10 sessions"]
EIGHT = rules.DEFAULT_TEMPLATES["8 sessions"]


def test_the_ten_session_rhythm_is_every_four_then_every_two_weeks_and_a_reunion() -> None:
    plan = rules.plan_sessions(TEN, date(2030, 1, 7), time(10))
    assert len(plan) == 10
    gaps = [(b.day - a.day).days // 7 for a, b in zip(plan, plan[1:], strict=False)]
    assert gaps == [4, 4, 4, 4, 2, 2, 2, 2, 8]
    assert [p.position for p in plan] == list(range(1, 11))
    assert plan[0].theme == "Kennismaken"
    assert "Weerzien" in plan[-1].theme
    assert all(p.day.weekday() == 0 for p in plan)


def test_the_eight_session_template() -> None:
    plan = rules.plan_sessions(EIGHT, date(2030, 1, 9), time(14))
    assert len(plan) == 8
    assert plan[-1].day == date(2030, 1, 9) + timedelta(weeks=28)
    assert {p.start for p in plan} == {time(14)}


def test_first_session_falls_in_weeks_12_to_16_for_the_middle_of_the_window() -> None:
    day = rules.suggested_first_day(date(2027, 3, 1), date(2027, 4, 1), weekday=2)
    middle_due = date(2027, 3, 31)
    week_of_pregnancy = 40 - (middle_due - day).days / 7
    assert 12 <= week_of_pregnancy <= 16
    assert day.weekday() == 2


def test_a_session_in_the_holidays_moves_a_week_on_the_same_weekday() -> None:
    christmas = ClosedPeriod(date(2030, 12, 23), date(2031, 1, 5))
    steps = [(0, "a"), (4, "b"), (6, "c")]
    plan = rules.plan_sessions(steps, date(2030, 11, 25), time(10), [christmas])
    # 23 Dec (week 4) is closed, 30 Dec too: it moves to 6 Jan; week 6 (6 Jan) must then move on.
    assert [p.day for p in plan] == [date(2030, 11, 25), date(2031, 1, 6), date(2031, 1, 13)]


def test_a_plan_needs_sessions_and_refuses_an_endless_closure() -> None:
    with pytest.raises(rules.PlanRefused):
        rules.plan_sessions([], date(2030, 1, 7), time(10))
    closed = ClosedPeriod(date(2030, 1, 1), date(2035, 1, 1))
    with pytest.raises(rules.PlanRefused):
        rules.plan_sessions([(0, "a")], date(2030, 1, 7), time(10), [closed])


def test_local_time_stays_the_same_across_daylight_saving() -> None:
    # Last Sunday of March 2030 is 31 March; last Sunday of October 2030 is 27 October.
    before_march = rules.local_to_utc(date(2030, 3, 30), time(10))
    after_march = rules.local_to_utc(date(2030, 4, 1), time(10))
    assert before_march.hour == 9 and after_march.hour == 8
    before_oct = rules.local_to_utc(date(2030, 10, 26), time(10))
    after_oct = rules.local_to_utc(date(2030, 10, 28), time(10))
    assert before_oct.hour == 8 and after_oct.hour == 9
    for instant in (before_march, after_march, before_oct, after_oct):
        assert instant.astimezone(rules.BRUSSELS).time() == time(10)


def test_a_plan_across_the_october_change_keeps_its_local_hour() -> None:
    plan = rules.plan_sessions([(0, "a"), (2, "b")], date(2030, 10, 21), time(19, 30))
    instants = [rules.local_to_utc(p.day, p.start) for p in plan]
    assert [i.astimezone(rules.BRUSSELS).time() for i in instants] == [time(19, 30)] * 2
    assert (instants[1] - instants[0]) == timedelta(weeks=2, hours=1)


def test_a_time_skipped_by_the_spring_change_moves_on() -> None:
    instant = rules.local_to_utc(date(2030, 3, 31), time(2, 30))
    assert instant.astimezone(rules.BRUSSELS).time() == time(3, 30)


def test_joining_a_group() -> None:
    rules.check_enrolment_open("planned", False, 0)
    rules.check_enrolment_open("running", True, 3)
    with pytest.raises(rules.EnrolmentRefused):
        rules.check_enrolment_open("running", False, 1)
    with pytest.raises(rules.EnrolmentRefused):
        rules.check_enrolment_open("finished", True, 0)


def test_rolling_entry_starts_at_the_next_session() -> None:
    starts = [datetime(2030, 1, d, 9, tzinfo=UTC) for d in (7, 14, 21)]
    assert rules.first_position_for(starts, datetime(2030, 1, 1, tzinfo=UTC)) == 1
    assert rules.first_position_for(starts, datetime(2030, 1, 10, tzinfo=UTC)) == 2
    assert rules.first_position_for(starts, datetime(2030, 1, 7, 9, tzinfo=UTC)) == 2
    assert rules.first_position_for(starts, datetime(2030, 2, 1, tzinfo=UTC)) == 4


def test_over_capacity_is_only_a_warning_threshold() -> None:
    assert not rules.over_capacity(12, 12)
    assert rules.over_capacity(13, 12)


def test_reach_out_after_two_missed_sessions_in_a_row() -> None:
    history = [
        (date(2030, 1, 7), "present"),
        (date(2030, 2, 4), "absent"),
        (date(2030, 3, 4), "excused"),
    ]
    assert rules.reach_out_reason(history, date(2030, 1, 1), date(2030, 3, 5)) == "missed_two"
    history[-1] = (date(2030, 3, 4), "present")
    assert rules.reach_out_reason(history, date(2030, 1, 1), date(2030, 3, 5)) is None


def test_reach_out_when_not_seen_for_more_than_21_days() -> None:
    history = [(date(2030, 1, 7), "present"), (date(2030, 2, 4), None)]
    assert rules.reach_out_reason(history, date(2030, 1, 1), date(2030, 1, 28)) is None
    assert rules.reach_out_reason(history, date(2030, 1, 1), date(2030, 2, 5)) == "not_seen"


def test_no_reach_out_before_anything_was_held_or_just_after_joining() -> None:
    assert rules.reach_out_reason([], date(2030, 1, 1), date(2030, 3, 1)) is None
    history = [(date(2030, 3, 4), None)]
    assert rules.reach_out_reason(history, date(2030, 3, 1), date(2030, 3, 10)) is None
    assert rules.reach_out_reason(history, date(2030, 3, 1), date(2030, 3, 30)) == "not_seen"


def test_retention_counts_months_from_the_end() -> None:
    assert rules.retention_ends(date(2030, 6, 30), 12) == date(2031, 6, 30)
    assert rules.retention_ends(date(2031, 1, 31), 1) == date(2031, 2, 28)
    assert rules.add_months(date(2030, 12, 1), 1) == date(2031, 1, 1)
    assert rules.add_months(date(2030, 1, 1), -1) == date(2029, 12, 1)


def test_month_choices_cover_the_window_with_a_margin() -> None:
    months = rules.month_choices(date(2030, 7, 1), date(2030, 8, 1))
    assert months == [date(2030, 6, 1), date(2030, 7, 1), date(2030, 8, 1), date(2030, 9, 1)]


def test_template_lines_are_parsed_and_checked() -> None:
    assert rules.parse_template_lines(" 4 | Food \n\n0|Welcome") == [(0, "Welcome"), (4, "Food")]
    for bad in ("x | theme", "200 | theme", "", "1 | a\n1 | b", "1 | " + "x" * 201):
        with pytest.raises(rules.PlanRefused):
            rules.parse_template_lines(bad)


def test_attendance_waits_until_the_day_of_the_session() -> None:
    with pytest.raises(rules.AttendanceRefused) as refused:
        rules.check_attendance_day(date(2030, 1, 8), today=date(2030, 1, 7))
    assert "has not happened yet" in str(refused.value.message)
    rules.check_attendance_day(date(2030, 1, 8), today=date(2030, 1, 8))  # on the day itself
    rules.check_attendance_day(date(2030, 1, 8), today=date(2030, 3, 1))  # filled in later
