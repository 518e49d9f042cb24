"""Reading the audit trail for the coordinator's pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from spelotheek.audit import AuditEvent
from spelotheek.auth.models import User


def events(
    session: Session, action: str | None, limit: int | None, offset: int = 0
) -> Sequence[Any]:
    """(event, actor's role) rows, newest first; one action only when `action` is given."""
    statement = (
        select(AuditEvent, User.role)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if action:
        statement = statement.where(AuditEvent.action == action)
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return session.execute(statement).all()


def actions(session: Session) -> Sequence[str]:
    """Every action the trail holds, for the filter."""
    return session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()


def group_access(session: Session, access_actions: Sequence[str]) -> Sequence[Any]:
    """(event, user name, role, group name) rows of reads and changes of group participants."""
    from spelotheek.groups.models import Group

    return session.execute(
        select(AuditEvent, User.name, User.role, Group.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .outerjoin(Group, Group.id == AuditEvent.subject_id)
        .where(AuditEvent.subject_type == "group", AuditEvent.action.in_(access_actions))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
