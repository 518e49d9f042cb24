"""Meetup pages, the API and the number of SQL statements per page."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import event

from spelotheek.auth.services import create_api_token
from spelotheek.meetups import attendance, dates, timetable
from spelotheek.meetups.rules import rule_text
from spelotheek.meetups.views import today
from tests.factories import login_as, make_user, staff_id
from tests.meetups.conftest import make_location, make_series


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def client(app):
    """A visitor whose browser asks for English (the texts these tests read)."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


def _next(weekday: int) -> date:
    now = today()
    return now + timedelta(days=(weekday - now.weekday()) % 7)


def _as(client, db, role: str):
    user = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(user))
    return user


def test_the_list_filters_by_place_age_and_day(client, db) -> None:
    ghent, mechelen = make_location(db, "Gent"), make_location(db, "Mechelen")
    first = today() - timedelta(days=7)
    make_series(db, ghent, title="Saturday play", first_day=first)
    make_series(
        db, mechelen, title="Baby café", rrule="FREQ=WEEKLY;BYDAY=WE", first_day=first, max_age=1
    )
    db.commit()
    page = client.get("/meetups").get_data(as_text=True)
    assert "Saturday play" in page and "Baby café" in page
    saturday = client.get("/meetups?day=5").get_data(as_text=True)
    assert "Saturday play" in saturday and "Baby café" not in saturday
    four = client.get("/meetups?age=4").get_data(as_text=True)
    assert "Saturday play" in four and "Baby café" not in four
    there = client.get(f"/meetups?location={mechelen.id}").get_data(as_text=True)
    assert "Baby café" in there and "Saturday play" not in there


def test_a_cancelled_date_shows_with_its_reason(client, db) -> None:
    series = make_series(db, first_day=today() - timedelta(days=7))
    dates.cancel_date(db, None, series.id, _next(5), "Host ill")
    db.commit()
    assert "Host ill" in client.get("/meetups").get_data(as_text=True)
    page = client.get(f"/meetups/{series.id}/{_next(5).isoformat()}").get_data(as_text=True)
    assert "Host ill" in page and "badge-cancelled" in page


def test_the_page_of_a_meetup_has_address_map_and_access(client, db) -> None:
    series = make_series(db, what_to_expect="Coffee and toys", accessibility="No stairs")
    db.commit()
    page = client.get(f"/meetups/{series.id}").get_data(as_text=True)
    for part in ("Rooigemlaan 2", "openstreetmap.org", "Ramp", "No stairs", "Coffee and toys"):
        assert part in page
    assert 'href="webcal://localhost/meetups/' in page
    assert client.get("/meetups/999999").status_code == 404
    assert client.get(f"/meetups/{series.id}/2026-12-06").status_code == 404  # a Sunday
    assert client.get(f"/meetups/{series.id}/not-a-day").status_code == 404


def _todays_series(db, **fields):
    return make_series(
        db,
        rrule=rule_text("weekly", today().weekday()),
        first_day=today(),
        starts=time(0, 1),
        ends=time(23, 59),
        **fields,
    )


def test_full_shows_on_the_public_page_as_soon_as_the_host_counts(client, db) -> None:
    series = _todays_series(db, capacity=2)
    db.commit()
    url = f"/meetups/{series.id}/{today().isoformat()}"
    assert "badge-full" not in client.get(url).get_data(as_text=True)
    _as(client, db, "volunteer")
    count_url = f"{url}/count"
    page = client.get(count_url).get_data(as_text=True)
    assert "0</span>/2" in page
    for counter in ("mothers", "fathers"):
        response = client.post(count_url, data={"counter": counter, "step": "1"})
        assert response.status_code == 302
    refused = client.post(
        count_url, data={"counter": "children", "step": "-1"}, follow_redirects=True
    )
    assert "cannot go below zero" in refused.get_data(as_text=True)
    anonymous = client.application.test_client()
    anonymous.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    public = anonymous.get(url).get_data(as_text=True)
    assert "badge-full" in public
    assert "Mother" not in public  # no counts or lists on public pages, only "full"
    home = anonymous.get("/").get_data(as_text=True)
    assert series.title in home and "Full today" in home


def test_corrections_afterwards_and_a_card_scan(client, db) -> None:
    from tests.factories import make_family

    series = _todays_series(db)
    family, code = make_family(db, "Elif")
    db.commit()
    _as(client, db, "staff")
    url = f"/meetups/{series.id}/{today().isoformat()}"
    data = {
        f"counts-{k}": v
        for k, v in {
            "adults": 5,
            "children": 7,
            "first_visits": 1,
            "mothers": 3,
            "fathers": 2,
            "other_caregivers": 0,
        }.items()
    }
    assert client.post(f"{url}/counts", data=data).status_code == 302
    listed = timetable.get_occurrence(db, series.id, today())
    assert (listed.counts.adults, listed.counts.children, listed.counts.fathers) == (5, 7, 2)
    bad = client.post(f"{url}/counts", data=data | {"counts-mothers": "9"}, follow_redirects=True)
    assert "cannot be more than the adults" in bad.get_data(as_text=True)
    scanned = client.post(
        f"{url}/scan", data={"scan-code": code, "scan-reach_consent": "y"}, follow_redirects=True
    )
    assert "Card scanned" in scanned.get_data(as_text=True)
    assert "Elif" not in scanned.get_data(as_text=True)


def test_ill_probably_come_without_an_account(client, db) -> None:
    series = make_series(db, first_day=today())
    db.commit()
    url = f"/meetups/{series.id}/{_next(5).isoformat()}"
    response = client.post(f"{url}/interest")
    assert response.status_code == 302
    cookie = client.get_cookie("meetup_browser")
    assert cookie is not None and cookie.http_only
    page = client.get(url).get_data(as_text=True)
    assert "You said you will probably come" in page
    assert "1 person said they will probably come." in page
    client.post(f"{url}/interest")
    assert "You said you will probably come" not in client.get(url).get_data(as_text=True)


def test_staff_plan_a_series_and_bad_input_gets_clear_messages(client, db) -> None:
    location = make_location(db)
    _as(client, db, "coordinator")
    form = {
        "title": "Dads' Saturday",
        "location_id": str(location.id),
        "pattern": "monthly",
        "weekday": "5",
        "nth": "1",
        "first_day": "2026-01-01",
        "last_day": "",
        "starts": "10:00",
        "ends": "12:00",
        "capacity": "12",
        "min_age": "0",
        "max_age": "5",
    }
    for change, message in [
        ({"ends": "09:00"}, "must end after it starts"),
        ({"capacity": "-1"}, "at least 1"),
        ({"capacity": "900"}, "At most 200"),
        ({"last_day": "2026-01-02"}, "gives no dates"),
    ]:
        response = client.post("/meetups/new", data=form | change)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    created = client.post("/meetups/new", data=form)
    assert created.status_code == 302
    listed = timetable.schedule(db, date(2026, 1, 1), date(2026, 2, 28))
    assert [x.occurrence.day for x in listed] == [date(2026, 1, 3), date(2026, 2, 7)]


def test_staff_change_one_date_and_close_a_period(client, db) -> None:
    series = make_series(db)
    db.commit()
    _as(client, db, "staff")
    url = f"/meetups/{series.id}/2026-12-05"
    moved = client.post(
        f"{url}/edit",
        data={"day": "2026-12-06", "starts": "14:00", "ends": "16:00", "theme": "Sleep"},
    )
    assert moved.status_code == 302
    closed = client.post(
        "/meetups/closures",
        data={
            "closure-location_id": "0",
            "closure-first_day": "2026-12-19",
            "closure-last_day": "2027-01-03",
            "closure-reason": "Christmas holidays",
        },
    )
    assert closed.status_code == 302
    into_closed = client.post(
        f"{url}/edit", data={"day": "2026-12-20", "starts": "14:00", "ends": "16:00"}
    )
    assert into_closed.status_code == 422
    assert "closed period" in into_closed.get_data(as_text=True)
    days = {
        x.occurrence.day: x.occurrence
        for x in timetable.schedule(db, date(2026, 12, 1), date(2026, 12, 31))
    }
    assert days[date(2026, 12, 6)].theme == "Sleep" and days[date(2026, 12, 6)].starts == time(14)
    assert (
        days[date(2026, 12, 19)].cancelled
        and days[date(2026, 12, 19)].reason == "Christmas holidays"
    )


def test_volunteers_count_but_do_not_plan(client, db) -> None:
    series = make_series(db)
    db.commit()
    _as(client, db, "volunteer")
    assert client.get("/meetups/host").status_code == 200
    assert client.get("/meetups/manage").status_code == 403
    assert client.get(f"/meetups/{series.id}/edit").status_code == 403


def test_api_lists_dates_with_offsets_and_counts(client, db) -> None:
    series = make_series(db)
    dates.cancel_date(db, None, series.id, date(2026, 3, 28), "Host ill")
    db.commit()
    answer = client.get("/api/v1/meetups/occurrences?from=2026-03-21&to=2026-04-04").get_json()
    items = answer["occurrences"]
    assert [(o["start"], o["status"]) for o in items] == [
        ("2026-03-21T10:00:00+01:00", "scheduled"),
        ("2026-03-28T10:00:00+01:00", "cancelled"),
        ("2026-04-04T10:00:00+02:00", "scheduled"),
    ]
    assert items[0]["id"] == f"{series.id}-20260321" and items[0]["capacity"] == 12
    assert items[0]["count"] == 0 and items[0]["location"]["name"] == "Brugse Poort"
    wrong = client.get("/api/v1/meetups/occurrences?from=2026-04-04&to=2026-03-01")
    assert wrong.status_code == 422 and wrong.get_json()["error"] == "invalid_range"
    assert client.get("/api/v1/meetups/occurrences?from=nonsense").status_code == 422


def test_api_attendance_for_hosts_with_a_device_token(client, db) -> None:
    series = _todays_series(db, capacity=3)
    host = make_user(db, role="volunteer")
    token = create_api_token(db, None, host, "tablet")
    db.commit()
    key = f"{series.id}-{today():%Y%m%d}"
    tomorrow = today() + timedelta(days=1)
    url = f"/api/v1/meetups/occurrences/{key}/attendance"
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post(url, json={"counter": "adults", "step": 1}).status_code == 401
    tapped = client.post(url, json={"counter": "fathers", "step": 1}, headers=auth)
    assert tapped.status_code == 200
    assert tapped.get_json()["counts"]["fathers"] == 1 and tapped.get_json()["count"] == 1
    below = client.post(url, json={"counter": "children", "step": -1}, headers=auth)
    assert below.status_code == 422 and below.get_json()["error"] == "below_zero"
    corrected = client.post(url, json={"counts": {"adults": 3, "children": 2}}, headers=auth)
    assert corrected.get_json()["full"] is True
    assert (
        client.post(
            f"/api/v1/meetups/occurrences/{series.id}-{tomorrow:%Y%m%d}/attendance",
            json={"counter": "adults", "step": 1},
            headers=auth,
        ).status_code
        == 404
    )
    assert client.post(url, json={"counter": "adults", "step": 2}, headers=auth).status_code == 422


def _statements(app, client, url: str) -> int:
    engine = app.extensions["engine"]
    seen: list[str] = []

    def count(*_args) -> None:
        seen.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_statements_per_page_stay_bounded(app, client, db) -> None:
    pages = ["/meetups", "/", "/api/v1/meetups/occurrences", "/meetups.ics", "/meetups/poster"]
    location = make_location(db)
    first = make_series(db, location, first_day=today() - timedelta(days=30))
    dates.cancel_date(db, None, first.id, _next(5), "Host ill")
    db.commit()
    small = {url: _statements(app, client, url) for url in pages}
    small["series"] = _statements(app, client, f"/meetups/{first.id}")
    for n in range(8):
        series = make_series(
            db, location, title=f"Series {n}", first_day=today() - timedelta(days=30)
        )
        for week in range(6):
            day = _next(5) + timedelta(weeks=week)
            attendance.toggle_interest(db, series.id, day, f"b{n}{week}", None, today())
        dates.cancel_date(db, None, series.id, _next(5), "Host ill")
    db.commit()
    large = {url: _statements(app, client, url) for url in pages}
    large["series"] = _statements(app, client, f"/meetups/{first.id}")
    assert large == small
    assert max(large.values()) <= 10


def test_a_long_list_says_so_and_continues_after_the_last_day_shown(client, db, monkeypatch):
    from spelotheek.meetups import views

    monkeypatch.setattr(views, "MAX_LISTED", 3)
    location = make_location(db)
    for n in range(2):
        make_series(db, location, title=f"Saturday {n}", first_day=today() - timedelta(days=7))
    db.commit()
    page = client.get("/meetups", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Choose a place to see only the ones near you." in page
    assert page.count('class="day-list"') == 1  # two dates on the first Saturday: three won't fit
    after = (_next(5) + timedelta(days=1)).isoformat()
    assert f"from={after}" in page
    monkeypatch.setattr(views, "MAX_LISTED", 120)
    assert "Choose a place" not in client.get(
        "/meetups", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)


def test_a_wrong_count_names_its_field_once(client, db) -> None:
    series = _todays_series(db)
    db.commit()
    _as(client, db, "staff")
    url = f"/meetups/{series.id}/{today().isoformat()}"
    data = {f"counts-{k}": "0" for k in ("adults", "children", "first_visits", "mothers")}
    data |= {"counts-fathers": "abc", "counts-other_caregivers": "0"}
    page = client.post(f"{url}/counts", data=data, follow_redirects=True).get_data(as_text=True)
    errors = re.findall(r'class="flash flash-error"[^>]*>(.*?)</p>', page, flags=re.S)
    assert len(errors) == 1, errors
    assert errors[0].strip().startswith("Fathers:"), errors
