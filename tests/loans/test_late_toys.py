"""Late toys are marked first, in words, colour and pictogram, and "More time" is offered only
when it will be given (issue 24, item 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from spelotheek.db import utcnow
from spelotheek.loans import holds, services
from spelotheek.loans.models import Loan
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.loans.factories import item_of, make_location, make_toy


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


EN = {"Accept-Language": "en"}


def _family_with_toys(db):
    """Hanne has a toy due long ago, one a little late, one on time that another family wants."""
    place = make_location(db)
    hanne, code = make_family(db, "Hanne")
    other, _ = make_family(db, "Other")
    now = utcnow()
    on_time = make_toy(db, "Loopfiets", location=place)
    services.lend(db, None, hanne.id, item_of(on_time), now)
    holds.place_hold(db, None, other, on_time.id, now)  # someone waits: no more time
    long_late = make_toy(db, "Ganzenbord", location=place)
    services.lend(db, None, hanne.id, item_of(long_late), now - timedelta(days=60))
    a_bit_late = make_toy(db, "Stapelbekers", location=place)
    services.lend(db, None, hanne.id, item_of(a_bit_late), now - timedelta(days=26))
    db.commit()
    return hanne, code


def _loans(page: str) -> list[str]:
    """The list items of the toys-at-home list, in page order."""
    section = page.split('class="loans"')[1].split("</ul>")[0]
    return section.split("<li")[1:]


def test_late_toys_come_first_on_the_family_page_and_more_time_is_offered_only_when_given(
    client, db
) -> None:
    hanne, _ = _family_with_toys(db)
    login_as(client, family_id(hanne))
    page = client.get("/me", headers=EN).get_data(as_text=True)
    items = _loans(page)
    assert [("Late" in li, "clock.svg" in li) for li in items] == [
        (True, True),
        (True, True),
        (False, False),
    ]
    assert "Loopfiets" in items[2]  # the toy on time comes last
    db.rollback()
    for loan in db.scalars(select(Loan).where(Loan.family_id == hanne.id)).all():
        offered = f"/me/loans/{loan.id}/renew" in page
        client.post(f"/me/loans/{loan.id}/renew")
        db.rollback()
        assert (db.get(Loan, loan.id).renewals == 1) == offered, loan.item.toy.name
    assert sum("/renew" in li for li in items) == 1  # only the toy a little late
    assert "Another family is waiting" in items[2]  # and why not, in words


def test_the_desk_panel_marks_late_toys_first(client, db) -> None:
    _, code = _family_with_toys(db)
    login_as(client, staff_id(make_user(db, role="volunteer")))
    db.commit()
    client.post("/desk/scan", data={"code": code})
    items = _loans(client.get("/desk", headers=EN).get_data(as_text=True))
    assert ["Late" in li and "clock.svg" in li and "days late" in li for li in items] == [
        True,
        True,
        False,
    ]
