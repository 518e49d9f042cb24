"""Perinatal groups: cohorts, their facilitators, session plans, enrolments and attendance.

Session start times are stored as UTC instants (`GroupSession.starts_at`); they are planned
and shown in Europe/Brussels, so a session stays at 10:00 local time across daylight saving.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.auth.models import User
from spelotheek.db import Base, utcnow
from spelotheek.families.models import Family
from spelotheek.locations.models import Location

STATUSES = ("planned", "running", "finished")
ATTENDANCE = ("present", "absent", "excused")

group_facilitators = Table(
    "group_facilitators",
    Base.metadata,
    Column("group_id", ForeignKey("perinatal_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class SessionTemplate(Base):
    """A reusable session plan (e.g. the 10-session rhythm), editable by the coordinator."""

    __tablename__ = "group_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    steps: Mapped[list[TemplateStep]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateStep.position"
    )


class TemplateStep(Base):
    """One session of a template: weeks after the first session and a default theme."""

    __tablename__ = "group_template_steps"
    __table_args__ = (
        CheckConstraint("offset_weeks BETWEEN 0 AND 104", name="offset_range"),
        CheckConstraint("position >= 1", name="position_positive"),
        Index("uq_group_template_steps_position", "template_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("group_templates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    offset_weeks: Mapped[int]
    theme: Mapped[str] = mapped_column(String(200), default="")
    # {language: text}: translations of the field it is named after (spelotheek/content.py).
    theme_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)

    template: Mapped[SessionTemplate] = relationship(back_populates="steps")


class Group(Base):
    """A cohort of expectant parents with similar due months."""

    __tablename__ = "perinatal_groups"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'running', 'finished')", name="status_known"),
        CheckConstraint("capacity BETWEEN 1 AND 99", name="capacity_range"),
        CheckConstraint("due_from <= due_to", name="due_window_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    # The due-date window as months: the first day of the first and of the last month.
    due_from: Mapped[date]
    due_to: Mapped[date]
    capacity: Mapped[int] = mapped_column(default=12)
    languages: Mapped[str] = mapped_column(String(40), default="nl")
    status: Mapped[str] = mapped_column(String(10), default="planned")
    rolling_entry: Mapped[bool] = mapped_column(default=False)
    finished_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    location: Mapped[Location] = relationship()
    facilitators: Mapped[list[User]] = relationship(
        secondary=group_facilitators, order_by="User.name"
    )
    sessions: Mapped[list[GroupSession]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="GroupSession.position"
    )
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Enrolment.id"
    )

    @property
    def language_codes(self) -> list[str]:
        """The languages spoken in the group, as codes."""
        return [code for code in self.languages.split(",") if code]

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.status}>"


class GroupSession(Base):
    """One meeting of a group; notes are about the session, never about someone's health."""

    __tablename__ = "group_sessions"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 15 AND 480", name="duration_range"),
        Index("uq_group_sessions_position", "group_id", "position", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("perinatal_groups.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=120)
    room: Mapped[str] = mapped_column(String(80), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    # {language: text}: translations of the field it is named after (spelotheek/content.py).
    theme_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[Group] = relationship(back_populates="sessions")
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class Enrolment(Base):
    """An expectant parent in a group, with the consent that allows it.

    A parent without a family card is enrolled with a first name and a phone number only (a
    self sign-up or a midwife's referral); the card can be linked later. Withdrawal or the end
    of retention unlinks the family and forgets the name and number: the row stays only as an
    anonymous count.
    """

    __tablename__ = "group_enrolments"
    __table_args__ = (
        CheckConstraint("due_month BETWEEN 1 AND 12", name="due_month_valid"),
        CheckConstraint("due_year BETWEEN 2000 AND 2200", name="due_year_plausible"),
        CheckConstraint("(due_year IS NULL) = (due_month IS NULL)", name="due_both_or_neither"),
        # Someone must be reachable: a family card, or a first name and a phone (until unlinked).
        CheckConstraint(
            "family_id IS NOT NULL OR unlinked_at IS NOT NULL "
            "OR (first_name IS NOT NULL AND phone IS NOT NULL)",
            name="family_or_contact",
        ),
        # A family is in a group at most once while its consent stands.
        Index(
            "uq_group_enrolments_active",
            "group_id",
            "family_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
            postgresql_where=text("withdrawn_at IS NULL AND family_id IS NOT NULL"),
        ),
        # The same phone number signs up for a group once.
        Index(
            "uq_group_enrolments_phone",
            "group_id",
            "phone",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL AND phone IS NOT NULL"),
            postgresql_where=text("withdrawn_at IS NULL AND phone IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("perinatal_groups.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    # Without a card: only a first name and a phone (E.164), and the language to call in.
    first_name: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str | None] = mapped_column(String(8))
    due_year: Mapped[int | None]
    due_month: Mapped[int | None]
    with_partner: Mapped[bool] = mapped_column(default=False)
    share_name: Mapped[bool] = mapped_column(default=False)
    consent_purpose: Mapped[str] = mapped_column(String(200))
    consent_at: Mapped[datetime]
    consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # When the parent agreed to be contacted after missing a session (None: not agreed).
    contact_ok_at: Mapped[datetime | None]
    first_position: Mapped[int] = mapped_column(default=1)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    unlinked_at: Mapped[datetime | None]
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    group: Mapped[Group] = relationship(back_populates="enrolments")
    family: Mapped[Family | None] = relationship()
    consent_by: Mapped[User | None] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan"
    )

    @property
    def active(self) -> bool:
        """True while someone is linked (a family or a first name) and consent stands."""
        linked = self.family_id is not None or self.family is not None or self.first_name
        return self.withdrawn_at is None and bool(linked)

    @property
    def display_name(self) -> str:
        """The name on the family card, or the first name given without a card."""
        if self.family is not None:
            return self.family.display_name
        return self.first_name or ""

    def forget_contact(self) -> None:
        """Drop the first name, phone and language (withdrawal, retention, a linked card)."""
        self.first_name = None
        self.phone = None
        self.language = None


class Attendance(Base):
    """Whether a participant came to a session (and whether a partner came along)."""

    __tablename__ = "group_attendance"
    __table_args__ = (
        CheckConstraint("status IN ('present', 'absent', 'excused')", name="status_known"),
        Index("uq_group_attendance_once", "session_id", "enrolment_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("group_sessions.id", ondelete="CASCADE"), index=True
    )
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("group_enrolments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10))
    partner_present: Mapped[bool] = mapped_column(default=False)

    session: Mapped[GroupSession] = relationship(back_populates="attendance")
    enrolment: Mapped[Enrolment] = relationship(back_populates="attendance")


class JoinRequest(Base):
    """Someone on the public page asked to be called about a group (phone, with consent)."""

    __tablename__ = "group_join_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
