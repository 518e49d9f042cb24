"""Places where the toy library and the meetings are: address, access, opening hours."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from spelotheek.db import Base, utcnow


class Location(Base):
    """A building families come to."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(80))
    accessibility: Mapped[str] = mapped_column(Text, default="")
    # {language: text}: translations of the field it is named after (spelotheek/content.py).
    accessibility_texts: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The entrance photo's name (spelotheek/places/entrance.py): pages read it here, so none
    # of them lists the photo storage.
    entrance_photo: Mapped[str | None] = mapped_column(String(32))

    hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="location",
        cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.opens)",
    )
    closures: Mapped[list[Closure]] = relationship(
        back_populates="location", cascade="all, delete-orphan", order_by="Closure.first_day"
    )

    @property
    def map_url(self) -> str:
        """A link to the address on OpenStreetMap (opened by the visitor, never embedded)."""
        return map_url(self.address, self.postcode, self.city)


def map_url(address: str, postcode: str, city: str) -> str:
    """A link to an address on OpenStreetMap (opened by the visitor, never embedded)."""
    from urllib.parse import quote_plus

    query = quote_plus(f"{address}, {postcode} {city}")
    return f"https://www.openstreetmap.org/search?query={query}"


class OpeningHours(Base):
    """One opening session in the weekly pattern (weekday 0 is Monday), local time."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]
    opens: Mapped[time]
    closes: Mapped[time]

    location: Mapped[Location] = relationship(back_populates="hours")


class Closure(Base):
    """Days a location is closed (holidays), first and last day included."""

    __tablename__ = "closures"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(
        ForeignKey("locations.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(120), default="")

    location: Mapped[Location] = relationship(back_populates="closures")
