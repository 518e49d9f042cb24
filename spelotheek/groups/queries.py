"""Reading groups for other features' pages."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.groups.models import Group


def running_groups(session: Session, group_ids: Collection[int] | None) -> Sequence[Any]:
    """(id, name) of the groups not finished, by name; only `group_ids` when given."""
    statement = select(Group.id, Group.name).where(Group.status != "finished")
    if group_ids is not None:
        statement = statement.where(Group.id.in_(group_ids))
    return session.execute(statement.order_by(Group.name)).all()
