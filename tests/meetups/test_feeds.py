"""Calendar feeds: parsed back with `icalendar`, expanded with the independent
`recurring-ical-events`, they give exactly the dates and local times the site shows."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import recurring_ical_events

from spelotheek.meetups import closures, dates, feeds, services, timetable
from spelotheek.meetups.rules import BRUSSELS
from tests.meetups.conftest import make_location, make_series

WINDOWS = [
    (date(2026, 3, 1), date(2026, 4, 30)),  # clocks forward on 29 March
    (date(2026, 10, 1), date(2026, 12, 31)),  # clocks back on 25 October
]


@pytest.fixture
def busy_schedule(db):
    """Several series with every kind of exception."""
    ghent, mechelen = make_location(db, "Gent"), make_location(db, "Mechelen")
    saturday = make_series(db, ghent, title="Saturday play")
    fortnight = make_series(
        db,
        ghent,
        title="Baby café",
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        first_day=date(2026, 2, 4),
        starts=time(14),
        ends=time(15, 30),
    )
    monthly = make_series(
        db,
        mechelen,
        title="Outdoor",
        rrule="FREQ=MONTHLY;BYDAY=-1SU",
        first_day=date(2026, 1, 1),
        last_day=date(2026, 11, 30),
        starts=time(14),
        ends=time(16),
    )
    dates.cancel_date(db, None, saturday.id, date(2026, 3, 28), "Host ill")
    dates.change_date(
        db,
        None,
        saturday.id,
        date(2026, 4, 4),
        day=date(2026, 4, 5),
        starts=time(9),
        ends=time(11),
        theme="Easter",
    )
    dates.change_date(
        db,
        None,
        fortnight.id,
        date(2026, 10, 28),
        day=date(2026, 10, 28),
        starts=time(14),
        ends=time(15, 30),
        theme="Sleeping",
    )
    closures.close_period(db, None, ghent.id, date(2026, 10, 24), date(2026, 11, 1), "Autumn break")
    services.pause(db, None, monthly, date(2026, 11, 1))
    # A date changed on its own survives the series moving to Sunday from 1 December on.
    dates.change_date(
        db,
        None,
        saturday.id,
        date(2026, 12, 12),
        day=date(2026, 12, 12),
        starts=time(9),
        ends=time(11),
        theme=None,
    )
    services.update_series(db, None, saturday, {"rrule": "FREQ=WEEKLY;BYDAY=SU"}, date(2026, 12, 1))
    db.commit()


def _site(db, start: date, end: date) -> list[tuple]:
    return sorted(
        (
            x.series.title,
            x.occurrence.day,
            x.occurrence.starts,
            x.occurrence.ends,
            x.occurrence.cancelled,
        )
        for x in timetable.schedule(db, start, end)
    )


def _expanded(feed: bytes, start: date, end: date) -> list[tuple]:
    calendar = icalendar.Calendar.from_ical(feed)
    found = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        begins = event.decoded("dtstart").astimezone(BRUSSELS)
        finishes = event.decoded("dtend").astimezone(BRUSSELS)
        title = str(event["summary"]).removeprefix("✕ ").split(": ")[0]
        cancelled = str(event.get("status", "")) == "CANCELLED"
        found.append((title, begins.date(), begins.time(), finishes.time(), cancelled))
    return sorted(found)


@pytest.fixture(autouse=True)
def _whole_history(app) -> None:
    """These tests pin dates in 2026, so the feed carries all history (see the horizon test)."""
    app.config["MEETUP_FEED_HISTORY_DAYS"] = None


def _saturday_from(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7)


def test_the_feed_leaves_out_changes_before_its_horizon(app, client, db) -> None:
    today = datetime.now(BRUSSELS).date()
    series = make_series(db, first_day=_saturday_from(today - timedelta(days=400)))
    old, recent = _saturday_from(today - timedelta(days=200)), _saturday_from(today)
    for day in (old, recent):
        dates.cancel_date(db, None, series.id, day, "Host ill")
    db.commit()

    def cancelled(history: int | None) -> set[date]:
        app.config["MEETUP_FEED_HISTORY_DAYS"] = history
        events = icalendar.Calendar.from_ical(client.get("/meetups.ics").data).walk("VEVENT")
        return {
            e.decoded("recurrence-id").astimezone(BRUSSELS).date()
            for e in events
            if "recurrence-id" in e and str(e.get("status")) == "CANCELLED"
        }

    assert cancelled(92) == {recent}
    assert cancelled(None) == {old, recent}


@pytest.mark.parametrize(("start", "end"), WINDOWS)
def test_the_feed_gives_exactly_the_dates_the_site_shows(client, db, busy_schedule, start, end):
    response = client.get("/meetups.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    site = _site(db, start, end)
    assert len(site) > 8
    assert _expanded(response.data, start, end) == site


def test_the_feed_is_valid_and_carries_no_personal_data(client, db, busy_schedule) -> None:
    body = client.get("/meetups.ics").data
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["version"] == "2.0" and calendar.get("prodid")
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["tzid"]) for z in zones] == ["Europe/Brussels"]
    events = calendar.walk("VEVENT")
    masters = [e for e in events if "recurrence-id" not in e]
    assert len({str(e["uid"]) for e in masters}) == len(masters) == 4  # one more after the split
    for event in events:
        for required in ("uid", "dtstamp", "dtstart", "sequence", "last-modified", "url"):
            assert required in event
        assert str(event["url"]).startswith("http://localhost/meetups/")
    overrides = [e for e in events if "recurrence-id" in e]
    assert any(str(e.get("status")) == "CANCELLED" for e in overrides)
    assert b"@example" not in body and b"Amira" not in body


def test_an_unchanged_feed_answers_304_and_a_change_grows_sequence(client, db) -> None:
    series = make_series(db)
    db.commit()
    first = client.get(f"/meetups/{series.id}.ics")
    etag = first.headers["ETag"]
    again = client.get(f"/meetups/{series.id}.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    master = icalendar.Calendar.from_ical(first.data).walk("VEVENT")[0]

    dates.cancel_date(db, None, series.id, date(2026, 12, 5), "Host ill")
    db.commit()
    changed = client.get(f"/meetups/{series.id}.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    events = icalendar.Calendar.from_ical(changed.data).walk("VEVENT")
    override = next(e for e in events if "recurrence-id" in e)
    assert override["uid"] == master["uid"]
    assert override.decoded("recurrence-id").astimezone(BRUSSELS).date() == date(2026, 12, 5)
    assert int(override["sequence"]) > int(master["sequence"])
    assert override.decoded("last-modified") >= master.decoded("last-modified")

    services.update_series(db, None, db.merge(series), {"title": "Play and chat"})
    db.commit()
    edited = icalendar.Calendar.from_ical(client.get(f"/meetups/{series.id}.ics").data)
    new_master = next(e for e in edited.walk("VEVENT") if "recurrence-id" not in e)
    assert new_master["uid"] == master["uid"]
    assert int(new_master["sequence"]) > int(master["sequence"])


def test_a_feed_is_gzipped_once_and_each_encoding_has_its_own_etag(client, db) -> None:
    location = make_location(db, "Gent")
    for n in range(6):  # big enough to be worth compressing
        make_series(db, location, title=f"Play and chat {n}")
    db.commit()
    plain = client.get("/meetups.ics")
    zipped = client.get("/meetups.ics", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") is None
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain.data
    # The bytes built with the feed (no time stamp), not compressed again for this request.
    assert zipped.data[4:8] == bytes(4)
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'
    again = client.get(
        "/meetups.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]},
    )
    assert again.status_code == 304 and again.data == b""
    # The gzip tag does not stand for the plain bytes, nor the plain tag for the gzipped ones.
    crossed = client.get("/meetups.ics", headers={"If-None-Match": zipped.headers["ETag"]})
    assert crossed.status_code == 200 and crossed.data == plain.data
    crossed = client.get(
        "/meetups.ics",
        headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]},
    )
    assert crossed.status_code == 200
    brotli_only = client.get("/meetups.ics", headers={"Accept-Encoding": "br"})
    assert brotli_only.headers["Content-Encoding"] == "br"


def test_one_date_to_add_to_a_calendar(client, db) -> None:
    series = make_series(db)
    db.commit()
    response = client.get(f"/meetups/{series.id}/2026-03-28/calendar.ics")
    (event,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert event.decoded("dtstart").isoformat() == "2026-03-28T10:00:00+01:00"
    assert "rrule" not in event


def test_feeds_per_place_hold_only_that_place(client, db) -> None:
    ghent, mechelen = make_location(db, "Gent"), make_location(db, "Mechelen")
    make_series(db, ghent, title="In Gent")
    make_series(db, mechelen, title="In Mechelen")
    db.commit()
    calendar = icalendar.Calendar.from_ical(client.get(f"/meetups/locations/{ghent.id}.ics").data)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["In Gent"]
    assert client.get("/meetups/locations/999999.ics").status_code == 404


def test_the_time_zone_is_two_rules_that_hold_after_2038(client, db) -> None:
    """The VTIMEZONE is the EU summer-time rule, a few hundred bytes, right for any year."""
    series = make_series(db)
    db.commit()
    for path in (f"/meetups/{series.id}.ics", f"/meetups/{series.id}/2026-03-28/calendar.ics"):
        body = client.get(path).data
        (zone,) = icalendar.Calendar.from_ical(body).walk("VTIMEZONE")
        assert len(zone.to_ical()) < 500
        as_written = zone.to_tz()
        moment = datetime(1997, 1, 1, tzinfo=UTC)
        while moment.year < 2070:  # every 7 hours: each switch-over week is crossed
            local = moment.astimezone(BRUSSELS)
            assert moment.astimezone(as_written).utcoffset() == local.utcoffset(), local
            moment += timedelta(hours=7)


def test_feeds_answer_if_modified_since_and_one_date_is_not_rebuilt(client, db, monkeypatch):
    """Both conditional forms get a 304; a changed calendar gets a 200 to an old date."""
    series = make_series(db)
    db.commit()
    for path in (f"/meetups/{series.id}.ics", f"/meetups/{series.id}/2026-12-12/calendar.ics"):
        first = client.get(path)
        since = first.headers["Last-Modified"]
        again = client.get(path, headers={"If-Modified-Since": since})
        assert again.status_code == 304 and again.data == b"", path
    built = []
    real = feeds.single_date
    monkeypatch.setattr(feeds, "single_date", lambda *a: built.append(1) or real(*a))
    path = f"/meetups/{series.id}/2026-12-12/calendar.ics"
    assert client.get(path).status_code == 200 and built == []  # kept from the first ask

    dates.cancel_date(db, None, series.id, date(2026, 12, 12), "Host ill")
    db.commit()
    # One second on: Last-Modified has whole seconds, and the change must be seen as newer.
    later = datetime.now(UTC) + timedelta(seconds=1)
    monkeypatch.setattr("spelotheek.meetups.views.feeds.datetime", _FixedNow(later))
    changed = client.get(path, headers={"If-Modified-Since": since})
    assert changed.status_code == 200 and b"CANCELLED" in changed.data and built == [1]


class _FixedNow:
    """Stands in for `datetime` in the feed views: `now()` is a given instant."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self, tz=None) -> datetime:
        return self.moment
