"""Meetup services on a real database: schedules, changes that survive, counts, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import event, select

from spelotheek.domain_errors import NotFound
from spelotheek.meetups import attendance, closures, dates, reminders, services, timetable, upcoming
from spelotheek.meetups.models import MeetupCardScan, MeetupSeries
from spelotheek.meetups.rules import BRUSSELS, Counts, MeetupRefused
from tests.factories import make_family
from tests.meetups.conftest import make_location, make_series

DEC5, DEC12 = date(2026, 12, 5), date(2026, 12, 12)


def _days(db, start=date(2026, 11, 28), end=date(2026, 12, 20)):
    return [
        (x.occurrence.day, x.occurrence.starts, x.occurrence.cancelled)
        for x in timetable.schedule(db, start, end)
    ]


def test_an_impossible_series_is_not_saved(db) -> None:
    with pytest.raises(MeetupRefused):
        make_series(db, ends=time(9))
    db.rollback()
    assert db.scalars(select(MeetupSeries)).all() == []


def test_editing_all_dates_keeps_a_date_changed_on_its_own(db) -> None:
    series = make_series(db)
    dates.change_date(db, None, series.id, DEC5, day=DEC5, starts=time(9), ends=time(11), theme="")
    before = series.sequence
    services.update_series(db, None, series, {"starts": time(10, 30), "ends": time(12, 30)})
    assert series.sequence == before + 1
    days = _days(db, date(2026, 12, 5), date(2026, 12, 12))
    assert days == [(DEC5, time(9), False), (DEC12, time(10, 30), False)]


def test_editing_from_a_date_on_splits_the_series_and_keeps_changes(db) -> None:
    series = make_series(db)
    dates.cancel_date(db, None, series.id, DEC12, "Host ill")
    newer = services.update_series(
        db,
        None,
        series,
        {"rrule": "FREQ=WEEKLY;BYDAY=SU", "starts": time(14), "ends": time(16)},
        from_day=date(2026, 12, 1),
    )
    db.flush()
    assert newer.id != series.id and series.last_day == date(2026, 11, 30)
    assert newer.uid != series.uid
    days = _days(db)
    assert days == [
        (date(2026, 11, 28), time(10), False),  # before the split: still Saturday
        (date(2026, 12, 6), time(14), False),
        (date(2026, 12, 13), time(14), False),
        (date(2026, 12, 20), time(14), False),
    ]
    moved = dates.change_date(
        db,
        None,
        newer.id,
        date(2026, 12, 13),
        day=date(2026, 12, 14),
        starts=time(14),
        ends=time(16),
        theme=None,
    )
    services.update_series(db, None, newer, {"rrule": "FREQ=WEEKLY;BYDAY=MO"})
    assert moved.day == date(2026, 12, 14)
    assert (date(2026, 12, 14), time(14), False) in _days(db)


def test_a_date_cannot_move_into_a_closed_period(db) -> None:
    series = make_series(db)
    closures.close_period(db, None, series.location_id, DEC12, DEC12, "Holiday")
    with pytest.raises(MeetupRefused) as refused:
        dates.change_date(
            db, None, series.id, DEC5, day=DEC12, starts=time(10), ends=time(12), theme=None
        )
    assert refused.value.code == "closed_period"
    assert (DEC12, time(10), True) in _days(db)


def test_a_date_that_the_series_does_not_have_is_not_found(db) -> None:
    series = make_series(db)
    with pytest.raises(NotFound):
        timetable.get_occurrence(db, series.id, date(2026, 12, 6))


def test_counts_never_go_below_zero_and_corrections_must_fit(db) -> None:
    series = make_series(db)
    with pytest.raises(MeetupRefused):
        attendance.tap(db, None, series.id, DEC5, "adults", -1, DEC5)
    listed = attendance.tap(db, None, series.id, DEC5, "fathers", 1, DEC5)
    assert listed.counts == Counts(adults=1, fathers=1)
    with pytest.raises(MeetupRefused):
        attendance.correct(db, None, series.id, DEC5, Counts(adults=1, mothers=2), DEC12)
    with pytest.raises(MeetupRefused) as too_early:
        attendance.tap(db, None, series.id, DEC12, "adults", 1, DEC5)
    assert too_early.value.code == "not_yet"


def test_a_card_scan_keeps_the_reach_consent_and_counts_once(db) -> None:
    series = make_series(db)
    family, code = make_family(db, "Amira")
    assert attendance.scan_card(db, None, series.id, DEC5, code, False, DEC5) is True
    assert attendance.scan_card(db, None, series.id, DEC5, code, True, DEC5) is False
    scan = db.scalars(select(MeetupCardScan)).one()
    assert (scan.family_id, scan.reach_consent) == (family.id, True)


def test_interest_toggles_per_browser(db) -> None:
    series = make_series(db)
    today = date(2026, 12, 1)
    assert attendance.toggle_interest(db, series.id, DEC5, "browser-a", None, today) is True
    assert attendance.toggle_interest(db, series.id, DEC5, "browser-b", None, today) is True
    assert timetable.get_occurrence(db, series.id, DEC5).interested == 2
    assert attendance.toggle_interest(db, series.id, DEC5, "browser-a", None, today) is False
    assert timetable.get_occurrence(db, series.id, DEC5).interested == 1


def test_reminders_go_the_day_before_once_and_only_with_consent(app, db, outbox) -> None:
    series = make_series(db)
    agreed, _ = make_family(db, "Lotte", email="lotte@example.test", reminder_consent=True)
    silent, _ = make_family(db, "Jonas", email="jonas@example.test", reminder_consent=False)
    today = date(2026, 12, 1)
    attendance.toggle_interest(db, series.id, DEC5, "a", agreed.id, today)
    attendance.toggle_interest(db, series.id, DEC5, "b", silent.id, today)
    db.commit()
    evening_before = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
    with app.app_context():
        assert reminders.send_day_before(db, evening_before) == {"meetup reminders": 1}
        assert reminders.send_day_before(db, evening_before) == {"meetup reminders": 0}
    assert [m["To"] for m in outbox.messages] == ["lotte@example.test"]
    assert "Play morning" in outbox.messages[0]["Subject"]


def test_cancelling_tells_families_who_would_come_once(app, db, outbox) -> None:
    location = make_location(db)
    series = make_series(db, location)
    agreed, _ = make_family(db, "Lotte", email="lotte@example.test", reminder_consent=True)
    attendance.toggle_interest(db, series.id, DEC12, "a", agreed.id, date(2026, 12, 1))
    notices = dates.cancel_date(db, None, series.id, DEC12, "Host ill")
    _closure, again = closures.close_period(db, None, location.id, DEC12, DEC12, "Holiday")
    db.commit()
    assert len(notices) == 1 and again == []
    with app.app_context():
        assert reminders.send_cancel_notices(notices) == 1
    assert "Host ill" in outbox.messages[0].get_body(("plain",)).get_content()


def test_a_long_list_of_dates_stops_at_a_whole_day_and_says_which(db) -> None:
    location = make_location(db)
    for n in range(4):  # four series on Wednesdays and four on Saturdays: four dates a day
        make_series(db, location, title=f"Wed {n}", rrule="FREQ=WEEKLY;BYDAY=WE")
        make_series(db, location, title=f"Sat {n}")
    db.commit()
    start, end = date(2026, 3, 2), date(2026, 3, 29)  # four weeks from a Monday

    shown, cut_after = upcoming.first_dates(db, start, end, at_most=10)
    assert [x.occurrence.day for x in shown] == [date(2026, 3, 4)] * 4 + [date(2026, 3, 7)] * 4
    assert cut_after == date(2026, 3, 7)

    saturdays, cut_after = upcoming.first_dates(
        db, start, end, keep=lambda x: x.occurrence.day.weekday() == 5, at_most=10
    )
    assert {x.occurrence.day for x in saturdays} == {date(2026, 3, 7), date(2026, 3, 14)}
    assert cut_after == date(2026, 3, 14)

    one_day, cut_after = upcoming.first_dates(db, start, end, at_most=2)
    assert len(one_day) == 4 and cut_after == date(2026, 3, 4)  # a day is never split

    everything, cut_after = upcoming.first_dates(db, start, end, at_most=100)
    assert len(everything) == 32 and cut_after is None


def _statements(db, call):
    seen: list[str] = []
    engine = db.get_bind()

    def count(*_args) -> None:
        seen.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return result, len(seen)


def test_now_and_next_keeps_its_expansion_but_sees_every_change(db) -> None:
    location = make_location(db)
    play = make_series(db, location, title="Play")  # Saturdays 10:00-12:00 (Brussels)
    make_series(db, location, title="Baby café", starts=time(14), ends=time(15))
    db.commit()
    moment = datetime(2026, 12, 5, 11, 0, tzinfo=BRUSSELS)  # during Play, before Baby café

    def look():
        return upcoming.now_and_next(db, moment, 2)

    (on_now, coming), first = _statements(db, look)
    assert [x.series.title for x in on_now] == ["Play"]
    assert [x.series.title for x in coming] == ["Baby café", "Play"]
    assert on_now[0].series.location.name == location.name and on_now[0].interested == 0
    (again_now, _coming), kept = _statements(db, look)
    assert kept < first and [x.series.title for x in again_now] == ["Play"]  # not expanded again

    # Interest and counts are read fresh, without expanding again.
    attendance.toggle_interest(db, play.id, DEC5, "browser-1", None, DEC5)
    db.commit()
    (on_now, _coming), _n = _statements(db, look)
    assert on_now[0].interested == 1

    # A cancelled date and a closure each change the fingerprint: seen at once.
    dates.cancel_date(db, None, play.id, DEC5, "Host ill")
    db.commit()
    on_now, coming = look()
    assert on_now == [] and [x.series.title for x in coming] == ["Baby café", "Play"]
    assert coming[1].occurrence.day == DEC12
    closures.close_period(db, None, location.id, DEC5, DEC12, "Holiday")
    db.commit()
    on_now, coming = look()
    assert on_now == [] and {x.occurrence.day for x in coming} == {date(2026, 12, 19)}


def test_late_in_the_evening_the_next_dates_come_from_the_days_after(db) -> None:
    location = make_location(db)
    for n in range(5):
        make_series(db, location, title=f"Play {n}", starts=time(9 + n), ends=time(10 + n))
    db.commit()
    evening = datetime(2026, 12, 5, 23, 30, tzinfo=BRUSSELS)  # every Saturday date is over
    on_now, coming = upcoming.now_and_next(db, evening, 3)
    assert on_now == []
    assert [(x.occurrence.day, x.series.title) for x in coming] == [
        (DEC12, "Play 0"),
        (DEC12, "Play 1"),
        (DEC12, "Play 2"),
    ]
    during = datetime(2026, 12, 5, 11, 30, tzinfo=BRUSSELS)  # Play 2 is on
    on_now, coming = upcoming.now_and_next(db, during, 3)
    assert [x.series.title for x in on_now] == ["Play 2"]
    assert [(x.occurrence.day, x.series.title) for x in coming] == [
        (DEC5, "Play 3"),
        (DEC5, "Play 4"),
        (DEC12, "Play 0"),
    ]
