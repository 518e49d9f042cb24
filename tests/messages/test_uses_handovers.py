"""Handover waiting: the family hears only that something waits, with a link to its page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spelotheek.families.models import Family
from spelotheek.handovers import services
from tests.factories import make_service, make_user
from tests.handovers.conftest import NOW, call_plan, make_handover
from tests.messages.uses import assert_plain, messages, texted_family

NIGHT = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # 22:30 in Brussels


def test_a_prepared_handover_is_texted_once_without_saying_what(app, db) -> None:
    amina = texted_family(db, "Amina", "tr")
    service = make_service(db)
    worker = make_user(db, role="staff")
    token = services.new_slip_code()
    args = (worker.id, amina, service.id, call_plan(), token, NOW, 30, NOW.date())
    with app.app_context():
        handover, made = services.prepare(db, *args)
        _again, made_again = services.prepare(db, *args)  # the form sent twice
    assert made and not made_again
    [message] = messages(db)
    assert_plain(message, amina, "handover_waiting")
    assert message.idempotency_key == f"handover_waiting:{handover.id}"
    assert message.body.endswith("http://localhost/me") and handover.slip_code not in message.body
    for secret in (service.name, "huur", "CAW"):  # no service, no question, no organisation
        assert secret not in message.body
    assert message.send_after == NOW


def test_a_family_that_did_not_opt_in_gets_no_text(app, db) -> None:
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    with app.app_context():
        make_handover(db, family=lotte)
    assert messages(db) == []


def test_a_handover_passed_on_at_night_is_texted_in_the_morning(app, db) -> None:
    amina = texted_family(db, "Amina", "ar")
    with app.app_context():
        handover = make_handover(db, family=amina)
        partner = make_user(db, role="partner", organization_id=handover.organization_id)
        services.approve(db, db.get(Family, amina.id), handover, NOW)
        other = make_service(db, "Woonwinkel", domains=("housing",))
        services.set_partner_status(db, partner.id, handover, "not_ours", NOW, other.id)
        made = services.pass_on(db, partner.id, handover, NIGHT, 30)
    first, second = messages(db)
    assert first.idempotency_key == f"handover_waiting:{handover.id}"
    assert second.idempotency_key == f"handover_waiting:{made.id}"
    assert_plain(second, amina, "handover_waiting")
    assert second.send_after == NIGHT.replace(hour=7, minute=0) + timedelta(days=1)
