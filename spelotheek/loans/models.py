"""The toy library: toys and their parts, physical items, loans, holds, policy, reminders."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow
from spelotheek.families.models import Family
from spelotheek.loans.rules import HOLD_STATES, ITEM_STATES


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class LoanPolicy(Base):
    """The coordinator's loan policy: one row (id 1); missing means the defaults."""

    __tablename__ = "loan_policy"
    __table_args__ = (
        CheckConstraint("loan_days BETWEEN 1 AND 120", name="loan_days_range"),
        CheckConstraint("max_open_loans BETWEEN 1 AND 50", name="max_loans_range"),
        CheckConstraint("max_renewals BETWEEN 0 AND 20", name="renewals_range"),
        CheckConstraint("long_overdue_days >= 0", name="long_overdue_positive"),
        CheckConstraint("found_grace_days >= 0", name="grace_positive"),
        CheckConstraint("pickup_sessions BETWEEN 1 AND 10", name="pickup_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_days: Mapped[int] = mapped_column(default=21)
    max_open_loans: Mapped[int] = mapped_column(default=3)
    max_renewals: Mapped[int] = mapped_column(default=2)
    long_overdue_days: Mapped[int] = mapped_column(default=14)
    found_grace_days: Mapped[int] = mapped_column(default=7)
    pickup_sessions: Mapped[int] = mapped_column(default=2)
    clean_after_return: Mapped[bool] = mapped_column(default=False)


class FamilyLoanLimit(Base):
    """A per-family exception to the maximum number of open loans, with the reason the
    family is shown (a changed limit always has one)."""

    __tablename__ = "family_loan_limits"
    __table_args__ = (
        CheckConstraint("max_open_loans BETWEEN 0 AND 50", name="range"),
        CheckConstraint("length(trim(reason)) BETWEEN 1 AND 200", name="reason_given"),
    )

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), primary_key=True
    )
    max_open_loans: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class Toy(Base):
    """A catalogue entry; the physical copies are items."""

    __tablename__ = "toys"
    __table_args__ = (
        CheckConstraint("min_age_months >= 0", name="min_age_positive"),
        CheckConstraint("max_age_months >= min_age_months", name="age_ordered"),
        CheckConstraint("min_players >= 1 AND max_players >= min_players", name="players_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The catalogue reference (e.g. "T0042"): what a CSV re-import matches on.
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(String(40))
    min_age_months: Mapped[int] = mapped_column(default=0)
    max_age_months: Mapped[int] = mapped_column(default=96)
    # Development areas and tags as comma-separated codes/words: few, short, read together.
    areas: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[str] = mapped_column(String(200), default="")
    min_players: Mapped[int] = mapped_column(default=1)
    max_players: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parts: Mapped[list[Part]] = relationship(
        back_populates="toy", cascade="all, delete-orphan", order_by="Part.id"
    )
    items: Mapped[list[Item]] = relationship(back_populates="toy", order_by="Item.label")

    @property
    def area_list(self) -> list[str]:
        """The development area codes."""
        return [a for a in self.areas.split(",") if a]

    @property
    def tag_list(self) -> list[str]:
        """The tags."""
        return [t for t in self.tags.split(",") if t]


class Part(Base):
    """One line of a toy's parts list: what and how many."""

    __tablename__ = "toy_parts"
    __table_args__ = (
        UniqueConstraint("toy_id", "description"),
        CheckConstraint("expected_count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    toy_id: Mapped[int] = mapped_column(ForeignKey("toys.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(120))
    expected_count: Mapped[int] = mapped_column(default=1)

    toy: Mapped[Toy] = relationship(back_populates="parts")


class Item(Base):
    """A physical copy of a toy with its own label."""

    __tablename__ = "items"
    __table_args__ = (CheckConstraint(_in("state", ITEM_STATES), name="state_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    toy_id: Mapped[int] = mapped_column(ForeignKey("toys.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="available", index=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    # For an incomplete item staff chose to keep lending: the note the desk shows.
    lendable_note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    toy: Mapped[Toy] = relationship(back_populates="items")


class Loan(Base):
    """An item lent to a family; open while returned_at is empty."""

    __tablename__ = "loans"
    __table_args__ = (
        # Two desks scanning the same toy can never both lend it.
        Index(
            "uq_loans_one_open_per_item",
            "item_id",
            unique=True,
            sqlite_where=text("returned_at IS NULL"),
            postgresql_where=text("returned_at IS NULL"),
        ),
        # Reach statistics read loans by period (covering: no table reads), and a family's first
        # loan by family.
        Index("ix_loans_lent_at_family_id", "lent_at", "family_id"),
        Index("ix_loans_family_id_lent_at", "family_id", "lent_at"),
        CheckConstraint("renewals >= 0", name="renewals_positive"),
        CheckConstraint(
            "returned_at IS NOT NULL OR family_id IS NOT NULL", name="open_loan_has_family"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    # Emptied 12 months after the return, or when the family is erased: the count stays.
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="SET NULL"))
    lent_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date] = mapped_column(index=True)
    returned_at: Mapped[datetime | None]
    renewals: Mapped[int] = mapped_column(default=0)
    lent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    returned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    item: Mapped[Item] = relationship()
    family: Mapped[Family | None] = relationship()
    missing: Mapped[list[MissingPart]] = relationship(
        back_populates="loan", cascade="all, delete-orphan", order_by="MissingPart.id"
    )


class MissingPart(Base):
    """Pieces that did not come back with a loan; found_at is set when they turn up."""

    __tablename__ = "missing_parts"
    __table_args__ = (
        UniqueConstraint("loan_id", "part_id"),
        CheckConstraint("count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("toy_parts.id", ondelete="CASCADE"))
    count: Mapped[int]
    found_at: Mapped[datetime | None]

    loan: Mapped[Loan] = relationship(back_populates="missing")
    part: Mapped[Part] = relationship()


class Hold(Base):
    """A family waiting for a toy (any copy); a fair first-come queue per toy."""

    __tablename__ = "holds"
    __table_args__ = (
        CheckConstraint(_in("status", HOLD_STATES), name="status_known"),
        # One active hold per family per toy, and a copy is kept for one family at a time.
        Index(
            "uq_holds_one_active_per_family_toy",
            "family_id",
            "toy_id",
            unique=True,
            sqlite_where=text("status IN ('waiting', 'ready')"),
            postgresql_where=text("status IN ('waiting', 'ready')"),
        ),
        Index(
            "uq_holds_one_ready_per_item",
            "item_id",
            unique=True,
            sqlite_where=text("status = 'ready'"),
            postgresql_where=text("status = 'ready'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    toy_id: Mapped[int] = mapped_column(ForeignKey("toys.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    status: Mapped[str] = mapped_column(String(12), default="waiting", index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None]
    pickup_by: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(200))

    toy: Mapped[Toy] = relationship()
    family: Mapped[Family] = relationship()
    item: Mapped[Item | None] = relationship()


class DeskAction(Base):
    """What the desk just did, so it can be undone and a repeated scan is not acted on twice."""

    __tablename__ = "desk_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # lend / return
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("loans.id", ondelete="SET NULL"))
    previous_state: Mapped[str] = mapped_column(String(20))
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("holds.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    undone: Mapped[bool] = mapped_column(default=False)


class ReminderSent(Base):
    """A reminder that went out; the unique pair makes sure it never goes out twice."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
