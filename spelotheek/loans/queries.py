"""Staff lists: overdue loans, holds, incomplete copies, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from spelotheek.loans import rules, terms
from spelotheek.loans.models import Hold, Item, Loan, MissingPart
from spelotheek.locations.models import Location
from spelotheek.locations.services import closures_of, sessions_of


@dataclass(frozen=True)
class Late:
    """An overdue loan and how many days late it is (counted from the last day we were open)."""

    loan: Loan
    days: int


def overdue(session: Session, now: datetime) -> list[Late]:
    """Open loans that are late, taking each location's opening days and closures into account."""
    today = terms.local_today(now)
    locations = {
        loc.id: loc
        for loc in session.scalars(
            select(Location).options(selectinload(Location.hours), selectinload(Location.closures))
        )
    }
    first = min(locations) if locations else None
    loans = session.scalars(
        select(Loan)
        .where(Loan.returned_at.is_(None), Loan.due_on < today)
        .options(selectinload(Loan.family), selectinload(Loan.item).selectinload(Item.toy))
        .order_by(Loan.due_on)
    ).all()
    late = []
    for loan in loans:
        location = locations.get(loan.item.location_id or first)  # type: ignore[arg-type]
        sessions = sessions_of(location) if location else []
        closures = closures_of(location) if location else []
        days = rules.days_late(loan.due_on, today, sessions, closures)
        if days:
            late.append(Late(loan, days))
    return late


def holds(session: Session, status: str) -> list[Hold]:
    """Reservations in one state, in queue order per toy."""
    return list(
        session.scalars(
            select(Hold)
            .where(Hold.status == status)
            .options(selectinload(Hold.toy), selectinload(Hold.family), selectinload(Hold.item))
            .order_by(Hold.toy_id, Hold.position, Hold.id)
        ).all()
    )


def incomplete(session: Session) -> list[MissingPart]:
    """Pieces still missing, with their copy and toy (for the incomplete-copies list)."""
    return list(
        session.scalars(
            select(MissingPart)
            .where(MissingPart.found_at.is_(None))
            .options(
                selectinload(MissingPart.part),
                selectinload(MissingPart.loan).selectinload(Loan.item).selectinload(Item.toy),
            )
            .order_by(MissingPart.id)
        ).all()
    )


def open_missing_parts(session: Session, family_id: int) -> list[MissingPart]:
    """Pieces missing from this family's loans that nobody has found yet."""
    return list(
        session.scalars(
            select(MissingPart)
            .join(Loan, Loan.id == MissingPart.loan_id)
            .where(Loan.family_id == family_id, MissingPart.found_at.is_(None))
            .options(selectinload(MissingPart.part), selectinload(MissingPart.loan))
        )
    )


def item(session: Session, item_id: int, *, for_update: bool = False) -> Item | None:
    """One copy by its id (locked for the write when `for_update`), or None."""
    return session.get(Item, item_id, with_for_update=for_update)


def toy_id_by_ref(session: Session, ref: str) -> int | None:
    """The toy with this catalogue reference, or None."""
    from spelotheek.loans.models import Toy

    return session.scalar(select(Toy.id).where(Toy.ref == ref))
