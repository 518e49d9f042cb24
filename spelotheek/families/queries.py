"""Reading families for the pages: one by id, a searchable list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from spelotheek.families.models import Family


def family(session: Session, family_id: int) -> Family | None:
    """One family by its id, or None."""
    return session.get(Family, family_id)


def by_name(session: Session, query: str, limit: int, offset: int) -> Sequence[Family]:
    """Families by display name (containing `query`, any case), with cards and children loaded."""
    statement = (
        select(Family)
        .options(selectinload(Family.cards), selectinload(Family.children))  # no N+1
        .order_by(Family.display_name, Family.id)
    )
    if query:
        statement = statement.where(func.lower(Family.display_name).contains(query.lower()))
    return session.scalars(statement.limit(limit).offset(offset)).all()
