"""Open meeting moments: a series (its recurrence), the dates that differ, closed periods,
anonymous head counts, card scans (with the family's consent for reach) and "I'll probably come".

Dates are not stored one by one: the series' RRULE gives them. A `MeetupOccurrence` row exists
only for a date that carries something (a change, a cancellation, a theme, counts, interest),
keyed by the date the rule gave it (`original_day`, the RECURRENCE-ID of the calendar feed).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow
from spelotheek.locations.models import Location

COUNTERS = ("adults", "children", "first_visits", "mothers", "fathers", "other_caregivers")


class MeetupSeries(Base):
    """A recurring open meeting at one location, in Europe/Brussels local time."""

    __tablename__ = "meetup_series"
    __table_args__ = (
        CheckConstraint("capacity BETWEEN 1 AND 200", name="capacity_sensible"),
        CheckConstraint("min_age >= 0 AND min_age <= max_age AND max_age <= 18", name="ages"),
        CheckConstraint("starts < ends", name="starts_before_ends"),
        CheckConstraint("last_day IS NULL OR first_day <= last_day", name="days_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # the calendar UID, never changes
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="RESTRICT"), index=True
    )
    rrule: Mapped[str] = mapped_column(String(120))  # e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=SA
    first_day: Mapped[date]
    last_day: Mapped[date | None]
    starts: Mapped[time]
    ends: Mapped[time]
    capacity: Mapped[int] = mapped_column(default=12)
    min_age: Mapped[int] = mapped_column(default=0)
    max_age: Mapped[int] = mapped_column(default=5)
    languages: Mapped[str] = mapped_column(String(120), default="")
    audience: Mapped[str] = mapped_column(String(200), default="")
    what_to_expect: Mapped[str] = mapped_column(Text, default="")
    what_to_bring: Mapped[str] = mapped_column(Text, default="")
    hosts: Mapped[str] = mapped_column(String(200), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    # {language: text}: translations of the field it is named after (spelotheek/content.py).
    title_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    description_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    audience_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    what_to_expect_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    what_to_bring_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    accessibility_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    paused_from: Mapped[date | None]
    sequence: Mapped[int] = mapped_column(default=0)  # grows with every change (iCal SEQUENCE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    location: Mapped[Location] = relationship()
    occurrences: Mapped[list[MeetupOccurrence]] = relationship(
        back_populates="series",
        cascade="all, delete-orphan",
        order_by="MeetupOccurrence.original_day",
    )

    def __repr__(self) -> str:
        return f"<MeetupSeries {self.id}>"


class MeetupOccurrence(Base):
    """One date of a series that carries something: a change, a theme, counts or interest."""

    __tablename__ = "meetup_occurrences"
    __table_args__ = (
        UniqueConstraint("series_id", "original_day"),
        CheckConstraint("status IN ('scheduled', 'cancelled')", name="status_known"),
        CheckConstraint(
            "adults >= 0 AND children >= 0 AND first_visits >= 0 AND mothers >= 0 "
            "AND fathers >= 0 AND other_caregivers >= 0",
            name="counts_not_negative",
        ),
        CheckConstraint("mothers + fathers + other_caregivers <= adults", name="who_within_adults"),
        CheckConstraint("first_visits <= adults", name="first_visits_within_adults"),
        CheckConstraint("starts IS NULL OR ends IS NULL OR starts < ends", name="times_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meetup_series.id", ondelete="CASCADE"))
    # Indexed on its own too: a period's dates across every series are read by day (issue 10).
    original_day: Mapped[date] = mapped_column(index=True)
    day: Mapped[date | None]  # moved to this day
    starts: Mapped[time | None]  # changed times for this date only
    ends: Mapped[time | None]
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    theme: Mapped[str | None] = mapped_column(String(200))  # the topics feature fills it too
    theme_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)  # see spelotheek/content.py
    adults: Mapped[int] = mapped_column(default=0)
    children: Mapped[int] = mapped_column(default=0)
    first_visits: Mapped[int] = mapped_column(default=0)
    mothers: Mapped[int] = mapped_column(default=0)
    fathers: Mapped[int] = mapped_column(default=0)
    other_caregivers: Mapped[int] = mapped_column(default=0)
    counted_at: Mapped[datetime | None]
    sequence: Mapped[int] = mapped_column(default=0)
    # Indexed: the calendar feeds' fingerprint reads the newest change (timetable.feed_version).
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    series: Mapped[MeetupSeries] = relationship(back_populates="occurrences")

    @property
    def has_counts(self) -> bool:
        """True when anybody was counted on this date."""
        return any(getattr(self, name) for name in COUNTERS)


class MeetupClosure(Base):
    """A period without meetings (school holidays) at one location, or everywhere when none."""

    __tablename__ = "meetup_closures"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    location: Mapped[Location | None] = relationship()


class MeetupCardScan(Base):
    """A family card scanned at a meeting; only scans with `reach_consent` count for reach."""

    __tablename__ = "meetup_card_scans"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "family_id"),
        # Reach statistics read scans by period, and a family's first scan by family.
        Index("ix_meetup_card_scans_scanned_at_family_id", "scanned_at", "family_id"),
        Index("ix_meetup_card_scans_family_id_scanned_at", "family_id", "scanned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("meetup_occurrences.id", ondelete="CASCADE")
    )
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    reach_consent: Mapped[bool] = mapped_column(default=False)
    scanned_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetupInterest(Base):
    """ "I'll probably come", per browser (a hashed random cookie), never per name.

    A logged-in family is linked so that it can get a reminder when it agreed to reminders.
    """

    __tablename__ = "meetup_interests"
    __table_args__ = (UniqueConstraint("occurrence_id", "browser_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("meetup_occurrences.id", ondelete="CASCADE")
    )
    browser_hash: Mapped[str] = mapped_column(String(64))
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None]  # the day-before reminder went out (never twice)
    cancel_notice_at: Mapped[datetime | None]  # the "this date is cancelled" message went out
