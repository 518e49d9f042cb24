"""Reach statistics: the self-declared reach profile and the coordinator's reference figures.

The profile lives in its own table, apart from loans and contact data. It holds no income,
residence status, ethnicity or poverty score, and a withdrawn profile holds no answers at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from spelotheek.db import Base, utcnow


class ReachProfile(Base):
    """A family's optional answers for reach statistics, with the consent that allows them."""

    __tablename__ = "reach_profiles"
    __table_args__ = (
        CheckConstraint(
            "household IS NULL OR household IN ('one_adult', 'more_adults', 'declined')",
            name="household_known",
        ),
        CheckConstraint(
            "usual_carer IS NULL OR usual_carer IN ('mother', 'father', 'other', 'declined')",
            name="carer_known",
        ),
        CheckConstraint("consent_by IN ('family', 'staff')", name="consent_by_known"),
        CheckConstraint(
            "consent_by = 'staff' OR consent_staff_id IS NULL", name="staff_only_for_staff"
        ),
        # Withdrawing consent removes the answers: nothing is kept "just in case".
        CheckConstraint(
            "withdrawn_at IS NULL OR (home_language IS NULL AND other_languages = '' "
            "AND household IS NULL AND usual_carer IS NULL AND neighbourhood IS NULL)",
            name="withdrawn_is_empty",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), unique=True
    )
    home_language: Mapped[str | None] = mapped_column(String(12))
    other_languages: Mapped[str] = mapped_column(String(80), default="")
    household: Mapped[str | None] = mapped_column(String(12))
    usual_carer: Mapped[str | None] = mapped_column(String(12))
    neighbourhood: Mapped[str | None] = mapped_column(String(60))
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_by: Mapped[str] = mapped_column(String(10), default="family")
    consent_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    withdrawn_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def active(self) -> bool:
        """True while consent stands."""
        return self.withdrawn_at is None

    @property
    def answered(self) -> bool:
        """True when at least one question has an answer (or 'rather not say')."""
        return any((self.home_language, self.household, self.usual_carer, self.neighbourhood))


class ReferenceFigure(Base):
    """A share for the area served (e.g. single-parent households), with its source and year.

    `dimension`/`category` link it to one of our breakdowns for a reach index; dimension
    'none' is context only (for example children in *kansarm* families: we do not ask that).
    """

    __tablename__ = "reach_reference_figures"
    __table_args__ = (
        CheckConstraint("share_percent >= 0 AND share_percent <= 100", name="share_range"),
        CheckConstraint("year BETWEEN 1990 AND 2200", name="year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(120))
    dimension: Mapped[str] = mapped_column(String(30), default="none")
    category: Mapped[str] = mapped_column(String(60), default="")
    share_percent: Mapped[float]
    source: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReachSnapshot(Base):
    """The raw counts of one reach computation (period, service, breakdown), kept a short while.

    Counting a network's year of contacts takes seconds; a snapshot lets the dashboard, the
    printable page and the CSV show the same figures without counting again. It holds counts
    per category only (no family ids), is replaced when older than REACH_SNAPSHOT_SECONDS, and
    every snapshot is deleted when a family's answers, consent or existence change.
    """

    __tablename__ = "reach_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    counts: Mapped[str] = mapped_column(Text)
