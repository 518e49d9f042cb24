"""Invitation channels and their anonymous counts (scans per day, new families per month)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.channels.rules import KINDS, MEASURES
from spelotheek.db import Base, utcnow
from spelotheek.locations.models import Location


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Channel(Base):
    """Where invitation cards are handed out: a midwife practice, a school, the library …"""

    __tablename__ = "channels"
    __table_args__ = (CheckConstraint(f"kind IN ({_quoted(KINDS)})", name="kind_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The random code on the cards' QR code: no name in it, no number that counts.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))  # staff's name for it, never on a card
    # The place whose first-visit page the cards open (none: the plain page).
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]  # its cards open the plain page from then on

    location: Mapped[Location | None] = relationship()

    @property
    def active(self) -> bool:
        """True until the channel is revoked."""
        return self.revoked_at is None


class ChannelCount(Base):
    """How often something happened through a channel in a period: no visitor, no family."""

    __tablename__ = "channel_counts"
    __table_args__ = (
        CheckConstraint(f"measure IN ({_quoted(MEASURES)})", name="measure_known"),
        CheckConstraint("count >= 0", name="count_not_negative"),
    )

    channel_id: Mapped[int] = mapped_column(
        ForeignKey("channels.id", ondelete="CASCADE"), primary_key=True
    )
    measure: Mapped[str] = mapped_column(String(10), primary_key=True)
    # A day for scans, the first day of the month for new families (rules.period_of).
    period: Mapped[date] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
