"""Parent-led topics: proposals, supports ("I want to talk about this too") and signals.

A proposal keeps the parent's own words (`text`, any language) and/or one pictogram `theme`;
staff may add a Dutch `summary` next to it. Nothing is public before staff accept it.
Supports are counted, never listed: one per family, or, anonymously, one per browser (a
hashed random cookie) and one per internet address (a keyed hash, never the address) and
topic, enforced by unique constraints. A topic can feed a signal of the network's signals
bundle (spelotheek/signals).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow
from spelotheek.groups.models import Group, GroupSession
from spelotheek.meetups.models import MeetupOccurrence, MeetupSeries
from spelotheek.signals.models import Signal
from spelotheek.topics.rules import (
    AUDIENCES,
    NOTE_MAX,
    STATUSES,
    TEXT_MAX,
    THEME_TEXT_MAX,
    THEMES,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Topic(Base):
    """A proposal of what to talk about, and what came of it."""

    __tablename__ = "topics"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status_known"),
        CheckConstraint(_in("audience", AUDIENCES), name="audience_known"),
        CheckConstraint(f"theme IS NULL OR {_in('theme', THEMES)}", name="theme_known"),
        CheckConstraint("text <> '' OR theme IS NOT NULL", name="text_or_theme"),
        CheckConstraint("series_id IS NULL OR audience = 'series'", name="series_audience"),
        CheckConstraint("group_id IS NULL OR audience = 'group'", name="group_audience"),
        CheckConstraint(
            "(status = 'merged' AND merged_into_id IS NOT NULL) "
            "OR (status <> 'merged' AND merged_into_id IS NULL)",
            name="merged_has_target",
        ),
        CheckConstraint(
            "occurrence_id IS NULL OR group_session_id IS NULL", name="planned_in_one_place"
        ),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(TEXT_MAX), default="")  # the proposer's own words
    language: Mapped[str | None] = mapped_column(String(8))  # the page's language when proposed
    theme: Mapped[str | None] = mapped_column(String(12))
    summary: Mapped[str] = mapped_column(String(TEXT_MAX), default="")  # staff's Dutch summary
    audience: Mapped[str] = mapped_column(String(8), default="open")
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetup_series.id", ondelete="SET NULL"), index=True
    )
    # A group topic goes with its group (health-adjacent data follows the group's retention).
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("perinatal_groups.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="new", index=True)
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    # A duplicate lives only as a pointer to the topic that was kept: it goes with it.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), index=True
    )
    proposer_family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    # Staff who typed it in on a parent's behalf (at the desk or a meeting).
    on_behalf_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    receipt_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    occurrence_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetup_occurrences.id", ondelete="SET NULL"), index=True
    )
    group_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_sessions.id", ondelete="SET NULL"), index=True
    )
    planned_theme: Mapped[str] = mapped_column(
        String(THEME_TEXT_MAX), default=""
    )  # what the date shows
    note_talked: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    note_found: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    note_next: Mapped[str] = mapped_column(String(NOTE_MAX), default="")
    signal_id: Mapped[int | None] = mapped_column(
        ForeignKey("signals.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    discussed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    signal: Mapped[Signal | None] = relationship()
    merged_into: Mapped[Topic | None] = relationship(remote_side=[id])
    occurrence: Mapped[MeetupOccurrence | None] = relationship()
    group_session: Mapped[GroupSession | None] = relationship()
    series: Mapped[MeetupSeries | None] = relationship()
    group: Mapped[Group | None] = relationship()

    @property
    def planned_day(self) -> date | None:
        """The local day it is (or was) talked about, when planned."""
        if self.occurrence is not None:
            return self.occurrence.day or self.occurrence.original_day
        if self.group_session is not None:
            return self.group_session.starts_at.astimezone(BRUSSELS).date()
        return None

    @property
    def has_note(self) -> bool:
        """True when staff wrote what came of it."""
        return bool(self.note_talked or self.note_found or self.note_next)

    def __repr__(self) -> str:
        return f"<Topic {self.id} {self.status}>"


class Support(Base):
    """ "I want to talk about this too": one per family, or one per browser when anonymous."""

    __tablename__ = "topic_supports"
    __table_args__ = (
        UniqueConstraint("topic_id", "family_id", name="uq_topic_supports_family"),
        UniqueConstraint("topic_id", "browser_hash", name="uq_topic_supports_browser"),
        # One anonymous support per address and topic, across every worker (rules.address_hash).
        UniqueConstraint("topic_id", "address_hash", name="uq_topic_supports_address"),
        CheckConstraint("family_id IS NOT NULL OR browser_hash IS NOT NULL", name="someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    browser_hash: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))  # anonymous only; never the IP
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
