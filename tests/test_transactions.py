"""One transaction is all or nothing; a refusal whose trace must stay writes it in a second one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Date, Integer, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.auth.services import create_api_token
from spelotheek.db import one_of, transaction, write_together
from spelotheek.errors import DomainError
from spelotheek.families import cards
from spelotheek.families.models import Card, Family
from spelotheek.loans.models import Hold
from spelotheek.locations.models import Closure
from tests.factories import make_family, make_user
from tests.loans.factories import make_location, make_toy

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


def _count(db, statement) -> int:
    db.rollback()
    db.expire_all()
    return db.scalar(statement)


def test_a_refusal_rolls_back_everything_its_transaction_wrote(app, db) -> None:
    class Refused(DomainError):
        keeps_changes = True  # the flag that used to make transaction() commit anyway

    written = insert(AuditEvent).values(action="written_then_refused", actor_kind="system")
    with app.app_context(), pytest.raises(Refused), transaction() as session:
        session.execute(written)
        raise Refused("no")
    assert _count(db, select(func.count()).select_from(AuditEvent)) == 0


def test_a_revoked_card_at_the_holds_api_keeps_the_audit_and_no_hold(client, db) -> None:
    volunteer = make_user(db, role="volunteer")
    token = create_api_token(db, None, volunteer, "desk")
    family, old_code = make_family(db)
    cards.reissue_card(db, None, family, datetime.now(UTC))
    toy = make_toy(db, location=make_location(db))
    db.commit()
    answer = client.post(
        "/api/v1/holds",
        json={"card": old_code, "toy": toy.id},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 422 and answer.get_json()["error"] == "card_revoked"
    assert _count(db, select(func.count()).select_from(Hold)) == 0
    scans = db.scalars(select(AuditEvent).where(AuditEvent.action == "revoked_card_scanned")).all()
    assert [(e.actor_id, e.subject_id) for e in scans] == [(volunteer.id, family.id)]


OURS = ("first", "second")


def _audit(action: str):
    return insert(AuditEvent.__table__).values(action=action, actor_kind="system", at=NOW)


def _ours(db) -> list[str]:
    """The audit actions these tests wrote, in order (making a family writes its own)."""
    db.rollback()
    return db.scalars(
        select(AuditEvent.action).where(AuditEvent.action.in_(OURS)).order_by(AuditEvent.id)
    ).all()


def test_writes_sent_together_return_the_first_ones_rows_and_all_take_effect(app, db) -> None:
    family, _ = make_family(db)
    db.commit()
    families = Family.__table__
    first = _audit("first").returning(AuditEvent.__table__.c.id)

    def rename(name: str):
        return update(families).where(families.c.id == family.id).values(display_name=name)

    with app.app_context(), transaction() as session:
        rows = write_together(session, first, rename("Renamed"))
    assert len(rows) == 1 and rows[0].id is not None
    assert _ours(db) == ["first"]
    assert db.scalar(select(Family.display_name).where(Family.id == family.id)) == "Renamed"
    with app.app_context(), transaction() as session:
        assert write_together(session, rename("Again"), _audit("second")) == []
    assert _ours(db) == ["first", "second"]
    assert db.scalar(select(Family.display_name).where(Family.id == family.id)) == "Again"


def test_writes_sent_together_are_all_or_nothing(app, db) -> None:
    # A constraint the last write breaks undoes the ones before it, on both databases.
    family, _ = make_family(db)
    db.commit()
    families = Family.__table__
    rename = update(families).where(families.c.id == family.id).values(display_name="Renamed")
    broken = insert(Card.__table__).values(family_id=family.id, token_hash=None)  # NOT NULL
    with app.app_context(), pytest.raises(IntegrityError), transaction() as session:
        write_together(
            session, _audit("first").returning(AuditEvent.__table__.c.id), rename, broken
        )
    assert _ours(db) == []
    assert db.scalar(select(Family.display_name).where(Family.id == family.id)) != "Renamed"


def test_one_of_finds_the_rows_with_any_of_the_values_in_one_statement_text(db) -> None:
    """The same rows on both databases, for no value, one value and many; on PostgreSQL the
    statement's text is the same whatever the number of values (it can stay prepared)."""
    made = [make_family(db, f"Gezin {n}")[0] for n in range(4)]
    db.commit()
    dialect = db.get_bind().dialect.name
    statement = select(Family.id).where(one_of(Family.id, "ids", Integer(), dialect))
    for wanted in ([], [made[1].id], [m.id for m in made] + [10**9]):
        found = db.scalars(statement, {"ids": wanted}).all()
        assert sorted(found) == sorted(i for i in wanted if i != 10**9)
    if dialect == "postgresql":
        sent = str(statement.compile(dialect=db.get_bind().dialect))
        assert "= ANY (%(ids)s::INTEGER[])" in sent, sent
    # Days too (the meetings' lists read dates by their planned day).
    place = make_location(db)
    for day in (date(2026, 12, 5), date(2026, 12, 12)):
        db.add(Closure(location_id=place.id, first_day=day, last_day=day))
    db.commit()
    closed = select(Closure.first_day).where(one_of(Closure.first_day, "days", Date(), dialect))
    asked = [date(2026, 12, 12), date(2026, 12, 19)]
    assert db.scalars(closed, {"days": asked}).all() == [date(2026, 12, 12)]
