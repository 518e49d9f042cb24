"""A small directory for the HSDS tests: two organisations, three services, translations,
weekly hours, a service at two places; and the schema checks the tests share."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy.orm import Session

from spelotheek.network.hsds_import import SCHEMA_DIR, validator
from spelotheek.network.models import NetworkLocation, Service, ServiceAtLocation, ServiceHours
from spelotheek.network.texts import refresh_search_text
from tests.factories import make_organization, make_service, time_of


def make_directory(db: Session) -> dict[str, Service]:
    """Three services of two organisations, one of them at two places."""
    caw = make_organization(
        db,
        "CAW Oost",
        description_texts={"fr": "Le CAW aide les familles."},
        email="onthaal@caw.example",
        website="https://caw.example/",
        phone="09 123 45 67",
    )
    ocmw = make_organization(db, "Sociaal Huis")
    budget = make_service(
        db,
        "Budgethulp",
        domains=("income", "housing"),
        organization=caw,
        hours=((0, "09:00", "12:00"), (3, "13:30", "16:00")),
        name_texts={"fr": "Aide budgétaire", "ar": "مساعدة الميزانية"},
        description_texts={"fr": "Nous vous aidons avec vos factures."},
        audience="Gezinnen met kinderen",
        audience_texts={"en": "Families with children"},
        cost="reduced",
        cost_details="Gratis met verhoogde tegemoetkoming",
        price_cents=500,
        what_to_bring="Identiteitskaart\nLaatste loonbrief",
        languages=["nl", "ar", "fr"],
        interpreter=True,
        access="both",
        phone="09 111 22 33",
        email="budget@caw.example",
        url="https://caw.example/budget",
        minimum_age=18,
        checked_on=date(2026, 11, 2),
    )
    second = NetworkLocation(
        organization=caw,
        name="CAW Oost — Ledeberg",
        address="Hundelgemsesteenweg 12",
        postcode="9050",
        city="Gent",
        transit_stop="Ledeberg Kerk",
        transit_stop_texts={"fr": "Ledeberg Église"},
        step_free=True,
        access_note="Bel aan links.",
        access_note_texts={"en": "Ring the bell on the left."},
    )
    db.add(
        ServiceAtLocation(
            service=budget,
            location=second,
            hours=[ServiceHours(weekday=5, opens=time_of("10:00"), closes=time_of("12:00"))],
        )
    )
    help_desk = make_service(
        db,
        "Spreekuur sociale dienst",
        domains=("income",),
        organization=ocmw,
        access="appointment",
        cost="free",
    )
    closed = make_service(
        db, "Oude dienst", domains=("papers",), organization=ocmw, status="inactive", cost="paid"
    )
    db.flush()
    for service in (budget, help_desk, closed):
        db.refresh(service)
        refresh_search_text(service)
    db.flush()
    return {"budget": budget, "help_desk": help_desk, "closed": closed}


def schema_errors(schema_file: str, thing: Any) -> list[str]:
    """What the HSDS schema finds wrong in an object (empty: valid)."""
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in validator(schema_file).iter_errors(thing)
    ]


def page_errors(body: Any) -> list[str]:
    """What is wrong with an HSDA page: the Page schema of the HSDA OpenAPI (every field
    present) and `contents` a list."""
    document = json.loads((SCHEMA_DIR / "openapi.json").read_text())
    page = document["components"]["schemas"]["Page"]
    schema = {
        **page,
        "required": [*page["properties"], "contents"],
        "properties": {**page["properties"], "contents": {"type": "array"}},
    }
    return [
        f"{list(e.absolute_path)}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(body)
    ]


def public_hsds_paths(db: Session) -> dict[str, str]:
    """A path for every HSDS endpoint (all public), by endpoint, over a committed directory."""
    from spelotheek.network.hsds import LIFE_WEB_ID

    budget = make_directory(db)["budget"]
    db.commit()
    base = "/api/v1/hsds"
    term = budget.domains[0].uuid
    return {
        "api.hsds_about": f"{base}/",
        "api.hsds_services": f"{base}/services",
        "api.hsds_service": f"{base}/services/{budget.uuid}",
        "api.hsds_organizations": f"{base}/organizations",
        "api.hsds_organization": f"{base}/organizations/{budget.organization.uuid}",
        "api.hsds_service_at_locations": f"{base}/service_at_locations",
        "api.hsds_service_at_location": f"{base}/service_at_locations/{budget.places[0].uuid}",
        "api.hsds_taxonomies": f"{base}/taxonomies",
        "api.hsds_taxonomy": f"{base}/taxonomies/{LIFE_WEB_ID}",
        "api.hsds_taxonomy_terms": f"{base}/taxonomy_terms",
        "api.hsds_taxonomy_term": f"{base}/taxonomy_terms/{term}",
    }
