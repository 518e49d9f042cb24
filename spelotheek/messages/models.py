"""Outgoing short messages and the channels each family opted in to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from spelotheek.db import Base, utcnow
from spelotheek.messages.rules import CHANNELS, PURPOSES, STATES, TEXT_CHANNELS


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class MessageConsent(Base):
    """A family said yes to short messages on one channel; STOP or a click removes the row."""

    __tablename__ = "message_consents"
    __table_args__ = (
        CheckConstraint(f"channel IN ({_quoted(TEXT_CHANNELS)})", name="channel_known"),
    )

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), primary_key=True
    )
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    given_at: Mapped[datetime] = mapped_column(default=utcnow)


class MessagePreference(Base):
    """The language a family wants its short messages in, when not the language of the site."""

    __tablename__ = "message_preferences"

    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Message(Base):
    """One message to one family; the number is read from the family when it is sent."""

    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(f"channel IN ({_quoted(CHANNELS)})", name="channel_known"),
        CheckConstraint(f"purpose IN ({_quoted(PURPOSES)})", name="purpose_known"),
        CheckConstraint(f"status IN ({_quoted(STATES)})", name="status_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        # The outbox: what waits to be sent, oldest first.
        Index("ix_messages_status_send_after", "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int | None] = mapped_column(
        ForeignKey("families.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    # The text until it is sent; emptied afterwards (a login link must not lie in the database).
    body: Mapped[str] = mapped_column(Text, default="")
    # The same key twice is the same message: a retried job or a second run never sends twice.
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    send_after: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    provider_ref: Mapped[str | None] = mapped_column(String(80), unique=True)
    last_error: Mapped[str] = mapped_column(String(120), default="")  # never personal data
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
