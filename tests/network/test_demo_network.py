"""The demo network tells a whole story: every domain served, every right's table of cases
passing, conditions in canonical form, and a second load adding nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.auth.models import User
from spelotheek.content import texts_of
from spelotheek.demo import load_demo
from spelotheek.network import demo as network_demo
from spelotheek.network import rules
from spelotheek.network.models import (
    LifeDomain,
    NetworkClosure,
    NetworkLocation,
    Organization,
    Right,
    Service,
    ServiceAtLocation,
    ServiceHours,
)

TODAY = date(2026, 12, 6)
TABLES = (Organization, NetworkLocation, Service, ServiceAtLocation, ServiceHours, Right)
FIVE = {"nl", "fr", "en", "ar", "tr"}


def _counts(db) -> dict[str, int]:
    counts = {m.__name__: db.scalar(select(func.count()).select_from(m)) for m in TABLES}
    counts["closures"] = db.scalar(select(func.count()).select_from(NetworkClosure))
    counts["partners"] = db.scalar(select(func.count()).where(User.role == "partner"))
    return counts


@pytest.fixture
def network(db):
    """The whole demo, loaded once for the day of the test."""
    assert load_demo(db, TODAY)
    return db


def test_loading_twice_adds_nothing_the_second_time(network) -> None:
    before = _counts(network)
    assert not load_demo(network, TODAY)
    assert not network_demo.load(network, TODAY)
    network.flush()
    assert _counts(network) == before
    names = network.scalars(select(Service.name)).all()
    assert len(names) == len(set(names))


def test_about_thirty_services_and_every_life_domain_has_one(network) -> None:
    services = network.scalars(select(Service)).all()
    assert len(services) >= 28
    served = {d.code for s in services for d in s.domains}
    domains = set(network.scalars(select(LifeDomain.code)))
    assert len(domains) == 10
    assert domains <= served


@pytest.mark.parametrize("spec", network_demo.RIGHTS, ids=lambda s: s["code"])
def test_every_rights_table_of_cases_passes(spec) -> None:
    """The table test of each right, straight from the demo's data (no database needed)."""
    conditions = rules.checked_conditions(spec["conditions"])
    results = rules.run_cases(conditions, spec["cases"])
    assert len(results) >= 4
    failing = [(r.answers, r.expected, r.found) for r in results if not r.passes]
    assert failing == []
    found = {r.found for r in results}
    if conditions:  # a right for everyone can only be likely
        assert found == set(rules.Verdict), f"{spec['code']} lacks a yes, no or unknown case"


def test_the_stored_rights_pass_their_cases_have_services_and_canonical_conditions(
    network,
) -> None:
    rights = network.scalars(select(Right)).all()
    assert 10 <= len(rights) <= 14
    for right in rights:
        assert right.conditions == rules.checked_conditions(right.conditions), right.code
        assert all(r.passes for r in rules.run_cases(right.conditions, right.cases)), right.code
        assert right.services, f"{right.code} has no service that realises it"
        for field in ("title", "audience", "gives", "how", "what_to_bring"):
            assert set(texts_of(right, field)) == FIVE, (right.code, field)


def test_services_are_translated_and_searchable(network) -> None:
    services = network.scalars(select(Service)).all()
    only_dutch = []
    for service in services:
        assert set(texts_of(service, "name")) == FIVE, service.name
        assert set(texts_of(service, "description")) == FIVE, service.name
        assert service.search_text and service.name.casefold() in service.search_text
        assert service.places and all(p.hours for p in service.places), service.name
        assert service.phone.startswith("0"), service.name
        if not service.what_to_bring_texts:
            only_dutch.append(service.name)
    assert 1 <= len(only_dutch) <= 6  # the "only in Dutch" marker shows on a few, on purpose
    assert "يستمع" in " ".join(texts_of(s, "description")["ar"] for s in services)


def test_some_entries_are_older_than_six_months_for_the_coordinator(network) -> None:
    half_year_ago = TODAY - timedelta(days=183)
    stale = network.scalars(select(Service).where(Service.checked_on < half_year_ago)).all()
    assert 2 <= len(stale) <= 8


def test_places_are_in_gent_and_say_how_to_get_there(network) -> None:
    for place in network.scalars(select(NetworkLocation)):
        assert place.postcode in network_demo.GENT
        assert 51.0 < place.latitude < 51.1 and 3.65 < place.longitude < 3.8
        assert place.transit_stop and set(texts_of(place, "transit_stop")) == FIVE


def test_closures_cover_christmas_and_the_public_holidays_of_the_year_ahead(network) -> None:
    closures = network.scalars(select(NetworkClosure)).all()
    assert all(c.location_id is None for c in closures)
    days = {(c.first_day, c.last_day) for c in closures}
    assert (date(2026, 12, 24), date(2027, 1, 1)) in days
    assert (date(2027, 3, 29), date(2027, 3, 29)) in days  # Easter Monday 2027
    assert (date(2027, 7, 21), date(2027, 7, 21)) in days
    assert all(TODAY <= c.last_day <= TODAY + timedelta(days=366) for c in closures)


@pytest.mark.parametrize(
    ("year", "sunday"),
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2027, date(2027, 3, 28))],
)
def test_easter(year: int, sunday: date) -> None:
    assert network_demo.easter(year) == sunday


def test_on_new_years_day_the_christmas_closure_still_counts() -> None:
    periods = network_demo.network_closures(date(2027, 1, 1))
    assert periods[0][:2] == (date(2026, 12, 24), date(2027, 1, 1))


def test_the_partner_account_belongs_to_one_demo_organisation(network) -> None:
    partner = network.scalars(select(User).where(User.email == network_demo.PARTNER_EMAIL)).one()
    assert partner.role == "partner"
    for organization in network.scalars(select(Organization)):
        assert set(texts_of(organization, "description")) == FIVE, organization.name
    organization = network.get(Organization, partner.organization_id)
    assert organization.name == network_demo.PARTNER_ORGANIZATION
    assert organization.services
