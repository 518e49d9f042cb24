"""Toy due soon and hold ready: queued by `send-reminders` beside the e-mail, once each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spelotheek.loans import holds, services
from spelotheek.loans.reminders import send_reminders
from tests.factories import make_family
from tests.loans.factories import item_of, make_location, make_toy
from tests.messages.uses import assert_plain, messages, statements_sent, texted_family

LENT = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # Wednesday; due Wednesday 25 March
MONDAY = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)  # 09:00 in Brussels: two days before
NIGHT = datetime(2026, 3, 23, 22, 30, tzinfo=UTC)  # 23:30 in Brussels
MORNING = datetime(2026, 3, 24, 7, 0, tzinfo=UTC)  # 08:00 in Brussels


def _lend(db, family, location, name="Blokkendoos"):
    toy = make_toy(db, name, location=location)
    return services.lend(db, None, family.id, item_of(toy), LENT)


def test_a_toy_due_soon_is_texted_once_in_the_family_language(app, db) -> None:
    location = make_location(db)
    amina = texted_family(db, "Amina", "tr")
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    loan = _lend(db, amina, location)
    _lend(db, lotte, location, "Puzzel")
    db.commit()
    with app.app_context():
        first = send_reminders(db, MONDAY)
        second = send_reminders(db, MONDAY + timedelta(hours=3))
    assert first["short messages queued"] == 1 and second["short messages queued"] == 0
    [message] = messages(db)
    assert_plain(message, amina, "due_soon")
    assert message.idempotency_key == f"due_soon:loan:{loan.loan_id}:2026-03-25"
    assert "Blokkendoos" in message.body and "25 Mart" in message.body  # a Turkish date
    assert message.send_after == MONDAY


def test_a_renewal_that_moves_the_due_date_is_a_new_occasion(app, db) -> None:
    location = make_location(db)
    amina = texted_family(db, "Amina", "ar")
    loan = _lend(db, amina, location)
    db.commit()
    with app.app_context():
        send_reminders(db, MONDAY)
        renewed = services.renew(db, amina.id, loan.loan_id, MONDAY)
        db.commit()
        later = datetime.combine(renewed.due_on - timedelta(days=1), MONDAY.timetz())
        send_reminders(db, later)
        send_reminders(db, later)
    keys = [m.idempotency_key for m in messages(db, "due_soon")]
    assert keys == [
        f"due_soon:loan:{loan.loan_id}:2026-03-25",
        f"due_soon:loan:{loan.loan_id}:{renewed.due_on.isoformat()}",
    ]


def test_a_ready_hold_found_at_night_is_texted_in_the_morning(app, db) -> None:
    location = make_location(db)
    amina = texted_family(db, "Amina", "tr")
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    toy = make_toy(db, "Knikkerbaan", copies=2, location=location)
    hold = holds.place_hold(db, None, amina, toy.id, NIGHT - timedelta(hours=1))
    holds.place_hold(db, None, lotte, toy.id, NIGHT - timedelta(hours=1))
    db.commit()
    assert hold.status == "ready" and hold.pickup_by is not None
    with app.app_context():
        send_reminders(db, NIGHT)
        send_reminders(db, NIGHT + timedelta(minutes=5))
    [message] = messages(db)
    assert_plain(message, amina, "hold_ready")
    assert message.idempotency_key == f"hold_ready:{hold.id}" and "Knikkerbaan" in message.body
    assert message.send_after == MORNING and message.created_at == NIGHT


def test_a_second_sweep_costs_the_same_however_many_families_were_texted(app, db) -> None:
    location = make_location(db)

    def add_families(n: int) -> None:
        for k in range(n):
            family = texted_family(db, f"Ouder{k}", "nl")
            _lend(db, family, location, f"Toy {family.id}")
        db.commit()

    def second_sweep_statements() -> int:
        with app.app_context():
            send_reminders(db, MONDAY)  # queues what is new
            with statements_sent(app) as counted:
                send_reminders(db, MONDAY + timedelta(minutes=1))
        return len(counted)

    add_families(2)
    few = second_sweep_statements()
    add_families(6)
    many = second_sweep_statements()
    assert len(messages(db)) == 8
    assert many == few


def test_a_family_that_did_not_opt_in_gets_no_text_but_its_mail(app, db, outbox) -> None:
    location = make_location(db)
    family, _code = make_family(
        db, "Lotte", phone="+32470123456", email="lotte@example.test", reminder_consent=True
    )
    _lend(db, family, location)
    db.commit()
    with app.app_context():
        report = send_reminders(db, MONDAY)
    assert report["due_soon"] == 1 and report["short messages queued"] == 0
    assert messages(db) == [] and len(outbox.messages) == 1


def test_a_family_texted_is_not_on_the_staff_list_to_call(app, db) -> None:
    from spelotheek.loans.reminders import to_call

    location = make_location(db)
    amina = texted_family(db, "Amina", "tr")  # no consent to e-mail: only the text reaches her
    lotte = texted_family(db, "Lotte", "nl", opted_in=False)
    _lend(db, amina, location)
    _lend(db, lotte, location, "Puzzel")
    db.commit()
    with app.app_context():
        before = [r.family.id for r in to_call(db, MONDAY)]
        report = send_reminders(db, MONDAY)
        after = [r.family.id for r in to_call(db, MONDAY)]
        late = [r.kind for r in to_call(db, MONDAY + timedelta(days=3))]
    assert sorted(before) == sorted([amina.id, lotte.id])
    assert report["to_call"] == 1 and after == [lotte.id]
    assert late == ["overdue", "overdue"]  # a late toy gets no text: staff still call
