"""API v1 contract for families and cards."""

from __future__ import annotations

import base64
import io

import pytest
import zxingcpp
from PIL import Image

from spelotheek.auth.services import create_api_token
from spelotheek.families import cardcode
from tests.factories import login_as, make_family, make_user, staff_id


@pytest.fixture
def token(db) -> str:
    value = create_api_token(db, None, make_user(db, role="staff"), "desk")
    db.commit()
    return value


def _auth(token: str, language: str = "en") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept-Language": language}


def test_create_family_answers_id_card_and_a_qr_that_decodes_to_the_card(client, token) -> None:
    response = client.post(
        "/api/v1/families",
        json={"display_name": "Hind", "language": "ar", "email": "hind@example.org"},
        headers=_auth(token),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "card", "qr_png"}
    image = Image.open(io.BytesIO(base64.b64decode(body["qr_png"])))
    decoded = zxingcpp.read_barcodes(image)
    # The QR opens the PIN page on a phone; the code rides after the '#', never sent to a server.
    assert [d.text for d in decoded] == ["http://localhost/c#" + cardcode.parse(body["card"])]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({}, 422, "invalid_field"),
        ({"display_name": ""}, 422, "invalid_field"),
        ({"display_name": "x" * 61}, 422, "invalid_field"),
        ({"display_name": "Ok", "email": "nope"}, 422, "invalid_field"),
        ({"display_name": "Ok", "postcode": 12345}, 422, "invalid_field"),
        ({"display_name": ["list"]}, 422, "invalid_field"),
    ],
)
def test_bad_family_input_is_a_json_error(client, token, payload, status, code) -> None:
    response = client.post("/api/v1/families", json=payload, headers=_auth(token))
    assert response.status_code == status
    assert response.get_json()["error"] == code
    assert response.get_json()["message"]


def test_a_body_that_is_not_json_is_a_400(client, token) -> None:
    response = client.post(
        "/api/v1/families",
        data="display_name=x",
        headers=_auth(token),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_json"


def test_error_messages_come_in_the_callers_language(client, token) -> None:
    english = client.post("/api/v1/families", json={}, headers=_auth(token, "en")).get_json()
    dutch = client.post("/api/v1/families", json={}, headers=_auth(token, "nl")).get_json()
    assert "Please choose a name for the card." in english["message"]
    assert english["message"] != dutch["message"]


def test_too_large_bodies_get_413(client, token, app) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post(
        "/api/v1/families", json={"display_name": "x" * 5000}, headers=_auth(token)
    )
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_card_lookup_found_unknown_typo_and_revoked(client, token, db) -> None:
    family, code = make_family(db, "Karim")
    db.commit()
    found = client.get(f"/api/v1/cards/{cardcode.format_code(code)}", headers=_auth(token))
    assert found.status_code == 200
    assert found.get_json() == {"family_id": family.id, "display_name": "Karim", "status": "active"}

    unknown = client.get(f"/api/v1/cards/{cardcode.encode(99)}", headers=_auth(token))
    assert unknown.status_code == 404 and unknown.get_json()["error"] == "card_not_found"

    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    hint = client.get(f"/api/v1/cards/{typo}", headers=_auth(token)).get_json()
    assert hint["error"] == "card_not_found" and "typing error" in hint["message"]

    reissued = client.post(f"/api/v1/families/{family.id}/card", headers=_auth(token))
    assert reissued.status_code == 201
    revoked = client.get(f"/api/v1/cards/{code}", headers=_auth(token))
    assert revoked.status_code == 410
    assert revoked.get_json()["error"] == "card_revoked"


def test_revoked_scans_are_audited(client, token, db) -> None:
    from sqlalchemy import select

    from spelotheek.audit import AuditEvent

    family, code = make_family(db)
    db.commit()
    client.post(f"/api/v1/families/{family.id}/card", headers=_auth(token))
    client.get(f"/api/v1/cards/{code}", headers=_auth(token))
    db.expire_all()
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "revoked_card_scanned")).all()
    assert len(events) == 1 and events[0].subject_id == family.id


def test_reissue_for_an_unknown_family_is_404(client, token) -> None:
    response = client.post("/api/v1/families/999999/card", headers=_auth(token))
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


def test_no_token_is_401_and_a_bad_token_too(client) -> None:
    assert client.get("/api/v1/cards/ABC").status_code == 401
    response = client.get("/api/v1/cards/ABC", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_volunteers_may_look_up_cards_but_not_create_families(client, db) -> None:
    token = create_api_token(db, None, make_user(db, role="volunteer"))
    db.commit()
    assert (
        client.post(
            "/api/v1/families", json={"display_name": "x"}, headers=_auth(token)
        ).status_code
        == 403
    )
    assert (
        client.get(f"/api/v1/cards/{cardcode.encode(1)}", headers=_auth(token)).status_code == 404
    )


def test_browser_sessions_need_a_csrf_token_for_writes(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="staff")))
    db.commit()
    refused = client.post("/api/v1/families", json={"display_name": "x"})
    assert refused.status_code == 400 and refused.get_json()["error"] == "csrf_failed"


def test_openapi_document_lists_the_family_endpoints(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert {"/families", "/families/{family_id}/card", "/cards/{code}"} <= set(document["paths"])
