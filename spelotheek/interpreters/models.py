"""A request for an interpreter: a language, for exactly one meeting date, group session or
handover, an optional short note, and when staff arranged it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from spelotheek.db import Base, utcnow


class InterpreterRequest(Base):
    """Someone asks for an interpreter in a language for one thing on one day."""

    __tablename__ = "interpreter_requests"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN meetup_series_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN group_session_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN handover_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_subject",
        ),
        CheckConstraint("asked_by IN ('staff', 'family')", name="asker_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(12))
    meetup_series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetup_series.id", ondelete="CASCADE"), index=True
    )
    group_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True
    )
    handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("handovers.id", ondelete="CASCADE"), index=True
    )
    # The day it is for (the meeting's planned day, the session's day, the day it was asked
    # for a handover): the list is sorted by it and requests are deleted some days after it.
    on_day: Mapped[date] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    asked_by: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    arranged_at: Mapped[datetime | None]
    arranged_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
