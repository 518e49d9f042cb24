"""A full meeting never just says "Full": it says what a newcomer can do instead."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from spelotheek.meetups.rules import rule_text
from spelotheek.meetups.views import today
from tests.factories import login_as, make_user, staff_id
from tests.meetups.conftest import make_location, make_series


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _weekly_from_today(db, location, title: str, **fields):
    return make_series(
        db,
        location,
        title=title,
        rrule=rule_text("weekly", today().weekday()),
        first_day=today(),
        starts=time(0, 1),
        ends=time(23, 59),
        **fields,
    )


def _fill(app, db, url: str, adults: int) -> None:
    volunteer = app.test_client()
    login_as(volunteer, staff_id(make_user(db, role="volunteer")))
    db.commit()
    for _ in range(adults):
        assert (
            volunteer.post(f"{url}/count", data={"counter": "mothers", "step": "1"}).status_code
            == 302
        )


def test_a_full_date_tells_what_to_do_instead(app, db) -> None:
    full = _weekly_from_today(db, make_location(db, "Gent"), "Play morning", capacity=1)
    other = _weekly_from_today(db, make_location(db, "Mechelen"), "Baby cafe")
    db.commit()
    url = f"/meetups/{full.id}/{today().isoformat()}"
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = visitor.get(url).get_data(as_text=True)
    assert "ask at the door" not in before  # not full yet: nothing to offer instead
    _fill(app, db, url, 1)
    page = visitor.get(url).get_data(as_text=True)
    assert "badge-full" in page and "You can still ask at the door" in page
    next_week = (today() + timedelta(days=7)).isoformat()
    assert f'href="/meetups/{full.id}/{next_week}"' in page  # the next date of the same meeting
    assert f'href="/meetups/{other.id}/{today().isoformat()}"' in page  # another place this week
    listing = visitor.get("/meetups").get_data(as_text=True)
    card = listing[listing.index("Full today") :][:600]
    assert "ask at the door" in card and f'href="{url}"' in card
    home = visitor.get("/").get_data(as_text=True)
    assert "ask at the door" in home


def test_a_full_date_without_other_meetings_still_offers_the_door(app, db) -> None:
    only = _weekly_from_today(db, make_location(db), "Play morning", capacity=1, last_day=today())
    db.commit()
    url = f"/meetups/{only.id}/{today().isoformat()}"
    _fill(app, db, url, 1)
    visitor = app.test_client()
    visitor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = visitor.get(url).get_data(as_text=True)
    assert "You can still ask at the door" in page and "Next time:" not in page
