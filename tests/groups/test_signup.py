"""Joining a pregnancy group without a family card, linking the card later, and the
participant's own yes or no to being contacted after a missed session."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.db import utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.groups import participants, privacy, retention, signup
from spelotheek.groups.models import Enrolment, Group
from spelotheek.phones import PhoneRefused
from tests.factories import family_id, login_as, make_family, make_user, staff_id
from tests.groups.helpers import make_group

EN = {"Accept-Language": "en"}


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def fresh(db) -> None:
    db.rollback()
    db.expire_all()


def _before(group: Group):
    return group.sessions[0].starts_at - timedelta(days=7)


def _sign_up(db, group, **extra):
    values = {
        "first_name": "Noor",
        "phone": "0470 12 34 56",
        "consent": True,
        "now": _before(group),
    }
    values.update(extra)
    return signup.sign_up(db, group, **values)


def test_a_sign_up_needs_consent_a_first_name_and_a_real_phone(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    with pytest.raises(DomainError):
        _sign_up(db, group, consent=False)
    with pytest.raises(DomainError):
        _sign_up(db, group, first_name="   ")
    with pytest.raises(PhoneRefused):
        _sign_up(db, group, phone="12")
    assert db.scalars(select(Enrolment)).all() == []
    enrolment = _sign_up(db, group, language="ar", due=(2030, 7))
    assert (enrolment.family_id, enrolment.first_name, enrolment.phone) == (
        None,
        "Noor",
        "+32470123456",
    )
    assert enrolment.active and participants.active_enrolments(group) == [enrolment]
    assert enrolment.contact_ok_at is None  # not opted in unless asked
    # A visitor typing a number already in the group learns nothing and changes nothing.
    assert _sign_up(db, group, first_name="Other", phone="+32 470 12 34 56") is None
    assert participants.active_enrolments(group) == [enrolment]


def test_the_database_wants_a_family_or_a_first_name_and_phone(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    db.add(Enrolment(group=group, consent_purpose="x", consent_at=utcnow(), first_name="Noor"))
    with pytest.raises(IntegrityError):
        db.flush()


def test_linking_the_card_later_forgets_the_phone(db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    enrolment = _sign_up(db, group, contact_ok=True)
    family, _ = make_family(db, "Noor K.")
    signup.link_card(db, midwife.id, group, enrolment, family)
    assert enrolment.family_id == family.id and enrolment.phone is None
    assert enrolment.first_name is None and enrolment.display_name == "Noor K."
    with pytest.raises(DomainError):
        signup.link_card(db, midwife.id, group, enrolment, family)
    (_, data) = privacy.export_enrolments(db, family, None)
    assert data[0]["contact_after_missed_session"] == enrolment.contact_ok_at.isoformat()


def test_withdrawal_and_retention_forget_the_first_name_and_phone(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    stopped = _sign_up(db, group)
    participants.withdraw(db, stopped, _before(group))
    assert (stopped.first_name, stopped.phone, stopped.active) == (None, None, False)
    kept = _sign_up(db, group, first_name="Lina", phone="0470 65 43 21")
    group.status, group.finished_on = "finished", date(2030, 6, 1)
    db.flush()
    report = retention.purge(db, utcnow().replace(year=2032), {})
    assert report["perinatal enrolments unlinked from families"] == 1
    assert (kept.first_name, kept.phone, kept.unlinked_at is not None) == (None, None, True)


def test_a_visitor_signs_up_on_the_public_page_and_the_midwife_sees_it(app, client, db) -> None:
    midwife, other = make_user(db, role="facilitator"), make_user(db, role="facilitator")
    group = make_group(db, [midwife], name="Group A")
    make_group(db, [other], name="Group B", first_day=date(2030, 2, 4))
    db.commit()
    form = {"group": str(group.id), "first_name": "Noor", "phone": "0470 12 34 56"}
    refused = client.post("/groups/offer", data=form, headers=EN)
    assert refused.status_code == 400 and "Please tick the box" in refused.get_data(as_text=True)
    wrong = client.post("/groups/offer", data={**form, "phone": "abc", "consent": "y"}, headers=EN)
    assert wrong.status_code == 400 and "not a phone number" in wrong.get_data(as_text=True)
    fresh(db)
    assert db.scalars(select(Enrolment)).all() == []
    done = client.post(
        "/groups/offer", data={**form, "consent": "y", "contact_ok": "y", "due": ""}, headers=EN
    )
    assert done.status_code == 302
    fresh(db)
    enrolment = db.scalars(select(Enrolment)).one()
    assert enrolment.phone == "+32470123456" and enrolment.contact_ok_at is not None
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "group_enrolled")).one()
    assert event.actor_kind == "visitor" and "Noor" not in event.detail
    login_as(client, staff_id(midwife))
    page = client.get(f"/groups/{group.id}/participants", headers=EN).get_data(as_text=True)
    assert "Noor" in page and "0470 12 34 56" in page and "no card yet" in page
    other_client = app.test_client()
    login_as(other_client, staff_id(other))
    assert other_client.get(f"/groups/{group.id}/participants").status_code == 404


def test_the_public_form_does_not_tell_whether_a_number_is_in_a_group(client, db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    db.commit()
    form = {"group": str(group.id), "first_name": "Noor", "consent": "y", "due": ""}
    first = client.post("/groups/offer", data={**form, "phone": "0470 12 34 56"}, headers=EN)
    again = client.post(
        "/groups/offer",
        data={**form, "first_name": "Someone", "phone": "+32470123456"},
        headers=EN,
    )
    assert first.status_code == again.status_code == 302
    assert first.location == again.location
    fresh(db)
    assert [e.first_name for e in db.scalars(select(Enrolment))] == ["Noor"]


def test_a_midwife_refers_someone_and_links_the_card_later(client, db) -> None:
    midwife = make_user(db, role="facilitator")
    group = make_group(db, [midwife])
    family, code = make_family(db, "Noor K.")
    db.commit()
    login_as(client, staff_id(midwife))
    url = f"/groups/{group.id}/refer"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"first_name": "Noor", "phone": "0470"}).status_code == 400
    assert (
        client.post(
            url, data={"first_name": "Noor", "phone": "0470 12 34 56", "consent": "y"}
        ).status_code
        == 302
    )
    fresh(db)
    enrolment = db.scalars(select(Enrolment)).one()
    assert enrolment.consent_by_id == midwife.id and enrolment.family_id is None
    link = f"/groups/{group.id}/enrolments/{enrolment.id}/card"
    assert client.post(link, data={"card": "nonsense"}).status_code == 400
    assert client.post(link, data={"card": code}).status_code == 302
    fresh(db)
    linked = db.get(Enrolment, enrolment.id)
    assert linked.family_id == family.id and linked.phone is None


def test_the_participant_sees_the_contact_list_choice_and_switches_it_off(client, db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    family, _ = make_family(db, "Amira", language="en")
    enrolment, _ = participants.enrol(
        db,
        None,
        group,
        family,
        due_year=2030,
        due_month=7,
        consent=True,
        now=_before(group),
        contact_ok=True,
    )
    db.commit()
    login_as(client, family_id(family))
    page = client.get("/me", headers=EN).get_data(as_text=True)
    assert "You are on the get-in-touch list when you miss a session" in page
    client.post(f"/me/groups/{enrolment.id}/contact", data={"next": "me"})
    fresh(db)
    assert db.get(Enrolment, enrolment.id).contact_ok_at is None
    page = client.get("/me", headers=EN).get_data(as_text=True)
    assert "You are not on the get-in-touch list" in page
    client.post(f"/me/groups/{enrolment.id}/contact", data={"contact_ok": "y"})
    fresh(db)
    assert db.get(Enrolment, enrolment.id).contact_ok_at is not None
    other, _ = make_family(db, "Other")
    db.commit()
    login_as(client, family_id(other))
    assert client.post(f"/me/groups/{enrolment.id}/contact", data={}).status_code == 404


def test_two_sign_ups_with_one_number_at_once_save_one(db) -> None:
    group = make_group(db, [make_user(db, role="facilitator")])
    db.commit()
    assert participants.active_enrolments(group) == []  # this session read the list: empty
    # Meanwhile another request enrolled the same number (written past this session's list).
    db.execute(
        insert(Enrolment).values(
            group_id=group.id,
            first_name="Noor",
            phone="+32470123456",
            consent_purpose=signup.SIGNUP_CONSENT_PURPOSE,
            consent_at=_before(group),
            enrolled_at=_before(group),
            first_position=1,
            with_partner=False,
            share_name=False,
        )
    )
    assert _sign_up(db, group) is None  # the unique index decides; the visitor sees a thank-you
    with pytest.raises(DomainError, match="already"):
        _sign_up(db, group, actor_id=make_user(db, role="facilitator").id)
    db.commit()
    assert len(db.scalars(select(Enrolment)).all()) == 1
