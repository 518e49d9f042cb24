"""Families, their children (birth month only) and the one family card."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow


class Family(Base):
    """A household that borrows and meets; it needs only a display name it chooses."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(60))
    language: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(254))
    # E.164 when it could be read (see phones.normalise_phone): a lost-card text finds it.
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    reminder_consent: Mapped[bool] = mapped_column(default=False)
    postcode: Mapped[str | None] = mapped_column(String(10))
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    # The public-library card is stored as a hash: scanning finds the family, a dump shows nothing.
    library_card_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    library_card_hint: Mapped[str | None] = mapped_column(String(4))
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Set when the family was asked, after a long absence, whether it wants to keep its card.
    inactivity_notice_at: Mapped[datetime | None]
    inactivity_mailed_at: Mapped[datetime | None]

    children: Mapped[list[Child]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Child.birth_year"
    )
    cards: Mapped[list[Card]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="Card.issued_at"
    )

    @property
    def active_card(self) -> Card | None:
        """The card that works now, if any."""
        return next((c for c in self.cards if c.status == "active"), None)

    def __repr__(self) -> str:
        return f"<Family {self.id}>"


class Child(Base):
    """A child, known only by birth year and month."""

    __tablename__ = "children"
    __table_args__ = (
        CheckConstraint("birth_month BETWEEN 1 AND 12", name="month_valid"),
        CheckConstraint("birth_year BETWEEN 1990 AND 2200", name="year_plausible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    birth_year: Mapped[int]
    birth_month: Mapped[int]

    family: Mapped[Family] = relationship(back_populates="children")


class Card(Base):
    """A family card; the token itself is never stored, only its hash and last characters."""

    __tablename__ = "cards"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'revoked')", name="status_known"),
        # One working card per family, however many desks reissue at once.
        Index(
            "uq_cards_one_active_per_family",
            "family_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(10), default="active")
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    family: Mapped[Family] = relationship(back_populates="cards")

    def revoke(self, at: datetime) -> None:
        """Stop this card from working."""
        self.status = "revoked"
        self.revoked_at = at


class FamilyDevice(Base):
    """A phone that stays logged in; its cookie holds a random id, only the id's hash is here."""

    __tablename__ = "family_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LoginLink(Base):
    """A one-time login link sent by text for a lost card; only the token's hash is kept."""

    __tablename__ = "login_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
