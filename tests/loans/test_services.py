"""Services on the database: lending, returns with parts, holds, undo, reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import DomainError
from spelotheek.loans import desk, holds, itemstates, panel, services, terms, undo
from spelotheek.loans.models import Hold, Loan, LoanPolicy, MissingPart, ReminderSent
from spelotheek.loans.rules import LoanRefused
from tests.factories import make_family, make_user
from tests.loans.factories import item_of, make_location, make_toy

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # Wednesday 10:00 in Brussels


@pytest.fixture
def place(db):
    return make_location(db)


def test_lend_sets_the_due_date_on_an_opening_day(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, copies=1, location=place)
    lent = services.lend(db, None, family.id, item_of(toy), NOW)
    assert lent.due_on == date(2026, 3, 25)
    assert item_of(toy).state == "on_loan"


def test_a_closure_moves_the_due_date_and_an_ended_one_does_not(db) -> None:
    # Closed 20–28 March (the due day, Wednesday 25th, falls in it); a January closure is over.
    place = make_location(
        db,
        closures=[(date(2026, 1, 1), date(2026, 1, 10)), (date(2026, 3, 20), date(2026, 3, 28))],
    )
    family, _ = make_family(db)
    lent = services.lend(db, None, family.id, item_of(make_toy(db, location=place)), NOW)
    assert lent.due_on == date(2026, 4, 1)  # the first opening day after the closure
    sessions, closures = terms.location_rules(db, place.id, from_day=date(2026, 3, 4))
    assert [(c.first_day, c.last_day) for c in closures] == [(date(2026, 3, 20), date(2026, 3, 28))]
    assert [s.weekday for s in sessions] == [2, 5]
    _, every = terms.location_rules(db, place.id)
    assert len(every) == 2


def test_the_database_allows_one_open_loan_per_item(db, place) -> None:
    family, _ = make_family(db)
    other, _ = make_family(db, "Other")
    item = item_of(make_toy(db, location=place))
    db.add(Loan(item_id=item.id, family_id=family.id, due_on=date(2026, 3, 25)))
    db.flush()
    db.add(Loan(item_id=item.id, family_id=other.id, due_on=date(2026, 3, 25)))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_second_lend_of_the_same_copy_is_refused_with_409(db, place) -> None:
    family, _ = make_family(db)
    other, _ = make_family(db, "Other")
    item = item_of(make_toy(db, location=place))
    services.lend(db, None, family.id, item, NOW)
    with pytest.raises(LoanRefused) as refused:
        services.lend(db, None, other.id, item, NOW)
    assert (refused.value.code, refused.value.status) == ("item_on_loan", 409)


def test_the_family_limit_and_its_override(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, copies=4, location=place)
    for index in range(3):
        services.lend(db, None, family.id, item_of(toy, index), NOW)
    with pytest.raises(LoanRefused) as refused:
        services.lend(db, None, family.id, item_of(toy, 3), NOW)
    assert refused.value.code == "limit_reached"
    terms.set_family_limit(db, None, family.id, 4, "Twins at home", now=NOW)
    services.lend(db, None, family.id, item_of(toy, 3), NOW)
    assert services.open_loan_count(db, family.id) == 4


def test_cleaning_and_repair_are_enforced(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, copies=2, location=place)
    itemstates.set_item_state(db, None, item_of(toy, 0), "cleaning", NOW)
    itemstates.set_item_state(db, None, item_of(toy, 1), "repair", NOW)
    for index in (0, 1):
        with pytest.raises(LoanRefused) as refused:
            services.lend(db, None, family.id, item_of(toy, index), NOW)
        assert refused.value.code == "item_unavailable"


def test_return_with_missing_parts_makes_the_item_incomplete_and_found_parts_restore_it(
    db, place
) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, parts=[("blocks", 12), ("bag", 1)], location=place)
    item = item_of(toy)
    services.lend(db, None, family.id, item, NOW)
    blocks = toy.parts[0]
    returned = services.return_item(db, None, item, {blocks.id: 2}, NOW + timedelta(days=3))
    assert returned.missing == {blocks.id: 2}
    assert item.state == "incomplete"
    with pytest.raises(LoanRefused):
        services.lend(db, None, family.id, item, NOW + timedelta(days=3))
    # Staff may keep lending it with a visible note.
    itemstates.set_item_state(db, None, item, "incomplete", NOW, lendable_note="2 blocks missing")
    lent = services.lend(db, None, family.id, item, NOW + timedelta(days=3))
    assert lent.note == "2 blocks missing"
    services.return_item(db, None, item, {}, NOW + timedelta(days=4))
    assert item.state == "incomplete"  # still pieces missing from the first loan
    missing = db.scalars(select(MissingPart)).one()
    itemstates.mark_found(db, None, missing.id, NOW + timedelta(days=5), family_id=family.id)
    assert item.state == "available"


def test_a_loan_read_before_its_return_reads_returned_with_its_missing_pieces(db, place) -> None:
    # The return closes the loan with one UPDATE; a copy of the loan the desk read before must
    # not keep saying the toy is out.
    family, _ = make_family(db)
    toy = make_toy(db, parts=[("blocks", 12)], location=place)
    item = item_of(toy)
    lent = services.lend(db, None, family.id, item, NOW)
    loan = services.open_loan_of(db, item.id)
    assert loan is not None and loan.id == lent.loan_id and loan.missing == []
    back = NOW + timedelta(days=3)
    returned = services.return_item(db, None, item, {toy.parts[0].id: 2}, back)
    assert returned.loan_id == loan.id
    assert loan.returned_at is not None and loan.returned_at.replace(tzinfo=UTC) == back
    assert [(m.part_id, m.count) for m in loan.missing] == [(toy.parts[0].id, 2)]
    assert services.open_loan_of(db, item.id) is None


def test_a_wrong_parts_check_leaves_the_loan_open(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, parts=[("blocks", 12)], location=place)
    item = item_of(toy)
    services.lend(db, None, family.id, item, NOW)
    db.commit()
    with pytest.raises(LoanRefused):
        services.return_item(db, None, item, {toy.parts[0].id: 13}, NOW)
    db.rollback()  # what the caller's transaction() does when a service raises
    assert services.open_loan_of(db, item.id) is not None
    assert db.get(type(item), item.id).state == "on_loan"


def test_the_return_follows_the_facts_read_as_it_closes_the_loan(db, place) -> None:
    # The statement that closes the loan also reads the policy, the pieces still missing from
    # earlier loans of this copy (not of the loan being closed) and whether a family waits.
    family, _ = make_family(db)
    waiting, _ = make_family(db, "Waiting")
    toy = make_toy(db, parts=[("blocks", 12)], copies=2, location=place)
    item, other = item_of(toy), item_of(toy, 1)
    services.lend(db, None, family.id, item, NOW)
    services.return_item(db, None, item, {}, NOW)
    assert item.state == "available"  # no policy row: the defaults (no cleaning)
    db.add(LoanPolicy(id=1, clean_after_return=True))
    services.lend(db, None, family.id, item, NOW)
    services.return_item(db, None, item, {}, NOW)
    assert item.state == "cleaning"
    db.get(LoanPolicy, 1).clean_after_return = False
    itemstates.set_item_state(db, None, item, "available", NOW)
    services.lend(db, None, family.id, item, NOW)
    services.return_item(db, None, item, {toy.parts[0].id: 3}, NOW)
    itemstates.set_item_state(db, None, item, "incomplete", NOW, lendable_note="3 blocks missing")
    services.lend(db, None, family.id, item, NOW)
    services.return_item(db, None, item, {}, NOW)
    assert item.state == "incomplete"  # 3 pieces still missing from the earlier loan
    services.lend(db, None, waiting.id, other, NOW)
    hold = holds.place_hold(db, None, family, toy.id, NOW)
    services.return_item(db, None, other, {}, NOW)
    assert (other.state, hold.status) == ("held", "ready")
    returns = select(func.count()).where(AuditEvent.action == "loan_returned")
    assert db.scalar(returns) == 5  # each return audited, also when a family waits


def test_found_report_after_the_grace_period_is_refused_for_the_family(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, parts=[("dice", 2)], location=place)
    item = item_of(toy)
    services.lend(db, None, family.id, item, NOW)
    services.return_item(db, None, item, {toy.parts[0].id: 1}, NOW)
    missing = db.scalars(select(MissingPart)).one()
    with pytest.raises(LoanRefused) as refused:
        itemstates.mark_found(db, None, missing.id, NOW + timedelta(days=8), family_id=family.id)
    assert refused.value.code == "grace_over"
    other, _ = make_family(db, "Other")
    with pytest.raises(DomainError) as hidden:
        itemstates.mark_found(db, None, missing.id, NOW, family_id=other.id)
    assert hidden.value.status == 404
    itemstates.mark_found(db, None, missing.id, NOW + timedelta(days=30))  # staff: any time
    assert item.state == "available"


def test_holds_form_a_fair_queue_and_only_the_first_family_gets_the_copy(db, place) -> None:
    first, _ = make_family(db, "First")
    second, _ = make_family(db, "Second")
    borrower, _ = make_family(db, "Borrower")
    toy = make_toy(db, location=place)
    item = item_of(toy)
    services.lend(db, None, borrower.id, item, NOW)
    hold1 = holds.place_hold(db, None, first, toy.id, NOW)
    hold2 = holds.place_hold(db, None, second, toy.id, NOW)
    with pytest.raises(LoanRefused) as refused:
        holds.place_hold(db, None, first, toy.id, NOW)
    assert refused.value.code == "already_waiting"
    returned = services.return_item(db, None, item, {}, NOW + timedelta(days=1))
    assert returned.hold is hold1 and hold1.status == "ready" and hold2.status == "waiting"
    assert item.state == "held"
    # Thursday 5 March 10:00: the second session from then is Wednesday 11 March, ends 12:00.
    assert hold1.pickup_by == datetime(2026, 3, 11, 11, 0, tzinfo=UTC)
    with pytest.raises(LoanRefused) as refused:
        services.lend(db, None, second.id, item, NOW + timedelta(days=1))
    assert refused.value.code == "held_for_other"
    # The first family does not come: the hold expires and passes on.
    assert holds.expire_holds(db, datetime(2026, 3, 11, 11, 1, tzinfo=UTC)) == 1
    assert hold1.status == "expired" and hold2.status == "ready" and hold2.item_id == item.id
    services.lend(db, None, second.id, item, datetime(2026, 3, 11, 11, 2, tzinfo=UTC))
    assert hold2.status == "collected"


def test_a_hold_on_a_toy_on_the_shelf_is_ready_at_once(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, location=place)
    hold = holds.place_hold(db, None, family, toy.id, NOW)
    assert hold.status == "ready" and item_of(toy).state == "held"


def test_staff_reorder_and_cancel_with_a_reason(db, place) -> None:
    staff = make_user(db)
    families = [make_family(db, f"F{i}")[0] for i in range(3)]
    borrower, _ = make_family(db, "Borrower")
    toy = make_toy(db, location=place)
    item = item_of(toy)
    services.lend(db, None, borrower.id, item, NOW)
    queue = [holds.place_hold(db, None, f, toy.id, NOW) for f in families]
    holds.move_hold(db, staff.id, queue[2].id, -1)
    holds.move_hold(db, staff.id, queue[2].id, -1)
    with pytest.raises(LoanRefused):
        holds.cancel_hold(db, staff.id, queue[0].id, NOW, reason="  ")
    holds.cancel_hold(db, staff.id, queue[0].id, NOW, reason="moved away")
    returned = services.return_item(db, None, item, {}, NOW)
    assert returned.hold is queue[2]


def test_renewal_only_when_nobody_waits(db, place) -> None:
    family, _ = make_family(db)
    waiting, _ = make_family(db, "Waiting")
    toy = make_toy(db, location=place)
    lent = services.lend(db, None, family.id, item_of(toy), NOW)
    loan = services.renew(db, family.id, lent.loan_id, NOW + timedelta(days=10))
    assert loan.renewals == 1 and loan.due_on == date(2026, 4, 15)
    holds.place_hold(db, None, waiting, toy.id, NOW)
    with pytest.raises(LoanRefused) as refused:
        services.renew(db, family.id, lent.loan_id, NOW + timedelta(days=11))
    assert refused.value.code == "someone_waits"
    with pytest.raises(DomainError):
        services.renew(db, waiting.id, lent.loan_id, NOW)  # not their loan


def test_the_desk_scan_flow_with_repeat_and_undo(db, place) -> None:
    volunteer = make_user(db, role="volunteer")
    family, code = make_family(db)
    toy = make_toy(db, parts=[("blocks", 10)], location=place)
    item = item_of(toy)
    opened = desk.scan(db, volunteer.id, code, None, NOW)
    assert (opened.signal, opened.family_id) == ("ok", family.id)
    lent = desk.scan(db, volunteer.id, item.label.lower(), family.id, NOW)
    assert (lent.signal, lent.kind) == ("ok", "lend")
    again = desk.scan(db, volunteer.id, item.label, family.id, NOW + timedelta(seconds=2))
    assert again.signal == "repeat"
    assert services.open_loan_count(db, family.id) == 1
    later = NOW + timedelta(minutes=1)
    check = desk.scan(db, volunteer.id, item.label, family.id, later)
    assert (check.signal, check.kind) == ("attention", "parts_check")
    assert services.open_loan_of(db, item.id) is not None  # nothing happens before the check
    back = desk.take_back(db, volunteer.id, item.label, {toy.parts[0].id: 1}, later)
    assert (back.signal, back.code) == ("attention", "returned_incomplete")
    undone = undo.undo_last(db, volunteer.id, later + timedelta(seconds=30))
    assert undone.signal == "ok"
    assert item.state == "on_loan" and services.open_loan_of(db, item.id) is not None
    assert db.scalar(select(func.count(MissingPart.id))) == 0
    undone = undo.undo_last(db, volunteer.id, later + timedelta(seconds=40))
    assert item.state == "available" and services.open_loan_of(db, item.id) is None
    with pytest.raises(LoanRefused):
        undo.undo_last(db, volunteer.id, later + timedelta(seconds=50))


def test_the_desk_refuses_a_toy_before_a_card(db, place) -> None:
    item = item_of(make_toy(db, location=place))
    with pytest.raises(LoanRefused) as refused:
        desk.scan(db, None, item.label, None, NOW)
    assert refused.value.code == "no_family"
    with pytest.raises(DomainError) as unknown:
        desk.scan(db, None, "NOTHING-KNOWN", None, NOW)
    assert unknown.value.code == "card_not_found"


def test_the_family_panel_uses_a_fixed_number_of_queries(app, db, place) -> None:
    from sqlalchemy import event

    small, _ = make_family(db, "Small")
    large, _ = make_family(db, "Large")
    terms.set_family_limit(db, None, large.id, 10, "A large family", now=NOW)
    toy = make_toy(db, copies=7, location=place)
    services.lend(db, None, small.id, item_of(toy, 0), NOW)
    for index in range(1, 7):
        services.lend(db, None, large.id, item_of(toy, index), NOW)
    db.commit()
    engine = app.extensions["engine"]

    def measure(family_id: int) -> int:
        statements: list[str] = []

        def count(*args) -> None:
            if not args[2].startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
                statements.append(args[2])

        db.expire_all()
        event.listen(engine, "before_cursor_execute", count)
        try:
            shown = panel.family_panel(db, family_id, date(2026, 3, 4))
            assert all(loan.item.toy.name for loan in shown.loans)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        db.rollback()
        return len(statements)

    assert measure(small.id) == measure(large.id) <= 8


def test_reminders_are_sent_once_in_the_family_language(app, db, place, outbox) -> None:
    from spelotheek.loans.reminders import send_reminders

    writes, _ = make_family(
        db, "Writes", email="w@example.test", reminder_consent=True, language="fr"
    )
    calls, _ = make_family(db, "Calls", phone="0470 00 00 00", reminder_consent=True)
    toy = make_toy(db, copies=2, location=place)
    services.lend(db, None, writes.id, item_of(toy, 0), NOW)
    services.lend(db, None, calls.id, item_of(toy, 1), NOW)
    db.commit()
    due_soon = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)  # due Wednesday 25 March
    with app.app_context():
        first = send_reminders(db, due_soon)
        second = send_reminders(db, due_soon + timedelta(hours=1))
        late = send_reminders(db, datetime(2026, 3, 26, 8, 0, tzinfo=UTC))
    assert first["due_soon"] == 1 and first["to_call"] == 1
    assert second["due_soon"] == 0
    assert late["overdue"] == 1
    assert len(outbox.messages) == 2
    assert outbox.messages[0]["Content-Language"] == "fr"
    assert db.scalar(select(func.count(ReminderSent.id))) == 2


def test_a_reminder_is_recorded_once_by_the_database(db) -> None:
    db.add(ReminderSent(kind="overdue", subject_id=1, sent_at=NOW))
    db.flush()
    db.add(ReminderSent(kind="overdue", subject_id=1, sent_at=NOW))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_one_active_hold_per_family_and_toy_in_the_database(db, place) -> None:
    family, _ = make_family(db)
    toy = make_toy(db, location=place)
    db.add(Hold(toy_id=toy.id, family_id=family.id, position=1))
    db.flush()
    db.add(Hold(toy_id=toy.id, family_id=family.id, position=2))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_only_a_second_open_loan_is_called_already_lent_out(db, place) -> None:
    # Another constraint the lend's writes break is not the desk's "already lent out" (409).
    item = item_of(make_toy(db, location=place))
    db.commit()
    with pytest.raises(IntegrityError):
        services.lend(db, None, 999_999, item, NOW)  # no such family: its foreign key refuses
    db.rollback()
    family, _ = make_family(db)
    lent = services.lend(db, None, family.id, item, NOW)
    db.commit()
    # What the lend wrote through its bound parameters (one statement on PostgreSQL).
    loan = db.get(Loan, lent.loan_id)
    assert (loan.lent_at, loan.due_on, loan.renewals, loan.family_id) == (
        NOW,
        lent.due_on,
        0,
        family.id,
    )
    made = select(AuditEvent.at).where(AuditEvent.action == "loan_made")
    assert db.scalars(made).all() == [NOW]
    with pytest.raises(LoanRefused) as refused:
        services._write_lend(db, None, family.id, item.id, NOW, date(2026, 3, 25))
    assert (refused.value.code, refused.value.status) == ("item_on_loan", 409)
