"""Another family's whole record (issue 18): no health data for staff, a stated reason, a fresh
login or two-step code, limits on bulk reading, and a count per account for the coordinator."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth import twofactor
from spelotheek.auth.services import create_api_token
from spelotheek.families.rights import export_family
from spelotheek.groups import participants as group_participants
from tests.factories import PIN, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
HEALTH = ("2030-07", "Group spring", "with_partner", "attendance", "due")


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _expecting_family(db, name: str = "Hanna"):
    """A family enrolled in a perinatal group, and the group's midwife."""
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, code = make_family(db, name, with_pin=True)
    group_participants.enrol(
        db, midwife.id, group, family, due_year=2030, due_month=7, consent=True, now=NOW
    )
    db.commit()
    return family, code, midwife


def _no_health_data(text: str) -> bool:
    return not any(word in text for word in HEALTH)


def _two_step_token(db, role: str = "staff") -> tuple[str, str]:
    user = make_user(db, role=role)
    secret = twofactor.new_secret()
    twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(NOW), NOW)
    token = create_api_token(db, None, user)
    db.commit()
    return token, secret


def _api_headers(token: str, secret: str, reason: str = "family_asked") -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "X-Two-Step-Code": pyotp.TOTP(secret).now(),
        "X-Export-Reason": reason,
    }


def test_the_family_sees_its_own_health_data(client, db) -> None:
    _, code, _ = _expecting_family(db)
    client.post("/family/login", data={"card": code, "pin": PIN})
    own = client.get("/me/data?format=json").get_json()
    assert own["groups"][0]["due"] == "2030-07" and own["groups"][0]["group"] == "Group spring"


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_staff_pages_show_that_health_data_exists_not_what_it_is(client, db, role) -> None:
    family, _, _ = _expecting_family(db)
    login_as(client, staff_id(make_user(db, role=role)))
    db.commit()
    page = client.post(f"/families/{family.id}/data", data={"reason": "family_asked"})
    assert page.status_code == 200 and "Hanna" in page.text
    assert _no_health_data(page.text) and "health data" in page.text
    download = client.post(
        f"/families/{family.id}/data", data={"reason": "family_asked", "format": "json"}
    )
    assert download.mimetype == "application/json" and _no_health_data(download.text)
    assert list(json.loads(download.text)["groups"][0]) == ["withheld"]


def test_device_tokens_get_no_health_data_either(client, db) -> None:
    family, _, _ = _expecting_family(db)
    token, secret = _two_step_token(db, role="coordinator")
    answer = client.get(f"/api/v1/families/{family.id}/export", headers=_api_headers(token, secret))
    assert answer.status_code == 200 and answer.get_json()["family"]["display_name"] == "Hanna"
    assert _no_health_data(answer.text)


def test_only_the_facilitator_of_the_family_s_group_sees_it_in_an_export(db) -> None:
    family, _, midwife = _expecting_family(db)
    other_midwife = make_user(db, role="facilitator")
    db.commit()
    assert export_family(db, family, midwife.id)["groups"][0]["due"] == "2030-07"
    assert _no_health_data(json.dumps(export_family(db, family, other_midwife.id)))


def test_the_page_asks_a_reason_and_keeps_it_in_the_audit_log(client, db) -> None:
    family, _, _ = _expecting_family(db)
    login_as(client, staff_id(make_user(db)))
    db.commit()
    asked = client.get(f"/families/{family.id}/data", headers={"Accept-Language": "en"})
    assert (
        asked.status_code == 200 and "Why do you open" in asked.text and "Hanna" not in asked.text
    )
    vague = client.post(f"/families/{family.id}/data", data={"reason": "other", "note": "x"})
    assert vague.status_code == 400 and "Hanna" not in vague.text
    client.post(f"/families/{family.id}/data", data={"reason": "other", "note": "desk request 12"})
    details = db.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "family_exported")
    ).all()
    assert details == ["other: desk request 12"]


def test_an_old_login_must_be_proven_again(client, db) -> None:
    family, _, _ = _expecting_family(db)
    login_as(client, staff_id(make_user(db)))
    db.commit()
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 6 * 60  # fresh for other pages, not for this
    page = client.post(f"/families/{family.id}/data", data={"reason": "family_asked"})
    assert page.status_code == 302 and page.headers["Location"].startswith("/login/confirm")
    api = client.get(
        f"/api/v1/families/{family.id}/export", headers={"X-Export-Reason": "family_asked"}
    )
    assert api.status_code == 401 and api.get_json()["error"] == "fresh_login_required"


def test_a_device_token_needs_a_current_code_and_a_reason(client, db) -> None:
    family, _, _ = _expecting_family(db)
    token, secret = _two_step_token(db)
    url = f"/api/v1/families/{family.id}/export"
    headers = _api_headers(token, secret)
    no_code = {k: v for k, v in headers.items() if k != "X-Two-Step-Code"}
    assert client.get(url, headers=no_code).status_code == 401
    assert client.get(url, headers={**headers, "X-Two-Step-Code": "000000"}).status_code == 401
    headers = _api_headers(token, secret, reason="curious")
    assert client.get(url, headers=headers).get_json()["error"] == "reason_required"
    plain = create_api_token(db, None, make_user(db))
    db.commit()
    no_two_step = client.get(url, headers={"Authorization": f"Bearer {plain}"})
    assert no_two_step.status_code == 403 and no_two_step.get_json()["error"] == "two_step_required"
    exported = db.scalars(select(AuditEvent).where(AuditEvent.action == "family_exported")).all()
    assert exported == []


def test_an_account_cannot_walk_the_family_register(client, db) -> None:
    families = [make_family(db, f"Family {n}")[0] for n in range(15)]
    login_as(client, staff_id(make_user(db)))
    db.commit()
    pages = [client.get(f"/families/{f.id}").status_code for f in families]
    assert pages[:10] == [200] * 10 and set(pages[10:]) == {429}


def test_one_account_s_two_devices_share_its_limit(client, db) -> None:
    user = make_user(db)
    secret = twofactor.new_secret()
    twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(NOW), NOW)
    tokens = [create_api_token(db, None, user), create_api_token(db, None, user)]
    families = [make_family(db, f"Family {n}")[0] for n in range(12)]
    db.commit()
    statuses = []
    for n, family in enumerate(families):
        headers = {
            "Authorization": f"Bearer {tokens[n % 2]}",
            "X-Two-Step-Code": "",
            "X-Export-Reason": "family_asked",
        }
        statuses.append(client.get(f"/api/v1/families/{family.id}/export", headers=headers))
    assert [r.status_code for r in statuses][10:] == [429, 429]


def test_the_coordinator_sees_how_many_records_each_account_opened_today(client, db) -> None:
    reader = make_user(db)
    coordinator = make_user(db, role="coordinator", language="en")
    families = [make_family(db, f"Family {n}")[0] for n in range(3)]
    db.commit()
    login_as(client, staff_id(reader))
    for family in families:
        client.get(f"/families/{family.id}")
    client.post(f"/families/{families[0].id}/data", data={"reason": "family_asked"})
    login_as(client, staff_id(coordinator))
    page = client.get("/audit/").text
    assert "Family records opened today" in page
    assert f"#{reader.id}</a> (staff)</td><td>4</td>" in page
