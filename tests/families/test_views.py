"""Staff family pages through the client."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from spelotheek.families import cardcode
from spelotheek.families.models import Family
from tests.factories import login_as, make_family, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def staff_client(client, db):
    login_as(client, staff_id(make_user(db, role="staff", language="en")))
    db.commit()
    return client


def test_registering_a_family_shows_its_card_once(staff_client, db) -> None:
    response = staff_client.post(
        "/families/new",
        data={"display_name": "  Elif ", "language": "tr", "postcode": "9000"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200
    html = response.data.decode()
    shown = re.search(r'id="card-code">([0-9A-Z-]+)<', html).group(1)
    family = db.scalars(select(Family)).one()
    assert family.display_name == "Elif" and family.language == "tr"
    assert family.active_card.token_hash == cardcode.token_hash(cardcode.parse(shown))
    assert "<svg" in html and 'download="family-card.png"' in html
    # the code is not shown again on the family's page
    page = staff_client.get(f"/families/{family.id}").data.decode()
    assert shown not in page, page[page.find(shown) - 200 : page.find(shown) + 40]
    assert family.active_card.hint in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "", "Please choose a name for the card."),
        ("email", "not-an-email", "This e-mail address does not look right."),
        ("postcode", "90000", "A Belgian postcode has 4 digits."),
        ("phone", "call me", "This is not a phone number. Write it like 0470 12 34 56."),
        ("language", "xx", "Not a valid choice"),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(staff_client, db, field, value, message):
    data = {"display_name": "Nina", field: value}
    response = staff_client.post("/families/new", data=data, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert message in response.data.decode()
    assert db.scalars(select(Family)).all() == []


def test_card_lost_gives_a_new_code_and_the_old_one_stops(staff_client, db) -> None:
    family, old_code = make_family(db)
    db.commit()
    response = staff_client.post(f"/families/{family.id}/card", data={"confirm": "yes"})
    assert response.status_code == 200
    new_code = re.search(r'id="card-code">([0-9A-Z-]+)<', response.data.decode()).group(1)
    assert cardcode.parse(new_code) != old_code
    answer = staff_client.get(f"/api/v1/cards/{old_code}")
    assert answer.status_code == 410 and answer.get_json()["error"] == "card_revoked"


def test_set_pin_and_library_card_and_children(staff_client, db) -> None:
    family, _ = make_family(db)
    db.commit()
    staff_client.post(f"/families/{family.id}/pin", data={"pin-pin": "1357"})
    staff_client.post(
        f"/families/{family.id}/library-card", data={"library-number": "200055554444"}
    )
    staff_client.post(
        f"/families/{family.id}/children",
        data={"child-birth_year": "2023", "child-birth_month": "4"},
    )
    db.expire_all()
    family = db.get(Family, family.id)
    assert family.pin_hash and family.library_card_hint == "4444"
    assert [(c.birth_year, c.birth_month) for c in family.children] == [(2023, 4)]


def test_a_bad_pin_is_explained(staff_client, db) -> None:
    family, _ = make_family(db)
    db.commit()
    response = staff_client.post(
        f"/families/{family.id}/pin",
        data={"pin-pin": "12"},
        follow_redirects=True,
        headers={"Accept-Language": "en"},
    )
    assert "A PIN has 4, 5 or 6 digits." in response.data.decode()
    db.expire_all()
    assert db.get(Family, family.id).pin_hash is None


def test_search_by_name(staff_client, db) -> None:
    make_family(db, "Zeynep")
    make_family(db, "Bram")
    db.commit()
    html = staff_client.get("/families/?q=zey").data.decode()
    assert "Zeynep" in html and "Bram" not in html


def test_an_unknown_family_is_a_friendly_404(staff_client) -> None:
    response = staff_client.get("/families/424242", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "We could not find this family." in response.data.decode()


def test_volunteers_do_not_see_the_family_list(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="volunteer")))
    db.commit()
    assert client.get("/families/").status_code == 403
