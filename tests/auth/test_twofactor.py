"""Two-step login, recovery codes and fresh logins before exports."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth import twofactor
from spelotheek.auth.models import User
from tests.factories import PASSWORD, login_as, make_user, staff_id

AT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def _enabled_user(db, role: str = "coordinator") -> tuple[User, str, list[str]]:
    user = make_user(db, role=role, language="en")
    secret = twofactor.new_secret()
    codes = twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(AT), AT)
    db.commit()
    return user, secret, codes


def _now_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def test_enabling_needs_a_matching_code_and_gives_ten_recovery_codes(db) -> None:
    user = make_user(db)
    secret = twofactor.new_secret()
    assert twofactor.enable(db, user, secret, "000000", AT) is None
    assert user.totp_secret is None
    codes = twofactor.enable(db, user, secret, pyotp.TOTP(secret).at(AT), AT)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert user.totp_secret == secret


def test_a_code_works_once_and_clock_drift_of_one_step_is_allowed(db) -> None:
    user, secret, _ = _enabled_user(db)
    later = datetime.fromtimestamp(AT.timestamp() + 90, UTC)
    code = pyotp.TOTP(secret).at(later)
    assert twofactor.verify(db, user, code, later)
    assert not twofactor.verify(db, user, code, later)  # replay
    next_step = datetime.fromtimestamp(later.timestamp() + 30, UTC)
    assert twofactor.verify(db, user, pyotp.TOTP(secret).at(next_step), later)  # phone 30 s ahead
    far = datetime.fromtimestamp(later.timestamp() + 600, UTC)
    assert not twofactor.verify(db, user, pyotp.TOTP(secret).at(far), later)


def test_recovery_codes_work_once(db) -> None:
    user, _, codes = _enabled_user(db)
    assert twofactor.verify(db, user, codes[0].upper(), AT)
    assert not twofactor.verify(db, user, codes[0], AT)
    assert twofactor.verify(db, user, codes[1].replace("-", ""), AT)


def test_the_authenticator_uri_names_no_email(db) -> None:
    user = make_user(db)
    uri = twofactor.provisioning_uri(twofactor.new_secret(), user.id, "Spelotheek")
    assert user.email.split("@")[0] not in uri and "staff-" in uri


def test_login_with_two_step(client, db) -> None:
    user, secret, _ = _enabled_user(db, role="staff")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/families/").status_code == 302  # not logged in yet
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 400
    right = client.post("/login/code", data={"code": _now_code(secret)})
    assert right.status_code == 302
    assert client.get("/families/").status_code == 200


def test_the_second_step_expires(client, db) -> None:
    user, secret, _ = _enabled_user(db, role="staff")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        session["pending"]["at"] -= 301
        session.modified = True
    response = client.post("/login/code", data={"code": _now_code(secret)})
    assert response.headers["Location"] == "/login"


def test_coordinators_must_set_up_two_step_before_anything_else(client, db, app) -> None:
    user = make_user(db, role="coordinator", language="en")
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/two-step"
    assert client.get("/users/").headers["Location"] == "/account/two-step"
    page = client.get("/account/two-step").data.decode()
    secret = re.search(r'<code class="card-code">([A-Z2-7]+)</code>', page).group(1)
    assert "<svg" in page
    done = client.post("/account/two-step", data={"password": PASSWORD, "code": _now_code(secret)})
    assert done.status_code == 200
    assert (
        len(re.findall(r"<li><code>[0-9a-f]{8}-[0-9a-f]{8}</code></li>", done.data.decode())) == 10
    )
    assert client.get("/users/").status_code == 200
    db.expire_all()
    assert db.get(User, user.id).totp_secret == secret


def test_volunteers_may_skip_two_step(client, db) -> None:
    user = make_user(db, role="volunteer")
    db.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/desk"  # straight to the desk, no second step


def test_exports_ask_for_a_fresh_login(client, db) -> None:
    user, secret, _ = _enabled_user(db)
    login_as(client, staff_id(user))
    with client.session_transaction() as session:
        session["auth_at"] = int(time.time()) - 11 * 60
    response = client.get("/audit/export.csv")
    assert response.headers["Location"].startswith("/login/confirm")
    refused = client.post(
        "/login/confirm?next=/audit/export.csv", data={"password": PASSWORD, "code": "000000"}
    )
    assert refused.status_code == 400
    confirmed = client.post(
        "/login/confirm?next=/audit/export.csv",
        data={"password": PASSWORD, "code": _now_code(secret)},
    )
    assert confirmed.headers["Location"] == "/audit/export.csv"
    export = client.get("/audit/export.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "audit_exported" in [a for (a,) in db.execute(select(AuditEvent.action))]


def test_the_audit_export_holds_no_personal_content_and_is_formula_safe(client, db) -> None:
    from spelotheek import audit

    user, _, _ = _enabled_user(db)
    audit.record(db, "role_changed", actor_id=user.id, detail="=HYPERLINK(1)")
    db.commit()
    login_as(client, staff_id(user))
    body = client.get("/audit/export.csv").data.decode()
    assert "'=HYPERLINK(1)" in body
    assert user.email not in body and user.name not in body


def test_a_coordinator_can_reset_someones_two_step(client, db) -> None:
    coordinator, _, _ = _enabled_user(db)
    other, _, _ = _enabled_user(db, role="staff")
    login_as(client, staff_id(coordinator))
    client.post(f"/users/{other.id}/two-step", data={"confirm": "yes"})
    db.expire_all()
    assert db.get(User, other.id).totp_secret is None
