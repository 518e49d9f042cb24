"""Buddy and check-in pages: the family's offer, a newcomer's request, the rota, three taps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.meetups.timetable import today
from spelotheek.welcome import buddies, checkin
from spelotheek.welcome.models import Buddy, BuddyRequest, CheckinCount
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.meetups.conftest import make_series
from tests.welcome.conftest import scan_at

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "REACH_ROUNDING": 1}  # exact figures in the reach test


@pytest.fixture
def client(app):
    """A visitor whose browser asks for English (the texts these tests read)."""
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


@pytest.fixture
def series(db):
    """A weekly meeting on today's weekday, for a few weeks already."""
    now = today()
    made = make_series(
        db, rrule=f"FREQ=WEEKLY;BYDAY={DAYS[now.weekday()]}", first_day=now - timedelta(days=35)
    )
    db.commit()
    return made


def _as_staff(client, db, role: str = "staff"):
    user = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(user))
    return user


def _count(db, model) -> int:
    db.commit()  # a fresh read: the requests wrote in their own transactions
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_three_taps_then_thank_you_and_back_to_the_start(client, db, series) -> None:
    _as_staff(client, db, "volunteer")
    base = f"/meetups/{series.id}/{today().isoformat()}/checkin"
    page = client.get(base).get_data(as_text=True)
    assert "Did you feel welcome?" in page and "Question 1 of 3" in page
    for question, answer, following in (
        ("welcome", "yes", "step=1"),
        ("follow", "bit", "step=2"),
        ("again", "yes", "done=1"),
    ):
        response = client.post(base, data={"question": question, "answer": answer})
        assert response.status_code == 302 and following in response.headers["Location"]
    thanks = client.get(base + "?done=1").get_data(as_text=True)
    assert "Thank you!" in thanks and 'id="checkin-next"' in thanks
    tally = checkin.date_tally(db, series.id, today())
    assert tally["welcome"]["yes"] == tally["follow"]["bit"] == tally["again"]["yes"] == 1
    results = client.get(base + "/results").get_data(as_text=True)
    assert "Could you follow what was said?" in results


def test_a_bad_tap_counts_nothing_and_says_so(client, db, series) -> None:
    _as_staff(client, db, "volunteer")
    base = f"/meetups/{series.id}/{today().isoformat()}/checkin"
    response = client.post(
        base, data={"question": "follow", "answer": "maybe"}, follow_redirects=True
    )
    assert "Please tap one of the pictures." in response.get_data(as_text=True)
    assert "Question 2 of 3" in response.get_data(as_text=True)  # the same question again
    assert _count(db, CheckinCount) == 0
    coming = today() + timedelta(days=7)
    refused = client.post(
        f"/meetups/{series.id}/{coming.isoformat()}/checkin",
        data={"question": "welcome", "answer": "yes"},
        follow_redirects=True,
    )
    assert refused.status_code == 409 or "from the day of the meeting" in refused.get_data(
        as_text=True
    )
    assert _count(db, CheckinCount) == 0


def test_a_newcomer_asks_for_a_buddy_on_the_date_page(client, db, series) -> None:
    day = (today() + timedelta(days=7)).isoformat()
    page = client.get(f"/meetups/{series.id}/{day}").get_data(as_text=True)
    assert "Ask for a buddy" in page
    bad = client.post(
        f"/meetups/{series.id}/{day}/buddy",
        data={"language": "xx", "first_name": "Sara"},
        follow_redirects=True,
    )
    assert "Please choose a language from the list." in bad.get_data(as_text=True)
    phone = client.post(
        f"/meetups/{series.id}/{day}/buddy",
        data={"language": "ar", "first_name": "0470112233"},
        follow_redirects=True,
    )
    assert "Only a first name, please" in phone.get_data(as_text=True)
    assert _count(db, BuddyRequest) == 0
    good = client.post(
        f"/meetups/{series.id}/{day}/buddy",
        data={"language": "ar", "first_name": "Sara"},
        follow_redirects=True,
    )
    assert "We will look for a buddy" in good.get_data(as_text=True)
    assert _count(db, BuddyRequest) == 1


def test_a_family_that_comes_often_becomes_a_buddy_and_sees_its_newcomer(
    client, db, series
) -> None:
    family, _ = make_family(db, "Amira Haddad", language="en")
    db.commit()
    login_as(client, family_id(family))
    page = client.get("/me/buddy").get_data(as_text=True)
    assert "Come to a few more meetings first" in page
    assert "Welcome buddy" not in client.get("/me").get_data(as_text=True)

    scan_at(db, series, family, [today() - timedelta(days=7 * i) for i in range(1, 4)])
    db.commit()
    page = client.get("/me/buddy").get_data(as_text=True)
    assert 'value="Amira"' in page  # the first name, prefilled from the display name
    assert "Welcome buddy" in client.get("/me").get_data(as_text=True)
    refused = client.post("/me/buddy", data={"first_name": "Amira"})
    assert refused.status_code == 400
    assert "Please choose at least one language." in refused.get_data(as_text=True)
    assert _count(db, Buddy) == 0
    saved = client.post("/me/buddy", data={"first_name": "Amira", "languages": ["ar", "nl"]})
    assert saved.status_code == 302
    db.commit()
    buddy = db.scalars(select(Buddy)).one()
    assert buddy.languages == "nl ar"

    newcomer = buddies.ask(db, series.id, today() + timedelta(days=7), "ar", "Sara", today())
    db.commit()
    staff = make_user(db, role="staff")
    db.commit()
    other = client.application.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    login_as(other, staff_id(staff))
    rota = other.get("/buddies").get_data(as_text=True)
    assert "Sara" in rota and f'value="{buddy.id}"' in rota
    assert (
        other.post(
            f"/buddies/requests/{newcomer.id}/match", data={"buddy": str(buddy.id)}
        ).status_code
        == 302
    )
    mine = client.get("/me/buddy").get_data(as_text=True)
    assert "Sara" in mine
    data = client.get("/me/data").get_data(as_text=True)
    assert "Welcome buddy" in data and "Buddy since" in data
    asked = client.post("/me/buddy/stop")  # one tap asks first
    assert asked.status_code == 200 and _count(db, Buddy) == 1
    assert client.post("/me/buddy/stop", data={"confirm": "yes"}).status_code == 302
    assert _count(db, Buddy) == 0
    db.refresh(newcomer)  # after _count's commit: what the stop left
    assert newcomer.buddy_id is None


def test_the_rota_refuses_a_buddy_without_the_language(client, db, series) -> None:
    family, _ = make_family(db, "Elif")
    scan_at(db, series, family, [today() - timedelta(days=7 * i) for i in range(1, 4)])
    buddy = buddies.offer(db, family, "Elif", ["tr"], *_clock())
    request = buddies.ask(db, series.id, today() + timedelta(days=7), "ar", "", today())
    db.commit()
    _as_staff(client, db)
    page = client.post(
        f"/buddies/requests/{request.id}/match",
        data={"buddy": str(buddy.id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Choose a buddy who speaks this language." in page
    db.commit()
    db.refresh(request)
    assert request.buddy_id is None


def _clock():
    from spelotheek.db import utcnow

    return utcnow(), today()


def test_the_reach_page_and_its_csv_show_the_check_in(client, db, series) -> None:
    for answer in ["yes"] * 14 + ["no"] * 3:
        checkin.tap(db, series.id, today(), "welcome", answer, today())
    db.commit()
    _as_staff(client, db, "coordinator")
    month = today().strftime("%Y-%m")
    query = f"from={month}&to={month}&service=all&by=household"
    html = client.get(f"/reach?{query}").get_data(as_text=True)
    assert "Check-in at open meetings" in html
    assert "Whole period: Did you feel welcome?" in html
    rows = client.get(f"/reach/export.csv?{query}").get_data(as_text=True).splitlines()
    welcome = [r for r in rows if "Whole period: Did you feel welcome?" in r]
    shown = {r.split(",")[-2]: r.split(",")[-1] for r in welcome}
    # The 3 "no" taps are hidden behind "<10"; with the total and "a bit" shown, "yes" would
    # give them away, so it is hidden too (reach's secondary suppression).
    assert shown == {"Yes": "<10", "A bit": "0", "No": "<10", "Total": "17"}


@pytest.mark.parametrize("chosen", ["²", "٣", "9" * 40])
def test_a_buddy_choice_that_is_not_a_number_is_refused_plainly(
    client, db, series, chosen: str
) -> None:
    request = buddies.ask(db, series.id, today() + timedelta(days=7), "ar", "", today())
    db.commit()
    _as_staff(client, db)
    answer = client.post(f"/buddies/requests/{request.id}/match", data={"buddy": chosen})
    assert answer.status_code in (302, 422)
    db.commit()
    db.refresh(request)
    assert request.buddy_id is None
