"""The topics API: propose, support once, list public statuses only."""

from __future__ import annotations

import secrets

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from spelotheek.topics.models import Support, Topic
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.topics.helpers import make_topic


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _csrf(client) -> dict[str, str]:
    """A browser session's CSRF header (the API asks it of every session, even anonymous).

    Forms in this module carry no token (CSRF is off for them) and public pages start no
    session, so the token is made as Flask-WTF makes it: a secret in the session, signed.
    """
    secret = secrets.token_hex(20)
    with client.session_transaction() as session:
        session["csrf_token"] = secret
    signer = URLSafeTimedSerializer(client.application.secret_key, salt="wtf-csrf-token")
    return {"X-CSRFToken": signer.dumps(secret)}


def test_propose_anonymously_gives_a_receipt_once(client, db) -> None:
    response = client.post(
        "/api/v1/topics", json={"theme": "rights", "text": "Huur"}, headers=_csrf(client)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "new" and body["receipt"] and "/topics/receipt/" in body["receipt_url"]
    assert client.get(body["receipt_url"].split("localhost", 1)[-1]).status_code == 200
    assert "receipt" not in body["text"]


def test_bad_proposals_answer_json_errors(client, db) -> None:
    csrf = _csrf(client)
    empty = client.post("/api/v1/topics", json={}, headers={"Accept-Language": "en", **csrf})
    assert empty.status_code == 422 and empty.get_json()["error"] == "empty_proposal"
    assert "Tap a picture" in empty.get_json()["message"]
    assert client.post("/api/v1/topics", json={"text": "x" * 501}, headers=csrf).status_code == 422
    assert client.post("/api/v1/topics", json={"text": 5}, headers=csrf).status_code == 422
    assert client.post("/api/v1/topics", data="nope", headers=csrf).status_code == 400
    group = client.post(
        "/api/v1/topics", json={"text": "x", "audience": "group", "group_id": 1}, headers=csrf
    )
    assert group.status_code == 403 and group.get_json()["error"] == "not_in_group"
    assert db.scalar(select(func.count()).select_from(Topic)) == 0


def test_support_once_per_browser_and_family(client, db, app) -> None:
    topic = make_topic(db, status="accepted")
    family, _ = make_family(db)
    db.commit()
    csrf = _csrf(client)
    assert client.post(f"/api/v1/topics/{topic.id}/support").status_code == 400  # no token
    first = client.post(f"/api/v1/topics/{topic.id}/support", headers=csrf)
    assert first.status_code == 201 and first.get_json() == {
        "id": topic.id,
        "counted": True,
        "supports": 1,
    }
    second = client.post(f"/api/v1/topics/{topic.id}/support", headers=csrf)
    assert second.status_code == 200 and second.get_json()["counted"] is False
    other = app.test_client()
    login_as(other, family_id(family))
    answer = other.post(f"/api/v1/topics/{topic.id}/support", headers=_csrf(other))
    assert answer.get_json()["supports"] == 2
    assert db.scalar(select(func.count()).select_from(Support)) == 2
    hidden = make_topic(db)
    db.commit()
    missing = client.post(f"/api/v1/topics/{hidden.id}/support", headers=csrf)
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_public_list_shows_only_public_statuses(client, db, app) -> None:
    shown = make_topic(db, text="Shown", status="accepted")
    make_topic(db, text="Hidden")
    make_topic(db, text="Declined", status="declined")
    db.commit()
    listed = client.get("/api/v1/topics").get_json()["topics"]
    assert [t["id"] for t in listed] == [shown.id]
    assert "proposer_family_id" not in listed[0] and "receipt" not in listed[0]
    assert client.get("/api/v1/topics?status=new").status_code == 403
    assert client.get("/api/v1/topics?status=bogus").status_code == 422
    assert client.get("/api/v1/topics?status=planned").get_json()["topics"] == []
    staff = app.test_client()
    login_as(staff, staff_id(make_user(db)))
    db.commit()
    new = staff.get("/api/v1/topics?status=new,declined").get_json()["topics"]
    assert sorted(t["text"] for t in new) == ["Declined", "Hidden"]


def test_openapi_describes_the_topic_routes(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert {"/topics", "/topics/{topic_id}/support"} <= set(document["paths"])
    assert "Topic" in document["components"]["schemas"]
