"""A warm handover of a family to a service of the network, and what happened to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow
from spelotheek.handovers.rules import DECISIONS, PARTNER_STATES, SHAREABLE, WARM_WAYS

__all__ = ["DECISIONS", "PARTNER_STATES", "SHAREABLE", "WARM_WAYS", "Handover", "HandoverEvent"]

ACTORS = ("worker", "family", "partner", "system")


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Handover(Base):
    """A referral the family sees, approves, changes or refuses, and can withdraw."""

    __tablename__ = "handovers"
    __table_args__ = (
        CheckConstraint(f"decision IN ({_quoted(DECISIONS)})", name="decision_known"),
        CheckConstraint(
            f"partner_status IS NULL OR partner_status IN ({_quoted(PARTNER_STATES)})",
            name="partner_status_known",
        ),
        CheckConstraint(f"warm_way IN ({_quoted(WARM_WAYS)})", name="warm_way_known"),
        # The partner speaks only of a handover the family approved.
        CheckConstraint(
            "partner_status IS NULL OR decision = 'approved' OR decision = 'withdrawn'",
            name="status_after_approval",
        ),
        # What leaves is written only at approval, and goes again at withdrawal or refusal.
        CheckConstraint("shared IS NULL OR decision = 'approved'", name="shared_only_approved"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The random code on the printed slip's QR code (no name, no number that counts).
    slip_code: Mapped[str] = mapped_column(String(43), unique=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_services.id", ondelete="SET NULL"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("network_organizations.id", ondelete="CASCADE"), index=True
    )
    prepared_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)  # in the family's own words
    note: Mapped[str] = mapped_column(Text, default="")
    # The fields the worker proposes to share (a subset of SHAREABLE); the family may take away.
    shares: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Exactly what the partner sees, written when the family approves: {field: value}.
    # None is SQL NULL (not the JSON text "null"), which the database check above reads.
    shared: Mapped[dict[str, object] | None] = mapped_column(JSON(none_as_null=True))
    warm_way: Mapped[str] = mapped_column(String(10), default="call")
    together_on: Mapped[date | None]  # "we go together on <date>"
    meetup_series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetup_series.id", ondelete="SET NULL")
    )
    meetup_day: Mapped[date | None]  # "the partner comes to the open meeting of <date>"
    call_time: Mapped[str] = mapped_column(String(120), default="")  # best time to call
    call_language: Mapped[str] = mapped_column(String(8), default="")
    interpreter: Mapped[bool] = mapped_column(default=False)
    decision: Mapped[str] = mapped_column(String(10), default="waiting")
    partner_status: Mapped[str | None] = mapped_column(String(12))
    suggested_service_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_services.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    decided_at: Mapped[datetime | None]
    partner_status_at: Mapped[datetime | None]
    # Set when the sender was told that the partner did not react in five working days.
    flagged_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)  # for retention

    events: Mapped[list[HandoverEvent]] = relationship(
        back_populates="handover", cascade="all, delete-orphan", order_by="HandoverEvent.id"
    )


class HandoverEvent(Base):
    """One step of a handover (prepared, approved, changed, status …): the loop, back to all."""

    __tablename__ = "handover_events"
    __table_args__ = (CheckConstraint(f"actor IN ({_quoted(ACTORS)})", name="actor_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handover_id: Mapped[int] = mapped_column(
        ForeignKey("handovers.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))  # prepared, approved, changed, status:<state> …
    detail: Mapped[str] = mapped_column(String(300), default="")

    handover: Mapped[Handover] = relationship(back_populates="events")
