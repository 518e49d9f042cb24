"""Buddies (a first name and languages, nothing else), newcomers' requests for one, and the
check-in's anonymous counts per date, question and answer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from spelotheek.db import Base, utcnow


class Buddy(Base):
    """A family that comes often and offers to welcome newcomers."""

    __tablename__ = "welcome_buddies"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), unique=True
    )
    first_name: Mapped[str] = mapped_column(String(30))
    languages: Mapped[str] = mapped_column(String(120))  # language codes, space separated
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BuddyRequest(Base):
    """A newcomer asks for a buddy who speaks a language at one meeting date."""

    __tablename__ = "welcome_buddy_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(
        ForeignKey("meetup_series.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(index=True)  # the date's planned day (its address)
    language: Mapped[str] = mapped_column(String(12))
    first_name: Mapped[str] = mapped_column(String(30), default="")
    # Matched by staff; the buddy leaving undoes the match, not the request.
    buddy_id: Mapped[int | None] = mapped_column(
        ForeignKey("welcome_buddies.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckinCount(Base):
    """How many taps one answer got at one date: a counter, no time finer than the date."""

    __tablename__ = "welcome_checkin_counts"
    __table_args__ = (
        UniqueConstraint("series_id", "day", "question", "answer"),
        CheckConstraint("question IN ('welcome', 'follow', 'again')", name="question_known"),
        CheckConstraint("answer IN ('yes', 'bit', 'no')", name="answer_known"),
        CheckConstraint("taps >= 0", name="taps_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("meetup_series.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(index=True)
    question: Mapped[str] = mapped_column(String(10))
    answer: Mapped[str] = mapped_column(String(5))
    taps: Mapped[int] = mapped_column(default=0)
