"""Audit events: who looked at or changed what, without personal content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BindParameter, ForeignKey, Insert, String, func, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from spelotheek.db import Base, utcnow


class AuditEvent(Base):
    """One sensitive action; `detail` holds codes and ids, never names or contact data."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(200), default="")


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    actor_kind: str = "user",
    subject_type: str = "",
    subject_id: int | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> None:
    """Write an audit event in the caller's transaction (its commit or rollback decides)."""
    session.execute(
        event(
            action,
            actor_id=actor_id,
            actor_kind=actor_kind,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=detail,
            at=at,
        )
    )


def event(
    action: str,
    *,
    actor_id: int | None | BindParameter[int] = None,
    actor_kind: str = "user",
    subject_type: str = "",
    subject_id: int | None | BindParameter[int] = None,
    detail: str | BindParameter[str] = "",
    at: datetime | None | BindParameter[datetime] = None,
) -> Insert:
    """The INSERT of an audit event, for a caller that sends it with other writes (the desk).

    Values may be bound parameters, so that the desk builds its statements once; a bound
    detail must then be at most 200 characters.
    """
    # A plain INSERT, not an ORM object: every lend and return writes one, and the unit of
    # work's bookkeeping cost more than the insert (measured in issue 10's bench).
    return insert(AuditEvent.__table__).values(
        at=utcnow() if at is None else at,
        action=action,
        actor_id=actor_id,
        actor_kind=actor_kind,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail[:200] if isinstance(detail, str) else detail,
    )


def record_by_staff_or_family(
    session: Session,
    action: str,
    staff_id: int | None,
    *,
    subject_type: str,
    subject_id: int | None,
    detail: str = "",
) -> None:
    """Audit an action a family takes itself (no staff id) or a staff member takes for it."""
    record(
        session,
        action,
        actor_id=staff_id,
        actor_kind="user" if staff_id else "family",
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail,
    )


# What the trail says when nobody on the staff acted: the command line (or the demo it loads).
COMMAND_LINE = "command line"


def record_by_staff_or_system(
    session: Session,
    action: str,
    staff_id: int | None,
    *,
    subject_type: str,
    subject_id: int | None,
    detail: str = "",
) -> None:
    """Audit an account change a coordinator makes (staff id) or the command line makes (None)."""
    record(
        session,
        action,
        actor_id=staff_id,
        actor_kind="user" if staff_id else "system",
        subject_type=subject_type,
        subject_id=subject_id,
        detail=detail if staff_id else " ".join(filter(None, (detail, f"({COMMAND_LINE})"))),
    )


def opened_per_account(
    session: Session, actions: tuple[str, ...], since: datetime
) -> list[tuple[int, str | None, int]]:
    """How many records each staff account opened since an instant: (id, role, count)."""
    from spelotheek.auth.models import User

    count = func.count(AuditEvent.id)
    return [
        (actor_id, role, opened)
        for actor_id, role, opened in session.execute(
            select(AuditEvent.actor_id, User.role, count)
            .outerjoin(User, User.id == AuditEvent.actor_id)
            .where(
                AuditEvent.action.in_(actions),
                AuditEvent.at >= since,
                AuditEvent.actor_id.is_not(None),
            )
            .group_by(AuditEvent.actor_id, User.role)
            .order_by(count.desc(), AuditEvent.actor_id)
        )
        if actor_id is not None  # the query leaves them out already; this tells the type checker
    ]
