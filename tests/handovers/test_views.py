"""The handover pages: who sees what, by URL too; the loop from worker to family to partner
and back; mails that say only that something waits; every look audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import User
from spelotheek.families.models import Family
from spelotheek.handovers import services
from spelotheek.handovers.models import Handover
from tests.factories import family_id, login_as, make_family, make_service, make_user, staff_id
from tests.handovers.conftest import NOW, make_handover

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def _as(app, principal: str):
    client = app.test_client()
    login_as(client, principal)
    return client


def _approved(db, **kwargs) -> Handover:
    handover = make_handover(db, **kwargs)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)
    return handover


def test_worker_prepares_family_decides_partner_answers(app, db, outbox) -> None:
    family, _code = make_family(
        db,
        "Amira",
        phone="0470 11 22 33",
        language="tr",
        email="amira@example.org",
        reminder_consent=True,
    )
    service = make_service(db, "Spreekuur huur")
    partner = make_user(db, role="partner", organization_id=service.organization_id)
    worker = make_user(db, role="staff")
    db.commit()
    staff = _as(app, staff_id(worker))
    assert f"handovers/new/{family.id}" in staff.get(f"/families/{family.id}", headers=EN).text
    form = staff.get(f"/handovers/new/{family.id}", headers=EN)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', form.text).group(1)
    data = {
        "token": token,
        "service_id": service.id,
        "question": "Ik zoek hulp met de huur.",
        "shares": ["first_name", "phone", "question"],
        "warm_way": "call",
        "call_time": "na 14 uur",
        "call_language": "tr",
    }
    first = staff.post(f"/handovers/new/{family.id}", data=data)
    second = staff.post(f"/handovers/new/{family.id}", data=data)  # the double click
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    assert db.scalar(select(Handover.id).where(Handover.family_id == family.id)) is not None
    (handover,) = db.scalars(select(Handover)).all()
    assert len(outbox.messages) == 1  # the family: something waits (only once)
    mail = outbox.messages[0]
    text = mail.get_body(("plain",)).get_content()
    assert "huur" not in text.lower() and "Spreekuur" not in text and handover.slip_code in text

    # The partner sees nothing yet, not even by URL.
    partner_client = _as(app, staff_id(partner))
    assert partner_client.get(f"/partner/handovers/{handover.id}").status_code == 404
    assert "huur" not in partner_client.get("/partner/handovers", headers=EN).text

    # The family opens the slip's address after logging in, and says yes.
    family_client = _as(app, family_id(family))
    opened = family_client.get(f"/h/{handover.slip_code}")
    assert opened.location.endswith(f"/me/handovers/{handover.id}")
    page = family_client.get(opened.location, headers={"Accept-Language": "tr"}).text
    assert "0470 11 22 33" in page  # it sees exactly what would leave
    assert family_client.post(f"/me/handovers/{handover.id}/approve").status_code == 302
    assert "/me/handovers/" in family_client.get("/me", headers=EN).text

    # Now the partner sees what was chosen, and answers.
    page = partner_client.get(f"/partner/handovers/{handover.id}", headers=EN).text
    assert "0470 11 22 33" in page and "Ik zoek hulp met de huur." in page
    answered = partner_client.post(
        f"/partner/handovers/{handover.id}/status",
        data={"status": "contacted", "suggested_service_id": 0},
        headers=EN,
        follow_redirects=True,
    )
    assert "Thank you" in answered.text, answered.text
    db.rollback()
    assert db.get(Handover, handover.id).partner_status == "contacted"
    assert "Contacted the family" in staff.get("/handovers", headers=EN).text
    assert "Contacted the family" in staff.get(first.location, headers=EN).text
    # The family reads its own language (Turkish), whatever the browser asks.
    mine = family_client.get(f"/me/handovers/{handover.id}", headers=EN).text
    assert "Aileyle iletişime geçildi" in mine  # "Contacted the family"
    subjects = [m["Subject"] for m in outbox.messages]
    assert "A new handover is waiting" in subjects
    for message in outbox.messages:
        body = message.get_body(("plain",)).get_content()
        assert "huur" not in body.lower() and "Amira" not in body and "0470" not in body

    # Every look by the worker and the partner is in the audit trail.
    db.rollback()
    viewed = db.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.action == "handover_viewed", AuditEvent.subject_id == handover.id
        )
    ).all()
    assert set(viewed) == {worker.id, partner.id}


def test_a_partner_sees_only_its_own_organisations_approved_handovers(app, db) -> None:
    ours = _approved(db)
    other_org = _approved(db)
    partner = make_user(db, role="partner", organization_id=ours.organization_id)
    db.commit()
    client = _as(app, staff_id(partner))
    listed = client.get("/partner/handovers", headers=EN).text
    assert f"/partner/handovers/{ours.id}" in listed
    assert f"/partner/handovers/{other_org.id}" not in listed
    assert client.get(f"/partner/handovers/{other_org.id}").status_code == 404
    assert (
        client.post(
            f"/partner/handovers/{other_org.id}/status", data={"status": "received"}
        ).status_code
        == 404
    )
    # Never the family's other data: no way to its page or its loans.
    assert client.get(f"/families/{ours.family_id}").status_code == 403


@pytest.mark.parametrize("step", ["refuse", "withdraw", "expire", "waiting"])
def test_a_closed_or_waiting_handover_is_not_found_for_the_partner(app, db, step) -> None:
    from datetime import timedelta

    handover = make_handover(db) if step in ("refuse", "expire", "waiting") else _approved(db)
    if step == "refuse":
        services.refuse(db, handover, NOW)
    elif step == "withdraw":
        services.withdraw(db, handover, NOW)
    elif step == "expire":
        services.expire_waiting(db, NOW + timedelta(days=31))
    partner = make_user(db, role="partner", organization_id=handover.organization_id)
    db.commit()
    client = _as(app, staff_id(partner))
    assert client.get(f"/partner/handovers/{handover.id}").status_code == 404
    assert (
        client.post(
            f"/partner/handovers/{handover.id}/status", data={"status": "received"}
        ).status_code
        == 404
    )
    assert f"/partner/handovers/{handover.id}" not in client.get("/partner/handovers").text


def test_a_volunteer_sees_no_handovers(app, db) -> None:
    handover = _approved(db)
    volunteer = make_user(db, role="volunteer")
    db.commit()
    client = _as(app, staff_id(volunteer))
    for url in (
        "/handovers",
        f"/handovers/{handover.id}",
        f"/handovers/new/{handover.family_id}",
        f"/partner/handovers/{handover.id}",
        f"/me/handovers/{handover.id}",
    ):
        assert client.get(url).status_code == 403, url


def test_a_family_sees_only_its_own(app, db) -> None:
    handover = make_handover(db)
    other, _ = make_family(db, "Julie")
    db.commit()
    client = _as(app, family_id(other))
    assert client.get(f"/me/handovers/{handover.id}").status_code == 404
    assert client.get(f"/h/{handover.slip_code}").status_code == 404
    assert client.post(f"/me/handovers/{handover.id}/approve").status_code == 404
    db.expire_all()
    assert db.get(Handover, handover.id).decision == "waiting"


def test_the_slip_asks_for_a_login_first(app, db) -> None:
    handover = make_handover(db)
    db.commit()
    response = app.test_client().get(f"/h/{handover.slip_code}")
    assert response.status_code == 302 and "/family/login" in response.location


def test_the_slip_holds_only_the_random_address(app, db) -> None:
    handover = make_handover(db)
    db.commit()
    worker = db.get(User, handover.prepared_by)
    page = _as(app, staff_id(worker)).get(f"/handovers/{handover.id}/slip", headers=EN).text
    assert "Amira" not in page and "huur" not in page.lower()


def test_a_worker_sees_only_what_it_prepared(app, db) -> None:
    handover = make_handover(db)
    other = make_user(db, role="staff")
    db.commit()
    assert _as(app, staff_id(other)).get(f"/handovers/{handover.id}").status_code == 404


def test_a_facilitator_prepares_only_for_families_of_its_groups(app, db) -> None:
    family, _ = make_family(db)
    facilitator = make_user(db, role="facilitator")
    db.commit()
    client = _as(app, staff_id(facilitator))
    assert client.get(f"/handovers/new/{family.id}").status_code == 404


def test_bad_input_is_refused_and_nothing_is_saved(app, db) -> None:
    family, _ = make_family(db, phone="0470 11 22 33")
    service = make_service(db)
    worker = make_user(db)
    db.commit()
    client = _as(app, staff_id(worker))
    base = {
        "token": services.new_slip_code(),
        "service_id": service.id,
        "warm_way": "call",
        "shares": ["phone", "question"],
        "question": "Huur",
    }
    for bad in (
        {"question": "x" * 2001},
        {"question": ""},
        {"service_id": 999999},
        {"warm_way": "together"},
        {"shares": ["address"]},
        {"token": "short"},
        {"shares": ["question"]},
    ):
        response = client.post(f"/handovers/new/{family.id}", data={**base, **bad}, headers=EN)
        assert response.status_code == 400, bad
        assert "Please check" in response.text
    assert db.scalars(select(Handover)).all() == []


def test_a_facilitator_hands_over_a_family_of_its_group(app, db) -> None:
    from datetime import date

    from spelotheek.groups import participants
    from tests.groups.helpers import at, make_group

    family, _ = make_family(db, phone="0470 11 22 33")
    facilitator = make_user(db, role="facilitator")
    group = make_group(db, [facilitator])
    participants.enrol(
        db,
        facilitator.id,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=at(date(2029, 12, 1)),
    )
    db.commit()
    client = _as(app, staff_id(facilitator))
    assert client.get(f"/handovers/new/{family.id}").status_code == 200
    assert f"/handovers/new/{family.id}" in client.get("/handovers", headers=EN).text
    page = client.get(f"/groups/{group.id}/participants", headers=EN).text
    assert f"/handovers/new/{family.id}" in page
