"""Which slot an instant falls in: every few minutes, and daily at a Brussels hour across both
daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from spelotheek.jobs.rules import (
    BRUSSELS,
    DailyAt,
    Every,
    is_later_attempt,
    parse_slot,
    run_owner,
    slot_at,
    slot_name,
    slots_between,
)

PURGE = DailyAt(time(3, 30))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_every_five_minutes_starts_on_the_multiples() -> None:
    assert slot_at(Every(5), utc(2026, 12, 10, 9, 4, 59)) == utc(2026, 12, 10, 9, 0)
    assert slot_at(Every(5), utc(2026, 12, 10, 9, 5)) == utc(2026, 12, 10, 9, 5)
    assert slot_at(Every(1), utc(2026, 12, 10, 9, 5, 30)) == utc(2026, 12, 10, 9, 5)


def test_a_daily_slot_is_the_latest_at_or_before_now() -> None:
    # 03:30 in Brussels in winter is 02:30 UTC.
    assert slot_at(PURGE, utc(2026, 12, 10, 2, 29)) == utc(2026, 12, 9, 2, 30)
    assert slot_at(PURGE, utc(2026, 12, 10, 2, 30)) == utc(2026, 12, 10, 2, 30)
    assert slot_at(PURGE, utc(2026, 12, 10, 23, 59)) == utc(2026, 12, 10, 2, 30)


@pytest.mark.parametrize(
    ("start", "days"),
    [(utc(2027, 3, 25), 6), (utc(2027, 10, 28), 6)],  # last Sundays: 28 March, 31 October
    ids=["spring", "autumn"],
)
def test_the_daily_purge_stays_at_half_past_three_in_brussels(start: datetime, days: int) -> None:
    slots = slots_between(PURGE, start, start + timedelta(days=days))
    assert len(slots) == days  # one a day, none lost, none twice
    assert {s.astimezone(BRUSSELS).time() for s in slots} == {time(3, 30)}
    offsets = [s.astimezone(BRUSSELS).utcoffset() for s in slots]
    assert timedelta(hours=1) in offsets and timedelta(hours=2) in offsets


def test_a_time_that_happens_twice_in_autumn_runs_once() -> None:
    night = DailyAt(time(2, 30))  # on 31 October 2027 02:30 happens at 00:30 and 01:30 UTC
    slots = slots_between(night, utc(2027, 10, 30, 12), utc(2027, 11, 1, 12))
    assert slots == [utc(2027, 10, 31, 0, 30), utc(2027, 11, 1, 1, 30)]
    assert slot_at(night, utc(2027, 10, 31, 1, 45)) == utc(2027, 10, 31, 0, 30)


def test_a_time_skipped_in_spring_still_runs_that_day() -> None:
    night = DailyAt(time(2, 30))  # on 28 March 2027 the clock jumps from 02:00 to 03:00
    slots = slots_between(night, utc(2027, 3, 27, 12), utc(2027, 3, 29, 12))
    assert slots == [utc(2027, 3, 28, 1, 30), utc(2027, 3, 29, 0, 30)]


def test_every_minute_has_sixty_slots_an_hour_even_when_the_clock_changes() -> None:
    start = utc(2027, 10, 31, 0, 30)  # the hour Brussels lives twice
    assert len(slots_between(Every(1), start, start + timedelta(hours=1))) == 60


def test_a_slot_name_reads_back() -> None:
    slot = utc(2027, 3, 28, 1, 30)
    assert slot_name(slot) == "20270328T013000Z"
    assert parse_slot(slot_name(slot)) == slot
    with pytest.raises(ValueError):
        slot_at(Every(1), datetime(2027, 1, 1))  # noqa: DTZ001  (the point: no time zone)


def test_only_a_later_attempt_of_the_same_job_is_a_later_attempt() -> None:
    held = run_owner("jobs-purge-20261210T023000Z", 3)
    assert held == "jobs-purge-20261210T023000Z:3"
    assert is_later_attempt(run_owner("jobs-purge-20261210T023000Z", 2), held)
    assert is_later_attempt(run_owner("jobs-purge-20261210T023000Z", None), held)  # the last
    assert not is_later_attempt(held, held)  # a copy of the same attempt
    assert not is_later_attempt(run_owner("jobs-purge-20261210T023000Z", 10), held)
    assert not is_later_attempt(run_owner("jobs-purge-20261211T023000Z", 1), held)
    assert not is_later_attempt("process-42", held)
    assert not is_later_attempt(held, "process-42")
