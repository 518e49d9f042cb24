"""Reading staff accounts for the pages."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.auth.models import User


def account(session: Session, user_id: int) -> User | None:
    """One staff account by its id, or None."""
    return session.get(User, user_id)


def accounts(session: Session) -> Sequence[User]:
    """Every staff account, active ones first, by name."""
    return session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
