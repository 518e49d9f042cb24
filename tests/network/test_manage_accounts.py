"""Partner accounts: an organisation is needed, and cleared when the role changes."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from spelotheek.auth import services
from spelotheek.auth.models import User
from spelotheek.cli import main
from tests.factories import login_as, make_organization, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_a_partner_needs_its_organisation(db) -> None:
    with pytest.raises(services.AccountError):
        services.create_user(db, None, "p@example.org", "P", "partner", "long password 1")
    organization = make_organization(db)
    user = services.create_user(
        db,
        None,
        "p@example.org",
        "P",
        "partner",
        "long password 1",
        organization_id=organization.id,
    )
    assert user.organization_id == organization.id
    staff = services.create_user(
        db,
        None,
        "s@example.org",
        "S",
        "staff",
        "long password 1",
        organization_id=organization.id,
    )
    assert staff.organization_id is None  # only partners belong to an organisation


def test_changing_a_partner_to_another_role_clears_its_organisation(db) -> None:
    partner = make_user(db, role="partner")
    services.change_role(db, None, partner, "staff")
    db.flush()
    assert partner.organization_id is None and partner.role == "staff"
    with pytest.raises(services.AccountError):
        services.change_role(db, None, partner, "partner")


def test_the_coordinator_makes_a_partner_account_on_the_page(app: Flask, db) -> None:
    coordinator = make_user(db, role="coordinator")
    organization = make_organization(db, name="Kind en Gezin")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    page = client.get("/users/").get_data(as_text=True)
    assert "Kind en Gezin" in page
    data = {
        "email": "kg@example.org",
        "name": "KG",
        "role": "partner",
        "password": "long password 2",
    }
    refused = client.post("/users/", data=data)
    assert "needs its organisation" in refused.get_data(as_text=True)
    assert (
        client.post("/users/", data={**data, "organization_id": str(organization.id)}).status_code
        == 302
    )
    db.expire_all()
    user = db.scalars(select(User).where(User.email == "kg@example.org")).one()
    assert user.organization_id == organization.id
    client.post(f"/users/{user.id}/role", data={"role": "volunteer", "organization_id": "0"})
    db.rollback()
    assert db.get(User, user.id).organization_id is None


def test_create_user_on_the_command_line_takes_an_organisation(app: Flask, db) -> None:
    organization = make_organization(db, name="OCMW")
    db.commit()
    runner = app.test_cli_runner()
    args = ["create-user", "o@example.org", "--role", "partner", "--password", "long password 5"]
    missing = runner.invoke(main, args)
    assert missing.exit_code == 1
    unknown = runner.invoke(main, [*args, "--organization", "Nergens"])
    assert unknown.exit_code == 1
    made = runner.invoke(main, [*args, "--organization", "OCMW"])
    assert made.exit_code == 0, made.output
    db.expire_all()
    user = db.scalars(select(User).where(User.email == "o@example.org")).one()
    assert user.organization_id == organization.id
