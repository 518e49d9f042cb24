"""Keeping the directory true: the list of entries not checked for six months, and asking the
partner to check by e-mail (no family named, only a link)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from spelotheek.network import upkeep
from spelotheek.network.models import Organization
from tests.factories import login_as, make_organization, make_service, make_user, staff_id


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False}


def test_stale_means_not_checked_for_six_months() -> None:
    assert upkeep.stale_before(date(2026, 12, 6)) == date(2026, 6, 6)


def test_the_list_shows_entries_not_checked_for_six_months_or_never(app: Flask, db) -> None:
    today = upkeep.today()
    recent = make_organization(db, name="Recent vzw", checked_on=today - timedelta(days=10))
    make_service(db, name="Recente dienst", organization=recent, checked_on=today)
    make_organization(db, name="Oud vzw", checked_on=today - timedelta(days=200))
    never = make_organization(db, name="Nooit vzw", checked_on=today)
    make_service(db, name="Nooit nagekeken", organization=never)
    coordinator = make_user(db, role="coordinator")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    page = client.get("/network/manage/unchecked").get_data(as_text=True)
    assert "Oud vzw" in page and "Nooit nagekeken" in page
    assert "Recent vzw" not in page and "Recente dienst" not in page


def test_asking_the_partner_mails_its_accounts_and_notes_when(app: Flask, db, outbox) -> None:
    organization = make_organization(db, name="CAW Oost")
    partner = make_user(db, role="partner", organization_id=organization.id, language="fr")
    make_user(db, role="partner")  # another organisation's partner: not asked
    coordinator = make_user(db, role="coordinator")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    answer = client.post(f"/network/manage/organizations/{organization.id}/ask-check")
    assert answer.status_code == 302
    assert [m["To"] for m in outbox.messages] == [partner.email]
    message = outbox.messages[0]
    body = message.get_body(("plain",)).get_content()
    assert f"/network/manage/organizations/{organization.id}" in body
    assert message["Content-Language"] == "fr"
    db.expire_all()
    asked = db.get(Organization, organization.id).check_requested_at
    assert asked is not None
    page = client.get("/network/manage/unchecked").get_data(as_text=True)
    assert "asked on" in page


def test_asking_an_organisation_without_partner_says_so(app: Flask, db, outbox) -> None:
    organization = make_organization(db)
    coordinator = make_user(db, role="coordinator")
    db.commit()
    client = app.test_client()
    login_as(client, staff_id(coordinator))
    client.post(f"/network/manage/organizations/{organization.id}/ask-check")
    assert outbox.messages == []
    page = client.get("/network/manage/unchecked").get_data(as_text=True)
    assert "no partner account yet" in page
