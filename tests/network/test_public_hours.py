"""When a service is open: next opening times, open now and the next seven days, in Brussels
time across the daylight-saving changes, with closures of one place or of every place."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from spelotheek.network import hours
from spelotheek.network.models import (
    NetworkClosure,
    NetworkLocation,
    Service,
    ServiceAtLocation,
    ServiceHours,
)


def _service(*sessions: tuple[int, str, str], location_id: int = 1) -> Service:
    """A service at one place, not saved (the rules need no database)."""
    location = NetworkLocation(
        id=location_id, name="Onthaal", address="Straat 1", postcode="9000", city="Gent"
    )
    place = ServiceAtLocation(location=location, location_id=location_id)
    place.hours = [
        ServiceHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c))
        for d, o, c in sessions
    ]
    return Service(name="Spreekuur", places=[place])


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_open_now_is_brussels_time_in_the_week_summer_time_starts() -> None:
    service = _service((0, "09:00", "12:00"))  # Mondays; summer time starts Sunday 29 March 2026
    assert hours.is_open_now(service, [], _utc(2026, 3, 30, 7, 30))  # 09:30 in Brussels
    assert not hours.is_open_now(service, [], _utc(2026, 3, 30, 10, 30))  # 12:30 in Brussels
    # The Monday before, in winter time, 09:30 is 08:30 UTC.
    assert hours.is_open_now(service, [], _utc(2026, 3, 23, 8, 30))
    assert not hours.is_open_now(service, [], _utc(2026, 3, 23, 7, 30))


def test_open_now_on_the_sunday_winter_time_starts() -> None:
    service = _service((6, "09:00", "12:00"))  # Sundays; winter time starts 25 October 2026
    assert hours.is_open_now(service, [], _utc(2026, 10, 25, 8, 30))  # 09:30 in Brussels
    assert not hours.is_open_now(service, [], _utc(2026, 10, 25, 7, 30))  # 08:30 in Brussels


def test_next_openings_start_with_the_current_session_and_skip_closures() -> None:
    service = _service((0, "09:00", "12:00"), (2, "13:00", "16:00"))
    closures = [
        NetworkClosure(location_id=None, first_day=date(2026, 12, 21), last_day=date(2026, 12, 27)),
        NetworkClosure(location_id=1, first_day=date(2027, 1, 4), last_day=date(2027, 1, 4)),
        NetworkClosure(location_id=2, first_day=date(2027, 1, 6), last_day=date(2027, 1, 6)),
    ]
    now = datetime(2026, 12, 16, 14, 0, tzinfo=hours.BRUSSELS)  # a Wednesday, during a session
    found = hours.next_openings(service, closures, now)
    assert [(o.day, o.now) for o in found] == [
        (date(2026, 12, 16), True),
        (date(2026, 12, 28), False),  # the week of 21 December is closed everywhere
        (date(2026, 12, 30), False),
        (date(2027, 1, 6), False),  # 4 January closed here; another place's closure does not count
        (date(2027, 1, 11), False),
    ]


def test_open_this_week_means_the_next_seven_days() -> None:
    service = _service((0, "09:00", "12:00"))  # Mondays
    tuesday = datetime(2026, 12, 8, 10, 0, tzinfo=hours.BRUSSELS)
    sunday = datetime(2026, 12, 13, 10, 0, tzinfo=hours.BRUSSELS)
    assert hours.open_this_week(service, [], tuesday)  # next Monday is 6 days away
    assert hours.open_this_week(service, [], sunday)
    closed = [
        NetworkClosure(location_id=None, first_day=date(2026, 12, 14), last_day=date(2026, 12, 14))
    ]
    assert not hours.open_this_week(service, closed, sunday)
    assert not hours.open_this_week(_service(), [], sunday)  # no hours known


def test_open_this_week_across_the_change_to_summer_time() -> None:
    service = _service((0, "09:00", "12:00"))
    # Sunday 29 March 2026 at 23:30 UTC is Monday 01:30 in Brussels: the session is today.
    found = hours.next_openings(service, [], _utc(2026, 3, 29, 23, 30), count=1)
    assert found[0].day == date(2026, 3, 30)
    assert hours.open_this_week(service, [], _utc(2026, 3, 29, 23, 30))
