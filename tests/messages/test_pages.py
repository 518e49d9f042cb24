"""The family chooses its short messages on its own page, or at the desk with staff; both
audited. Messages in the family's data rights and the retention job."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from spelotheek.audit import AuditEvent
from spelotheek.families import rights
from spelotheek.families.models import Family
from spelotheek.messages.models import Message, MessagePreference
from spelotheek.messages.privacy import purge_old_messages
from spelotheek.messages.services import message_language, opted_in_channels
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.messages.conftest import NOON, queued


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _family(db: Session, **fields: object) -> Family:
    family, _ = make_family(db, language="fr", **fields)
    db.commit()
    return family


def test_the_family_page_shows_the_section(client: FlaskClient, db: Session) -> None:
    family = _family(db)
    login_as(client, family_id(family))
    page = client.get("/me").get_data(as_text=True)
    assert "/me/messages" in page


def test_a_family_chooses_sms_and_its_language(client: FlaskClient, db: Session) -> None:
    family = _family(db, phone="0470 12 34 56")
    login_as(client, family_id(family))
    page = client.get("/me/messages").get_data(as_text=True)
    assert "0470 12 34 56" in page and "21:00" in page
    answer = client.post("/me/messages", data={"sms": "y", "language": "ar"})
    assert answer.status_code == 302
    db.rollback()
    assert opted_in_channels(db, family.id) == ["sms"]
    assert message_language(db, db.get(Family, family.id)) == "ar"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "messages.consent"))
    assert event.actor_kind == "family" and event.detail == "channels - -> sms"
    assert "0470" not in event.detail
    # Back to the family's own language: nothing is kept apart any more.
    client.post("/me/messages", data={"sms": "y", "language": "fr"})
    db.rollback()
    assert db.get(MessagePreference, family.id) is None


def test_no_number_no_messages(client: FlaskClient, db: Session) -> None:
    family = _family(db)
    login_as(client, family_id(family))
    answer = client.post("/me/messages", data={"whatsapp": "y", "language": "fr"})
    assert answer.status_code == 400
    # In the family's own language (French here), not the browser's.
    assert "numéro de téléphone pour recevoir" in answer.get_data(as_text=True)
    bad = client.post("/me/messages", data={"whatsapp": "y", "phone": "12", "language": "fr"})
    assert bad.status_code == 400
    db.rollback()
    assert opted_in_channels(db, family.id) == []


def test_a_number_typed_is_kept_in_one_form(client: FlaskClient, db: Session) -> None:
    family = _family(db)
    login_as(client, family_id(family))
    answer = client.post(
        "/me/messages", data={"whatsapp": "y", "phone": "0470/12.34.56", "language": "fr"}
    )
    assert answer.status_code == 302
    db.rollback()
    db.expire_all()
    assert db.get(Family, family.id).phone == "+32470123456"
    assert opted_in_channels(db, family.id) == ["whatsapp"]


def test_changing_a_known_number_needs_the_pin(client: FlaskClient, db: Session) -> None:
    from tests.factories import PIN

    family = _family(db, phone="+32470123456", with_pin=True)
    login_as(client, family_id(family))
    asked = {"sms": "y", "phone": "0470 99 88 77", "language": "fr"}
    refused = client.post("/me/messages", data=asked)
    assert refused.status_code == 400 and 'id="pin-error"' in refused.get_data(as_text=True)
    wrong = client.post("/me/messages", data={**asked, "pin": "0000"})
    assert wrong.status_code == 400
    db.rollback()
    db.expire_all()
    assert db.get(Family, family.id).phone == "+32470123456"  # unchanged
    assert opted_in_channels(db, family.id) == []
    assert client.post("/me/messages", data={**asked, "pin": PIN}).status_code == 302
    db.rollback()
    db.expire_all()
    assert db.get(Family, family.id).phone == "+32470998877"


def test_stop_on_the_page(client: FlaskClient, db: Session) -> None:
    message = queued(db, channels={"sms", "whatsapp"})
    db.commit()
    family = db.get(Family, message.family_id)
    login_as(client, family_id(family))
    assert client.post("/me/messages", data={"stop": "1", "sms": "y"}).status_code == 302
    db.rollback()
    db.expire_all()
    assert opted_in_channels(db, family.id) == []
    assert db.get(Message, message.id).status == "cancelled"


def test_staff_set_it_with_the_family_present(client: FlaskClient, db: Session) -> None:
    family = _family(db, phone="0470123456")
    user = make_user(db, role="staff")
    db.commit()
    login_as(client, staff_id(user))
    assert client.get(f"/families/{family.id}/messages").status_code == 200
    absent = client.post(f"/families/{family.id}/messages", data={"sms": "y", "language": "fr"})
    assert absent.status_code == 400
    db.rollback()
    assert opted_in_channels(db, family.id) == []
    answer = client.post(
        f"/families/{family.id}/messages", data={"sms": "y", "language": "fr", "present": "y"}
    )
    assert answer.status_code == 302
    db.rollback()
    assert opted_in_channels(db, family.id) == ["sms"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "messages.consent"))
    assert event.actor_id == user.id


def test_messages_in_the_export_without_their_text(db: Session) -> None:
    message = queued(db)
    db.commit()
    family = db.get(Family, message.family_id)
    data = rights.export_family(db, family, actor_id=None)
    assert data["messages"]["channels"] == ["sms"]
    [exported] = data["messages"]["messages"]
    assert exported["purpose"] == "due_soon" and exported["status"] == "queued"
    assert "bring the toy" not in str(data["messages"])


def test_erasure_cancels_and_unlinks(db: Session) -> None:
    message = queued(db)
    db.commit()
    rights.erase_family(db, db.get(Family, message.family_id), actor_id=None)
    db.commit()
    db.expire_all()
    erased = db.get(Message, message.id)
    assert erased.family_id is None and erased.status == "cancelled" and erased.body == ""


def test_old_closed_messages_are_deleted(db: Session) -> None:
    old = queued(db, key="old")
    waiting = queued(db, key="waiting")
    old.status = "sent"
    db.commit()
    settings = {"RETENTION_MESSAGES_DAYS": 30}
    assert purge_old_messages(db, NOON + timedelta(days=29), settings) == {
        "short messages deleted": 0
    }
    assert purge_old_messages(db, NOON + timedelta(days=31), settings) == {
        "short messages deleted": 1
    }
    db.commit()
    assert db.scalar(select(func.count()).select_from(Message)) == 1
    assert db.get(Message, waiting.id) is not None


def test_stopping_ignores_whatever_else_was_sent(client: FlaskClient, db: Session) -> None:
    message = queued(db, channels={"sms"})
    db.commit()
    family = db.get(Family, message.family_id)
    login_as(client, family_id(family))
    junk = {"stop": "1", "language": "9" * 20, "phone": "x", "sms": "y"}
    assert client.post("/me/messages", data=junk).status_code == 302
    db.rollback()
    db.expire_all()
    assert opted_in_channels(db, family.id) == []
    assert db.get(MessagePreference, family.id) is None  # no language of twenty nines
