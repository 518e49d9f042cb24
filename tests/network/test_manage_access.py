"""Who reaches which directory page: a partner only its own organisation (404 elsewhere),
the coordinator everything; a partner lands on its page and sees only directory pages."""

from __future__ import annotations

import pytest
from flask import Flask

from spelotheek.auth.access import declared_access
from tests.factories import (
    PASSWORD,
    login_as,
    make_organization,
    make_service,
    make_user,
    staff_id,
)


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _another_organisations_urls(app: Flask, db) -> list[tuple[str, str]]:
    """Every partner route with an id, filled with another organisation's ids."""
    other = make_organization(db, name="Elders vzw")
    service = make_service(db, organization=other)
    ids = {
        "organization_id": other.id,
        "service_id": service.id,
        "location_id": service.places[0].location.id,
    }
    urls = []
    with app.app_context():
        for rule in app.url_map.iter_rules():
            allowed = declared_access(rule.endpoint) or frozenset()
            if not rule.rule.startswith("/network/") or "partner" not in allowed:
                continue
            if not rule.arguments:
                continue
            assert rule.arguments <= set(ids), rule.rule
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", str(ids[name]))
            urls += [(m, path) for m in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})]
    return urls


def test_a_partner_gets_404_on_every_page_of_another_organisation(app: Flask, db) -> None:
    partner = make_user(db, role="partner")
    urls = _another_organisations_urls(app, db)
    db.commit()
    assert len(urls) >= 19
    client = app.test_client()
    login_as(client, staff_id(partner))
    answers = {(m, u): client.open(u, method=m, data={"name": "x"}).status_code for m, u in urls}
    assert {k: v for k, v in answers.items() if v != 404} == {}


def test_the_coordinator_reaches_every_organisation(app: Flask, db) -> None:
    coordinator = make_user(db, role="coordinator")
    urls = _another_organisations_urls(app, db)
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    for method, url in urls:
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_a_partner_edits_its_own_organisation(app: Flask, db) -> None:
    partner = make_user(db, role="partner")
    organization_id = partner.organization_id
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(partner))
    page = client.get(f"/network/manage/organizations/{organization_id}")
    assert page.status_code == 200
    assert b"All our entries are still true" in page.data
    answer = client.post(
        f"/network/manage/organizations/{organization_id}",
        data={"name": "Huis van het Kind Oost", "phone": "09 210 10 10"},
    )
    assert answer.status_code == 302
    assert (
        client.get("/network/manage")
        .headers["Location"]
        .endswith(f"/network/manage/organizations/{organization_id}")
    )


def test_a_partner_lands_on_its_organisation_and_sees_only_directory_pages(app: Flask, db) -> None:
    partner = make_user(db, role="partner", email="p@example.org")
    organization_id = partner.organization_id
    db.commit()
    client = app.test_client()
    answer = client.post("/login", data={"email": "p@example.org", "password": PASSWORD})
    assert answer.headers["Location"].endswith(f"/network/manage/organizations/{organization_id}")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert "/network/manage" in nav
    for elsewhere in ("/toys", "/meetups", "/topics", "/desk", "/families"):
        assert f'href="{elsewhere}' not in nav, elsewhere
    assert client.get("/families/").status_code == 403
    assert client.get("/network/manage/domains").status_code == 403
    assert client.get("/account/password").status_code == 200
