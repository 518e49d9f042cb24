"""A family's data: download everything, erase it; retention of long-absent families."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import DomainError
from spelotheek.families import cardcode, cards, services
from spelotheek.families.models import Card, Child, Family
from spelotheek.families.retention import (
    purge_inactive_families,
    purge_old_audit_events,
    send_inactivity_notices,
)
from spelotheek.families.rights import erase_family, export_family
from spelotheek.registry import ERASURE_CHECKS
from spelotheek.retention_rules import months_before, notice_due, removal_due
from tests.factories import PIN, login_as, make_family, make_user, staff_id

NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
SETTINGS = {
    "RETENTION_INACTIVE_FAMILY_MONTHS": 24,
    "RETENTION_NOTICE_MONTHS": 2,
    "RETENTION_AUDIT_MONTHS": 12,
}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_months_are_calendar_months() -> None:
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2028, 3, 31, tzinfo=UTC), 1) == datetime(2028, 2, 29, tzinfo=UTC)
    assert months_before(NOW, 24) == datetime(2024, 11, 26, 10, 0, tzinfo=UTC)


def test_notice_and_removal_rules() -> None:
    long_ago = NOW - timedelta(days=800)
    assert notice_due(long_ago, None, NOW, 24)
    assert not notice_due(NOW - timedelta(days=700), None, NOW, 24)
    assert not notice_due(long_ago, NOW, NOW, 24)
    asked = NOW - timedelta(days=62)
    assert removal_due(long_ago, asked, NOW, 2)
    assert not removal_due(long_ago, NOW - timedelta(days=50), NOW, 2)
    assert not removal_due(asked + timedelta(days=1), asked, NOW, 2)  # came back after the notice


def test_export_holds_everything_and_is_audited(db) -> None:
    family, _ = make_family(db, "Nour", email="nour@example.org", postcode="9000")
    services.add_child(db, None, family, 2023, 6)
    data = export_family(db, family, actor_id=None)
    assert data["family"]["display_name"] == "Nour"
    assert data["family"]["email"] == "nour@example.org"
    assert data["children"] == [{"birth_year": 2023, "birth_month": 6}]
    assert data["cards"][0]["status"] == "active"
    json.dumps(data)  # ready for a download
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.subject_id == family.id)) in {
        "family_created",
        "family_exported",
    }


def test_erasure_removes_personal_data_and_the_card_stops(db) -> None:
    family, code = make_family(db, "Salma", email="salma@example.org", phone="0470 12 34 56")
    services.add_child(db, None, family, 2022, 1)
    family_id = family.id
    erase_family(db, family, actor_id=None)
    db.commit()
    assert db.get(Family, family_id) is None
    assert db.scalar(select(func.count()).select_from(Child)) == 0
    assert db.scalar(select(func.count()).select_from(Card)) == 0
    with pytest.raises(cards.CardNotFound):
        cards.family_for_scan(db, code)
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "family_erased")).one()
    assert event.subject_id == family_id and "Salma" not in event.detail


def test_a_feature_can_refuse_erasure_and_nothing_is_deleted(db) -> None:
    def toys_at_home(_session, _family) -> None:
        raise DomainError("Please bring the toys back first.", code="open_loans")

    family, _ = make_family(db)
    ERASURE_CHECKS.append(toys_at_home)
    try:
        with pytest.raises(DomainError):
            erase_family(db, family, actor_id=None)
    finally:
        ERASURE_CHECKS.remove(toys_at_home)
    assert db.get(Family, family.id) is not None


def test_family_downloads_and_erases_its_own_data(client, db) -> None:
    family, code = make_family(db, "Meryem", with_pin=True)
    db.commit()
    family_id = family.id
    client.post("/family/login", data={"card": code, "pin": PIN})
    page = client.get("/me/data", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Meryem" in page.data.decode()
    download = client.get("/me/data?format=json")
    assert download.mimetype == "application/json"
    assert json.loads(download.data)["family"]["display_name"] == "Meryem"
    assert client.post("/me/erase", data={"confirm": "yes"}).status_code == 302
    assert client.get("/me").status_code == 302  # logged out
    db.expire_all()
    assert db.get(Family, family_id) is None


def test_staff_export_and_erase_through_the_api(client, db) -> None:
    import pyotp

    from spelotheek.auth import twofactor
    from spelotheek.auth.services import create_api_token

    user = make_user(db, role="staff")
    secret = twofactor.new_secret()
    twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(NOW), NOW)
    token = create_api_token(db, None, user)
    family, _ = make_family(db, "Tom")
    db.commit()
    headers = {"Authorization": f"Bearer {token}"}
    proof = {"X-Two-Step-Code": pyotp.TOTP(secret).now(), "X-Export-Reason": "family_asked"}
    exported = client.get(f"/api/v1/families/{family.id}/export", headers=headers | proof)
    assert exported.status_code == 200 and exported.get_json()["family"]["display_name"] == "Tom"
    assert client.delete(f"/api/v1/families/{family.id}", headers=headers).status_code == 204
    assert client.delete(f"/api/v1/families/{family.id}", headers=headers).status_code == 404


def test_volunteers_cannot_export(client, db) -> None:
    login_as(client, staff_id(make_user(db, role="volunteer")))
    family, _ = make_family(db)
    db.commit()
    assert client.get(f"/families/{family.id}/data").status_code == 403


def test_long_absent_families_are_asked_then_removed(db) -> None:
    away, _ = make_family(db, "Away")
    back, _ = make_family(db, "Back")
    recent, _ = make_family(db, "Recent")
    for family in (away, back):
        family.last_active_at = NOW - timedelta(days=800)
    recent.last_active_at = NOW - timedelta(days=30)
    db.commit()
    report = purge_inactive_families(db, NOW, SETTINGS)
    assert report["inactive families asked whether they want to stay"] == 2
    assert (
        purge_inactive_families(db, NOW, SETTINGS)[
            "inactive families asked whether they want to stay"
        ]
        == 0
    )
    back.last_active_at = NOW + timedelta(days=10)  # came to the desk after the notice
    later = NOW + timedelta(days=62)
    report = purge_inactive_families(db, later, SETTINGS)
    db.commit()
    assert report["inactive families removed"] == 1
    names = set(db.scalars(select(Family.display_name)))
    assert names == {"Back", "Recent"}
    assert db.get(Family, back.id).inactivity_notice_at is None
    assert purge_inactive_families(db, later, SETTINGS)["inactive families removed"] == 0


def test_old_audit_events_are_removed(db) -> None:
    from spelotheek import audit

    audit.record(db, "old_thing", at=NOW - timedelta(days=400))
    audit.record(db, "new_thing", at=NOW - timedelta(days=10))
    db.commit()
    assert purge_old_audit_events(db, NOW, SETTINGS) == {"audit events removed": 1}
    assert db.scalars(select(AuditEvent.action)).all() == ["new_thing"]


def test_inactivity_notice_is_mailed_once_to_consenting_families(app, db, outbox) -> None:
    family, _ = make_family(
        db, "Mail", email="mail@example.org", reminder_consent=True, language="fr"
    )
    silent, _ = make_family(db, "Silent", email="silent@example.org", reminder_consent=False)
    family.inactivity_notice_at = silent.inactivity_notice_at = NOW
    db.commit()
    with app.app_context():
        assert send_inactivity_notices(db, NOW) == {"inactivity notices e-mailed": 1}
        assert send_inactivity_notices(db, NOW) == {"inactivity notices e-mailed": 0}
    assert [m["To"] for m in outbox.messages] == ["mail@example.org"]
    assert outbox.messages[0]["Content-Language"] == "fr"


def test_the_purge_command_reports_and_can_run_twice(app) -> None:
    from spelotheek.cli import main

    runner = app.test_cli_runner()
    first = runner.invoke(main, ["purge-expired"])
    assert first.exit_code == 0 and "audit events removed: 0" in first.output
    assert runner.invoke(main, ["purge-expired"]).exit_code == 0


def test_a_card_code_never_appears_in_an_export(db) -> None:
    family, code = make_family(db)
    data = json.dumps(export_family(db, family, actor_id=None))
    assert code not in data and cardcode.format_code(code) not in data
