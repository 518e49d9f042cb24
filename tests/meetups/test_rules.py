"""Meetup schedule rules: no app, no clock, no database."""

from __future__ import annotations

import time as time_module
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spelotheek.meetups.rules import (
    Change,
    ClosedPeriod,
    Counts,
    MeetupRefused,
    Plan,
    check_counts,
    check_plan,
    date_window,
    describe,
    feed_horizon,
    is_full,
    is_planned,
    listing_window,
    next_after,
    occurrences_between,
    parse_key,
    planned_days,
    rule_text,
    tap,
)

SATURDAY_MORNING = Plan(1, "FREQ=WEEKLY;BYDAY=SA", date(2026, 1, 3), None, time(10), time(12), 7)


def _utc_hours(items) -> list[int]:
    return [i.start.astimezone(UTC).hour for i in items]


def test_saturday_mornings_stay_at_ten_across_the_march_change() -> None:
    # Sunday 29 March 2026 the clocks go forward: 10:00 is 09:00 UTC before, 08:00 UTC after.
    items = occurrences_between(SATURDAY_MORNING, {}, [], date(2026, 3, 21), date(2026, 4, 4))
    assert [i.day for i in items] == [date(2026, 3, 21), date(2026, 3, 28), date(2026, 4, 4)]
    assert {i.start.strftime("%H:%M") for i in items} == {"10:00"}
    assert _utc_hours(items) == [9, 9, 8]


def test_saturday_mornings_stay_at_ten_across_the_october_change() -> None:
    # Sunday 25 October 2026 the clocks go back.
    items = occurrences_between(SATURDAY_MORNING, {}, [], date(2026, 10, 17), date(2026, 10, 31))
    assert _utc_hours(items) == [8, 8, 9]
    assert {i.start.strftime("%H:%M") for i in items} == {"10:00"}


def test_a_sunday_meeting_on_the_day_of_the_change_keeps_its_local_time() -> None:
    plan = Plan(2, "FREQ=WEEKLY;BYDAY=SU", date(2026, 3, 1), None, time(14), time(16), 7)
    (on_the_day,) = occurrences_between(plan, {}, [], date(2026, 3, 29), date(2026, 3, 29))
    assert on_the_day.start.strftime("%H:%M %z") == "14:00 +0200"
    assert on_the_day.end - on_the_day.start == timedelta(hours=2)


def test_every_other_week_counts_from_the_first_date() -> None:
    plan = Plan(3, rule_text("fortnightly", 2), date(2026, 11, 4), None, time(14), time(15), 7)
    days = planned_days(plan, date(2026, 11, 1), date(2026, 12, 10))
    assert days == [date(2026, 11, 4), date(2026, 11, 18), date(2026, 12, 2)]


def test_nth_weekday_of_the_month_and_the_last_one() -> None:
    second_tuesday = Plan(
        4, rule_text("monthly", 1, 2), date(2026, 1, 1), None, time(9), time(11), 7
    )
    assert planned_days(second_tuesday, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
    ]
    last_friday = Plan(5, rule_text("monthly", 4, -1), date(2026, 1, 1), None, time(9), time(11), 7)
    assert planned_days(last_friday, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]


def test_rule_text_round_trips_through_describe() -> None:
    for pattern, weekday, nth in [
        ("weekly", 5, None),
        ("fortnightly", 2, None),
        ("monthly", 0, -1),
    ]:
        assert describe(rule_text(pattern, weekday, nth)) == (pattern, weekday, nth)


def test_a_first_day_off_the_rule_starts_on_the_next_matching_day() -> None:
    plan = Plan(
        6, "FREQ=WEEKLY;BYDAY=SA", date(2026, 11, 26), date(2026, 12, 12), time(10), time(12), 7
    )
    assert planned_days(plan, date(2026, 11, 1), date(2026, 12, 31)) == [
        date(2026, 11, 28),
        date(2026, 12, 5),
        date(2026, 12, 12),
    ]


def test_a_cancelled_date_stays_in_the_list_with_its_reason() -> None:
    changes = {date(2026, 11, 28): Change(date(2026, 11, 28), cancelled=True, reason="Host ill")}
    items = occurrences_between(
        SATURDAY_MORNING, changes, [], date(2026, 11, 28), date(2026, 12, 5)
    )
    assert [(i.day, i.cancelled, i.reason) for i in items] == [
        (date(2026, 11, 28), True, "Host ill"),
        (date(2026, 12, 5), False, ""),
    ]


def test_a_closed_period_cancels_dates_at_its_place_only() -> None:
    holidays = ClosedPeriod(date(2026, 12, 19), date(2027, 1, 3), "Christmas holidays", 7)
    elsewhere = ClosedPeriod(date(2026, 12, 5), date(2026, 12, 5), "Other building", 8)
    items = occurrences_between(
        SATURDAY_MORNING, {}, [holidays, elsewhere], date(2026, 12, 5), date(2027, 1, 9)
    )
    assert [(i.day.isoformat(), i.cancelled) for i in items] == [
        ("2026-12-05", False),
        ("2026-12-12", False),
        ("2026-12-19", True),
        ("2026-12-26", True),
        ("2027-01-02", True),
        ("2027-01-09", False),
    ]
    assert items[2].reason == "Christmas holidays"


def test_a_moved_date_shows_on_its_new_day_and_time() -> None:
    moved = Change(date(2026, 12, 5), day=date(2026, 12, 6), starts=time(14), ends=time(16))
    items = occurrences_between(
        SATURDAY_MORNING, {moved.original_day: moved}, [], date(2026, 12, 5), date(2026, 12, 6)
    )
    assert [(i.day, i.starts, i.changed, i.key) for i in items] == [
        (date(2026, 12, 6), time(14), True, "1-20261205")
    ]


def test_a_date_moved_into_the_window_from_outside_is_listed() -> None:
    moved = Change(date(2026, 12, 12), day=date(2026, 12, 10))
    items = occurrences_between(
        SATURDAY_MORNING, {moved.original_day: moved}, [], date(2026, 12, 7), date(2026, 12, 11)
    )
    assert [i.day for i in items] == [date(2026, 12, 10)]


def test_a_changed_date_survives_when_the_series_moves_to_another_weekday() -> None:
    moved = Change(date(2026, 12, 5), starts=time(9), ends=time(11), theme="Sleeping")
    themed_only = Change(date(2026, 12, 12), theme="Outside")
    now_on_sunday = Plan(1, "FREQ=WEEKLY;BYDAY=SU", date(2026, 1, 4), None, time(10), time(12), 7)
    items = occurrences_between(
        now_on_sunday,
        {moved.original_day: moved, themed_only.original_day: themed_only},
        [],
        date(2026, 11, 30),
        date(2026, 12, 13),
    )
    assert [(i.day, i.starts, i.extra) for i in items] == [
        (date(2026, 12, 5), time(9), True),  # the changed Saturday is kept
        (date(2026, 12, 6), time(10), False),
        (date(2026, 12, 13), time(10), False),
    ]


def test_a_changed_date_keeps_its_own_times_when_the_series_times_change() -> None:
    moved = Change(date(2026, 12, 5), starts=time(9), ends=time(11))
    later = Plan(1, "FREQ=WEEKLY;BYDAY=SA", date(2026, 1, 3), None, time(10, 30), time(12, 30), 7)
    items = occurrences_between(
        later, {moved.original_day: moved}, [], date(2026, 12, 5), date(2026, 12, 12)
    )
    assert [(i.day, i.starts) for i in items] == [
        (date(2026, 12, 5), time(9)),
        (date(2026, 12, 12), time(10, 30)),
    ]


def test_a_pause_hides_the_dates_from_its_day_on() -> None:
    paused = Plan(
        1, "FREQ=WEEKLY;BYDAY=SA", date(2026, 1, 3), None, time(10), time(12), 7, date(2026, 12, 10)
    )
    assert planned_days(paused, date(2026, 12, 1), date(2026, 12, 31)) == [date(2026, 12, 5)]


def test_next_after_skips_cancelled_and_finished_dates() -> None:
    changes = {date(2026, 12, 5): Change(date(2026, 12, 5), cancelled=True, reason="x")}
    items = occurrences_between(
        SATURDAY_MORNING, changes, [], date(2026, 11, 28), date(2026, 12, 20)
    )
    moment = datetime(2026, 11, 28, 12, 30, tzinfo=UTC)  # after the 28th's meeting ended
    assert next_after(items, moment).day == date(2026, 12, 12)


def test_keys_parse_back() -> None:
    assert parse_key("3-20261128") == (3, date(2026, 11, 28))
    assert parse_key("3-2026112") is None
    assert parse_key("x-20261128") is None


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"ends": time(9)}, "end_before_start"),
        ({"last_day": date(2026, 1, 1)}, "end_before_start"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"capacity": 5000}, "capacity"),
        ({"min_age": 6, "max_age": 5}, "ages"),
        ({"last_day": date(2026, 2, 3)}, "impossible_recurrence"),  # no Saturday in range
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "impossible_recurrence"),
    ],
)
def test_impossible_schedules_are_refused(changes, code) -> None:
    values = dict(
        rrule="FREQ=WEEKLY;BYDAY=SA",
        first_day=date(2026, 2, 2),
        last_day=None,
        starts=time(10),
        ends=time(12),
        capacity=12,
        min_age=0,
        max_age=5,
    )
    with pytest.raises(MeetupRefused) as refused:
        check_plan(**(values | changes))
    assert refused.value.code == code


def test_unknown_patterns_are_refused() -> None:
    with pytest.raises(MeetupRefused):
        rule_text("daily", 1)
    with pytest.raises(MeetupRefused):
        rule_text("monthly", 1, 5)


def test_a_mother_counts_as_an_adult_too() -> None:
    after = tap(Counts(), "mothers", 1)
    assert (after.adults, after.mothers) == (1, 1)
    assert tap(after, "mothers", -1) == Counts()


def test_counters_never_go_below_zero() -> None:
    with pytest.raises(MeetupRefused) as refused:
        tap(Counts(), "children", -1)
    assert refused.value.code == "below_zero"


def test_fewer_adults_than_mothers_is_refused() -> None:
    with pytest.raises(MeetupRefused) as refused:
        tap(Counts(adults=1, mothers=1), "adults", -1)
    assert refused.value.code == "who_more_than_adults"
    with pytest.raises(MeetupRefused):
        check_counts(Counts(adults=1, first_visits=2))


def test_full_at_capacity() -> None:
    assert not is_full(11, 12)
    assert is_full(12, 12)


# ---------------------------------------------------------------- windows and expansion cost


def _all_days(rrule: str, first_day: date, start: date, end: date) -> list[date]:
    """The rule expanded the slow, obvious way: from its first day on (dateutil itself)."""
    from dateutil.rrule import rrulestr

    rule = rrulestr(rrule, dtstart=datetime.combine(first_day, time()))
    moments = rule.between(
        datetime.combine(max(start, first_day), time()), datetime.combine(end, time()), inc=True
    )
    return [m.date() for m in moments]


RULES = st.one_of(
    st.builds(rule_text, st.sampled_from(["weekly", "fortnightly"]), st.integers(0, 6)),
    st.builds(rule_text, st.just("monthly"), st.integers(0, 6), st.sampled_from([1, 2, 3, 4, -1])),
    st.sampled_from(
        [
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;WKST=SU",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1",
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "FREQ=DAILY;INTERVAL=5",
            "FREQ=YEARLY;BYMONTH=6;BYDAY=1SA",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    rrule=RULES,
    first_day=st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    offset=st.integers(-60, 3000),
    length=st.integers(0, 800),
)
def test_expanding_near_the_window_gives_the_days_expanding_from_the_start_gives(
    rrule: str, first_day: date, offset: int, length: int
) -> None:
    start = first_day + timedelta(days=offset)
    end = start + timedelta(days=length)
    plan = Plan(9, rrule, first_day, None, time(10), time(12), 7)
    assert planned_days(plan, start, end) == _all_days(rrule, first_day, start, end)


def test_the_cost_of_a_date_does_not_grow_with_the_series_age_or_the_year() -> None:
    ancient = Plan(4, rule_text("weekly", 5), date(1, 1, 6), None, time(10), time(12), 7)
    started = time_module.process_time()
    assert is_planned(ancient, date(2026, 12, 5))
    assert is_planned(ancient, date(9999, 12, 25))
    assert planned_days(ancient, date(9999, 12, 20), date.max) == [date(9999, 12, 25)]
    assert planned_days(ancient, date.min, date(1, 1, 14)) == [date(1, 1, 6), date(1, 1, 13)]
    assert time_module.process_time() - started < 0.1


def test_a_series_window_is_its_own_range_and_two_years_either_side() -> None:
    today = date(2026, 12, 6)
    window = date_window(SATURDAY_MORNING, today)
    assert (window.first, window.last) == (date(2024, 1, 3), date(2028, 12, 6))
    ended = replace(SATURDAY_MORNING, last_day=date(2026, 6, 27))
    assert date_window(ended, today).last == date(2028, 6, 27)
    paused = replace(SATURDAY_MORNING, paused_from=date(2026, 9, 1))
    assert date_window(paused, today).last == date(2028, 8, 31)
    later = replace(SATURDAY_MORNING, first_day=date(2027, 3, 6))
    assert date_window(later, today).last == date(2029, 3, 6)
    assert date(9999, 1, 1) not in window and date(1, 1, 1) not in window


def test_windows_at_the_ends_of_the_calendar_do_not_overflow() -> None:
    edge = Plan(5, rule_text("weekly", 4), date(9999, 12, 3), None, time(10), time(12), 7)
    assert date_window(edge, date(9999, 12, 31)).last == date.max
    start = Plan(6, rule_text("weekly", 0), date(1, 1, 1), date(1, 3, 1), time(10), time(12), 7)
    assert date_window(start, date(2026, 12, 6)).first == date.min
    assert listing_window(date.max).last == date.max
    assert feed_horizon(date(9999, 6, 1)) == date.max
    paused = replace(start, paused_from=date.min)
    assert paused.until == date.min


@pytest.mark.parametrize(
    ("first_day", "last_day"),
    [
        (date(9999, 12, 31), None),
        (date(9999, 12, 25), None),
        (date(2026, 1, 3), date(9999, 12, 31)),
        (date(1, 1, 1), None),
    ],
)
def test_plans_at_the_ends_of_the_calendar_are_checked_without_a_crash(
    first_day: date, last_day: date | None
) -> None:
    started = time_module.process_time()
    try:
        check_plan(
            rrule=rule_text("weekly", 5),
            first_day=first_day,
            last_day=last_day,
            starts=time(10),
            ends=time(12),
            capacity=12,
            min_age=0,
            max_age=5,
        )
    except MeetupRefused as refused:
        assert refused.code == "impossible_recurrence"
    assert time_module.process_time() - started < 0.1
