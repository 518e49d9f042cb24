"""Interpreter forms on the pages of a meeting date, a group session and a handover; the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from spelotheek.interpreters.models import InterpreterRequest
from spelotheek.meetups.timetable import today
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group
from tests.handovers.conftest import make_handover
from tests.meetups.conftest import make_series

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def client(app):
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


def _login(client, db, role: str):
    user = make_user(db, role=role)
    db.commit()
    login_as(client, staff_id(user))
    return user


def _requests(db) -> list[InterpreterRequest]:
    db.commit()
    return list(db.scalars(select(InterpreterRequest).order_by(InterpreterRequest.id)))


def test_staff_ask_on_the_date_page_and_arrange_from_the_list(client, db) -> None:
    now = today()
    series = make_series(
        db, rrule=f"FREQ=WEEKLY;BYDAY={DAYS[now.weekday()]}", first_day=now - timedelta(days=7)
    )
    db.commit()
    _login(client, db, "staff")
    day = (now + timedelta(days=7)).isoformat()
    page = client.get(f"/meetups/{series.id}/{day}/edit").get_data(as_text=True)
    assert "Ask for an interpreter" in page
    bad = client.post(
        f"/interpreters/meetups/{series.id}/{day}",
        data={"interpreter-language": "ar", "interpreter-note": "bel 0470 11 22 33"},
        follow_redirects=True,
    )
    assert "Please leave out phone numbers" in bad.get_data(as_text=True)
    assert _requests(db) == []
    client.post(
        f"/interpreters/meetups/{series.id}/{day}",
        data={"interpreter-language": "ar", "interpreter-note": "Syrian Arabic"},
    )
    (request,) = _requests(db)
    listed = client.get("/interpreters").get_data(as_text=True)
    assert "Syrian Arabic" in listed and series.title in listed
    assert client.post(f"/interpreters/{request.id}/arranged").status_code == 302
    assert "No open requests." in client.get("/interpreters").get_data(as_text=True)
    assert "arranged" in client.get(f"/meetups/{series.id}/{day}/edit").get_data(as_text=True)


def test_a_facilitator_asks_only_for_sessions_of_own_groups(client, db) -> None:
    mine = make_user(db, role="facilitator")
    other = make_user(db, role="facilitator")
    group = make_group(db, [other], first_day=today() + timedelta(days=14))
    db.commit()
    login_as(client, staff_id(mine))
    url = f"/interpreters/groups/{group.id}/sessions/{group.sessions[0].id}"
    assert client.post(url, data={"interpreter-language": "ar"}).status_code == 404
    assert _requests(db) == []
    login_as(client, staff_id(other))
    assert "Ask for an interpreter" in client.get(
        f"/groups/{group.id}/sessions/{group.sessions[0].id}"
    ).get_data(as_text=True)
    client.post(url, data={"interpreter-language": "ar"})
    assert [r.language for r in _requests(db)] == ["ar"]


def test_a_family_asks_for_its_own_handover(client, db) -> None:
    family, _ = make_family(db, "Amira", phone="0470 11 22 33", language="en")
    stranger, _ = make_family(db, "Other", language="en")
    handover = make_handover(db, family=family)
    db.commit()
    login_as(client, family_id(stranger))
    assert (
        client.post(
            f"/me/handovers/{handover.id}/interpreter", data={"interpreter-language": "ar"}
        ).status_code
        == 404
    )
    login_as(client, family_id(family))
    assert "Ask for an interpreter" in client.get(f"/me/handovers/{handover.id}").get_data(
        as_text=True
    )
    client.post(f"/me/handovers/{handover.id}/interpreter", data={"interpreter-language": "ar"})
    (request,) = _requests(db)
    assert request.asked_by == "family" and request.handover_id == handover.id
    assert request.on_day == today()  # a handover without a day to go together: asked today
