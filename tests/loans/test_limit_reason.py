"""A family's own toy limit always comes with a reason the family reads on /me and in its data."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from spelotheek.audit import AuditEvent
from spelotheek.domain_errors import DomainError
from spelotheek.loans import terms
from spelotheek.loans.models import FamilyLoanLimit
from spelotheek.loans.privacy import export_limit
from tests.factories import family_id, login_as, make_family, make_user, staff_id

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def app_settings() -> dict[str, object]:
    return {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False}


def test_a_limit_without_a_reason_is_refused_and_nothing_is_saved(db) -> None:
    family, _ = make_family(db)
    with pytest.raises(DomainError) as refused:
        terms.set_family_limit(db, None, family.id, 5, "   ", now=NOW)
    assert refused.value.code == "reason_needed"
    with pytest.raises(DomainError):
        terms.set_family_limit(db, None, family.id, 5, "x" * 201, now=NOW)
    assert terms.own_limit(db, family.id) is None


def test_the_database_refuses_a_limit_with_an_empty_reason(db) -> None:
    family, _ = make_family(db)
    terms.set_family_limit(db, None, family.id, 5, "Twins", now=NOW)
    with pytest.raises(IntegrityError):
        db.execute(
            update(FamilyLoanLimit).where(FamilyLoanLimit.family_id == family.id).values(reason="")
        )
        db.flush()


def test_a_limit_and_its_reason_are_audited_exported_and_reset(db) -> None:
    family, _ = make_family(db)
    terms.set_family_limit(db, None, family.id, 5, "  You  asked for more: twins ", now=NOW)
    assert terms.own_limit(db, family.id).reason == "You asked for more: twins"
    assert export_limit(db, family, None) == (
        "toy_limit",
        {"toys_at_once": 5, "reason": "You asked for more: twins", "set_at": NOW.isoformat()},
    )
    events = db.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "family_loan_limit_set")
    ).all()
    assert events == ["limit 5"]  # the number, never the reason's words
    terms.set_family_limit(db, None, family.id, None, now=NOW)
    assert terms.own_limit(db, family.id) is None and export_limit(db, family, None) is None


def test_the_desk_needs_a_reason_and_the_family_reads_it_on_its_page(client, db) -> None:
    family, _ = make_family(db, "Yusuf", language="en")
    staff = make_user(db, role="staff")
    db.commit()
    login_as(client, staff_id(staff))
    url = f"/desk/family/{family.id}/limit"
    refused = client.post(url, data={"limit-limit": "5"}, follow_redirects=True)
    assert "Please write why" in refused.get_data(as_text=True)
    db.rollback()
    assert terms.own_limit(db, family.id) is None
    client.post(url, data={"limit-limit": "5", "limit-reason": "Twins at home"})
    db.rollback()
    assert terms.own_limit(db, family.id).max_open_loans == 5
    login_as(client, family_id(family))
    page = client.get("/me", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "You can borrow 5 toys at a time." in page
    assert "Why: Twins at home" in page


def test_a_family_with_the_usual_limit_sees_the_number_without_a_reason(client, db) -> None:
    family, _ = make_family(db, "Lotte", language="en")
    db.commit()
    login_as(client, family_id(family))
    page = client.get("/me").get_data(as_text=True)
    assert "You can borrow 3 toys at a time." in page and "Why:" not in page
