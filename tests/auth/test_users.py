"""The coordinator manages staff accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import User
from tests.factories import login_as, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


@pytest.fixture
def coordinator(client, db) -> User:
    user = make_user(db, role="coordinator", language="en")
    db.commit()
    login_as(client, staff_id(user))
    return user


def test_add_an_account(client, db, coordinator) -> None:
    response = client.post(
        "/users/",
        data={
            "email": "New@Example.org",
            "name": "Nora",
            "role": "volunteer",
            "password": "first password 1",
        },
    )
    assert response.status_code == 302
    user = db.scalars(select(User).where(User.email == "new@example.org")).one()
    assert user.role == "volunteer"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "account_created")).one()
    assert event.actor_id == coordinator.id and "Nora" not in event.detail


def test_a_taken_email_is_explained(client, db, coordinator) -> None:
    response = client.post(
        "/users/",
        data={
            "email": coordinator.email,
            "name": "X",
            "role": "staff",
            "password": "long enough 1",
        },
    )
    assert "There is already an account with this e-mail address." in response.data.decode()


def test_role_change_ends_that_persons_sessions(app, client, db, coordinator) -> None:
    volunteer = make_user(db, role="volunteer")
    db.commit()
    theirs = app.test_client()
    login_as(theirs, staff_id(volunteer))
    assert theirs.get("/families/").status_code == 403
    client.post(f"/users/{volunteer.id}/role", data={"role": "staff"})
    assert theirs.get("/families/").status_code == 302  # logged out: must log in again
    db.expire_all()
    assert db.get(User, volunteer.id).role == "staff"


def test_deactivation_ends_sessions_and_one_cannot_deactivate_oneself(app, client, db, coordinator):
    other = make_user(db, role="staff")
    db.commit()
    theirs = app.test_client()
    login_as(theirs, staff_id(other))
    client.post(f"/users/{other.id}/active")
    assert theirs.get("/families/").status_code == 302
    response = client.post(f"/users/{coordinator.id}/active")
    assert response.status_code == 422
    db.expire_all()
    assert db.get(User, coordinator.id).active
