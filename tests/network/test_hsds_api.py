"""The HSDS read endpoints: every answer valid against the HSDS schemas, HSDA paging, filters,
bad paging and unknown ids answered in JSON."""

from __future__ import annotations

import pytest

from spelotheek.network import hsds
from tests.factories import life_domain
from tests.network.hsds_fixtures import make_directory, page_errors, schema_errors

BASE = "/api/v1/hsds"
LISTS = {
    "/services": "compiled/service_list.json",
    "/organizations": "compiled/organization_list.json",
    "/service_at_locations": "compiled/service_at_location_list.json",
    "/taxonomies": "taxonomy.json",
    "/taxonomy_terms": "taxonomy_term.json",
}


@pytest.mark.parametrize(("path", "schema_file"), LISTS.items())
def test_every_list_answers_valid_pages(client, db, path: str, schema_file: str) -> None:
    make_directory(db)
    db.commit()
    body = client.get(f"{BASE}{path}?per_page=2").get_json()
    assert page_errors(body) == []
    assert body["contents"], path
    for item in body["contents"]:
        assert schema_errors(schema_file, item) == [], item


def test_each_single_object_is_valid_against_its_full_schema(client, db) -> None:
    made = make_directory(db)
    db.commit()
    budget = made["budget"]
    service = client.get(f"{BASE}/services/{budget.uuid}").get_json()
    assert schema_errors("service.json", service) == []
    organization = client.get(f"{BASE}/organizations/{budget.organization.uuid}").get_json()
    assert schema_errors("organization.json", organization) == []
    place = client.get(f"{BASE}/service_at_locations/{budget.places[0].uuid}").get_json()
    assert schema_errors("service_at_location.json", place) == []
    term = client.get(f"{BASE}/taxonomy_terms/{life_domain(db, 'income').uuid}").get_json()
    assert schema_errors("taxonomy_term.json", term) == []
    web = client.get(f"{BASE}/taxonomies/{hsds.LIFE_WEB_ID}").get_json()
    assert schema_errors("taxonomy.json", web) == []
    for full in ("services", "organizations"):
        for item in client.get(f"{BASE}/{full}?full=true").get_json()["contents"]:
            assert schema_errors(f"{full[:-1]}.json", item) == []


def test_a_service_carries_what_the_directory_knows(client, db) -> None:
    budget = make_directory(db)["budget"]
    db.commit()
    body = client.get(f"{BASE}/services/{budget.uuid}").get_json()
    assert body["name"] == "Budgethulp"
    assert body["translations"]["fr"]["name"] == "Aide budgétaire"
    assert body["translations"]["ar"] == {"name": "مساعدة الميزانية"}
    assert body["translations"]["en"] == {"eligibility_description": "Families with children"}
    assert body["assured_date"] == "2026-11-02"
    assert body["eligibility_description"] == "Gezinnen met kinderen"
    assert body["required_documents"][0]["document"] == "Identiteitskaart\nLaatste loonbrief"
    assert body["cost_options"][0] | {"id": "x"} == {
        "id": "x",
        "service_id": budget.uuid,
        "option": "reduced",
        "currency": "EUR",
        "amount": 5.0,
        "amount_description": "Gratis met verhoogde tegemoetkoming",
    }
    assert body["fees_description"] == "Gratis met verhoogde tegemoetkoming"
    assert [(x["code"], x["name"]) for x in body["languages"]] == [
        ("nl", "Nederlands"),
        ("ar", "Arabisch"),
        ("fr", "Frans"),
    ]
    assert body["interpretation_services"] == hsds.INTERPRETER
    assert body["application_process"] == hsds.APPLICATION["both"]
    assert body["phones"][0]["number"] == "09 111 22 33"
    assert body["minimum_age"] == 18 and "maximum_age" not in body
    assert body["organization"]["name"] == "CAW Oost"
    assert [a["value"] for a in body["attributes"]] == ["income", "housing"]
    assert {a["taxonomy_term"]["taxonomy_id"] for a in body["attributes"]} == {hsds.LIFE_WEB_ID}
    places = {p["location"]["name"]: p for p in body["service_at_locations"]}
    assert len(places) == 2
    ledeberg = places["CAW Oost — Ledeberg"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in ledeberg["schedules"]] == [
        ("SA", "10:00", "12:00")
    ]
    assert ledeberg["schedules"][0]["freq"] == "WEEKLY"
    assert ledeberg["schedules"][0]["tzid"] == "Europe/Brussels"
    location = ledeberg["location"]
    assert location["transportation"] == "Ledeberg Kerk"
    assert location["translations"] == {
        "en": {"accessibility": "Ring the bell on the left."},
        "fr": {"transportation": "Ledeberg Église"},
    }
    assert location["accessibility"][0]["description"] == hsds.STEP_FREE[True]
    assert location["accessibility"][0]["details"] == "Bel aan links."
    assert location["addresses"][0] | {"id": "x"} == {
        "id": "x",
        "location_id": location["id"],
        "address_1": "Hundelgemsesteenweg 12",
        "city": "Gent",
        "state_province": "Oost-Vlaanderen",
        "postal_code": "9050",
        "country": "BE",
        "address_type": "physical",
    }
    other = places["CAW Oost — onthaal"]
    assert [(s["byday"], s["opens_at"]) for s in other["schedules"]] == [
        ("MO", "09:00"),
        ("TH", "13:30"),
    ]


def test_paging_follows_hsda(client, db) -> None:
    make_directory(db)
    db.commit()
    first = client.get(f"{BASE}/services?per_page=2").get_json()
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (3, 2, 1)
    assert (first["size"], first["first_page"], first["last_page"], first["empty"]) == (
        2,
        True,
        False,
        False,
    )
    second = client.get(f"{BASE}/services?per_page=2&page=2").get_json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    names = [s["name"] for s in first["contents"] + second["contents"]]
    assert names == ["Budgethulp", "Oude dienst", "Spreekuur sociale dienst"]
    beyond = client.get(f"{BASE}/services?per_page=2&page=9").get_json()
    assert (beyond["empty"], beyond["size"], beyond["contents"]) == (True, 0, [])


@pytest.mark.parametrize(
    "query", ["page=0", "page=-1", "page=abc", "per_page=0", "per_page=201", "page=1.5", "page=٣"]
)
def test_bad_paging_is_a_400_in_the_visitors_language(client, db, query: str) -> None:
    answer = client.get(f"{BASE}/services?{query}", headers={"Accept-Language": "en"})
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "invalid_paging"
    assert "whole number" in answer.get_json()["message"]
    dutch = client.get(f"{BASE}/organizations?{query}")  # Dutch, the site's default
    assert dutch.status_code == 400
    assert "geheel getal" in dutch.get_json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/services/00000000-0000-0000-0000-000000000000",
        "/services/not-an-id",
        "/services/" + "9" * 5000,
        "/organizations/00000000-0000-0000-0000-000000000000",
        "/service_at_locations/00000000-0000-0000-0000-000000000000",
        "/taxonomies/00000000-0000-0000-0000-000000000000",
        "/taxonomy_terms/00000000-0000-0000-0000-000000000000",
    ],
)
def test_an_unknown_id_is_a_404_in_json(client, db, path: str) -> None:
    answer = client.get(BASE + path)
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "not_found"


def test_filters(client, db) -> None:
    made = make_directory(db)
    db.commit()
    housing = life_domain(db, "housing").uuid

    def names(query: str, path: str = "/services") -> list[str]:
        contents = client.get(f"{BASE}{path}?{query}").get_json()["contents"]
        return sorted(x.get("name") or x["service"]["name"] for x in contents)

    assert names(f"taxonomy_term_id={housing}") == ["Budgethulp"]
    assert names(f"taxonomy_term_id={housing}", "/service_at_locations") == ["Budgethulp"] * 2
    assert names("search=BUDGET") == ["Budgethulp"]
    assert names("search=aide budgétaire") == ["Budgethulp"]  # the translations are searched
    assert names("search=100%") == []
    organization = made["help_desk"].organization.uuid
    assert names(f"organization_id={organization}") == ["Oude dienst", "Spreekuur sociale dienst"]
    assert names(f"taxonomy_id={hsds.LIFE_WEB_ID}&search=budget") == ["Budgethulp"]
    assert names("taxonomy_id=00000000-0000-0000-0000-000000000000") == []
    assert names("search=wonen", "/taxonomy_terms") == ["Wonen"]
    assert names("search=sociaal", "/organizations") == ["Sociaal Huis"]
    too_long = client.get(f"{BASE}/services?search={'x' * 201}")
    assert too_long.status_code == 400


def test_the_directory_is_public_and_read_only(client, db) -> None:
    make_directory(db)
    db.commit()
    answer = client.get(f"{BASE}/services")
    assert answer.status_code == 200
    assert "public" in answer.headers["Cache-Control"]
    assert client.post(f"{BASE}/services", json={}).status_code in (400, 405)
    about = client.get(f"{BASE}/").get_json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/v1/openapi.json")


def test_the_api_document_describes_the_hsds_routes(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {
        "/hsds/services",
        "/hsds/services/{item_id}",
        "/hsds/organizations",
        "/hsds/service_at_locations",
        "/hsds/taxonomy_terms/{item_id}",
    } <= set(paths)


@pytest.mark.parametrize(
    ("query", "services", "places"),
    [
        ("modified_after=2000-01-01T00:00:00Z", 3, 4),
        ("modified_after=2000-01-01", 3, 4),
        ("modified_after=9999-12-31T00:00:00%2B01:00", 0, 0),
    ],
)
def test_modified_after(client, db, query: str, services: int, places: int) -> None:
    make_directory(db)
    db.commit()
    assert client.get(f"{BASE}/services?{query}").get_json()["total_items"] == services
    assert client.get(f"{BASE}/service_at_locations?{query}").get_json()["total_items"] == places


@pytest.mark.parametrize(
    "value", ["yesterday", "0001-01-01T00:00:00%2B01:00", "2026-13-01", "9" * 50]
)
def test_a_bad_modified_after_is_a_400(client, db, value: str) -> None:
    answer = client.get(f"{BASE}/services?modified_after={value}")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "invalid_filter"


@pytest.mark.parametrize(
    ("code", "name"), [("ar", "Arabisch"), ("rif", "Riffijns"), ("ber", "ber"), ("zz", "zz")]
)
def test_a_language_babel_cannot_name_keeps_its_code(code: str, name: str) -> None:
    assert hsds.language_name(code) == name
