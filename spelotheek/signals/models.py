"""Signals: what blocks families, grouped from anonymous barriers, with an action plan, a
dated status history and the network meetings that follow them up.

A signal holds no personal data: a title, a count of barriers and the day it was first seen.
The public outcome is translated like other content (`outcome` in Dutch, `outcome_texts`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow
from spelotheek.network.models import LifeDomain, Organization
from spelotheek.signals import rules


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Signal(Base):
    """A barrier many families run into (a deposit at childcare …), for the network meeting."""

    __tablename__ = "signals"
    __table_args__ = (
        CheckConstraint(_in("status", rules.STATUSES), name="status_known"),
        CheckConstraint(_in("level", rules.LEVELS), name="level_known"),
        CheckConstraint("level = 'local' OR authority <> ''", name="authority_named"),
        CheckConstraint("barrier_count >= 1", name="count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(rules.TITLE_MAX))
    title_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # What came of it, in plain words, for the public "You asked — we did" page.
    outcome: Mapped[str] = mapped_column(Text, default="")
    outcome_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    domain_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_domains.id", ondelete="SET NULL"), index=True
    )
    # The partner who follows it up (it sees the signal and keeps its action plan).
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_organizations.id", ondelete="SET NULL"), index=True
    )
    level: Mapped[str] = mapped_column(String(12), default="local")
    authority: Mapped[str] = mapped_column(String(rules.AUTHORITY_MAX), default="")
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    # Barriers grouped into it plus every "+1"; kept as a count because most are never recorded.
    barrier_count: Mapped[int] = mapped_column(default=1)
    first_seen_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    domain: Mapped[LifeDomain | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    steps: Mapped[list[SignalStep]] = relationship(
        back_populates="signal",
        cascade="all, delete-orphan",
        order_by="(SignalStep.done_on.is_not(None), SignalStep.due_on, SignalStep.id)",
    )
    history: Mapped[list[SignalHistory]] = relationship(
        back_populates="signal",
        cascade="all, delete-orphan",
        order_by="(SignalHistory.at.desc(), SignalHistory.id.desc())",
    )

    @property
    def is_open(self) -> bool:
        """True until it is solved."""
        return self.status in rules.OPEN_STATUSES

    def __repr__(self) -> str:
        return f"<Signal {self.id} {self.status}>"


class SignalStep(Base):
    """One step of the action plan: what, who does it, by when, and when it was done."""

    __tablename__ = "signal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    what: Mapped[str] = mapped_column(String(rules.STEP_MAX))
    owner: Mapped[str] = mapped_column(String(rules.OWNER_MAX), default="")  # a partner, a role
    due_on: Mapped[date | None]
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    signal: Mapped[Signal] = relationship(back_populates="steps")


class NetworkMeeting(Base):
    """A meeting of the local network, where the signals bundle is a fixed agenda item."""

    __tablename__ = "network_meetings"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)  # the calendar event's UID
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(rules.PLACE_MAX), default="")
    minutes: Mapped[str] = mapped_column(Text, default="")  # what was said beyond the signals
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignalHistory(Base):
    """A dated entry of a signal's history: the status then and what changed."""

    __tablename__ = "signal_history"
    __table_args__ = (CheckConstraint(_in("status", rules.STATUSES), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12))
    what_changed: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_meetings.id", ondelete="SET NULL"), index=True
    )

    signal: Mapped[Signal] = relationship(back_populates="history")
    meeting: Mapped[NetworkMeeting | None] = relationship()
