"""Editing the directory: what is saved, what is refused (with a message) and that a refusal
saves nothing; every change leaves a history row."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from spelotheek.network.models import (
    DirectoryChange,
    NetworkLocation,
    Organization,
    Service,
    ServiceHours,
)
from tests.factories import login_as, make_organization, make_service, make_user, staff_id

LONG = "x" * 2001


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def partner_client(app: Flask, db):
    partner = make_user(db, role="partner", name="Petra Partner")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(partner))
    return client, partner.organization_id


def fresh(db) -> None:
    db.rollback()
    db.expire_all()


def _service_form(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "Budgetbegeleiding",
        "description": "We helpen je met je rekeningen.",
        "audience": "Gezinnen in de stad",
        "domains": ["1"],
        "cost": "reduced",
        "price": "2.50",
        "cost_details": "Gratis met verhoogde tegemoetkoming",
        "languages": ["nl", "ar"],
        "access": "appointment",
        "phone": "+32 9 210 10 10",
        "email": "budget@example.org",
        "url": "https://example.org/budget",
        "minimum_age": "",
        "maximum_age": "",
        "status": "active",
        "description_fr": "Nous vous aidons avec vos factures.",
    }
    form.update(changes)
    return form


def _domain_id(db, code: str = "income") -> str:
    from tests.factories import life_domain

    return str(life_domain(db, code).id)


def test_a_partner_adds_a_service_with_every_field(partner_client, db) -> None:
    client, organization_id = partner_client
    domain = _domain_id(db)
    answer = client.post(
        f"/network/manage/organizations/{organization_id}/services/new",
        data=_service_form(domains=[domain]),
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    fresh(db)
    service = db.scalars(select(Service)).one()
    assert service.organization_id == organization_id
    assert service.price_cents == 250 and service.cost == "reduced"
    assert service.languages == ["nl", "ar"]
    assert service.description_texts == {"fr": "Nous vous aidons avec vos factures."}
    assert [d.code for d in service.domains] == ["income"]
    assert "nous vous aidons" in service.search_text
    assert service.checked_on is not None
    change = db.scalars(select(DirectoryChange).where(DirectoryChange.entity == "service")).one()
    assert change.action == "created" and change.changes["name"] == [None, "Budgetbegeleiding"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Please"),
        ({"description": LONG}, "2000"),
        ({"phone": "12345"}, "not a phone number"),
        ({"email": "not-an-address"}, "valid e-mail"),
        ({"url": "javascript:alert(1)"}, "https://"),
        ({"price": "-1"}, "0 or more"),
        ({"minimum_age": "12", "maximum_age": "3"}, "lowest age is higher"),
        ({"domains": []}, "at least one life domain"),
        ({"languages": ["xx"]}, "not a valid choice"),
        ({"description_ar": LONG}, "2000"),
    ],
)
def test_a_bad_service_is_refused_with_a_message_and_nothing_saved(
    partner_client, db, changes, message
) -> None:
    client, organization_id = partner_client
    form = _service_form(domains=[_domain_id(db)])
    form.update(changes)
    answer = client.post(f"/network/manage/organizations/{organization_id}/services/new", data=form)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    fresh(db)
    assert db.scalar(select(func.count()).select_from(Service)) == 0
    assert db.scalar(select(func.count()).select_from(DirectoryChange)) == 0


def test_a_changed_service_keeps_its_old_values_in_the_history(partner_client, db) -> None:
    client, organization_id = partner_client
    organization = db.get(Organization, organization_id)
    service = make_service(db, name="Spreekuur", organization=organization)
    db.commit()
    answer = client.post(
        f"/network/manage/services/{service.id}",
        data=_service_form(name="Spreekuur OCMW", domains=[_domain_id(db, "housing")]),
    )
    assert answer.status_code == 302
    fresh(db)
    change = db.scalars(select(DirectoryChange).where(DirectoryChange.action == "changed")).one()
    assert change.changes["name"] == ["Spreekuur", "Spreekuur OCMW"]
    assert change.changes["domains"] == [["income"], ["housing"]]
    page = client.get(f"/network/manage/services/{service.id}/history").get_data(as_text=True)
    assert "Petra Partner" in page and "Spreekuur OCMW" in page


def test_an_unchanged_save_keeps_no_history(partner_client, db) -> None:
    client, organization_id = partner_client
    client.post(
        f"/network/manage/organizations/{organization_id}",
        data={"name": "Same", "phone": "0470 12 34 56"},
    )
    client.post(
        f"/network/manage/organizations/{organization_id}",
        data={"name": "Same", "phone": "0470 12 34 56"},
    )
    fresh(db)
    assert db.scalar(select(func.count()).select_from(DirectoryChange)) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"postcode": "900"}, "four digits"),
        ({"postcode": "ABCD"}, "four digits"),
        ({"address": ""}, "Please give the address"),
        ({"latitude": "91", "longitude": "3"}, "out of range"),
        ({"latitude": "51"}, "both latitude and longitude"),
        ({"access_note": LONG}, "2000"),
    ],
)
def test_a_bad_place_is_refused(partner_client, db, changes, message) -> None:
    client, organization_id = partner_client
    form = {
        "name": "Onthaal",
        "address": "Kerkstraat 1",
        "postcode": "9000",
        "city": "Gent",
        "step_free": "yes",
    }
    form.update(changes)
    answer = client.post(f"/network/manage/organizations/{organization_id}/places/new", data=form)
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    fresh(db)
    assert db.scalar(select(func.count()).select_from(NetworkLocation)) == 0


def test_a_place_is_saved_with_step_free_access(partner_client, db) -> None:
    client, organization_id = partner_client
    form = {
        "name": "Onthaal",
        "address": "Kerkstraat 1",
        "postcode": "9000",
        "city": "Gent",
        "step_free": "no",
        "transit_stop": "Halte Zuid",
        "latitude": "51.05",
        "longitude": "3.72",
    }
    answer = client.post(f"/network/manage/organizations/{organization_id}/places/new", data=form)
    assert answer.status_code == 302
    fresh(db)
    place = db.scalars(select(NetworkLocation)).one()
    assert place.step_free is False and place.latitude == 51.05


def _hours(*rows: tuple[str, str, str]) -> dict[str, str]:
    data = {}
    for n, (day, opens, closes) in enumerate(rows):
        data.update(
            {f"rows-{n}-weekday": day, f"rows-{n}-opens": opens, f"rows-{n}-closes": closes}
        )
    return data


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((("0", "12:00", "09:00"),), "closes before it opens"),
        ((("0", "09:00", "12:00"), ("0", "11:00", "13:00")), "overlap"),
        ((("0", "09:00", ""),), "Please give the day"),
    ],
)
def test_bad_hours_are_refused_and_the_old_ones_stay(partner_client, db, rows, message) -> None:
    client, organization_id = partner_client
    service = make_service(db, organization=db.get(Organization, organization_id))
    location_id = service.places[0].location_id
    db.commit()
    answer = client.post(
        f"/network/manage/services/{service.id}/places/{location_id}", data=_hours(*rows)
    )
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    fresh(db)
    hours = db.scalars(select(ServiceHours)).all()
    assert [(h.weekday, h.opens.hour, h.closes.hour) for h in hours] == [(1, 9, 12)]


def test_hours_are_replaced_and_kept_in_the_history(partner_client, db) -> None:
    client, organization_id = partner_client
    service = make_service(db, organization=db.get(Organization, organization_id))
    location_id = service.places[0].location_id
    db.commit()
    answer = client.post(
        f"/network/manage/services/{service.id}/places/{location_id}",
        data=_hours(("0", "09:00", "12:00"), ("0", "13:00", "16:00"), ("-1", "", "")),
    )
    assert answer.status_code == 302
    fresh(db)
    hours = db.scalars(select(ServiceHours).order_by(ServiceHours.opens)).all()
    assert [(h.weekday, h.opens.hour) for h in hours] == [(0, 9), (0, 13)]
    change = db.scalars(select(DirectoryChange)).one()
    ((field, (old, new)),) = change.changes.items()
    assert field.startswith("hours") and old == ["1 09:00-12:00"]
    assert new == ["0 09:00-12:00", "0 13:00-16:00"]


def test_a_partner_cannot_use_another_organisations_place(partner_client, db) -> None:
    client, organization_id = partner_client
    own = make_service(db, organization=db.get(Organization, organization_id))
    elsewhere = make_service(db, organization=make_organization(db, name="Elders"))
    db.commit()
    location_id = elsewhere.places[0].location_id
    answer = client.post(
        f"/network/manage/services/{own.id}/places/{location_id}",
        data=_hours(("0", "09:00", "12:00")),
    )
    assert answer.status_code == 404


def test_all_entries_still_true_checks_the_organisation_and_its_services(
    partner_client, db
) -> None:
    client, organization_id = partner_client
    service = make_service(db, organization=db.get(Organization, organization_id))
    db.commit()
    assert (
        client.post(f"/network/manage/organizations/{organization_id}/checked").status_code == 302
    )
    fresh(db)
    organization = db.get(Organization, organization_id)
    assert organization.checked_on is not None
    assert db.get(Service, service.id).checked_on == organization.checked_on
    change = db.scalars(select(DirectoryChange)).one()
    assert change.action == "checked" and change.entity == "organization"
    page = client.get(f"/network/manage/organizations/{organization_id}").get_data(as_text=True)
    assert "Checked on" in page


def test_removing_a_service_asks_first_then_keeps_its_history(partner_client, db) -> None:
    client, organization_id = partner_client
    service_id = make_service(db, organization=db.get(Organization, organization_id)).id
    db.commit()
    first = client.post(f"/network/manage/services/{service_id}/remove")
    assert first.status_code == 200 and 'name="confirm"' in first.get_data(as_text=True)
    assert (
        client.post(
            f"/network/manage/services/{service_id}/remove", data={"confirm": "yes"}
        ).status_code
        == 302
    )
    fresh(db)
    assert db.get(Service, service_id) is None
    assert db.scalars(select(DirectoryChange)).one().action == "removed"


def test_the_coordinator_adds_an_organisation_and_a_closure(app: Flask, db) -> None:
    coordinator = make_user(db, role="coordinator")
    service = make_service(db)
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    answer = client.post("/network/manage/organizations/new", data={"name": "Kind en Gezin"})
    assert answer.status_code == 302
    bad = client.post(
        "/network/manage/closures",
        data={"location_id": "0", "first_day": "2026-12-31", "last_day": "2026-12-24"},
    )
    assert bad.status_code == 422 and "before the first day" in bad.get_data(as_text=True)
    good = client.post(
        "/network/manage/closures",
        data={
            "location_id": "0",
            "first_day": "2026-12-24",
            "last_day": "2026-12-31",
            "reason": "Kerstvakantie",
        },
    )
    assert good.status_code == 302
    page = client.get("/network/manage/closures").get_data(as_text=True)
    assert "Kerstvakantie" in page and "every network place" in page
    one = client.post(
        "/network/manage/closures",
        data={
            "location_id": str(service.places[0].location_id),
            "first_day": "2026-12-24",
            "last_day": "2026-12-26",
            "reason": "Inventaris",
        },
    )
    assert one.status_code == 302


def test_the_history_shows_who_and_when_in_brussels_time(partner_client, db) -> None:
    from datetime import UTC, datetime

    from spelotheek.network.history import record_change

    client, organization_id = partner_client
    organization = db.get(Organization, organization_id)
    row = record_change(
        db,
        "organization",
        organization.uuid,
        "changed",
        organization_id=organization_id,
        user_id=None,
        changes={"description_texts": [None, {"fr": "Bonjour"}]},
    )
    row.changed_at = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Brussels (summer)
    db.commit()
    page = client.get(f"/network/manage/organizations/{organization_id}/history")
    text = page.get_data(as_text=True)
    assert "12:00" in text and "10:00" not in text
    assert "fr: Bonjour" in text and "the system" in text


def test_the_coordinators_pages_answer(app: Flask, db) -> None:
    coordinator = make_user(db, role="coordinator")
    make_service(db)
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    for url in (
        "/network/manage",
        "/network/manage/organizations/new",
        "/network/manage/closures",
        "/network/manage/domains",
        "/network/manage/domains/new",
        "/network/manage/rights",
        "/network/manage/rights/new",
        "/network/manage/unchecked",
    ):
        assert client.get(url).status_code == 200, url


def test_removing_a_place_takes_the_hours_there_with_it(partner_client, db) -> None:
    from spelotheek.network.models import ServiceAtLocation

    client, organization_id = partner_client
    service = make_service(db, organization=db.get(Organization, organization_id))
    location_id = service.places[0].location_id
    db.commit()
    answer = client.post(f"/network/manage/places/{location_id}/remove", data={"confirm": "yes"})
    assert answer.status_code == 302
    fresh(db)
    assert db.get(NetworkLocation, location_id) is None
    assert db.scalar(select(func.count()).select_from(ServiceAtLocation)) == 0
    assert db.scalar(select(func.count()).select_from(ServiceHours)) == 0
    page = client.get(f"/network/manage/organizations/{organization_id}")
    assert page.status_code == 200


def test_the_hours_page_shows_the_stored_rows_and_room_for_more(partner_client, db) -> None:
    client, organization_id = partner_client
    service = make_service(
        db,
        organization=db.get(Organization, organization_id),
        hours=((1, "09:00", "12:00"), (3, "13:30", "16:00")),
    )
    location_id = service.places[0].location_id
    db.commit()
    page = client.get(f"/network/manage/services/{service.id}/places/{location_id}")
    text = page.get_data(as_text=True)
    assert 'value="13:30"' in text and 'value="09:00"' in text
    assert 'name="rows-4-weekday"' in text  # two stored rows and three empty ones
