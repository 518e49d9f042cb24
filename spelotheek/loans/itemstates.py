"""Item states staff set, and missing pieces found again. Session in, flush, never commit."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek import audit
from spelotheek.domain_errors import NotFound
from spelotheek.loans import rules
from spelotheek.loans.holds import make_available, ready_hold_for_item
from spelotheek.loans.models import Item, Loan, MissingPart
from spelotheek.loans.rules import LoanRefused
from spelotheek.loans.terms import get_policy, local_today


def still_missing(session: Session, item_id: int) -> int:
    """How many pieces of this copy are missing and not found yet."""
    session.flush()
    return session.execute(
        select(func.coalesce(func.sum(MissingPart.count), 0))
        .join(Loan, Loan.id == MissingPart.loan_id)
        .where(Loan.item_id == item_id, MissingPart.found_at.is_(None))
    ).scalar_one()


def set_item_state(
    session: Session,
    actor_id: int | None,
    item: Item,
    state: str,
    now: datetime,
    lendable_note: str | None = None,
) -> None:
    """Staff move an item between states (not in or out of a loan: the desk does that)."""
    if state not in rules.ITEM_STATES or state in ("on_loan", "held"):
        raise LoanRefused(_l("This state cannot be chosen here."), code="invalid_state")
    if item.state in ("on_loan",):
        raise LoanRefused(_l("This toy is lent out. Take it back at the desk first."))
    if item.state == "held":
        hold = ready_hold_for_item(session, item.id)
        if hold is not None:  # the copy is no longer kept: the family waits again, first in line
            hold.status, hold.item_id, hold.pickup_by, hold.ready_at = "waiting", None, None, None
    if state == "incomplete":
        item.state, item.lendable_note = "incomplete", (lendable_note or "").strip()[:200] or None
    elif state == "available":
        item.lendable_note = None
        make_available(session, item, now)
    else:
        item.state, item.lendable_note = state, None
    audit.record(
        session,
        "item_state",
        actor_id=actor_id,
        subject_type="item",
        subject_id=item.id,
        detail=state,
    )
    session.flush()


def mark_found(
    session: Session,
    actor_id: int | None,
    missing_id: int,
    now: datetime,
    family_id: int | None = None,
) -> MissingPart:
    """Pieces turned up: record it; when nothing is missing any more, the item is restored.

    A family (family_id given) may report only its own loans and within the grace period.
    """
    row = session.scalar(
        select(MissingPart)
        .where(MissingPart.id == missing_id)
        .options(selectinload(MissingPart.loan).selectinload(Loan.item))
    )
    if row is None or (family_id is not None and row.loan.family_id != family_id):
        raise NotFound(_l("We could not find these pieces."))
    if row.found_at is not None:
        return row
    if family_id is not None:
        rules.check_found_report(
            local_today(row.loan.returned_at or now),
            local_today(now),
            get_policy(session).found_grace_days,
        )
    row.found_at = now
    session.flush()
    item = row.loan.item
    if not still_missing(session, item.id) and item.state == "incomplete":
        make_available(session, item, now)
    audit.record_by_staff_or_family(
        session,
        "missing_parts_found",
        actor_id,
        subject_type="item",
        subject_id=item.id,
    )
    session.flush()
    return row
