"""Import of HSDS JSON: the official examples, refusals that change nothing, the report, the
history, and export → import → export giving the same file."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from spelotheek.network import hsds, hsds_queries
from spelotheek.network.hsds_import import ImportRefused, import_document
from spelotheek.network.models import (
    DirectoryChange,
    NetworkLocation,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceHours,
)
from tests.factories import life_domain
from tests.network.hsds_fixtures import make_directory

EXAMPLES = Path(__file__).parent / "hsds_examples"  # a copy of ../shared/hsds-3.0/examples
COUNTED = (Organization, Service, NetworkLocation, ServiceAtLocation, ServiceHours)
EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def example(name: str):
    return json.loads((EXAMPLES / name).read_text())


def counts(db) -> dict[str, int]:
    found = {m.__name__: db.scalar(select(func.count()).select_from(m)) for m in COUNTED}
    return found | {"changes": db.scalar(select(func.count()).select_from(DirectoryChange))}


def export(db) -> dict:
    return hsds.bundle(*hsds_queries.whole_directory(db))


@pytest.mark.parametrize(
    "name",
    [
        "service_full.json",
        "organization_full.json",
        "service_at_location_full.json",
        "service_list.json",
        "organization_list.json",
        "service_at_location_list.json",
    ],
)
def test_the_official_examples_import(db, name: str) -> None:
    report = import_document(db, example(name))
    assert {e.entity for e in report.created} >= {"organization"}
    organization = db.scalars(select(Organization)).one()
    assert organization.name == "Example Organization Inc."
    if name != "organization_list.json":
        service = db.scalars(select(Service).where(Service.uuid == EXAMPLE_SERVICE)).one()
        assert service.name == "Community Counselling"
        assert "counselling" in service.search_text


def test_the_full_service_example_in_detail(db) -> None:
    report = import_document(db, example("service_full.json"))
    service = db.scalars(select(Service)).one()
    assert service.audience.startswith("This service is intended for all people aged 12")
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    assert service.checked_on == date(2005, 1, 1)
    assert service.languages == ["ur"]
    assert service.interpreter is True
    assert service.access == "appointment"  # another directory's words: ask, don't guess
    assert service.cost == "paid" and service.price_cents is None  # 35 in pounds: no price
    assert service.what_to_bring.startswith("Any official identification document")
    assert service.phone == '"+44 1234 234567"'
    (place,) = service.places
    assert place.location.name == "MyCity Civic Center"
    assert (place.location.postcode, place.location.city) == ("ABC 1234", "MyCity")
    assert place.location.latitude is None  # 100 is no latitude: left out and reported
    assert [(h.weekday, h.opens, h.closes) for h in place.hours] == [
        (3, time(10), time(18)),
        (4, time(10), time(18)),
    ]
    assert service.domains == []
    skipped = {p.where: p.message for p in report.skipped}
    assert skipped["$.attributes[0]"] == "not a life domain here"
    assert "$.service_at_locations[0].location.latitude" in skipped


@pytest.mark.parametrize(
    "name", ["taxonomy.json", "taxonomy_term.json", "taxonomy_list.json", "location.json"]
)
def test_examples_the_directory_has_no_place_for_are_reported_and_skipped(db, name) -> None:
    before = counts(db)
    report = import_document(db, example(name))
    assert report.skipped and not report.created and not report.changed
    assert counts(db) == before


def test_a_term_of_the_life_web_renames_its_domain_and_a_service_links_by_code(db) -> None:
    housing = life_domain(db, "housing")
    term = {"id": housing.uuid, "name": "Wonen en energie", "description": "Huur, energie."}
    term |= {"translations": {"fr": {"name": "Logement et énergie"}}}
    service = example("service_full.json")
    service["attributes"][0]["taxonomy_term"]["code"] = "housing"
    report = import_document(db, {"taxonomy_terms": [term], "services": [service]})
    assert housing.name == "Wonen en energie"
    assert housing.name_texts == {"fr": "Logement et énergie"}
    assert [e.entity for e in report.changed] == ["domain"]
    assert db.scalars(select(Service)).one().domains == [housing]


def test_an_invalid_file_is_refused_with_its_first_errors_and_nothing_changes(db) -> None:
    make_directory(db)
    before = counts(db)
    broken = example("service_full.json")
    del broken["status"]
    broken["phones"][0]["number"] = 42
    broken["service_at_locations"][0]["location"]["location_type"] = "boat"
    with pytest.raises(ImportRefused) as refused:
        import_document(db, [example("organization_full.json"), broken])
    shown = [str(p) for p in refused.value.problems]
    assert "[1]: 'status' is a required property" in shown
    assert "[1].phones[0].number: 42 is not of type 'string'" in shown
    assert any(s.startswith("[1].service_at_locations[0].location.location_type") for s in shown)
    assert counts(db) == before


@pytest.mark.parametrize(
    "document", [42, "text", [1, 2], {"services": "not a list"}, {"version": "3.0"}]
)
def test_what_is_no_hsds_at_all_is_refused(db, document) -> None:
    with pytest.raises(ImportRefused):
        import_document(db, document)


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("hours", lambda s: s["service_at_locations"][0]["schedules"][0].update(opens_at="19:00")),
        ("ages", lambda s: s.update(minimum_age=50, maximum_age=10)),
        ("long", lambda s: s.update(description="x" * 2001)),
        ("name", lambda s: s.update(name="x" * 161)),
        ("blank", lambda s: s.update(name="   ")),
        ("nameless organisation", lambda s: s["organization"].update(name="")),
        ("nul", lambda s: s.update(description="a\x00b")),
        ("date", lambda s: s.update(assured_date="yesterday")),
        ("orphan", lambda s: s.pop("organization")),
        ("words", lambda s: s.update(translations={"fr": "bonjour"})),
        ("endless", lambda s: s.update(minimum_age=float("inf"))),
        ("half", lambda s: s.update(maximum_age=12.5)),
    ],
)
def test_one_bad_object_refuses_the_whole_import(db, where: str, change) -> None:
    """The first service is fine; the second is bad; the caller rolls back everything."""
    good = example("service_full.json")
    bad = copy.deepcopy(good)
    bad["id"] = "b2c1d1f4-0000-4000-8000-000000000001"
    bad["service_at_locations"][0]["id"] = "b2c1d1f4-0000-4000-8000-000000000002"
    bad["service_at_locations"][0]["location"]["id"] = "b2c1d1f4-0000-4000-8000-000000000003"
    change(bad)
    with pytest.raises(ImportRefused) as refused:
        import_document(db, [good, bad])
    assert refused.value.problems[0].where.startswith("[1]"), where


def test_a_second_import_changes_only_what_differs_and_keeps_history(db) -> None:
    import_document(db, example("service_full.json"))
    db.flush()
    again = import_document(db, example("service_full.json"))
    assert not again.created and not again.changed
    edited = example("service_full.json")
    edited["name"] = "Counselling in the community"
    edited["service_at_locations"][0]["schedules"][0]["byday"] = "MO"
    report = import_document(db, edited)
    (entry,) = report.changed
    assert (entry.entity, sorted(entry.changes)) == ("service", ["hours", "name"])
    assert "would change service" in report.lines(dry_run=True)[0]
    history = db.scalars(
        select(DirectoryChange)
        .where(DirectoryChange.entity_uuid == EXAMPLE_SERVICE)
        .order_by(DirectoryChange.id)
    ).all()
    assert [h.action for h in history] == ["imported", "imported"]
    assert history[-1].changes["name"] == ["Community Counselling", "Counselling in the community"]


def test_export_import_export_gives_the_same_file(db) -> None:
    make_directory(db)
    db.commit()
    first = export(db)
    assert len(first["services"]) == 3 and len(first["organizations"]) == 2
    for organization in db.scalars(select(Organization)).all():
        db.delete(organization)
    db.execute(DirectoryChange.__table__.delete())
    db.commit()
    assert counts(db)["Service"] == 0
    report = import_document(db, json.loads(json.dumps(first)))
    db.commit()
    assert len(report.created) == 2 + 3 + 4  # organisations, services, places
    assert not report.skipped
    db.expire_all()
    assert export(db) == first
    budget = db.scalars(select(Service).where(Service.name == "Budgethulp")).one()
    assert budget.name_texts == {"ar": "مساعدة الميزانية", "fr": "Aide budgétaire"}
    assert (budget.cost, budget.price_cents, budget.access) == ("reduced", 500, "both")
    assert budget.search_text and "aide" in budget.search_text
    # …and importing the same file again changes nothing.
    assert not import_document(db, first).changed


def test_a_place_of_another_organisation_is_refused(db) -> None:
    made = make_directory(db)
    theirs = made["help_desk"].places[0].location.uuid
    service = example("service_full.json")
    service["service_at_locations"][0].pop("location")
    service["service_at_locations"][0]["location_id"] = theirs
    with pytest.raises(ImportRefused) as refused:
        import_document(db, service)
    assert refused.value.problems[0].message == "this place belongs to another organisation"


def test_an_endless_or_foreign_price_is_no_price(db) -> None:
    service = example("service_full.json")
    service["cost_options"][0] |= {"currency": "EUR", "amount": float("inf")}
    import_document(db, service)
    found = db.scalars(select(Service)).one()
    assert (found.cost, found.price_cents) == ("paid", None)
