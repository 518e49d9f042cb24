"""The toy library's part in a family's data rights and in retention."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from spelotheek.db import utcnow
from spelotheek.domain_errors import DomainError
from spelotheek.families.models import Family
from spelotheek.loans import holds, rules, services, terms
from spelotheek.loans.models import Hold, Item, Loan
from spelotheek.registry import (
    ERASERS,
    ERASURE_CHECKS,
    EXPORT_LABELS,
    EXPORT_VALUES,
    EXPORTERS,
    PURGERS,
)
from spelotheek.retention_rules import months_before
from spelotheek.templating import SECTION_TITLES


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def export_loans(session: Session, family: Family, _viewer_id: int | None) -> tuple[str, Any]:
    """Every loan of the family (with missing pieces), newest first."""
    loans = session.scalars(
        select(Loan)
        .where(Loan.family_id == family.id)
        .options(selectinload(Loan.item).selectinload(Item.toy), selectinload(Loan.missing))
        .order_by(Loan.lent_at.desc())
    ).all()
    return "loans", [
        {
            "toy": loan.item.toy.name,
            "label": loan.item.label,
            "lent_at": _iso(loan.lent_at),
            "due_on": _iso(loan.due_on),
            "returned_at": _iso(loan.returned_at),
            "renewals": loan.renewals,
            "missing_pieces": [
                {"part": m.part.description, "count": m.count, "found_at": _iso(m.found_at)}
                for m in loan.missing
            ],
        }
        for loan in loans
    ]


def export_holds(session: Session, family: Family, _viewer_id: int | None) -> tuple[str, Any]:
    """Every reservation of the family."""
    own = session.scalars(
        select(Hold)
        .where(Hold.family_id == family.id)
        .options(selectinload(Hold.toy))
        .order_by(Hold.created_at.desc())
    ).all()
    return "holds", [
        {
            "toy": h.toy.name,
            "status": h.status,
            "created_at": _iso(h.created_at),
            "pickup_by": _iso(h.pickup_by),
            "closed_at": _iso(h.closed_at),
        }
        for h in own
    ]


def export_limit(
    session: Session, family: Family, _viewer_id: int | None
) -> tuple[str, Any] | None:
    """The family's own toy limit and why it was set (nothing when the usual number holds)."""
    own = terms.own_limit(session, family.id)
    if own is None:
        return None
    return "toy_limit", {
        "toys_at_once": own.max_open_loans,
        "reason": terms.shown_reason(own.reason),
        "set_at": _iso(own.set_at),
    }


def refuse_with_toys_at_home(session: Session, family: Family) -> None:
    """A family with toys at home brings them back before its data is erased."""
    open_loans = services.open_loan_count(session, family.id)
    if open_loans:
        raise DomainError(
            _l("Please bring back the toys that are still at home first (%(n)d).", n=open_loans),
            code="open_loans",
        )


def unlink_loans(session: Session, family: Family) -> None:
    """Cancel the family's reservations (a kept copy passes on) and keep its loans as counts."""
    for hold in session.scalars(
        select(Hold).where(Hold.family_id == family.id, Hold.status.in_(rules.ACTIVE_HOLD_STATES))
    ).all():
        holds.cancel_hold(session, None, hold.id, utcnow(), family_id=family.id)
    session.execute(update(Loan).where(Loan.family_id == family.id).values(family_id=None))
    session.flush()


def anonymise_old_loans(
    session: Session, now: datetime, settings: Mapping[str, Any]
) -> Mapping[str, int]:
    """Unlink loans from families a year (the setting) after the toy came back."""
    cutoff = months_before(now, settings["RETENTION_LOANS_MONTHS"])
    count = session.scalar(
        select(func.count())
        .select_from(Loan)
        .where(Loan.returned_at < cutoff, Loan.family_id.isnot(None))
    )
    session.execute(
        update(Loan)
        .where(Loan.returned_at < cutoff, Loan.family_id.isnot(None))
        .values(family_id=None)
    )
    return {"returned loans made anonymous": count or 0}


EXPORTERS.extend([export_loans, export_holds, export_limit])
SECTION_TITLES["toy_limit"] = _l("Your own toy limit")
EXPORT_LABELS.update(
    {
        "toy": _l("Toy"),
        "loans.label": _l("Label on the toy"),
        "loans.lent_at": _l("Borrowed on"),
        "loans.due_on": _l("Bring back by"),
        "loans.returned_at": _l("Brought back on"),
        "loans.renewals": _l("Times kept longer"),
        "loans.missing_pieces": _l("Missing pieces"),
        "loans.part": _l("Piece"),
        "loans.count": _l("How many"),
        "loans.found_at": _l("Found on"),
        "holds.created_at": _l("Reserved on"),
        "holds.pickup_by": _l("Pick up by"),
        "holds.closed_at": _l("Closed on"),
        "toy_limit.toys_at_once": _l("Toys at home at once"),
        "toy_limit.reason": _l("Why"),
        "toy_limit.set_at": _l("Changed on"),
    }
)
EXPORT_VALUES["holds.status"] = {
    "waiting": _l("Waiting for the toy"),
    "ready": _l("Ready to pick up"),
    "collected": _l("Picked up"),
    "expired": _l("Not picked up in time"),
    "cancelled": _l("Cancelled"),
}
ERASURE_CHECKS.append(refuse_with_toys_at_home)
ERASERS.append(unlink_loans)
PURGERS.append(anonymise_old_loans)
