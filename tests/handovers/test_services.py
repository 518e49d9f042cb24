"""Handover services on the database: prepare once, approve exactly, take back, expire,
the partner's status, the silent-partner flag, barriers and the family's data rights."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.handovers import notices, privacy, rules, services
from spelotheek.handovers.models import Handover
from spelotheek.network.models import Barrier, NetworkClosure
from tests.factories import make_family, make_service, make_user
from tests.handovers.conftest import NOW, TODAY, call_plan, make_handover


def test_a_form_sent_twice_makes_one_handover(db) -> None:
    family, _ = make_family(db, phone="0470 11 22 33")
    service, worker = make_service(db), make_user(db)
    token = services.new_slip_code()
    args = (worker.id, family, service.id, call_plan(), token, NOW, 30, TODAY)
    first, made = services.prepare(db, *args)
    again, made_again = services.prepare(db, *args)
    assert made and not made_again and again.id == first.id
    assert db.scalar(select(Handover.id).where(Handover.family_id == family.id)) == first.id
    other = make_user(db)
    with pytest.raises(rules.HandoverRefused):  # someone else's token is not a way in
        services.prepare(db, other.id, family, service.id, call_plan(), token, NOW, 30, TODAY)


def test_nothing_leaves_before_approval_and_exactly_the_chosen_fields_after(db) -> None:
    handover = make_handover(db)
    assert handover.shared is None and handover.expires_at == NOW + timedelta(days=30)
    from spelotheek.families.models import Family

    family = db.get(Family, handover.family_id)
    services.approve(db, family, handover, NOW + timedelta(hours=1))
    assert handover.decision == "approved"
    assert handover.shared == {
        "first_name": "Amira",
        "phone": "0470 11 22 33",
        "question": "Ik zoek hulp met de huur.",
    }


def test_the_family_changes_and_takes_back(db) -> None:
    from spelotheek.families.models import Family

    shares = ("first_name", "phone", "question", "children_ages")
    handover = make_handover(db, plan=call_plan(shares=shares))
    family = db.get(Family, handover.family_id)
    services.approve(db, family, handover, NOW)
    assert handover.shared["children_ages"] == [4]
    with pytest.raises(rules.HandoverRefused):  # only away, never more
        services.change(db, family, handover, call_plan(shares=("phone", "question", "note")), NOW)
    services.change(db, family, handover, call_plan(shares=("phone", "question")), NOW)
    assert set(handover.shared) == {"phone", "question"}
    services.withdraw(db, handover, NOW)
    assert handover.decision == "withdrawn" and handover.shared is None
    assert handover.closed_at == NOW
    with pytest.raises(rules.HandoverRefused):
        services.approve(db, family, handover, NOW)


def test_a_handover_nobody_answered_expires(db) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db)
    family = db.get(Family, handover.family_id)
    late = NOW + timedelta(days=30)
    with pytest.raises(rules.HandoverRefused, match="expired"):
        services.approve(db, family, handover, late)
    assert handover.decision == "expired" and handover.closed_at == late
    other = make_handover(db)
    assert services.expire_waiting(db, late) == 1
    assert other.decision == "expired"


def test_the_database_refuses_a_status_or_shared_values_without_approval(db) -> None:
    handover = make_handover(db)
    handover.partner_status = "received"
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    handover = make_handover(db)
    handover.shared = {"first_name": "Amira"}
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_the_partner_status_and_a_suggested_service(db) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db)
    partner = make_user(db, role="partner", organization_id=handover.organization_id)
    with pytest.raises(rules.DomainError):
        services.set_partner_status(db, partner.id, handover, "received", NOW)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)
    services.set_partner_status(db, partner.id, handover, "received", NOW)
    other = make_service(db, "Woonwinkel", domains=("housing",))
    services.set_partner_status(db, partner.id, handover, "not_ours", NOW, other.id)
    assert handover.suggested_service_id == other.id and handover.closed_at == NOW
    made = services.pass_on(db, partner.id, handover, NOW, 30)
    assert made.decision == "waiting" and made.service_id == other.id
    assert made.shares == ["first_name", "phone", "question"] and made.prepared_by == partner.id
    kinds = [e.kind for e in handover.events]
    assert kinds == ["prepared", "approved", "status:received", "status:not_ours", "passed_on"]
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == partner.id)).all()
    assert actions == ["handover_status", "handover_status", "handover_prepared"]


def test_a_barrier_from_a_failed_handover_names_no_family(db) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db)
    worker_id = handover.prepared_by
    with pytest.raises(rules.HandoverRefused):
        services.note_barrier(db, worker_id, handover, "Geen tolk", "", NOW)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)
    services.set_partner_status(db, worker_id, handover, "unreachable", NOW)
    barrier = services.note_barrier(db, worker_id, handover, "Geen tolk", "Gent", NOW)
    row = db.get(Barrier, barrier.id)
    assert (row.source, row.noted_on, row.what) == ("handover", TODAY, "Geen tolk")
    assert row.domain_id is not None and row.service_id == handover.service_id
    assert not hasattr(Barrier, "family_id") and not hasattr(Barrier, "handover_id")


def test_a_silent_partner_is_flagged_once_after_five_working_days(app, db, outbox) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)  # Monday
    db.commit()
    with app.app_context():
        assert notices.flag_silent_partners(db, NOW + timedelta(days=7))["handovers flagged"] == 0
        assert notices.flag_silent_partners(db, NOW + timedelta(days=8))["handovers flagged"] == 1
        assert notices.flag_silent_partners(db, NOW + timedelta(days=9))["handovers flagged"] == 0
    assert len(outbox.messages) == 1
    body = outbox.messages[0].get_body(("plain",)).get_content()
    assert "huur" not in body.lower() and "Amira" not in body and "five working days" in body


def test_a_network_closure_moves_the_flag(app, db) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)
    db.add(NetworkClosure(first_day=TODAY + timedelta(days=1), last_day=TODAY + timedelta(days=1)))
    db.commit()
    with app.app_context():
        assert notices.flag_silent_partners(db, NOW + timedelta(days=8))["handovers flagged"] == 0
        assert notices.flag_silent_partners(db, NOW + timedelta(days=9))["handovers flagged"] == 1


def test_export_erasure_and_retention(app, db) -> None:
    from spelotheek.families import rights
    from spelotheek.families.models import Family

    handover = make_handover(db)
    family = db.get(Family, handover.family_id)
    services.approve(db, family, handover, NOW)
    closed = make_handover(db, family=family)
    services.refuse(db, closed, NOW)
    name, data = privacy.export_handovers(db, family, None)
    assert name == "handovers" and len(data) == 2
    assert data[0]["shared"]["phone"] == "0470 11 22 33" and data[1]["decision"] == "refused"
    settings = {"RETENTION_HANDOVERS_MONTHS": 6}
    assert privacy.purge_closed_handovers(db, NOW + timedelta(days=150), settings) == {
        "closed handovers deleted": 0
    }
    report = privacy.purge_closed_handovers(db, NOW + timedelta(days=200), settings)
    assert report == {"closed handovers deleted": 1}
    assert db.scalars(select(Handover.id)).all() == [handover.id]  # the open one stays
    with app.test_request_context():
        rights.erase_family(db, family, actor_id=None)
    assert db.scalars(select(Handover.id)).all() == []


def test_the_demo_hands_the_first_family_over_to_the_partners_services(db) -> None:
    from spelotheek.handovers import demo

    demo.load(db, TODAY)  # no directory yet: nothing
    assert db.scalars(select(Handover)).all() == []
    family, _ = make_family(db)
    make_user(db, role="staff")
    service = make_service(db)
    partner = make_user(db, role="partner", organization_id=service.organization_id)
    demo.load(db, TODAY)
    found = db.scalars(select(Handover).order_by(Handover.id)).all()
    assert [(h.decision, h.partner_status) for h in found] == [
        ("approved", "received"),
        ("waiting", None),
    ]
    assert {h.family_id for h in found} == {family.id}
    assert {h.organization_id for h in found} == {partner.organization_id}


def test_a_partner_passes_on_only_what_it_was_told(db) -> None:
    from spelotheek.families.models import Family

    handover = make_handover(db, plan=call_plan(shares=("first_name", "phone")))
    partner = make_user(db, role="partner", organization_id=handover.organization_id)
    services.approve(db, db.get(Family, handover.family_id), handover, NOW)
    other = make_service(db, "Woonwinkel")
    services.set_partner_status(db, partner.id, handover, "not_ours", NOW, other.id)
    with pytest.raises(rules.HandoverRefused, match="did not share its question"):
        services.pass_on(db, partner.id, handover, NOW, 30)
