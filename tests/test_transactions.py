"""One transaction is all or nothing; a refusal whose trace must stay writes it in a second one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from spelotheek.audit import AuditEvent
from spelotheek.auth.services import create_api_token
from spelotheek.db import transaction
from spelotheek.errors import DomainError
from spelotheek.families import cards
from spelotheek.loans.models import Hold
from tests.factories import make_family, make_user
from tests.loans.factories import make_location, make_toy


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
