"""API contract: /api/v1/toys, items, loans, returns, holds, and the desk's scan endpoints."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth.services import create_api_token
from spelotheek.families import cards
from spelotheek.loans.models import Item
from tests.factories import make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy


@pytest.fixture
def desk_token(db) -> dict[str, str]:
    user = make_user(db, role="volunteer")
    token = create_api_token(db, None, user, "desk")
    db.commit()
    return {"Authorization": f"Bearer {token}"}


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["error"] == code and body["message"]


def test_public_toys_are_paginated_and_show_no_borrowers(client, db) -> None:
    place = make_location(db)
    family, _ = make_family(db, "Secret")
    for n in range(5):
        make_toy(db, f"Puzzel {n}", location=place)
    db.commit()
    first = client.get("/api/v1/toys?per_page=2").get_json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["page"] == 1
    third = client.get("/api/v1/toys?per_page=2&page=3").get_json()
    assert [t["name"] for t in third["items"]] == ["Puzzel 4"]
    assert set(third["items"][0]) == {
        "id",
        "ref",
        "name",
        "min_age_months",
        "max_age_months",
        "areas",
        "copies",
        "available",
        "waiting",
    }
    assert "Secret" not in client.get("/api/v1/toys").get_data(as_text=True)


def test_items_need_a_desk_login_and_filter_by_state(client, db, desk_token) -> None:
    toy = make_toy(db, copies=2, location=make_location(db))
    item_of(toy).state = "repair"
    db.commit()
    assert client.get("/api/v1/items").status_code == 401
    body = client.get("/api/v1/items?state=available", headers=desk_token).get_json()
    assert [i["state"] for i in body["items"]] == ["available"]
    _error(client.get("/api/v1/items?state=lost", headers=desk_token), 422, "invalid_field")


def test_lend_answers_201_then_409_then_422_codes(client, db, desk_token) -> None:
    place = make_location(db)
    family, code = make_family(db)
    other, other_code = make_family(db, "Other")
    toy = make_toy(db, copies=3, location=place)
    labels = [i.label for i in sorted(toy.items, key=lambda i: i.id)]
    db.commit()
    created = client.post(
        "/api/v1/loans", json={"card": code, "item": labels[0]}, headers=desk_token
    )
    assert created.status_code == 201
    assert created.get_json()["due_on"] == created.get_json()["due_on"][:10]
    again = {"card": other_code, "item": labels[0]}
    _error(client.post("/api/v1/loans", json=again, headers=desk_token), 409, "item_on_loan")
    # held_for_other: the second copy is kept for `other`.
    client.post("/api/v1/holds", json={"card": other_code, "toy": toy.id}, headers=desk_token)
    held = db.scalars(select(Item).where(Item.state == "held")).one()
    body = {"card": code, "item": held.label}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 422, "held_for_other")
    repair = next(label for label in labels if label not in (labels[0], held.label))
    db.rollback()  # a fresh transaction: the app wrote since this session last read
    db.scalars(select(Item).where(Item.label == repair)).one().state = "repair"
    db.commit()
    body = {"card": code, "item": repair}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 422, "item_unavailable")
    _error(
        client.post("/api/v1/loans", json={"card": code}, headers=desk_token), 422, "invalid_field"
    )
    _error(client.post("/api/v1/loans", data="nope", headers=desk_token), 400, "invalid_json")


def test_limit_reached_is_422(client, db, desk_token) -> None:
    family, code = make_family(db)
    toy = make_toy(db, copies=4, location=make_location(db))
    labels = [i.label for i in toy.items]
    db.commit()
    for label in labels[:3]:
        response = client.post(
            "/api/v1/loans", json={"card": code, "item": label}, headers=desk_token
        )
        assert response.status_code == 201
    body = {"card": code, "item": labels[3]}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 422, "limit_reached")


def test_a_revoked_card_is_422_and_the_scan_is_audited(client, db, desk_token) -> None:
    from datetime import UTC, datetime

    family, code = make_family(db)
    cards.reissue_card(db, None, family, datetime.now(UTC))
    item = item_of(make_toy(db, location=make_location(db)))
    db.commit()
    body = {"card": code, "item": item.label}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 422, "card_revoked")
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "revoked_card_scanned"))
    assert len(events.all()) == 1


def test_a_lend_takes_a_library_card_and_names_an_unknown_label_first(
    client, db, desk_token
) -> None:
    family, _code = make_family(db)
    cards.link_library_card(db, None, family, "2 0001 2345 6789")
    item = item_of(make_toy(db, location=make_location(db)))
    db.commit()
    unknown_card = "20001-99999999"
    body = {"card": unknown_card, "item": "NOPE1"}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 404, "item_not_found")
    body = {"card": unknown_card, "item": item.label}
    _error(client.post("/api/v1/loans", json=body, headers=desk_token), 404, "card_not_found")
    body = {"card": "2 0001 2345 6789", "item": item.label.lower()}
    lent = client.post("/api/v1/loans", json=body, headers=desk_token)
    assert lent.status_code == 201 and lent.get_json()["item"] == item.label
    db.refresh(item)
    assert item.state == "on_loan"


def test_return_with_missing_parts(client, db, desk_token) -> None:
    family, code = make_family(db)
    toy = make_toy(db, parts=[("blokken", 10), ("zak", 1)], location=make_location(db))
    item = item_of(toy)
    part = toy.parts[0].id
    db.commit()
    client.post("/api/v1/loans", json={"card": code, "item": item.label}, headers=desk_token)
    bad = {"item": item.label, "missing_parts": [{"part": part, "count": 11}]}
    _error(client.post("/api/v1/returns", json=bad, headers=desk_token), 422, "invalid_count")
    good = {"item": item.label, "missing_parts": [{"part": part, "count": 2}]}
    response = client.post("/api/v1/returns", json=good, headers=desk_token)
    assert response.status_code == 200
    assert response.get_json()["state"] == "incomplete"
    assert response.get_json()["missing_parts"] == [{"part": part, "count": 2}]
    _error(client.post("/api/v1/returns", json=good, headers=desk_token), 409, "not_on_loan")


def test_holds_answer_201_and_409_when_already_waiting(client, db, desk_token) -> None:
    family, code = make_family(db)
    toy = make_toy(db, location=make_location(db))
    db.commit()
    created = client.post("/api/v1/holds", json={"card": code, "toy": toy.id}, headers=desk_token)
    assert created.status_code == 201 and created.get_json()["status"] == "ready"
    again = client.post("/api/v1/holds", json={"card": code, "toy": toy.id}, headers=desk_token)
    _error(again, 409, "already_waiting")
    missing = client.post("/api/v1/holds", json={"card": code, "toy": 99999}, headers=desk_token)
    _error(missing, 404, "toy_not_found")


def test_the_openapi_document_describes_the_loan_paths(client) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/toys", "/items", "/loans", "/returns", "/holds"} <= set(paths)
    assert "409" in paths["/loans"]["post"]["responses"]


def test_desk_scan_api_gives_signals_and_the_panel(client, db, desk_token) -> None:
    family, code = make_family(db, "Amira")
    toy = make_toy(db, location=make_location(db))
    db.commit()
    opened = client.post("/api/v1/desk/scan", json={"code": code}, headers=desk_token).get_json()
    assert opened["signal"] == "ok" and "Amira" in opened["panel"]
    body = {"code": item_of(toy).label, "family": opened["family"]}
    lent = client.post("/api/v1/desk/scan", json=body, headers=desk_token).get_json()
    assert lent["signal"] == "ok" and lent["kind"] == "lend"
    repeat = client.post("/api/v1/desk/scan", json=body, headers=desk_token).get_json()
    assert repeat["signal"] == "repeat"
    unknown = client.post("/api/v1/desk/scan", json={"code": "ZZZZ9999"}, headers=desk_token)
    assert unknown.status_code == 404 and unknown.get_json()["signal"] == "refused"
