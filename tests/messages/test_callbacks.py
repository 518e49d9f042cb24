"""Signed calls from the provider: delivery reports and STOP answers."""

from __future__ import annotations

import json
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.audit import AuditEvent
from spelotheek.messages.models import Message, MessageConsent
from spelotheek.messages.provider import HttpJsonProvider
from spelotheek.messages.sending import send_one
from spelotheek.messages.services import opted_in_channels, set_channels
from spelotheek.messages.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from tests.factories import make_family
from tests.messages.conftest import NOON, SECRET, queued
from tests.messages.standin import KEY, StandIn


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"MESSAGE_CALLBACK_SECRET": SECRET}


def _post(client: FlaskClient, path: str, data: dict, *, secret: str = SECRET, age: int = 0):
    body = json.dumps(data).encode()
    stamp = str(int(time.time()) - age)
    return client.post(
        f"/api/v1/messages/{path}",
        data=body,
        content_type="application/json",
        headers={TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: sign(secret, stamp, body)},
    )


def _sent(db: Session, standin: StandIn) -> Message:
    message = queued(db)
    db.commit()
    send_one(db, HttpJsonProvider(standin.url, KEY), message.id, NOON, 5)
    db.rollback()
    db.expire_all()
    return db.get(Message, message.id)


def test_a_delivery_report_marks_the_message_delivered_once(
    client: FlaskClient, db: Session, standin: StandIn
) -> None:
    message = _sent(db, standin)
    answer = _post(client, "delivery", {"id": message.provider_ref, "status": "delivered"})
    assert answer.status_code == 200 and answer.get_json() == {"received": True}
    db.rollback()
    db.expire_all()
    delivered = db.get(Message, message.id)
    assert delivered.status == "delivered" and delivered.delivered_at is not None
    first = delivered.delivered_at
    # The same report again (a provider that reports twice, or a replay): nothing changes.
    again = _post(client, "delivery", {"id": message.provider_ref, "status": "delivered"})
    assert again.status_code == 200
    late = _post(client, "delivery", {"id": message.provider_ref, "status": "failed"})
    assert late.status_code == 200
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "delivered"
    assert db.get(Message, message.id).delivered_at == first


def test_a_failed_report(client: FlaskClient, db: Session, standin: StandIn) -> None:
    message = _sent(db, standin)
    assert (
        _post(client, "delivery", {"id": message.provider_ref, "status": "failed"}).status_code
        == 200
    )
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "failed"


def test_an_unknown_reference_is_404_json(client: FlaskClient) -> None:
    answer = _post(client, "delivery", {"id": "nobody-knows", "status": "delivered"})
    assert answer.status_code == 404
    assert answer.get_json()["error"] == "unknown_reference"


def test_a_bad_signature_is_refused(client: FlaskClient, db: Session, standin: StandIn) -> None:
    message = _sent(db, standin)
    answer = _post(
        client, "delivery", {"id": message.provider_ref, "status": "delivered"}, secret="x" * 20
    )
    assert answer.status_code == 401 and answer.get_json()["error"] == "bad_signature"
    unsigned = client.post(
        "/api/v1/messages/delivery", json={"id": message.provider_ref, "status": "delivered"}
    )
    assert unsigned.status_code == 401
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "sent"


def test_a_stale_report_is_refused(client: FlaskClient, db: Session, standin: StandIn) -> None:
    message = _sent(db, standin)
    answer = _post(client, "delivery", {"id": message.provider_ref, "status": "delivered"}, age=301)
    assert answer.status_code == 401 and answer.get_json()["error"] == "stale"
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "sent"


def test_a_signature_cannot_be_moved_to_a_new_timestamp(
    client: FlaskClient, db: Session, standin: StandIn
) -> None:
    message = _sent(db, standin)
    body = json.dumps({"id": message.provider_ref, "status": "delivered"}).encode()
    old = str(int(time.time()) - 600)
    answer = client.post(
        "/api/v1/messages/delivery",
        data=body,
        content_type="application/json",
        headers={
            TIMESTAMP_HEADER: str(int(time.time())),
            SIGNATURE_HEADER: sign(SECRET, old, body),
        },
    )
    assert answer.status_code == 401


def test_without_a_secret_the_routes_are_off(app: Flask, client: FlaskClient) -> None:
    app.config["MESSAGE_CALLBACK_SECRET"] = None
    answer = _post(client, "delivery", {"id": "x", "status": "delivered"})
    assert answer.status_code == 404 and answer.get_json()["error"] == "not_configured"


def test_stop_ends_every_message_of_that_number(
    client: FlaskClient, db: Session, standin: StandIn
) -> None:
    message = queued(db, channels={"sms", "whatsapp"})
    family_id = message.family_id
    db.commit()
    answer = _post(client, "inbound", {"from": "+32 470 12 34 56", "text": "stop"})
    assert answer.status_code == 200 and answer.get_json() == {"received": True}
    db.rollback()
    db.expire_all()
    assert (
        db.scalars(select(MessageConsent).where(MessageConsent.family_id == family_id)).all() == []
    )
    assert db.get(Message, message.id).status == "cancelled"
    assert send_one(db, HttpJsonProvider(standin.url, KEY), message.id, NOON, 5).status == (
        "cancelled"
    )
    assert standin.requests == []
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == family_id))
    assert "messages.stop" in set(actions)


def test_stop_from_a_number_written_without_its_plus_is_heard(
    client: FlaskClient, db: Session
) -> None:
    family, _ = make_family(db, phone="+31612345678")
    set_channels(db, family, {"whatsapp"}, NOON)
    db.commit()
    assert _post(client, "inbound", {"from": "31612345678", "text": "STOP"}).status_code == 200
    db.rollback()
    assert opted_in_channels(db, family.id) == []


def test_another_answer_changes_nothing(client: FlaskClient, db: Session) -> None:
    message = queued(db)
    db.commit()
    assert _post(client, "inbound", {"from": "0470123456", "text": "thank you"}).status_code == 200
    assert _post(client, "inbound", {"from": "0499999999", "text": "STOP"}).status_code == 200
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "queued"


def test_inbound_needs_a_signature(client: FlaskClient, db: Session) -> None:
    message = queued(db)
    db.commit()
    answer = _post(client, "inbound", {"from": "0470123456", "text": "STOP"}, secret="y" * 20)
    assert answer.status_code == 401
    db.rollback()
    db.expire_all()
    assert db.get(Message, message.id).status == "queued"


def test_a_signature_that_is_not_ascii_is_refused_not_a_crash(client: FlaskClient) -> None:
    body = json.dumps({"id": "x", "status": "delivered"}).encode()
    answer = client.post(
        "/api/v1/messages/delivery",
        data=body,
        content_type="application/json",
        headers={TIMESTAMP_HEADER: str(int(time.time())), SIGNATURE_HEADER: "é"},
    )
    assert answer.status_code == 401


@pytest.mark.parametrize("timestamp", ["²", "١٧٠٠٠٠٠٠٠٠", "-5", "1e9", " "])
def test_a_timestamp_that_is_not_ascii_digits_is_refused_not_a_crash(
    client: FlaskClient, timestamp: str
) -> None:
    body = json.dumps({"id": "x", "status": "delivered"}).encode()
    answer = client.post(
        "/api/v1/messages/delivery",
        data=body,
        content_type="application/json",
        headers={TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(SECRET, timestamp, body)},
    )
    assert answer.status_code == 401 and answer.get_json()["error"]
